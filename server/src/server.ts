// Language server wiring: capabilities, the document manager and one line per handler.
// Takes any connection, so tests can run it in-process over streams (main.ts uses stdio or node-ipc).
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyses } from './documents';
import { errorWithStack } from '../../analysis/src';
import { codeActions } from './features/code-actions';
import { codeLenses } from './features/code-lens';
import { COMPLETION_TRIGGERS, completions } from './features/completion';
import type { FeatureContext } from './features/context';
import { hover } from './features/hover';
import { definition, documentLinks } from './features/navigation';
import { documentDiagnostics } from './pull-diagnostics';
import { PushDiagnostics } from './push-diagnostics';
import { SETTINGS_SECTION, SettingsCache } from './settings';
import { fileSystemPath, WorkspaceFolders } from './workspace-folders';

export interface SageMakerServer {
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: DocumentAnalyses;
  /** How the client gets diagnostics, decided by its capabilities at `initialize`. */
  diagnosticsDelivery(): 'pull' | 'push';
}

export function createServer(connection: Connection): SageMakerServer {
  const logError = (message: string) => connection.console.error(message);
  const logWarning = (message: string) => connection.console.warn(message);
  let client: ClientCapabilities = {};
  let settings = new SettingsCache(undefined, logWarning);
  let folders = new WorkspaceFolders(undefined);
  let ruleDocsBase: string | undefined;
  // Set at initialize for clients that cannot pull (no `textDocument.diagnostic` capability).
  let push: PushDiagnostics | undefined;
  const documents = new TextDocuments(TextDocument);
  const analyses = new DocumentAnalyses({
    settingsFor: (uri) => settings.get(uri),
    workspaceFolderOf: (fsPath) => folders.folderOf(fsPath),
    log: logError,
    ruleDocsBase: () => ruleDocsBase,
  });

  /** Runs a notification handler so that an exception is logged instead of ending the server. */
  const guarded =
    <P>(name: string, handler: (params: P) => void) =>
    (params: P) => {
      try {
        handler(params);
      } catch (error) {
        logError(`${name} failed: ${errorWithStack(error)}`);
      }
    };

  /** The analyses changed outside the documents' text (settings, files): pull clients pull again, push clients get them. */
  const refreshDiagnostics = () => {
    push?.republishAll();
    if (!client.workspace?.diagnostics?.refreshSupport) return;
    connection.languages.diagnostics.refresh().catch((error: unknown) => logError(`diagnostics refresh failed: ${errorWithStack(error)}`));
  };

  // A client's messages are read as they may arrive: fields the protocol requires can be missing.
  connection.onInitialize((params: Partial<InitializeParams>): InitializeResult => {
    client = params.capabilities ?? {};
    const docs: unknown = (params.initializationOptions as { ruleDocsBase?: unknown } | undefined)?.ruleDocsBase;
    ruleDocsBase = typeof docs === 'string' && docs !== '' ? docs : undefined;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the folder of a client that sends no workspaceFolders
    folders = new WorkspaceFolders(params.workspaceFolders, params.rootUri);
    const fetch = client.workspace?.configuration
      ? (uri: string) => connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      : undefined;
    settings = new SettingsCache(fetch, logWarning);
    const pull = client.textDocument?.diagnostic !== undefined;
    push?.dispose();
    push = pull
      ? undefined
      : new PushDiagnostics({ documents, analyses, send: (diagnostics) => connection.sendDiagnostics(diagnostics), log: logError });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // Findings depend on files in the build context, not only on the Dockerfile's text.
        ...(pull && { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } }),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'sagemaker-entrypoint' },
    };
  });

  connection.onInitialized(
    guarded('initialized', () => {
      const workspace = client.workspace;
      if (workspace?.didChangeConfiguration?.dynamicRegistration) {
        void connection.client
          .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
          .catch((error: unknown) => logError(`could not watch the settings: ${errorWithStack(error)}`));
      }
      if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
          .catch((error: unknown) => logError(`could not watch files: ${errorWithStack(error)}`));
      }
      if (workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guarded('workspace folder change', (event) => {
            folders.update(event);
            analyses.invalidateAll();
            refreshDiagnostics();
          }),
        );
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guarded('configuration change', (params: DidChangeConfigurationParams | undefined) => {
      settings.clear(params?.settings);
      analyses.invalidateAll();
      refreshDiagnostics();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guarded('file change', (params: DidChangeWatchedFilesParams) => {
      const paths = params.changes.flatMap((change) => fileSystemPath(change.uri) ?? []);
      if (analyses.invalidatePaths(paths)) refreshDiagnostics();
    }),
  );

  connection.languages.diagnostics.on((params) => documentDiagnostics(params, documents, analyses, logError));

  /** Runs a feature on the document's shared analysis; a failure is logged and answers `fallback`. */
  const feature =
    <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, run: (context: FeatureContext, params: P) => R) =>
    async (params: P): Promise<R> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return fallback;
      try {
        const analyzed = await analyses.get(document);
        return analyzed ? run({ document, analyzed, client }, params) : fallback;
      } catch (error) {
        logError(`${name} failed: ${errorWithStack(error)}`);
        return fallback;
      }
    };
  connection.onCodeAction(feature('code actions', [], codeActions));
  connection.onCompletion(feature('completion', [], completions));
  connection.onHover(feature('hover', null, hover));
  connection.onDefinition(feature('definition', [], definition));
  connection.onDocumentLinks(feature('document links', [], (context) => documentLinks(context)));
  connection.onCodeLens(feature('code lens', [], (context) => codeLenses(context)));

  documents.onDidClose(
    guarded('close', (event) => {
      analyses.forget(event.document.uri);
      settings.forget(event.document.uri);
    }),
  );

  documents.listen(connection);
  connection.listen();
  connection.onExit(() => push?.dispose());
  return { documents, analyses, diagnosticsDelivery: () => (push ? 'push' : 'pull') };
}

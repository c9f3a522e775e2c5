// Runs the language server in-process over two stream pairs and plays a scriptable LSP client against it.
// Everything waits on messages (a response, a registration), never on timers.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before } from 'node:test';
import {
  ConfigurationRequest,
  createConnection,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type Registration,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { createServer, type SageMakerServer } from '../../server/src/server';

/** What VS Code announces for the parts this server uses. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

export interface SessionOptions {
  capabilities?: ClientCapabilities;
  workspaceFolders?: WorkspaceFolder[];
  /** What the client answers to `workspace/configuration` for section `sagemakerEntrypoint`. */
  settings?: unknown;
  initializationOptions?: unknown;
}

export class TestSession {
  readonly server: SageMakerServer;
  readonly client: ProtocolConnection;
  /** Answer to `workspace/configuration`; change it, then call `changeConfiguration()`. */
  settings: unknown;
  readonly configurationScopes: (string | undefined)[] = [];
  readonly registrations: Registration[] = [];
  readonly logs: string[] = [];
  refreshCount = 0;
  private readonly registrationWaiters: { method: string; resolve: (registration: Registration) => void }[] = [];
  private readonly streams: PassThrough[];

  constructor(settings: unknown = {}) {
    this.settings = settings;
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    this.streams = [toServer, toClient];
    // Reader/writer objects rather than raw streams: with raw streams the library exits the process on close.
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    this.server = createServer(serverConnection);
    this.client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.answerServerRequests();
    this.client.listen();
  }

  static async start(options: SessionOptions = {}): Promise<TestSession> {
    const session = new TestSession(options.settings ?? {});
    await session.initialize(options.capabilities ?? FULL_CAPABILITIES, options.workspaceFolders ?? null, options.initializationOptions);
    return session;
  }

  async initialize(
    capabilities: ClientCapabilities,
    workspaceFolders: WorkspaceFolder[] | null,
    initializationOptions?: unknown,
  ): Promise<InitializeResult> {
    // processId null: a number would make the library poll that process with an interval that keeps tests alive.
    const result = await this.client.sendRequest(InitializeRequest.type, {
      processId: null,
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- InitializeParams still requires the field; clients send it beside workspaceFolders
      rootUri: workspaceFolders?.[0]?.uri ?? null,
      capabilities,
      workspaceFolders,
      initializationOptions,
    });
    await this.client.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, version = 1, languageId = 'dockerfile'): Promise<void> {
    await this.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async replaceText(uri: string, text: string, version: number): Promise<void> {
    await this.client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  /** Pulls and insists on a full report. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.pull(uri);
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  /**
   * Runs `action` and tells whether the server asked for a diagnostics refresh because of it. The server
   * handles messages in order and writes its refresh request before the answer to the pull that follows,
   * so that answer is the moment to look: a missing refresh fails the test instead of hanging it.
   */
  async refreshedBy(action: () => Promise<void>): Promise<boolean> {
    const before = this.refreshCount;
    await action();
    await this.pull('untitled:round-trip');
    return this.refreshCount > before;
  }

  /** Resolves with the first registration of `method` (at once if it already happened). */
  registration(method: string): Promise<Registration> {
    const existing = this.registrations.find((registration) => registration.method === method);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => this.registrationWaiters.push({ method, resolve }));
  }

  /** Sends `workspace/didChangeConfiguration` and checks that the server asks for a diagnostics refresh. */
  async changeConfiguration(settings: unknown): Promise<void> {
    this.settings = settings;
    const notify = () => this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    if (!(await this.refreshedBy(notify))) throw new Error('no diagnostics refresh after didChangeConfiguration');
  }

  async filesChanged(paths: string[], type: FileChangeType = FileChangeType.Created): Promise<void> {
    const changes = paths.map((path) => ({ uri: fileUri(path), type }));
    await this.client.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async workspaceFoldersChanged(added: WorkspaceFolder[], removed: WorkspaceFolder[]): Promise<void> {
    await this.client.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added, removed } });
  }

  dispose(): void {
    this.client.dispose();
    for (const stream of this.streams) stream.end();
  }

  private answerServerRequests(): void {
    this.client.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        this.configurationScopes.push(item.scopeUri);
        return item.section === 'sagemakerEntrypoint' ? this.settings : null;
      }),
    );
    this.client.onRequest(RegistrationRequest.type, (params) => {
      for (const registration of params.registrations) {
        this.registrations.push(registration);
        for (const waiter of this.registrationWaiters.filter((w) => w.method === registration.method)) {
          this.registrationWaiters.splice(this.registrationWaiters.indexOf(waiter), 1);
          waiter.resolve(registration);
        }
      }
    });
    this.client.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshCount++;
    });
    this.client.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
  }
}

export function fileUri(path: string): string {
  return URI.file(path).toString();
}

export function folder(path: string): WorkspaceFolder {
  return { uri: fileUri(path), name: path };
}

/**
 * For the tests of one `describe`: a session on a fresh temporary workspace folder, started before them
 * and disposed with the folder after them. Read `session` and `folder` inside the tests.
 */
export function sessionInTemporaryFolder(capabilities: ClientCapabilities): { readonly session: TestSession; readonly folder: string } {
  let workspace: ReturnType<typeof temporaryFolder> | undefined;
  let session: TestSession | undefined;
  before(async () => {
    workspace = temporaryFolder();
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)], capabilities });
  });
  after(() => {
    session?.dispose();
    workspace?.remove();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the session is started by the before hook: read it inside a test');
    return value;
  };
  return {
    get session() {
      return started(session);
    },
    get folder() {
      return started(workspace).path;
    },
  };
}

/** A fresh temporary folder (real path, so it matches what the server computes) and its cleanup. */
export function temporaryFolder(): { path: string; remove: () => void } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'sm-lsp-')));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

// The language client for dist/server.js, over node IPC.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../options/src';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export const DISPLAY_NAME = 'SageMaker Entry Points';

const CONTAINERFILE_PATTERN = '**/{Containerfile,Containerfile.*,*.Containerfile}';

// Untitled buffers are checked too; without a folder the server skips the rules that read the build context.
const documentSelector: DocumentSelector = ['file', 'untitled'].flatMap((scheme) => [
  { scheme, language: 'dockerfile' },
  { scheme, pattern: CONTAINERFILE_PATTERN },
]);

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const server = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: log,
    traceOutputChannel: log,
    // Settings are pulled by the server (workspace/configuration); it registers for their changes itself.
    synchronize: {},
    // Diagnostics link the rule pages shipped in the extension.
    initializationOptions: { ruleDocsBase: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() },
  };
  // The id is also the prefix of the `trace.server` setting that the client reads.
  return new LanguageClient(SETTINGS_SECTION, DISPLAY_NAME, serverOptions, clientOptions);
}

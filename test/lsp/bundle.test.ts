// The bundled server (dist/server.js) starts over node IPC and stdio, answers, and exits cleanly on `exit`.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createProtocolConnection,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver/node';

// Compiled to out/test/lsp/, so the repository root is three levels up.
const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');
// In CI a missing bundle is a failure, never a skip.
const skip = existsSync(SERVER) || process.env.CI ? false : 'dist/server.js is missing: run `npm run build` first';

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function exercise(connection: ProtocolConnection, child: ChildProcess): Promise<void> {
  try {
    await talk(connection, child);
  } finally {
    // A failed assertion must not leave the server running (the test file would never end).
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

async function talk(connection: ProtocolConnection, child: ChildProcess): Promise<void> {
  connection.listen();
  const exited = exitCode(child);
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- InitializeParams still requires the field; clients send it beside workspaceFolders
    rootUri: null,
    // A client that pulls diagnostics (one that cannot gets them pushed: test/lsp/push.test.ts).
    capabilities: { textDocument: { diagnostic: {} } },
    workspaceFolders: null,
  });
  assert.ok(result.capabilities.diagnosticProvider);
  await connection.sendNotification(InitializedNotification.type, {});
  const uri = 'untitled:Dockerfile';
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM python:3.11\n' },
  });
  const report = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  assert.equal(await exited, 0);
}

describe('bundled server', { skip, timeout: 20_000 }, () => {
  it('speaks LSP over node IPC', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await exercise(createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)), child);
  });

  it('speaks LSP over stdio', async () => {
    const child = fork(SERVER, ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] });
    assert.ok(child.stdout && child.stdin);
    await exercise(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), child);
  });
});

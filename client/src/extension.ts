// Extension entry point: one log channel, the language client, the Run commands and Train on SageMaker.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, DISPLAY_NAME } from './languageClient';
import { RunController } from './run/runController';
import type { RunArguments } from './run/runController';
import { SubmitController } from './submit/submitController';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // One channel for the extension and the language client, so every line lands in one place.
  const log = vscode.window.createOutputChannel(DISPLAY_NAME, { log: true });
  context.subscriptions.push(log);

  const runs = new RunController(log);
  context.subscriptions.push(
    runs,
    // From the code lens: { uri, mode }; from the editor title menu: the file's Uri.
    vscode.commands.registerCommand('sagemakerEntrypoint.run', (args?: RunArguments | vscode.Uri) =>
      runs.run(args instanceof vscode.Uri ? { uri: args.toString() } : args),
    ),
    vscode.commands.registerCommand('sagemakerEntrypoint.invoke', () => runs.invoke()),
    vscode.commands.registerCommand('sagemakerEntrypoint.stop', () => runs.stop()),
    vscode.commands.registerCommand('sagemakerEntrypoint.showLog', () => runs.showLog()),
    vscode.commands.registerCommand('sagemakerEntrypoint.restartServer', () => restartServer(log)),
  );
  const submissions = new SubmitController(log);
  context.subscriptions.push(submissions, vscode.commands.registerCommand('sagemakerEntrypoint.submit', (args?: { uri?: string } | vscode.Uri) => submissions.submit(args instanceof vscode.Uri ? { uri: args.toString() } : args)));

  client = createLanguageClient(context, log);
  // Not awaited: activation ends now and the server starts in the background. If it fails, the extension
  // stays active: commands that do not need the server still work.
  client.start().catch((error: unknown) => {
    log.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Stops the language server and starts a new one; a failure is logged, the extension stays active. */
async function restartServer(log: vscode.LogOutputChannel): Promise<void> {
  if (!client) return;
  log.info('Restarting the language server');
  try {
    await client.restart();
  } catch (error) {
    log.error(`The language server did not restart: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}

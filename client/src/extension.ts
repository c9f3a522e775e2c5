// Extension entry point: one log channel, the language client, the Run commands and Train on SageMaker.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from '../../options/src';
import type { RunCommandArguments, SubmitCommandArguments } from '../../options/src';
import { errorMessage } from '../../runner/src';
import { createLanguageClient, DISPLAY_NAME } from './language-client';
import { RunController } from './run/run-controller';
import { SubmitController } from './submit/submit-controller';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // One channel for the extension and the language client, so every line lands in one place.
  const log = vscode.window.createOutputChannel(DISPLAY_NAME, { log: true });
  context.subscriptions.push(log);

  const runs = new RunController(log);
  context.subscriptions.push(
    runs,
    // From the code lens: { uri, mode }; from the editor title menu: the file's Uri.
    vscode.commands.registerCommand(COMMANDS.run, (args?: RunCommandArguments | vscode.Uri) =>
      runs.run(args instanceof vscode.Uri ? { uri: args.toString() } : args),
    ),
    vscode.commands.registerCommand(COMMANDS.invoke, () => runs.invoke()),
    vscode.commands.registerCommand(COMMANDS.stop, () => runs.stop()),
    vscode.commands.registerCommand(COMMANDS.showLog, () => runs.showLog()),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer(log)),
  );
  const submissions = new SubmitController(log);
  context.subscriptions.push(
    submissions,
    vscode.commands.registerCommand(COMMANDS.submit, (args?: SubmitCommandArguments | vscode.Uri) =>
      submissions.submit(args instanceof vscode.Uri ? { uri: args.toString() } : args),
    ),
  );

  client = createLanguageClient(context, log);
  // Not awaited: activation ends now and the server starts in the background. If it fails, the extension
  // stays active: commands that do not need the server still work.
  client.start().catch((error: unknown) => {
    log.error(`The language server did not start: ${errorMessage(error)}`);
  });
}

/** Stops the language server and starts a new one; a failure is logged, the extension stays active. */
async function restartServer(log: vscode.LogOutputChannel): Promise<void> {
  if (!client) return;
  log.info('Restarting the language server');
  try {
    await client.restart();
  } catch (error) {
    log.error(`The language server did not restart: ${errorMessage(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}

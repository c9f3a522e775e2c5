// The editor side of Run: the trust gate, one run at a time, progress while the image builds, the
// output in a terminal the user can stop, and a message with actions at the end.
import * as vscode from 'vscode';
import { showSummary } from '../show-summary';
import { CONTEXT_KEYS } from '../../../options/src';
import type { RunCommandArguments } from '../../../options/src';
import { errorMessage, errorWithStack, planRun, runLocally } from '../../../runner/src';
import type { Endpoint, LocalRunOptions, LocalRunOutcome, RunMode } from '../../../runner/src';
import { pickDockerfile } from '../pick-dockerfile';
import { runOptionsFor } from '../settings';
import { LogTerminal } from './log-terminal';
import { summarize, terminalName, terminalText } from './messages';
import type { Summary } from './messages';

const BUILD_PHASES = new Set(['check', 'engine', 'build']);

export class RunController implements vscode.Disposable {
  private abort: AbortController | undefined;
  private endpoint: Endpoint | undefined;
  private terminal: LogTerminal | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async run(args: RunCommandArguments = {}): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Running containers is disabled in an untrusted workspace.');
      return;
    }
    if (this.abort) {
      const choice = await vscode.window.showWarningMessage('A local run is already going on.', 'Stop It', 'Show Log');
      if (choice === 'Stop It') await this.stop();
      if (choice === 'Show Log') this.terminal?.show();
      return;
    }
    const document = await pickDockerfile(args.uri, 'Which Dockerfile should run?');
    if (!document) return;
    if (document.isDirty && !(await document.save())) return;
    const options = runOptionsFor(document.uri, this.log);
    const mode = args.mode ?? (await this.chooseMode(document, options));
    if (!mode) return;
    await this.start(document.uri, mode, args.model, options);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.endpoint?.stop();
  }

  async invoke(): Promise<void> {
    const endpoint = this.endpoint;
    if (!endpoint) {
      void vscode.window.showInformationMessage('No local endpoint is running. Start one with "Serve locally".');
      return;
    }
    const request = await askInvocation();
    if (!request) return;
    const result = await endpoint.invoke(request);
    if (result.kind !== 'answered') {
      void vscode.window.showErrorMessage(`Invocation ${result.kind === 'cancelled' ? 'cancelled' : `failed: ${result.message}`}`);
      return;
    }
    this.terminal?.line(
      `POST /invocations → ${result.status} (${result.contentType ?? 'no content type'}, ${Math.round(result.elapsedMs)} ms)`,
    );
    const json = (result.contentType ?? '').includes('json');
    const answer = await vscode.workspace.openTextDocument({
      content: result.body.toString('utf8'),
      language: json ? 'json' : 'plaintext',
    });
    await vscode.window.showTextDocument(answer, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  showLog(): void {
    this.terminal?.show();
  }

  dispose(): void {
    void this.stop();
    this.terminal?.dispose();
  }

  private async start(uri: vscode.Uri, mode: RunMode, model: string | undefined, options: LocalRunOptions): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.terminal?.dispose();
    const terminal = new LogTerminal(terminalName(uri.fsPath, mode), () => void this.stop());
    this.terminal = terminal;
    terminal.show();
    await setContext('running', true);

    // The notification (with its Cancel button) lasts while the image is checked and built; then the terminal takes over.
    let endProgress!: () => void;
    const built = new Promise<void>((resolve) => (endProgress = resolve));
    let phaseChanged: (message: string) => void = () => undefined;
    const progress = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'SageMaker', cancellable: true },
      (report, token) => {
        token.onCancellationRequested(() => abort.abort());
        phaseChanged = (message) => report.report({ message });
        return built;
      },
    );
    let outcome: LocalRunOutcome;
    try {
      outcome = await runLocally({
        ...options,
        mode,
        ...(model ? { model } : {}),
        signal: abort.signal,
        onEvent: (event) => {
          terminal.write(terminalText(event));
          if (event.type === 'command') this.log.debug(event.text);
          if (event.type === 'phase') {
            this.log.info(event.message);
            if (BUILD_PHASES.has(event.phase)) phaseChanged(event.message);
            else endProgress();
          }
        },
      });
    } catch (error) {
      // A fault of the tool itself: said as such, the run state reset.
      endProgress();
      await progress;
      this.abort = undefined;
      this.log.error(errorWithStack(error));
      terminal.finish(`Internal error: ${errorMessage(error)}`);
      void setContext('running', false);
      void vscode.window.showErrorMessage(`The run failed with an internal error: ${errorMessage(error)}`, 'Show Log');
      return;
    }
    endProgress();
    await progress;
    this.finish(outcome, terminal, uri);
  }

  private finish(outcome: LocalRunOutcome, terminal: LogTerminal, uri: vscode.Uri): void {
    const summary = summarize(outcome);
    if (outcome.kind === 'serving' && outcome.result.kind === 'ready') {
      const endpoint = outcome.result.endpoint;
      this.endpoint = endpoint;
      void setContext('serving', true);
      terminal.line(summary.text);
      void endpoint.exit.then((exit) => {
        this.endpoint = undefined;
        this.abort = undefined;
        terminal.finish(`The server stopped (${JSON.stringify(exit)}).`);
        void setContext('serving', false);
        void setContext('running', false);
      });
    } else {
      this.abort = undefined;
      terminal.finish(summary.text);
      void setContext('running', false);
      if (outcome.kind === 'refused')
        outcome.errors.forEach((d) => {
          const message = typeof d.message === 'string' ? d.message : d.message.value;
          terminal.line(`  line ${d.range.start.line + 1}: ${message} [${d.code}]`);
        });
    }
    void this.announce(summary, uri);
  }

  private async announce(summary: Summary, uri: vscode.Uri): Promise<void> {
    const action = await showSummary(summary);
    if (action === 'Show Log') this.showLog();
    // The model of the finished training run, served with the same Dockerfile.
    if (action === 'Serve Model' && summary.jobDir && !this.abort)
      await this.start(uri, 'serve', summary.jobDir, runOptionsFor(uri, this.log));
    if (action === 'Stop') await this.stop();
    if (action === 'Send Invocation') await this.invoke();
    if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (action === 'Open Failure' && summary.failureFile) await vscode.window.showTextDocument(vscode.Uri.file(summary.failureFile));
    if (action === 'Open Model Folder' && summary.modelDir)
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(summary.modelDir));
    if (action === 'Open Settings' && summary.settingsQuery)
      await vscode.commands.executeCommand('workbench.action.openSettings', summary.settingsQuery);
    if (action === 'Go to Failing Line' && summary.location) {
      const line = summary.location.line - 1;
      await vscode.window.showTextDocument(vscode.Uri.file(summary.location.file), { selection: new vscode.Range(line, 0, line, 0) });
    }
  }

  /** The mode the entry point implies, confirmed by the user when the image has both. */
  private async chooseMode(document: vscode.TextDocument, options: LocalRunOptions): Promise<RunMode | undefined> {
    const planned = planRun({ ...options, dockerfilePath: document.uri.fsPath, text: document.getText(), force: true });
    const detected = planned.kind === 'planned' ? planned.plan.mode : undefined;
    const items: Array<vscode.QuickPickItem & { mode: RunMode }> = [
      { label: 'Train', description: 'docker run <image> train', mode: 'train' },
      { label: 'Serve', description: 'docker run <image> serve, then GET /ping', mode: 'serve' },
    ];
    items.sort((a, b) => Number(b.mode === detected) - Number(a.mode === detected));
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder: detected ? `The entry point suggests ${detected}` : 'How should SageMaker start the container?',
    });
    return picked?.mode;
  }
}

async function askInvocation(): Promise<{ body: Buffer | string; contentType: string } | undefined> {
  const source = await vscode.window.showQuickPick(['Type a body', 'Choose a file…'], { placeHolder: 'Body of POST /invocations' });
  if (!source) return undefined;
  let body: Buffer | string | undefined;
  if (source === 'Type a body') {
    body = await vscode.window.showInputBox({ prompt: 'Request body', value: '{"instances": [[1, 2, 3]]}' });
  } else {
    const file = (await vscode.window.showOpenDialog({ canSelectMany: false }))?.at(0);
    body = file && Buffer.from(await vscode.workspace.fs.readFile(file));
  }
  if (body === undefined) return undefined;
  const contentType = await vscode.window.showQuickPick(
    ['application/json', 'text/csv', 'application/x-npy', 'text/plain', 'application/octet-stream'],
    {
      placeHolder: 'Content-Type',
    },
  );
  return contentType ? { body, contentType } : undefined;
}

function setContext(key: keyof typeof CONTEXT_KEYS, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', CONTEXT_KEYS[key], value);
}

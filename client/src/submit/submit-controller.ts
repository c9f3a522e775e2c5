// The editor side of "Train on SageMaker": the trust gate, one submission at a time, a confirmation before
// money is spent (with the exact request to look at), progress while the image is built and pushed and
// the data uploaded, the job's status and logs in a terminal like a local run's, a confirmation before
// StopTrainingJob, and Download / Serve Locally at the end. The AWS SDK is loaded only once a submission
// talks to AWS.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showSummary } from '../show-summary';
import { downloadObject, redactRequest, submitTrainingJob } from '../../../cloud/src';
import type { CloudClients, CloudEvent, SubmitOptions, SubmitOutcome } from '../../../cloud/src';
import { COMMANDS, settingOfCloudField, SETTINGS_SECTION } from '../../../options/src';
import type { RunCommandArguments, SubmitCommandArguments } from '../../../options/src';
import { defaultJobsRoot, errorMessage } from '../../../runner/src';
import { pickDockerfile } from '../pick-dockerfile';
import { LogTerminal } from '../run/log-terminal';
import { submitOptionsFor } from '../settings';
import { cloudTerminalText, submitTerminalName, summarizeSubmission } from './messages';
import type { SubmitSummary } from './messages';

/** Until the job exists, a cancel just stops our side; afterwards it is a StopTrainingJob. */
const BEFORE_THE_JOB = new Set(['check', 'engine', 'build', 'push', 'upload']);

export class SubmitController implements vscode.Disposable {
  private abort: AbortController | undefined;
  private terminal: LogTerminal | undefined;
  private jobCreated = false;
  private jobName: string | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Resolves with the end message once the submission is over (or refused), without waiting for an answer to it. */
  async submit(args: SubmitCommandArguments = {}): Promise<SubmitSummary | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Training on SageMaker is disabled in an untrusted workspace.');
      return undefined;
    }
    if (this.abort) {
      const choice = await vscode.window.showWarningMessage(`Training job ${this.jobName ?? ''} is being followed.`, 'Stop It', 'Show Log');
      if (choice === 'Stop It') await this.stop();
      if (choice === 'Show Log') this.terminal?.show();
      return undefined;
    }
    const document = await pickDockerfile(args.uri, 'Which Dockerfile should train on SageMaker?');
    if (!document || (document.isDirty && !(await document.save()))) return undefined;
    const options = submitOptionsFor(document.uri, this.log);
    if (!options.cloud.roleArn || !options.cloud.instanceType) {
      const summary: SubmitSummary = {
        severity: 'error',
        text: 'Set an IAM role and an instance type for SageMaker first.',
        actions: ['Open Settings'],
      };
      void vscode.window
        .showErrorMessage(summary.text, ...summary.actions)
        .then((open) => open && vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.submit`));
      return summary;
    }
    const planned = await submitTrainingJob({ ...options, dryRun: true });
    if (planned.kind !== 'dry-run') {
      const summary = summarizeSubmission(planned);
      void this.announce(summary, document.uri, undefined, planned);
      return summary;
    }
    if (!(await this.confirmStart(planned))) return undefined;
    return this.start(document.uri, { ...options, jobName: planned.plan.jobName });
  }

  /** Asks before StopTrainingJob; before the job exists, cancels without asking. */
  async stop(): Promise<void> {
    if (!this.abort) return;
    if (this.jobCreated) {
      const stop = await vscode.window.showWarningMessage(
        `Stop training job ${this.jobName}?`,
        {
          modal: true,
          detail: 'SageMaker stops it (StopTrainingJob) and bills until it has stopped. Checkpoints already written stay in S3.',
        },
        'Stop Job',
      );
      if (stop !== 'Stop Job') return;
    }
    this.abort.abort();
  }

  showLog(): void {
    this.terminal?.show();
  }

  dispose(): void {
    // Closing the window does not stop a paid job silently: it goes on, as it would from a notebook.
    this.terminal?.dispose();
  }

  private async confirmStart(planned: Extract<SubmitOutcome, { kind: 'dry-run' }>): Promise<boolean> {
    const { plan } = planned;
    const resources = plan.request.ResourceConfig;
    for (const warning of plan.warnings) void vscode.window.showWarningMessage(warning.message);
    for (;;) {
      const answer = await vscode.window.showInformationMessage(
        `Start training job ${plan.jobName} on ${resources?.InstanceCount} × ${resources?.InstanceType} in ${plan.region}?`,
        { modal: true, detail: `It is billed until it ends.\n\n${planned.steps.join('\n')}` },
        'Start',
        'Show Request',
      );
      if (answer !== 'Show Request') return answer === 'Start';
      const content = `${JSON.stringify(redactRequest(plan.request).request, null, 2)}\n`;
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'json' }), { preview: true });
    }
  }

  private async start(uri: vscode.Uri, options: SubmitOptions): Promise<SubmitSummary> {
    const abort = new AbortController();
    this.abort = abort;
    this.jobCreated = false;
    this.jobName = options.jobName;
    this.terminal?.dispose();
    const terminal = new LogTerminal(submitTerminalName(uri.fsPath, options.jobName), () => void this.stop());
    this.terminal = terminal;
    terminal.show();
    const multiHost = (options.cloud.instanceCount ?? 1) > 1;

    let endProgress!: () => void;
    const prepared = new Promise<void>((resolve) => (endProgress = resolve));
    let report: (message: string) => void = () => undefined;
    const progress = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'SageMaker', cancellable: true },
      (progressReport, token) => {
        token.onCancellationRequested(() => void this.stop());
        report = (message) => progressReport.report({ message });
        return prepared;
      },
    );
    const onEvent = (event: CloudEvent) => {
      terminal.write(cloudTerminalText(event, multiHost));
      if (event.type === 'command') this.log.debug(event.text);
      if (event.type === 'phase' || event.type === 'status') this.log.info(event.message);
      if (event.type === 'progress') report(event.message);
      if (event.type === 'phase') {
        if (BEFORE_THE_JOB.has(event.phase)) report(event.message);
        else {
          this.jobCreated = true;
          endProgress();
        }
      }
    };
    let outcome: SubmitOutcome;
    try {
      outcome = await submitTrainingJob({ ...options, signal: abort.signal, onEvent });
    } catch (error) {
      outcome = { kind: 'failed', step: 'create', message: errorMessage(error) };
    }
    endProgress();
    await progress;
    this.abort = undefined;
    const summary = summarizeSubmission(outcome);
    if (outcome.kind === 'followed' && outcome.result.kind === 'failed')
      terminal.line(`\nFailure reason:\n${outcome.result.failureReason}`);
    terminal.finish(summary.text);
    void this.announce(summary, uri, outcome.kind === 'followed' ? outcome.clients : undefined, outcome);
    return summary;
  }

  private async announce(
    summary: SubmitSummary,
    uri: vscode.Uri,
    clients: CloudClients | undefined,
    outcome: SubmitOutcome,
  ): Promise<void> {
    const action = await showSummary(summary);
    if (action === 'Show Log') this.showLog();
    if (action === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (action === 'Open Settings' && outcome.kind === 'refused') {
      const field = outcome.problems.find((p) => p.severity === 'error')?.field;
      await vscode.commands.executeCommand('workbench.action.openSettings', settingOfCloudField(field));
    }
    if ((action === 'Download Model' || action === 'Serve Locally') && summary.modelArtifacts && clients && outcome.kind === 'followed') {
      const model = await this.download(clients, summary.modelArtifacts, outcome.plan.jobName);
      if (!model) return;
      const serve: RunCommandArguments = { uri: uri.toString(), mode: 'serve', model };
      if (action === 'Serve Locally') await vscode.commands.executeCommand(COMMANDS.run, serve);
      else
        void vscode.window
          .showInformationMessage(`Downloaded ${model}`, 'Reveal')
          .then((r) => r && vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(model)));
    }
  }

  /** model.tar.gz into the job's folder beside local runs' (S3 GetObject, with progress and cancel). */
  private async download(clients: CloudClients, s3Uri: string, jobName: string): Promise<string | undefined> {
    const dir = path.join(defaultJobsRoot(), jobName);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${s3Uri}`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return downloadObject({
          s3: clients.s3,
          s3Uri,
          dir,
          signal: abort.signal,
          onEvent: (e) => this.terminal?.write(cloudTerminalText(e, false)),
        });
      },
    );
    if (result.kind === 'downloaded') return result.path;
    if (result.kind === 'failed') void vscode.window.showErrorMessage(`Download failed: ${result.message}`);
    return undefined;
  }
}

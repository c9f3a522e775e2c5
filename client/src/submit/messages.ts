// What a submission says in the editor: terminal text for its events and the message at its end.
// Plain Node (no `vscode`), so it is tested under node:test. Types only from the cloud side: this file
// must not load the AWS SDK.
import type { CloudEvent, SubmitOutcome } from '../../../cloud/src';
import { terminalText } from '../run/messages';

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const CYAN = '\x1b[36m';
const RESET = '\x1b[0m';

/** One event as terminal text, like a local run's, plus the job's status and its hosts' log lines. */
export function cloudTerminalText(event: CloudEvent, multiHost: boolean): string {
  switch (event.type) {
    case 'status':
      return `${CYAN}◆ ${event.message}${RESET}\n`;
    case 'progress':
      return `${DIM}  ${event.message}${RESET}\n`;
    case 'log':
      return multiHost ? `${DIM}[${event.stream}]${RESET} ${event.line}\n` : `${event.line}\n`;
    case 'phase':
      return `${BOLD}» ${event.message}${RESET}\n`;
    default:
      return terminalText(event);
  }
}

export type SubmitAction = 'Download Model' | 'Serve Locally' | 'Show Log' | 'Show Problems' | 'Open Settings';

export interface SubmitSummary {
  severity: 'info' | 'warning' | 'error';
  text: string;
  actions: SubmitAction[];
  /** S3 URI of model.tar.gz, for Download and Serve. */
  modelArtifacts?: string;
}

export function summarizeSubmission(outcome: SubmitOutcome): SubmitSummary {
  switch (outcome.kind) {
    case 'refused': {
      const problem = outcome.problems.find((p) => p.severity === 'error');
      return problem
        ? { severity: 'error', text: `Not submitted: ${problem.message}`, actions: ['Open Settings', 'Show Log'] }
        : {
            severity: 'error',
            text: `Not submitted: ${outcome.reason}.`,
            actions: outcome.errors.length > 0 ? ['Show Problems'] : ['Show Log'],
          };
    }
    case 'dry-run':
      return { severity: 'info', text: `Planned ${outcome.plan.jobName}; nothing was submitted.`, actions: [] };
    case 'engine-missing':
      return { severity: 'error', text: `No container engine to build the image: ${outcome.message}`, actions: ['Show Log'] };
    case 'failed':
      return { severity: 'error', text: `Not submitted: the ${outcome.step} failed: ${outcome.message}`, actions: ['Show Log'] };
    case 'cancelled':
      return { severity: 'info', text: 'Cancelled before the training job was created: nothing runs on SageMaker.', actions: [] };
    case 'submitted':
      return { severity: 'info', text: `Training job ${outcome.plan.jobName} created.`, actions: ['Show Log'] };
    case 'followed': {
      const { result, plan } = outcome;
      switch (result.kind) {
        case 'completed':
          return result.modelArtifacts
            ? {
                severity: 'info',
                text: `Training job ${plan.jobName} completed. Model: ${result.modelArtifacts}`,
                actions: ['Download Model', 'Serve Locally', 'Show Log'],
                modelArtifacts: result.modelArtifacts,
              }
            : { severity: 'info', text: `Training job ${plan.jobName} completed.`, actions: ['Show Log'] };
        case 'failed':
          // SageMaker's FailureReason first, as a local run shows the failure file first.
          return {
            severity: 'error',
            text: `Training job ${plan.jobName} failed: ${result.failureReason.split('\n')[0]}`,
            actions: ['Show Log'],
          };
        case 'stopped':
          return {
            severity: result.byUs ? 'info' : 'warning',
            text: `Training job ${plan.jobName} stopped${result.byUs ? ' as asked' : ''}.`,
            actions: ['Show Log'],
          };
        case 'lost':
          return {
            severity: 'warning',
            text: `Stopped following ${plan.jobName}: ${result.message}. The job may still be running.`,
            actions: ['Show Log'],
          };
      }
    }
  }
}

export function submitTerminalName(dockerfilePath: string, jobName?: string): string {
  const parts = dockerfilePath.split(/[\\/]/);
  return `SageMaker job: ${jobName ?? parts.slice(-2).join('/')}`;
}

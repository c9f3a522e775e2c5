// What a run says to the user: terminal lines for its events and a summary of its outcome.
// Plain Node (no `vscode`), so it is tested under node:test.
import * as path from 'node:path';
import { settingName } from '../../../options/src';
import { buildAdvice, engineAdvice, engineExitAdvice, folderAdvice, servingAdvice } from '../../../runner/src';
import type { LocalRunOutcome, OptionNames, RunEvent } from '../../../runner/src';

/** How the advice after a fault names the settings that change things. */
const SETTING_NAMES: OptionNames = {
  enginePath: `the setting ${settingName('run.enginePath')}`,
  usePodman: `set ${settingName('run.engine')} to podman`,
  checkpoints: `the setting ${settingName('run.checkpointDir')}`,
  port: `choose another in the setting ${settingName('run.port')}`,
  startupTimeout: `raise the setting ${settingName('run.startupTimeoutSeconds')}`,
};

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** One event as terminal text (ANSI styled), ending with a newline. */
export function terminalText(event: RunEvent): string {
  switch (event.type) {
    case 'phase':
      return `${BOLD}» ${event.message}${RESET}\n`;
    case 'command':
      return `${DIM}$ ${event.text}${RESET}\n`;
    case 'warning':
      return `${YELLOW}! ${event.message}${RESET}\n`;
    case 'output':
      return event.host ? `${DIM}[${event.host}]${RESET} ${event.line}\n` : `${event.line}\n`;
  }
}

export type SummaryAction =
  | 'Serve Model'
  | 'Open Model Folder'
  | 'Open Failure'
  | 'Show Log'
  | 'Send Invocation'
  | 'Stop'
  | 'Show Problems'
  | 'Go to Failing Line'
  | 'Open Settings';

export interface Summary {
  severity: 'info' | 'warning' | 'error';
  text: string;
  actions: SummaryAction[];
  /** Files the actions open. */
  modelDir?: string;
  failureFile?: string;
  /** The training job whose model `Serve Model` serves. */
  jobDir?: string;
  /** The Dockerfile line `Go to Failing Line` opens (1-based). */
  location?: { file: string; line: number };
  /** What `Open Settings` searches for. */
  settingsQuery?: string;
}

/** The message at the end of a run (or when a server is ready). */
export function summarize(outcome: LocalRunOutcome): Summary {
  switch (outcome.kind) {
    case 'refused':
      return { severity: 'error', text: `Not started: ${outcome.reason}.`, actions: ['Show Problems'] };
    case 'engine-missing':
      return {
        severity: 'error',
        text: `${upperFirst(outcome.message)}. ${engineAdvice(outcome.problems, SETTING_NAMES)}`,
        actions: ['Open Settings', 'Show Log'],
        settingsQuery: settingName('run.engine'),
      };
    case 'image-missing':
      return { severity: 'error', text: `The image ${outcome.image} does not exist.`, actions: ['Show Log'] };
    case 'folder-unusable': {
      const what = outcome.purpose === 'checkpoints' ? 'the checkpoint folder' : 'a job folder in';
      return {
        severity: 'error',
        text: `Cannot create ${what} ${outcome.folder}: ${outcome.reason}. ${folderAdvice(outcome, SETTING_NAMES)}`,
        actions: ['Show Log'],
      };
    }
    case 'build-failed': {
      const { step } = outcome;
      const at = step ? ` at ${path.basename(step.file)}:${step.line} (${step.instruction})` : '';
      const exit = outcome.exitCode !== undefined ? `, exit code ${outcome.exitCode}` : '';
      return {
        severity: 'error',
        text: joined(`Build failed${at}${exit}.`, lastLine(outcome.lastLines), buildAdvice(step, outcome.lastLines)),
        actions: step ? ['Go to Failing Line', 'Show Log'] : ['Show Log'],
        ...(step ? { location: { file: step.file, line: step.line } } : {}),
      };
    }
    case 'cancelled':
      return { severity: 'info', text: 'Run cancelled; nothing is left running.', actions: [] };
    case 'trained':
      return trainingSummary(outcome.result);
    case 'serving':
      return servingSummary(outcome.result);
  }
}

function trainingSummary(result: Extract<LocalRunOutcome, { kind: 'trained' }>['result']): Summary {
  switch (result.kind) {
    case 'completed':
      return {
        severity: 'info',
        text: `Training completed (exit 0). Model: ${result.modelArchive ?? result.job.modelDir}`,
        actions: result.modelArchive ? ['Serve Model', 'Open Model Folder', 'Show Log'] : ['Open Model Folder', 'Show Log'],
        modelDir: result.job.modelDir,
        ...(result.modelArchive ? { jobDir: result.job.dir } : {}),
      };
    case 'failed': {
      // The failure file is what SageMaker shows as FailureReason, so it comes first (R5/R8).
      const reason =
        result.failure?.trim().split('\n')[0] ??
        (result.failureProblem ? `the failure file was not read: ${result.failureProblem}` : lastLine(result.lastLines));
      return {
        severity: 'error',
        text: joined(
          `Training failed (exit ${result.exitCode}): ${reason}`,
          result.failure ? undefined : engineExitAdvice(result.exitCode, 'train'),
        ),
        actions: result.failure ? ['Open Failure', 'Show Log'] : ['Show Log'],
        failureFile: result.failure ? result.job.failureFile : undefined,
        modelDir: result.job.modelDir,
      };
    }
    case 'cancelled':
      return { severity: 'info', text: `Training cancelled; the container was ${result.removed ? 'removed' : 'stopped'}.`, actions: [] };
    case 'not-started':
      return { severity: 'error', text: `Training did not start: ${result.message}`, actions: ['Show Log'] };
  }
}

function servingSummary(result: Extract<LocalRunOutcome, { kind: 'serving' }>['result']): Summary {
  switch (result.kind) {
    case 'ready':
      return {
        severity: 'info',
        text: `Serving at ${result.endpoint.url} (ready after ${(result.endpoint.readyAfterMs / 1000).toFixed(1)} s).`,
        actions: ['Send Invocation', 'Stop'],
      };
    case 'exited':
      return {
        severity: 'error',
        text: joined(
          `The server exited with code ${result.exitCode} before /ping answered.`,
          lastLine(result.lastLines),
          servingAdvice(result, SETTING_NAMES),
        ),
        actions: ['Show Log'],
      };
    case 'timeout':
      return {
        severity: 'error',
        text: joined(
          `/ping did not answer 200 within ${Math.round(result.timeoutMs / 1000)} s${result.lastProblem ? ` (last: ${result.lastProblem})` : ''}; the container was stopped and removed.`,
          servingAdvice(result, SETTING_NAMES),
        ),
        actions: ['Open Settings', 'Show Log'],
        settingsQuery: settingName('run.startupTimeoutSeconds'),
      };
    case 'cancelled':
      return { severity: 'info', text: 'Serving cancelled; nothing is left running.', actions: [] };
    case 'not-started':
      return {
        severity: 'error',
        text: joined(`The server did not start: ${result.message}.`, servingAdvice(result, SETTING_NAMES)),
        actions: ['Show Log'],
      };
  }
}

function upperFirst(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Sentences joined by a space, the missing ones left out. */
function joined(...parts: Array<string | undefined>): string {
  return parts.filter((p) => p).join(' ');
}

function lastLine(lines: readonly string[]): string {
  const last = [...lines].reverse().find((line) => line.trim() !== '');
  return last ? `Last output: ${last.trim()}` : '';
}

/** A terminal title for a run of this Dockerfile. */
export function terminalName(dockerfilePath: string, mode: string): string {
  return `SageMaker ${mode}: ${path.basename(path.dirname(dockerfilePath))}/${path.basename(dockerfilePath)}`;
}

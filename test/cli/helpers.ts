// Runs the bundled CLI as a process and builds throw-away folder trees for it to check.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Compiled tests live in out/test/cli; the repository is three levels up. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const env = { ...process.env, NO_COLOR: undefined, ...options.env };
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, env, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `check` with `--format json`; fails the test unless stdout is one JSON array. */
export function checkJson(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): JsonFinding[] & { result: CliResult } {
  const result = runCli(['check', '--format', 'json', ...args], options);
  let findings: JsonFinding[];
  try {
    findings = JSON.parse(result.stdout) as JsonFinding[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.status}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  if (!Array.isArray(findings)) throw new Error(`stdout is not a JSON array: ${result.stdout}`);
  return Object.assign(findings, { result });
}

export interface JsonFinding {
  file: string;
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function codes(findings: readonly JsonFinding[]): string[] {
  return findings.map((f) => f.code);
}

const trees: string[] = [];
process.on('exit', () => {
  for (const dir of trees) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp folder holding `files` (relative path → content). It gets an empty `.git` folder so it is its own
 * workspace root and nothing above it influences build-context detection.
 */
export function makeTree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-')));
  trees.push(root);
  fs.mkdirSync(path.join(root, '.git'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** Dockerfile lines that certainly produce one finding each (docs/rules/README.md). */
export const FINDING = {
  /** SM101, error: no colon. */
  trainingModuleNoColon: 'ENV SAGEMAKER_TRAINING_MODULE trainer',
  /** SM204, error: arguments crammed into the program. */
  programWithArguments: 'ENV SAGEMAKER_PROGRAM "train.py --epochs 3"',
  /** SM001, warning: misspelt key. */
  misspeltProgram: 'ENV SAGEMAKR_PROGRAM train.py',
  /** SM401, warning: shell-form ENTRYPOINT. */
  shellEntrypoint: 'ENTRYPOINT python /opt/ml/code/x.py',
  /** SM304, warning: obsolete variable. */
  obsoleteRequirements: 'ENV SAGEMAKER_REQUIREMENTS requirements.txt',
};

/** A Dockerfile on python:3.11 with the training toolkit (which answers `train`, SM403), then `lines`. */
export function dockerfile(...lines: string[]): string {
  return ['FROM python:3.11', 'RUN pip install sagemaker-training', ...lines].join('\n') + '\n';
}

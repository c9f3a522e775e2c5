// Shared by the engine tests: which engine runs them, skip-or-fail when there is none, unique names, clean-up.
// Without an engine the tests skip with the reason; with CI set they fail instead (they are required there).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { buildContainersCommand } from '../../runner/src/commands';
import type { Engine } from '../../runner/src/commands';
import { buildStoreCommand, parseBuildStore, parseWorkingContainers, recordedBuildArgs } from '../../runner/src/podman-cleanup';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'runner');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const TOOLKIT_IMAGE = 'localhost/sm-training-toolkit:latest';
export const BASE_IMAGES = ['localhost/sm-python:3.11', 'localhost/sm-busybox:latest', TOOLKIT_IMAGE];
const PROVISION =
  'run scripts/provision-engine.sh (as root) to install podman and make the base images; without PyPI, the toolkit image needs SAGEMAKER_TRAINING_SOURCE (a checkout of aws/sagemaker-training-toolkit)';

/** Unique per test file run: image tags and job names carry it. */
export const RUN_ID = `smep-test-${process.pid}-${randomBytes(2).toString('hex')}`;

function works(command: string, args: string[], env?: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(command, args, { env: env ?? process.env, stdio: 'ignore', timeout: 30_000 });
  return result.status === 0;
}

/** podman when it works, else a docker whose daemon answers; with the base images present. */
function findEngine(): { engine: Engine } | { reason: string } {
  const candidates: Engine[] = [
    { kind: 'podman', path: 'podman', rmKeepsExitCode: true },
    { kind: 'docker', path: 'docker', rmKeepsExitCode: true },
  ];
  const engine = candidates.find((e) => works(e.path, ['version']));
  if (!engine) return { reason: `no working podman or docker: ${PROVISION}` };
  const missing = BASE_IMAGES.filter((image) => !works(engine.path, ['image', 'inspect', image]));
  if (missing.length > 0) return { reason: `${engine.path} lacks the base images ${missing.join(', ')}: ${PROVISION}` };
  return { engine };
}

export const FOUND = findEngine();

/**
 * A suite that needs `FOUND.engine` (or another condition): it runs when the engine is there, else skips
 * with the reason — except under CI, where a missing engine is a failing test.
 */
export function engineSuite(name: string, body: (engine: Engine) => void, extraReason?: () => string | undefined): void {
  const reason = 'reason' in FOUND ? FOUND.reason : extraReason?.();
  if (reason === undefined && 'engine' in FOUND) {
    const engine = FOUND.engine;
    describe(name, () => body(engine));
    return;
  }
  const ci = Boolean(process.env.CI) && !['false', '0'].includes((process.env.CI ?? '').toLowerCase());
  if (ci) {
    describe(name, () => it('has what the engine tests need (required in CI)', () => assert.fail(`CI is set and ${reason}`)));
  } else {
    describe(name, { skip: reason }, () => undefined);
  }
}

/** Why the docker CLI tests cannot run: no docker client, or no podman to serve the Docker API; undefined when they can. */
export function dockerClientProblem(): string | undefined {
  if (!works('docker', ['--version'])) return 'no docker CLI: run scripts/provision-engine.sh';
  if (!works('podman', ['--version'])) return 'no podman to serve the Docker API for the docker CLI';
  return undefined;
}

/** `<engine> <args>` synchronously, stdout as text. */
export function engineSync(engine: Engine, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(engine.path, args, { env: { ...process.env, ...engine.env }, encoding: 'utf8', timeout: 60_000 });
  // Both are null when the engine could not be started, whatever the types say.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Names of all containers (any state) whose name contains `part`. */
export function containersNamed(engine: Engine, part: string): string[] {
  const out = engineSync(engine, ['ps', '-a', '--filter', `name=${part}`, '--format', '{{.Names}}']);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A temp folder removed after the file's tests; images registered here are removed too. */
export function scratch(engine?: Engine): { dir: string; images: string[] } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-test-')));
  const images: string[] = [];
  after(() => {
    if (engine && images.length > 0) engineSync(engine, ['rmi', '-f', ...images]);
    // A test may have taken the write permission away (a read-only workspace without root).
    spawnSync('chmod', ['-R', 'u+w', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, images };
}

/** Names of all networks whose name contains `part`. */
export function networksNamed(engine: Engine, part: string): string[] {
  const out = engineSync(engine, ['network', 'ls', '--filter', `name=${part}`, '--format', '{{.Name}}']);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A folder holding `files`, for channels and models. */
export function folder(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * podman only: ids of the build working containers whose build had `--build-arg name=value` (buildah records the
 * build's arguments): the containers of one build, whatever other builds run on the machine meanwhile.
 */
export function workingContainersOf(engine: Engine, name: string, value: string): string[] {
  const list = buildContainersCommand(engine);
  assert.ok(list, 'podman lists build containers');
  const store = parseBuildStore(engineSync(engine, buildStoreCommand(engine).args).stdout.split('\n'));
  assert.ok(store.containersDir, 'podman names its storage');
  const containersDir = store.containersDir;
  const working = parseWorkingContainers(engineSync(engine, list.args).stdout.split('\n'));
  return working.filter((id) => {
    try {
      return recordedBuildArgs(fs.readFileSync(path.join(containersDir, id, 'userdata', 'buildah.json'), 'utf8'))[name] === value;
    } catch {
      return false; // removed meanwhile
    }
  });
}

/** PIDs of local processes whose command line is exactly `command` (Linux /proc; [] elsewhere). */
export function processesRunning(command: string): string[] {
  if (!fs.existsSync('/proc/self/cmdline')) return [];
  return fs.readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') === command;
    } catch {
      return false;
    }
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sends SIGINT once stderr or stdout matches. */
  interruptWhen?: RegExp;
  /** Runs the CLI through this command line (e.g. in a mount namespace): `[...prefix, node, cli, ...]`. */
  prefix?: string[];
  /** Options for node itself, before the CLI's path (e.g. `--require`). */
  nodeArgs?: string[];
  /** Receives every chunk of stdout instead of keeping it (for runs that print a lot). */
  onStdout?: (chunk: Buffer) => void;
}

/** `sagemaker-entrypoint run ARGS` as a process. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const argv = [process.execPath, ...(options.nodeArgs ?? []), cliPath, 'run', ...args];
    const [command, ...rest] = [...(options.prefix ?? []), ...argv];
    const child = spawn(command, rest, {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const watch = () => {
      if (options.interruptWhen && !interrupted && (options.interruptWhen.test(stderr) || options.interruptWhen.test(stdout))) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (c: Buffer) => {
      if (options.onStdout) options.onStdout(c);
      else stdout += c.toString();
      watch();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      watch();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

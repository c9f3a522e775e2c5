// Finds the container engine: an explicit choice, or auto = docker when its daemon answers, else podman.
import { versionCommand } from './commands';
import type { Engine, EngineKind } from './commands';
import { captureProcess } from './process';
import type { Cancelled } from './process';

export type EngineChoice = EngineKind | 'auto';

export interface DetectOptions {
  choice?: EngineChoice;
  /** Executable path for the chosen engine (ignored for auto unless it names docker or podman). */
  path?: string;
  /** Base environment of the probes; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Extra variables kept on the engine for every later command (e.g. DOCKER_HOST). */
  engineEnv?: Record<string, string>;
  signal?: AbortSignal;
  log?: (text: string) => void;
  /** Per probe (default 15 s): a hung daemon must not hang the run. */
  timeoutMs?: number;
}

/**
 * Why a candidate engine cannot be used: its executable is not there (`not-installed`), it runs but reaches no
 * daemon or service (`not-running`: docker without a daemon, a podman remote connection that is down), or it
 * did not answer in time (`no-answer`: a hung daemon).
 */
export interface EngineProblem {
  kind: 'not-installed' | 'not-running' | 'no-answer';
  engine: EngineKind;
  /** The executable that was tried. */
  path: string;
  /** The engine's own last line of complaint, or the spawn error. */
  detail: string;
  /** DOCKER_HOST or CONTAINER_HOST when set: where the engine looked for its service. */
  serviceAddress?: string;
}

export type DetectResult = { kind: 'found'; engine: Engine } | { kind: 'missing'; message: string; problems: EngineProblem[] } | Cancelled;

const SERVICE_VARIABLE: Record<EngineKind, string> = { docker: 'DOCKER_HOST', podman: 'CONTAINER_HOST' };

/** One line per problem, e.g. `docker: installed, but no Docker daemon answers (Cannot connect to …)`. */
export function describeEngineProblem(problem: EngineProblem): string {
  switch (problem.kind) {
    case 'not-installed':
      return `${problem.path}: not found (${problem.detail})`;
    case 'not-running':
      return `${problem.path}: installed, but ${problem.engine === 'docker' ? 'no Docker daemon answers' : '`podman version` fails'} (${problem.detail})`;
    case 'no-answer':
      return `${problem.path}: ${problem.detail}`;
  }
}

/** Whether `docker version`'s server JSON says the daemon is podman's Docker API. */
export function isPodmanServer(serverJson: string): boolean {
  return /"Name"\s*:\s*"Podman Engine"/.test(serverJson);
}

async function probe(
  kind: EngineKind,
  path: string,
  options: DetectOptions,
): Promise<{ engine: Engine } | { problem: EngineProblem } | Cancelled> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const draft: Engine = { kind, path, rmKeepsExitCode: true, ...(options.engineEnv ? { env: options.engineEnv } : {}) };
  const stderr: string[] = [];
  const { result, stdout } = await captureProcess(versionCommand(draft), {
    env: options.env,
    signal: AbortSignal.any([timeout, ...(options.signal ? [options.signal] : [])]),
    log: options.log,
    onStderr: (l) => stderr.push(l),
  });
  const address = { ...options.env, ...options.engineEnv }[SERVICE_VARIABLE[kind]];
  const problem = (problemKind: EngineProblem['kind'], detail: string): { problem: EngineProblem } => ({
    problem: { kind: problemKind, engine: kind, path, detail, ...(address ? { serviceAddress: address } : {}) },
  });
  if (result.kind === 'not-found') return problem('not-installed', result.message);
  if (result.kind === 'cancelled') return timeout.aborted ? problem('no-answer', `no answer within ${timeoutMs / 1000} s`) : result;
  const text = stdout.join('\n').trim();
  if (result.code !== 0 || text === '' || text === 'null') {
    return problem(
      'not-running',
      stderr
        .map((l) => l.trim())
        .filter(Boolean)
        .pop() ?? `exit code ${result.code}`,
    );
  }
  if (kind === 'podman') return { engine: { ...draft, version: text } };
  let version: string | undefined;
  try {
    version = (JSON.parse(text) as { Version?: string }).Version;
  } catch {
    // an old client printing something else: still a working daemon
  }
  return { engine: { ...draft, rmKeepsExitCode: !isPodmanServer(text), version } };
}

export async function detectEngine(options: DetectOptions = {}): Promise<DetectResult> {
  const choice = options.choice ?? 'auto';
  const candidates: EngineKind[] = choice === 'auto' ? ['docker', 'podman'] : [choice];
  const problems: EngineProblem[] = [];
  for (const kind of candidates) {
    const path = options.path && (choice !== 'auto' || basename(options.path).startsWith(kind)) ? options.path : kind;
    const probed = await probe(kind, path, options);
    if ('kind' in probed) return probed; // cancelled
    if ('engine' in probed) return { kind: 'found', engine: probed.engine };
    problems.push(probed.problem);
    if (options.signal?.aborted) return { kind: 'cancelled' };
  }
  const wanted = choice === 'auto' ? 'docker or podman' : choice;
  return {
    kind: 'missing',
    message: `no working container engine (${wanted}): ${problems.map(describeEngineProblem).join('; ')}`,
    problems,
  };
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

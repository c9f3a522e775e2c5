// Finds the container engine: an explicit choice, or auto = docker when its daemon answers, else podman.
import { versionCommand } from './commands';
import type { Engine, EngineKind } from './commands';
import { captureProcess } from './process';

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

export type DetectResult = { kind: 'found'; engine: Engine } | { kind: 'missing'; message: string };

/** Whether `docker version`'s server JSON says the daemon is podman's Docker API. */
export function isPodmanServer(serverJson: string): boolean {
  return /"Name"\s*:\s*"Podman Engine"/.test(serverJson);
}

async function probe(kind: EngineKind, path: string, options: DetectOptions): Promise<{ engine?: Engine; problem: string }> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 15_000), ...(options.signal ? [options.signal] : [])];
  const draft: Engine = { kind, path, rmKeepsExitCode: true, ...(options.engineEnv ? { env: options.engineEnv } : {}) };
  const stderr: string[] = [];
  const { result, stdout } = await captureProcess(versionCommand(draft), {
    env: options.env,
    signal: AbortSignal.any(signals),
    log: options.log,
    onStderr: (l) => stderr.push(l),
  });
  if (result.kind === 'not-found') return { problem: `${path}: not found` };
  if (result.kind === 'cancelled') return { problem: `${path}: no answer (timed out or cancelled)` };
  const text = stdout.join('\n').trim();
  if (result.code !== 0 || text === '' || text === 'null') {
    return { problem: `${path}: ${stderr.filter(Boolean).pop() ?? `exit code ${result.code}`}` };
  }
  if (kind === 'podman') return { engine: { ...draft, version: text }, problem: '' };
  let version: string | undefined;
  try {
    version = (JSON.parse(text) as { Version?: string }).Version;
  } catch {
    // an old client printing something else: still a working daemon
  }
  return { engine: { ...draft, rmKeepsExitCode: !isPodmanServer(text), version }, problem: '' };
}

export async function detectEngine(options: DetectOptions = {}): Promise<DetectResult> {
  const choice = options.choice ?? 'auto';
  const candidates: EngineKind[] = choice === 'auto' ? ['docker', 'podman'] : [choice];
  const problems: string[] = [];
  for (const kind of candidates) {
    const path = options.path && (choice !== 'auto' || basename(options.path).startsWith(kind)) ? options.path : kind;
    const { engine, problem } = await probe(kind, path, options);
    if (engine) return { kind: 'found', engine };
    problems.push(problem);
    if (options.signal?.aborted) break;
  }
  const wanted = choice === 'auto' ? 'docker or podman' : choice;
  return { kind: 'missing', message: `no working container engine (${wanted}): ${problems.join('; ')}` };
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

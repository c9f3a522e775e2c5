// One container's life: `run` attached (its output streamed), and on cancel SIGTERM to its PID 1, a short grace,
// SIGKILL, then a check with `ps -a` that nothing of it is left. Without `--rm` (podman's Docker API) it is
// removed after its exit.
import { killCommand, psCommand, removeCommand, runCommand } from './commands';
import type { CommandLine, Engine, RunSpec } from './commands';
import { captureProcess, runProcess } from './process';
import type { Cancelled, OutputReady, ProcessResult } from './process';

export type ContainerExit =
  | { kind: 'exited'; code: number }
  | { kind: 'not-found'; message: string }
  /** `removed` is false when `ps -a` still lists the container after the clean-up. */
  | (Cancelled & { removed: boolean });

export const STOP_GRACE_MS = 1000;

export interface ContainerOptions {
  engine: Engine;
  spec: RunSpec;
  /** Aborting stops and removes the container. */
  signal?: AbortSignal;
  /** Base environment of the engine processes; `-e NAME` takes its value from here. Default process.env. */
  env?: NodeJS.ProcessEnv;
  onOutput?: (stream: 'stdout' | 'stderr', line: string) => void;
  outputReady?: OutputReady;
  log?: (text: string) => void;
  /** How long after a cancel SIGKILL follows SIGTERM (default 1 s). */
  stopGraceMs?: number;
}

export interface RunningContainer {
  name: string;
  /** Settles once the container has ended and is removed. */
  exit: Promise<ContainerExit>;
  /** Stops and removes the container; the same as aborting the signal. */
  stop(): Promise<ContainerExit>;
}

export function startContainer(options: ContainerOptions): RunningContainer {
  const { engine, spec, env, log } = options;
  const graceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  const killClient = new AbortController();
  let cancelled = false;
  const run: Promise<ProcessResult> = runProcess(runCommand(engine, spec), {
    env,
    log,
    detached: true,
    signal: killClient.signal,
    outputReady: options.outputReady,
    onStdout: (l) => options.onOutput?.('stdout', l),
    onStderr: (l) => options.onOutput?.('stderr', l),
  });

  const quiet = (cmd: CommandLine, ms: number) => runProcess(cmd, { env, log, signal: AbortSignal.timeout(ms) });

  async function gone(): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { result, stdout } = await captureProcess(psCommand(engine, spec.name), { env, signal: AbortSignal.timeout(15_000) });
      if (result.kind === 'exited' && result.code === 0 && !stdout.some((l) => l.trim() === spec.name)) return true;
      // A container whose creation was still in flight when the client died shows up late: remove it again.
      await quiet(removeCommand(engine, spec.name), 15_000);
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return false;
  }

  let settled = false;
  let stopping: Promise<ContainerExit> | undefined;
  const stop = (): Promise<ContainerExit> => {
    if (stopping) return stopping;
    cancelled = true;
    stopping = (async () => {
      // Not `stop -t 1`: podman spends about another second after its grace. Here the grace counts from the
      // cancel, not from when the engine has delivered SIGTERM.
      const graceOver = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs));
      const ended = run.then(() => true);
      await quiet(killCommand(engine, spec.name, 'SIGTERM'), 15_000);
      if (!(await Promise.race([ended, graceOver]))) await quiet(killCommand(engine, spec.name, 'SIGKILL'), 15_000);
      // `run` normally returns once the container stopped; a client that hangs is killed.
      const hung = setTimeout(() => killClient.abort(), 5000);
      const result = await run;
      clearTimeout(hung);
      // With `--rm` the engine removed it when `run` returned; gone() checks, and removes whatever is left.
      if (!engine.rmKeepsExitCode || result.kind !== 'exited') await quiet(removeCommand(engine, spec.name), 15_000);
      return { kind: 'cancelled', removed: await gone() };
    })();
    return stopping;
  };

  const onAbort = () => void stop();
  if (options.signal?.aborted) void stop();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = run
    .then(async (result): Promise<ContainerExit> => {
      options.signal?.removeEventListener('abort', onAbort);
      if (cancelled || result.kind === 'cancelled') return stop();
      if (result.kind === 'not-found') return { kind: 'not-found', message: `'${result.command}' was not found (${result.message})` };
      if (!engine.rmKeepsExitCode) await quiet(removeCommand(engine, spec.name), 15_000);
      return { kind: 'exited', code: result.code };
    })
    .finally(() => {
      settled = true;
    });
  return {
    name: spec.name,
    exit,
    stop: () => {
      if (!settled) void stop();
      return exit;
    },
  };
}

// podman 4.x leaves an interrupted build behind (containers/podman#14523, #20733): the working container in
// storage, and the RUN step's runtime container, whose process keeps running (the signal runc forwards to it
// reaches a PID 1 that ignores it). Whatever of these appeared during a cancelled build is removed afterwards.
// A build started elsewhere in the same moment would be hit too; that is the price of leaving nothing running.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildContainersCommand, removeCommand } from './commands';
import type { CommandLine, Engine } from './commands';
import { captureProcess, runProcess } from './process';

export interface BuildSnapshot {
  /** buildah working containers (podman `ps --external`, state Storage). */
  working: Set<string>;
  /** The OCI runtime's containers made by buildah (`buildah-…`), with their bundle folders. */
  runtime: Map<string, string>;
  runtimePath?: string;
}

export function runtimePathCommand(engine: Engine): CommandLine {
  return { command: engine.path, args: ['info', '--format', '{{.Host.OCIRuntime.Path}}'], ...(engine.env ? { env: engine.env } : {}) };
}

export function runtimeListCommand(runtime: string): CommandLine {
  return { command: runtime, args: ['list', '--format', 'json'] };
}

/** Kills (SIGKILL) and deletes a runtime container. */
export function runtimeDeleteCommand(runtime: string, id: string): CommandLine {
  return { command: runtime, args: ['delete', '--force', id] };
}

/** `id → bundle` of buildah's containers in `<runtime> list --format json` output. */
export function parseRuntimeList(json: string): Map<string, string> {
  const found = new Map<string, string>();
  try {
    for (const c of (JSON.parse(json) as Array<{ id?: string; bundle?: string }> | null) ?? []) {
      if (c.id?.startsWith('buildah-')) found.set(c.id, c.bundle ?? '');
    }
  } catch {
    // no list, or not JSON: nothing to clean
  }
  return found;
}

const quick = () => AbortSignal.timeout(15_000);

export async function snapshotBuild(engine: Engine, env?: NodeJS.ProcessEnv): Promise<BuildSnapshot | undefined> {
  const list = buildContainersCommand(engine);
  if (!list) return undefined;
  const { stdout } = await captureProcess(list, { env, signal: quick() });
  const working = new Set(stdout.map((l) => l.trim().split(/\s+/)).filter(([, state]) => state === 'Storage').map(([id]) => id));
  const info = await captureProcess(runtimePathCommand(engine), { env, signal: quick() });
  const runtimePath = info.result.kind === 'exited' && info.result.code === 0 ? info.stdout.join('').trim() || undefined : undefined;
  let runtime = new Map<string, string>();
  if (runtimePath) runtime = parseRuntimeList((await captureProcess(runtimeListCommand(runtimePath), { env, signal: quick() })).stdout.join('\n'));
  return { working, runtime, runtimePath };
}

/** Removes what appeared since `before`: runtime containers first (their processes), then working containers. */
export async function removeBuildLeftovers(engine: Engine, before: BuildSnapshot, env?: NodeJS.ProcessEnv, log?: (text: string) => void): Promise<void> {
  const now = await snapshotBuild(engine, env);
  if (!now) return;
  for (const [id, bundle] of now.runtime) {
    if (before.runtime.has(id) || !now.runtimePath) continue;
    await runProcess(runtimeDeleteCommand(now.runtimePath, id), { env, log, signal: quick() });
    if (bundle && /^buildah\d+$/.test(path.basename(bundle))) fs.rmSync(bundle, { recursive: true, force: true });
  }
  for (const id of now.working) {
    if (!before.working.has(id)) await runProcess(removeCommand(engine, id), { env, log, signal: quick() });
  }
}

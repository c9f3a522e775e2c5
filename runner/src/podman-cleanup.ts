// podman 4.x leaves an interrupted build behind (containers/podman#14523, #20733): the working container in
// storage, and the RUN step's runtime container, whose process keeps running (the signal runc forwards to it
// reaches a PID 1 that ignores it). Only what our build made is removed, never another build's containers:
// - our builds get a build arg `BUILD_MARKER=<unique value>` that no Dockerfile declares: it changes neither
//   the build nor its layer cache, but buildah records it in each working container's `buildah.json` (`Args`);
// - a RUN step's runtime container names its working container in its bundle's `run/.containerenv` (`id=`).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildContainersCommand, removeCommand } from './commands';
import type { CommandLine, Engine } from './commands';
import { captureProcess, runProcess } from './process';

export const BUILD_MARKER = 'SAGEMAKER_ENTRYPOINT_BUILD';

/** The value of BUILD_MARKER for one build. */
export function newBuildMarker(): string {
  return randomUUID();
}

/** Where podman keeps things: OCI runtime, storage root and driver, one per line. */
export function buildStoreCommand(engine: Engine): CommandLine {
  const format = '{{.Host.OCIRuntime.Path}}\n{{.Store.GraphRoot}}\n{{.Store.GraphDriverName}}';
  return { command: engine.path, args: ['info', '--format', format], ...(engine.env ? { env: engine.env } : {}) };
}

/** docker: the daemon's storage root; for podman's Docker API, podman's graph root. */
function dockerRootCommand(engine: Engine): CommandLine {
  return { command: engine.path, args: ['info', '--format', '{{.DockerRootDir}}'], ...(engine.env ? { env: engine.env } : {}) };
}

export interface BuildStore {
  runtimePath?: string;
  /** `<graph root>/<driver>-containers`: a folder per container, buildah's state in `userdata/buildah.json`. */
  containersDir?: string;
}

export function parseBuildStore(lines: readonly string[]): BuildStore {
  const [runtimePath, graphRoot, driver] = lines.map((l) => l.trim());
  return {
    ...(runtimePath ? { runtimePath } : {}),
    ...(graphRoot && driver ? { containersDir: path.join(graphRoot, `${driver}-containers`) } : {}),
  };
}

/** Full ids of buildah's working containers (state `Storage`) in `buildContainersCommand` output. */
export function parseWorkingContainers(lines: readonly string[]): string[] {
  return lines
    .map((l) => l.trim().split(/\s+/))
    .filter(([id, state]) => /^[0-9a-f]{64}$/.test(id) && state === 'Storage')
    .map(([id]) => id);
}

/** The build args buildah recorded in a working container's `buildah.json`; {} when unreadable. */
export function recordedBuildArgs(json: string): Record<string, string> {
  try {
    const args = (JSON.parse(json) as { Args?: unknown } | null)?.Args;
    return args && typeof args === 'object' ? (args as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The working container's id in a runtime bundle's `run/.containerenv` (`id="…"`). */
export function containerEnvId(text: string): string | undefined {
  return /^id="([0-9a-f]{64})"$/m.exec(text)?.[1];
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

const UNCONSUMED = /^(\[Warning\] one or more build args were not consumed: \[)(.*)\]$/;

/** A build output line without the marker in buildah's "not consumed" warning; undefined when nothing is left of it. */
export function hideMarker(line: string): string | undefined {
  const match = UNCONSUMED.exec(line);
  if (!match) return line;
  const rest = match[2].split(' ').filter((name) => name && name !== BUILD_MARKER);
  return rest.length > 0 ? `${match[1]}${rest.join(' ')}]` : undefined;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const quick = () => AbortSignal.timeout(15_000);

/**
 * For the docker CLI on podman's Docker API: a local `podman` whose storage is the service's, which can see and
 * remove what the service's builds leave; undefined when there is none (a remote service, no podman here).
 */
export async function storageEngineFor(engine: Engine, env?: NodeJS.ProcessEnv): Promise<Engine | undefined> {
  const podman: Engine = { kind: 'podman', path: 'podman', rmKeepsExitCode: true };
  const served = (await captureProcess(dockerRootCommand(engine), { env, signal: quick() })).stdout.join('').trim();
  const local = (await captureProcess(buildStoreCommand(podman), { env, signal: quick() })).stdout;
  const graphRoot = local[1]?.trim();
  return served && graphRoot && path.resolve(served) === path.resolve(graphRoot) ? podman : undefined;
}

/** Removes the leftovers of the build run with `BUILD_MARKER=marker`: its runtime containers first (their processes), then its working containers. */
export async function removeBuildLeftovers(
  engine: Engine,
  marker: string,
  env?: NodeJS.ProcessEnv,
  log?: (text: string) => void,
): Promise<void> {
  const list = buildContainersCommand(engine);
  if (!list) return;
  const store = parseBuildStore((await captureProcess(buildStoreCommand(engine), { env, signal: quick() })).stdout);
  if (!store.containersDir) return;
  const containersDir = store.containersDir;
  const working = parseWorkingContainers((await captureProcess(list, { env, signal: quick() })).stdout);
  const ours = new Set(
    working.filter((id) => recordedBuildArgs(readText(path.join(containersDir, id, 'userdata', 'buildah.json')))[BUILD_MARKER] === marker),
  );
  if (ours.size === 0) return;
  if (store.runtimePath) {
    const runtime = parseRuntimeList(
      (await captureProcess(runtimeListCommand(store.runtimePath), { env, signal: quick() })).stdout.join('\n'),
    );
    for (const [id, bundle] of runtime) {
      const owner = bundle ? containerEnvId(readText(path.join(bundle, 'run', '.containerenv'))) : undefined;
      if (!owner || !ours.has(owner)) continue;
      await runProcess(runtimeDeleteCommand(store.runtimePath, id), { env, log, signal: quick() });
      if (/^buildah\d+$/.test(path.basename(bundle))) fs.rmSync(bundle, { recursive: true, force: true });
    }
  }
  for (const id of ours) await runProcess(removeCommand(engine, id), { env, log, signal: quick() });
}

// `docker build` / `podman build`, its log streamed line by line.
import { buildCommand } from './commands';
import type { BuildSpec, Engine } from './commands';
import { LineTail } from './events';
import type { EventSink } from './events';
import { BUILD_MARKER, hideMarker, newBuildMarker, removeBuildLeftovers } from './podman-cleanup';
import { runProcess } from './process';

export type BuildResult =
  | { kind: 'built'; image: string }
  | { kind: 'failed'; exitCode: number; lastLines: string[] }
  | { kind: 'not-found'; message: string }
  | { kind: 'cancelled' };

export interface BuildOptions {
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** Base environment of the build process; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export async function buildImage(engine: Engine, spec: BuildSpec, options: BuildOptions = {}): Promise<BuildResult> {
  const emit = options.onEvent ?? (() => undefined);
  const tail = new LineTail();
  // What a cancelled podman build leaves behind is found by this marker (podman-cleanup.ts).
  const marker = options.signal && engine.kind === 'podman' ? newBuildMarker() : undefined;
  const output = (stream: 'stdout' | 'stderr') => (raw: string) => {
    const line = marker ? hideMarker(raw) : raw;
    if (line === undefined) return;
    tail.push(line);
    emit({ type: 'output', source: 'build', stream, line });
  };
  emit({ type: 'phase', phase: 'build', message: `building ${spec.tag}${spec.target ? ` (stage ${spec.target})` : ''} from ${spec.context}` });
  const command = buildCommand(engine, marker ? { ...spec, buildArgs: { ...spec.buildArgs, [BUILD_MARKER]: marker } } : spec);
  const result = await runProcess(command, {
    env: options.env,
    signal: options.signal,
    detached: true,
    log: (text) => emit({ type: 'command', text }),
    onStdout: output('stdout'),
    onStderr: output('stderr'),
  });
  if (result.kind === 'cancelled') {
    if (marker) await removeBuildLeftovers(engine, marker, options.env, (text) => emit({ type: 'command', text }));
    return result;
  }
  if (result.kind === 'not-found') return { kind: 'not-found', message: `'${result.command}' was not found (${result.message})` };
  if (result.code !== 0) return { kind: 'failed', exitCode: result.code, lastLines: tail.get() };
  return { kind: 'built', image: spec.tag };
}

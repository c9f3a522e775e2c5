// `docker build` / `podman build`, its log streamed line by line; a failure names the Dockerfile line it stopped at.
import { readRegularFile } from '../../analysis/src';
import { BuildStepTracker } from './build-failure';
import type { FailedStep } from './build-failure';
import { buildCommand } from './commands';
import type { BuildSpec, Engine } from './commands';
import { LineTail } from './events';
import type { EventSink } from './events';
import { BUILD_MARKER, hideMarker, newBuildMarker, removeBuildLeftovers, storageEngineFor } from './podman-cleanup';
import { runProcess } from './process';
import type { Cancelled, OutputReady } from './process';

export type BuildResult =
  | { kind: 'built'; image: string }
  | { kind: 'failed'; exitCode: number; lastLines: string[]; step?: FailedStep }
  | { kind: 'not-found'; message: string }
  | Cancelled;

export interface BuildOptions {
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** Base environment of the build process; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Flow control of the build log (process.ts). */
  outputReady?: OutputReady;
  /** The Dockerfile's text as the build reads it, to find a failing step in; read from `spec.dockerfile` when absent. */
  dockerfileText?: string;
}

const DOCKERFILE_READ_LIMIT = 16 * 1024 * 1024;

export async function buildImage(engine: Engine, spec: BuildSpec, options: BuildOptions = {}): Promise<BuildResult> {
  const emit = options.onEvent ?? (() => undefined);
  const log = (text: string) => emit({ type: 'command', text });
  const tail = new LineTail();
  const steps = new BuildStepTracker(spec.dockerfile);
  // What a cancelled podman build leaves behind is found by this marker (podman-cleanup.ts); podman behind the
  // docker CLI builds in the same way and leaves the same.
  const podmanBuilds = engine.kind === 'podman' || !engine.rmKeepsExitCode;
  const marker = options.signal && podmanBuilds ? newBuildMarker() : undefined;
  const output = (stream: 'stdout' | 'stderr') => (raw: string) => {
    const line = marker ? hideMarker(raw) : raw;
    if (line === undefined) return;
    tail.push(line);
    steps.push(line);
    emit({ type: 'output', source: 'build', stream, line });
  };
  emit({
    type: 'phase',
    phase: 'build',
    message: `building ${spec.tag}${spec.target ? ` (stage ${spec.target})` : ''} from ${spec.context}`,
  });
  const command = buildCommand(engine, marker ? { ...spec, buildArgs: { ...spec.buildArgs, [BUILD_MARKER]: marker } } : spec);
  const result = await runProcess(command, {
    env: options.env,
    signal: options.signal,
    detached: true,
    log,
    outputReady: options.outputReady,
    onStdout: output('stdout'),
    onStderr: output('stderr'),
  });
  if (result.kind === 'cancelled') {
    if (marker) await cleanUp(engine, marker, options.env, emit);
    return result;
  }
  if (result.kind === 'not-found') return { kind: 'not-found', message: `'${result.command}' was not found (${result.message})` };
  if (result.code !== 0) {
    const text = options.dockerfileText ?? readDockerfile(spec.dockerfile);
    const step = text === undefined ? undefined : steps.locate(spec.dockerfile, text);
    return { kind: 'failed', exitCode: result.code, lastLines: tail.get(), ...(step ? { step } : {}) };
  }
  return { kind: 'built', image: spec.tag };
}

function readDockerfile(file: string): string | undefined {
  const read = readRegularFile(file, DOCKERFILE_READ_LIMIT);
  return read.ok ? read.text : undefined;
}

/** Removes what the cancelled build left; for podman behind the docker CLI, through a local podman on the same storage. */
async function cleanUp(engine: Engine, marker: string, env: NodeJS.ProcessEnv | undefined, emit: EventSink): Promise<void> {
  const log = (text: string) => emit({ type: 'command', text });
  const storage = engine.kind === 'podman' ? engine : await storageEngineFor(engine, env);
  if (storage) await removeBuildLeftovers(storage, marker, env, log);
  else emit({ type: 'warning', message: "the build may go on inside the engine's service: no local podman shares its storage to stop it" });
}

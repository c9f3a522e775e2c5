// A whole local run as SageMaker would do it: checks → engine → build → train or serve.
// The CLI's `run` and the editor's Run command both start here.
import * as path from 'node:path';
import type { Diagnostic } from '../../analysis/src';
import { buildImage } from './build';
import type { FailedStep } from './build-failure';
import { imageExistsCommand } from './commands';
import type { Engine, PullPolicy } from './commands';
import { detectEngine } from './engine';
import type { EngineChoice, EngineProblem } from './engine';
import { jobName } from './job';
import type { ChannelSpec } from './job';
import { chooseJobsRoot, ensureWritableFolder } from './job-root';
import type { HyperparameterEncodingChoice } from './hyperparameters';
import { planRun } from './plan';
import type { PlanOptions, RunPlan } from './plan';
import { runProcess } from './process';
import type { Cancelled } from './process';
import { serve } from './serve';
import type { ServeStart } from './serve';
import { train } from './train';
import type { ContainerSettings, TrainResult } from './train';

/** The plan's options (the Dockerfile, its checks, the mode), the engine's, and the container's. */
export interface LocalRunOptions extends ContainerSettings, Omit<PlanOptions, 'dockerfilePath' | 'image'> {
  /** May be absent only with `build: false`, an `image` and a `mode`. */
  dockerfilePath?: string;
  /** Tag to build, or the image to run with `build: false`. */
  image?: string;
  /** Default true. */
  build?: boolean;
  pull?: PullPolicy;
  extraBuildArgs?: readonly string[];
  /** An engine found earlier, or which one to look for (default auto). */
  engine?: EngineChoice | Engine;
  enginePath?: string;
  /** Kept on the engine for every command (e.g. DOCKER_HOST). */
  engineEnv?: Record<string, string>;
  jobsRoot?: string;
  /** Training: values, or `Hyperparameter`s as the user wrote them. */
  hyperparameters?: Record<string, unknown>;
  /** Default auto: JSON for images that set an entry-point variable, plain strings otherwise. */
  hyperparameterEncoding?: HyperparameterEncodingChoice;
  channels?: Record<string, string | ChannelSpec>;
  /** Mount channels read-only in place (default: a private writable view). */
  readOnlyChannels?: boolean;
  instanceCount?: number;
  /** Mounted at /opt/ml/checkpoints and kept between runs; default none, as on SageMaker without a CheckpointConfig. */
  checkpointDir?: string;
  /** Serving: a model folder, model.tar.gz or training job folder. */
  model?: string;
  port?: number;
  /** Fail when `port` is taken instead of choosing a free one (the user asked for that port). */
  strictPort?: boolean;
  startupTimeoutMs?: number;
  pingIntervalMs?: number;
}

export type LocalRunOutcome =
  | { kind: 'refused'; reason: string; diagnostics: Diagnostic[]; errors: Diagnostic[] }
  | { kind: 'engine-missing'; message: string; problems: EngineProblem[] }
  | { kind: 'image-missing'; image: string }
  /** The folder for job folders (`jobs`, chosen by the user or not) or for checkpoints cannot be used. */
  | { kind: 'folder-unusable'; purpose: 'jobs' | 'checkpoints'; folder: string; reason: string; explicit: boolean }
  | { kind: 'build-failed'; message: string; exitCode?: number; lastLines: string[]; step?: FailedStep }
  | Cancelled
  | { kind: 'trained'; plan?: RunPlan; engine: Engine; image: string; result: TrainResult }
  | { kind: 'serving'; plan?: RunPlan; engine: Engine; image: string; result: ServeStart };

function describe(plan: RunPlan): string {
  const entry = Object.entries(plan.entryPoint)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${plan.mode} (${plan.modeReason})${entry ? `; ${entry}` : ''}; context ${plan.contextDir}`;
}

export async function runLocally(options: LocalRunOptions): Promise<LocalRunOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  const build = options.build !== false;
  let plan: RunPlan | undefined;
  let mode = options.mode;
  let image = options.image;
  if (options.dockerfilePath) {
    emit({ type: 'phase', phase: 'check', message: `checking ${options.dockerfilePath}` });
    const planned = planRun({ ...options, dockerfilePath: options.dockerfilePath });
    if (planned.kind === 'refused') return planned;
    plan = planned.plan;
    mode = plan.mode;
    image = plan.image;
    if (plan.forcedErrors.length > 0)
      emit({ type: 'warning', message: `running despite ${plan.forcedErrors.length} error(s) in the Dockerfile (forced)` });
    emit({ type: 'phase', phase: 'check', message: describe(plan) });
  } else if (build || !image || !mode) {
    return { kind: 'refused', reason: 'without a Dockerfile, give an image, a mode and no build', diagnostics: [], errors: [] };
  }

  // Before the engine and the build: a folder the run cannot write to would only fail after them.
  const jobsRoot = chooseJobsRoot(options.jobsRoot, options.hostEnv);
  if (jobsRoot.kind === 'unusable')
    return { kind: 'folder-unusable', purpose: 'jobs', folder: jobsRoot.folder, reason: jobsRoot.reason, explicit: jobsRoot.explicit };
  if (jobsRoot.fallback)
    emit({
      type: 'warning',
      message: `job folders go to ${jobsRoot.root}: the default ${jobsRoot.fallback.from} cannot be used (${jobsRoot.fallback.reason})`,
    });
  if (mode === 'train' && options.checkpointDir) {
    const checkpoints = ensureWritableFolder(options.checkpointDir);
    if (!checkpoints.ok)
      return { kind: 'folder-unusable', purpose: 'checkpoints', folder: options.checkpointDir, reason: checkpoints.reason, explicit: true };
  }

  let engine: Engine;
  if (typeof options.engine === 'object') engine = options.engine;
  else {
    emit({
      type: 'phase',
      phase: 'engine',
      message: `looking for ${options.engine && options.engine !== 'auto' ? options.engine : 'docker or podman'}`,
    });
    const found = await detectEngine({
      choice: options.engine,
      path: options.enginePath,
      env: options.hostEnv,
      engineEnv: options.engineEnv,
      signal: options.signal,
      log: (text) => emit({ type: 'command', text }),
    });
    if (found.kind === 'cancelled' || options.signal?.aborted) return { kind: 'cancelled' };
    if (found.kind === 'missing') return { kind: 'engine-missing', message: found.message, problems: found.problems };
    engine = found.engine;
    emit({ type: 'phase', phase: 'engine', message: `using ${engine.path}${engine.version ? ` (server ${engine.version})` : ''}` });
  }

  if (build && plan) {
    const spec = {
      dockerfile: plan.dockerfilePath,
      context: plan.contextDir,
      tag: image,
      target: plan.target,
      buildArgs: plan.buildArgs,
      pull: options.pull,
      extraArgs: options.extraBuildArgs,
    };
    const { signal, hostEnv: env, outputReady } = options;
    const built = await buildImage(engine, spec, { signal, onEvent: emit, env, outputReady, dockerfileText: plan.text });
    if (built.kind === 'cancelled') return { kind: 'cancelled' };
    if (built.kind === 'not-found') {
      const problem: EngineProblem = { kind: 'not-installed', engine: engine.kind, path: engine.path, detail: built.message };
      return { kind: 'engine-missing', message: built.message, problems: [problem] };
    }
    if (built.kind === 'failed') {
      const { exitCode, lastLines, step } = built;
      const at = step ? ` at ${path.basename(step.file)}:${step.line} (${step.instruction})` : '';
      return {
        kind: 'build-failed',
        message: `the build failed${at} with exit code ${exitCode}`,
        exitCode,
        lastLines,
        ...(step ? { step } : {}),
      };
    }
  } else {
    const log = (text: string) => emit({ type: 'command', text });
    const exists = await runProcess(imageExistsCommand(engine, image), { env: options.hostEnv, signal: options.signal, log });
    if (exists.kind === 'cancelled') return { kind: 'cancelled' };
    if (exists.kind !== 'exited' || exists.code !== 0) return { kind: 'image-missing', image };
  }

  const base = plan ? path.basename(path.dirname(plan.dockerfilePath)) : (image.split('/').pop() ?? image).split(':')[0];
  const name = jobName(base);
  if (mode === 'train') {
    const { hyperparameters, channels, instanceCount, gpus: gpu, checkpointDir } = options;
    const job = { name, root: jobsRoot.root, hyperparameters, channels, instanceCount, gpu, checkpointDir };
    const result = await train({ ...options, engine, image, job });
    return { kind: 'trained', plan, engine, image, result };
  }
  const result = await serve({ ...options, jobsRoot: jobsRoot.root, engine, image, name });
  return { kind: 'serving', plan, engine, image, result };
}

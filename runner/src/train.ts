// `docker run <image> train` with the /opt/ml layout; the result is the exit code, the failure file
// (shown first, R5/R8) and the model folder with a model.tar.gz like the SDK's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createModelArchive } from './archive';
import type { Engine } from './commands';
import { startContainer } from './container';
import { containerEnv } from './environment';
import { LineTail } from './events';
import type { EventSink } from './events';
import { createTrainingJob, readFailure, validateTrainingJob } from './job';
import type { TrainingJob, TrainingJobSpec } from './job';

export interface ContainerSettings {
  /** The user's variables (`--env K=V`). */
  env?: Record<string, string>;
  /** Where AWS_REGION and opted-in credentials come from; default process.env. */
  hostEnv?: NodeJS.ProcessEnv;
  passAwsCredentials?: boolean;
  gpus?: boolean;
  /** `--user` for the container (R7); default: the image's user. */
  user?: string;
  extraRunArgs?: readonly string[];
  signal?: AbortSignal;
  onEvent?: EventSink;
}

export interface TrainOptions extends ContainerSettings {
  engine: Engine;
  image: string;
  job: TrainingJobSpec;
  /** Pack /opt/ml/model into <job>/model.tar.gz after the run (default true). */
  archive?: boolean;
}

export type TrainResult =
  | {
      kind: 'completed' | 'failed';
      exitCode: number;
      /** Text of /opt/ml/output/failure, when the container wrote one. */
      failure?: string;
      job: TrainingJob;
      modelArchive?: string;
      archiveProblem?: string;
      /** The last lines of the container's output. */
      lastLines: string[];
    }
  | { kind: 'cancelled'; job: TrainingJob; removed: boolean }
  | { kind: 'not-started'; message: string; job?: TrainingJob };

export async function train(options: TrainOptions): Promise<TrainResult> {
  const emit = options.onEvent ?? (() => undefined);
  const problems = validateTrainingJob(options.job);
  if (problems.length > 0) return { kind: 'not-started', message: problems.join('; ') };
  if (options.signal?.aborted) return { kind: 'not-started', message: 'cancelled before the start' };
  const job = createTrainingJob({ ...options.job, gpu: options.job.gpu ?? options.gpus });
  emit({ type: 'phase', phase: 'prepare', message: `job folder ${job.dir}` });
  const hostEnv = options.hostEnv ?? process.env;
  const tail = new LineTail();
  emit({ type: 'phase', phase: 'run', message: `training in container ${job.name}` });
  const container = startContainer({
    engine: options.engine,
    env: hostEnv,
    signal: options.signal,
    log: (text) => emit({ type: 'command', text }),
    onOutput: (stream, line) => {
      tail.push(line);
      emit({ type: 'output', source: 'train', stream, line });
    },
    spec: {
      image: options.image,
      name: job.name,
      mode: 'train',
      hostname: job.host,
      mounts: job.mounts,
      env: containerEnv({ jobName: job.name, hostEnv, passAwsCredentials: options.passAwsCredentials, user: options.env }),
      gpus: options.gpus,
      user: options.user,
      extraArgs: options.extraRunArgs,
    },
  });
  const exit = await container.exit;
  if (exit.kind === 'cancelled') return { kind: 'cancelled', job, removed: exit.removed };
  if (exit.kind === 'not-found') return { kind: 'not-started', message: exit.message, job };
  const failure = readFailure(job);
  let modelArchive: string | undefined;
  let archiveProblem: string | undefined;
  if (options.archive !== false && fs.existsSync(job.modelDir)) {
    emit({ type: 'phase', phase: 'collect', message: 'packing model.tar.gz' });
    const packed = await createModelArchive(job.modelDir, path.join(job.dir, 'model.tar.gz'), {
      signal: options.signal,
      log: (text) => emit({ type: 'command', text }),
    });
    if (packed.kind === 'done') modelArchive = packed.path;
    else archiveProblem = packed.kind === 'failed' ? packed.message : 'cancelled';
    if (archiveProblem) emit({ type: 'warning', message: `model.tar.gz was not made: ${archiveProblem}` });
  }
  return {
    kind: exit.code === 0 ? 'completed' : 'failed',
    exitCode: exit.code,
    failure,
    job,
    modelArchive,
    archiveProblem,
    lastLines: tail.get(),
  };
}

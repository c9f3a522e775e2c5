// `docker run <image> train` with the /opt/ml layout, on one host or on algo-1 … algo-N sharing a network of
// their own. The result is the first failure (its exit code and failure file, shown first, R5/R8), else
// success; then model.tar.gz and output.tar.gz like the SDK's.
import * as path from 'node:path';
import { errorMessage } from '../../analysis/src';
import { createArchive } from './archive';
import { imageEnvCommand, networkCreateCommand, networkListCommand, networkRemoveCommand } from './commands';
import type { Engine } from './commands';
import { startContainer } from './container';
import type { ContainerExit } from './container';
import { prepareEnvironment } from './environment';
import type { PreparedEnvironment } from './environment';
import { LineTail } from './events';
import type { EventSink } from './events';
import { TOOLKIT_VARIABLES, chooseEncoding } from './hyperparameters';
import type { HyperparameterEncoding, HyperparameterEncodingChoice } from './hyperparameters';
import { createTrainingJob, defaultJobsRoot, readFailure, validateTrainingJob } from './job';
import type { ChannelAccess, HostFolders, TrainingJob, TrainingJobSpec } from './job';
import { formatBytes, measureJobTree } from './job-files';
import { captureProcess, runProcess } from './process';
import type { Cancelled, OutputReady } from './process';

export interface ContainerSettings {
  /** The user's variables (`--env K=V`). */
  env?: Record<string, string>;
  /** Where the region and opted-in credentials come from; default process.env. */
  hostEnv?: NodeJS.ProcessEnv;
  passAwsCredentials?: boolean;
  gpus?: boolean;
  /** `--user` for the container (R7); default: the image's user. */
  user?: string;
  /** The engine's init as PID 1; default: the image's entry point is PID 1, as on SageMaker. */
  init?: boolean;
  extraRunArgs?: readonly string[];
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** Flow control of the containers' (and the build's) output, for a consumer that can fall behind. */
  outputReady?: OutputReady;
}

export interface TrainOptions extends ContainerSettings {
  engine: Engine;
  image: string;
  job: TrainingJobSpec;
  /** Default auto: JSON when the image (or `env`) sets SAGEMAKER_PROGRAM or SAGEMAKER_TRAINING_MODULE. */
  hyperparameterEncoding?: HyperparameterEncodingChoice;
  /** Channels mounted read-only in place instead of a private writable view. */
  readOnlyChannels?: boolean;
  /** Pack /opt/ml/model and /opt/ml/output/data into <job>/model.tar.gz and output.tar.gz (default true). */
  archive?: boolean;
  /** The most that is packed from /opt/ml/model (or /opt/ml/output/data) of all hosts; default 20 GiB. */
  archiveLimitBytes?: number;
}

export interface HostResult {
  host: string;
  /** Undefined when the host was stopped because another failed. */
  exitCode?: number;
}

export type TrainResult =
  | {
      kind: 'completed' | 'failed';
      exitCode: number;
      /** Text of /opt/ml/output/failure of the failing host (else algo-1), when it was a regular file. */
      failure?: string;
      failureTruncated?: boolean;
      /** Why the failure file was not read (a link, a FIFO …); its content is never shown then. */
      failureProblem?: string;
      /** The host whose failure ended the job. */
      failedHost?: string;
      hosts: HostResult[];
      job: TrainingJob;
      modelArchive?: string;
      outputArchive?: string;
      archiveProblem?: string;
      /** The last lines of the containers' output. */
      lastLines: string[];
    }
  | (Cancelled & { job: TrainingJob; removed: boolean })
  | { kind: 'not-started'; message: string; job?: TrainingJob };

const DEFAULT_ARCHIVE_LIMIT = 20 * 1024 ** 3;
const ARCHIVE_ENTRY_LIMIT = 1_000_000;

const CHANNEL_ACCESS: Record<ChannelAccess, string> = {
  overlay: "copy-on-write overlays (podman's :O): the job may change them, your folders stay as they are",
  copy: 'private copies in the job folder: the job may change them, your folders stay as they are',
  'read-only': 'your folders, mounted read-only',
};

/** The image's configured variables; undefined when the engine cannot tell. */
async function imageEnv(options: EncodingOptions): Promise<Record<string, string> | undefined> {
  const { result, stdout } = await captureProcess(imageEnvCommand(options.engine, options.image), {
    env: options.hostEnv,
    signal: options.signal,
  });
  if (result.kind !== 'exited' || result.code !== 0) return undefined;
  try {
    const list = JSON.parse(stdout.join('\n')) as unknown;
    if (!Array.isArray(list)) return undefined;
    return Object.fromEntries(
      list
        .filter((e): e is string => typeof e === 'string' && e.includes('='))
        .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
    );
  } catch {
    return undefined;
  }
}

export type EncodingOptions = Pick<TrainOptions, 'engine' | 'image' | 'env' | 'hostEnv' | 'signal' | 'hyperparameterEncoding'>;

/**
 * How this image gets its hyperparameters: as chosen, else JSON when the image's configured variables or the
 * run's own set an entry-point variable, plain strings otherwise. A submission to SageMaker decides the same way.
 */
export async function decideEncoding(options: EncodingOptions): Promise<{ encoding: HyperparameterEncoding; reason: string }> {
  const choice = options.hyperparameterEncoding ?? 'auto';
  if (choice !== 'auto') return chooseEncoding(choice, {}, '');
  const fromImage = await imageEnv(options);
  const fromRun = TOOLKIT_VARIABLES.some((name) => options.env?.[name] !== undefined);
  return fromImage
    ? chooseEncoding('auto', { ...fromImage, ...options.env }, fromRun ? "the run's environment" : 'the image')
    : { encoding: 'json', reason: "the image's environment could not be read; the toolkit's encoding" };
}

async function hyperparameterEncoding(options: TrainOptions, emit: EventSink): Promise<HyperparameterEncoding> {
  const decided = await decideEncoding({
    ...options,
    hyperparameterEncoding: options.hyperparameterEncoding ?? options.job.hyperparameterEncoding,
  });
  emit({
    type: 'phase',
    phase: 'prepare',
    message: `hyperparameters ${decided.encoding === 'json' ? 'JSON-encoded' : 'as plain strings'}: ${decided.reason}`,
  });
  return decided.encoding;
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const emit = options.onEvent ?? (() => undefined);
  const problems = validateTrainingJob(options.job);
  if (problems.length > 0) return { kind: 'not-started', message: problems.join('; ') };
  if (options.signal?.aborted) return { kind: 'not-started', message: 'cancelled before the start' };
  const hostEnv = options.hostEnv ?? process.env;
  const log = (text: string) => emit({ type: 'command', text });
  const prepared = await prepareEnvironment({
    jobName: options.job.name,
    hostEnv,
    passAwsCredentials: options.passAwsCredentials,
    user: options.env,
    log: (message) => emit({ type: 'phase', phase: 'prepare', message }),
  });
  if (prepared.kind === 'failed') return { kind: 'not-started', message: prepared.message };
  const encoding = await hyperparameterEncoding(options, emit);
  const channelAccess =
    options.job.channelAccess ?? (options.readOnlyChannels ? 'read-only' : options.engine.kind === 'podman' ? 'overlay' : 'copy');
  let job: TrainingJob;
  try {
    job = createTrainingJob({ ...options.job, gpu: options.job.gpu ?? options.gpus, hyperparameterEncoding: encoding, channelAccess });
  } catch (error) {
    // A folder that cannot be written, a disk that is full, a channel that cannot be copied.
    return {
      kind: 'not-started',
      message: `cannot create the job folder ${path.join(options.job.root ?? defaultJobsRoot(), options.job.name)}: ${errorMessage(error)}`,
    };
  }
  emit({ type: 'phase', phase: 'prepare', message: `job folder ${job.dir}` });
  if (Object.keys(options.job.channels ?? {}).length > 0)
    emit({ type: 'phase', phase: 'prepare', message: `channels: ${CHANNEL_ACCESS[channelAccess]}` });
  if (job.checkpointDir)
    emit({ type: 'phase', phase: 'prepare', message: `checkpoints: ${job.checkpointDir} at /opt/ml/checkpoints (kept between runs)` });

  const several = job.hosts.length > 1;
  const network = several ? job.name : undefined;
  if (network) {
    const created = await runProcess(networkCreateCommand(options.engine, network), {
      env: hostEnv,
      log,
      signal: AbortSignal.timeout(30_000),
    });
    if (created.kind !== 'exited' || created.code !== 0)
      return { kind: 'not-started', message: `the network ${network} could not be created`, job };
  }
  const tail = new LineTail();
  emit({
    type: 'phase',
    phase: 'run',
    message: `training in container${several ? 's' : ''} ${job.hosts.map((h) => containerName(job, h)).join(', ')}`,
  });
  const { settled, failedHost } = await runHosts(job, network, prepared, tail, options, emit);
  const networkGone = network ? await removeNetwork(options, network, hostEnv, log) : true;

  const missing = settled.find((e): e is Extract<ContainerExit, { kind: 'not-found' }> => e.kind === 'not-found');
  if (missing) return { kind: 'not-started', message: missing.message, job };
  if (options.signal?.aborted && !failedHost) {
    return { kind: 'cancelled', job, removed: networkGone && settled.every((e) => e.kind !== 'cancelled' || e.removed) };
  }
  const hosts: HostResult[] = job.hosts.map((h, i) => {
    const exit = settled[i];
    return { host: h.host, ...(exit.kind === 'exited' ? { exitCode: exit.code } : {}) };
  });
  const reporting = failedHost ?? job.hosts[0];
  const exitCode = failedHost ? (hosts[job.hosts.indexOf(failedHost)].exitCode ?? 1) : 0;
  const failure = readFailure(job, reporting);
  const archives = options.archive === false ? {} : await collect(job, options, emit);
  return {
    kind: failedHost ? 'failed' : 'completed',
    exitCode,
    ...(failure.kind === 'read' ? { failure: failure.text, ...(failure.truncated ? { failureTruncated: true } : {}) } : {}),
    ...(failure.kind === 'refused' ? { failureProblem: failure.reason } : {}),
    ...(failedHost && several ? { failedHost: failedHost.host } : {}),
    hosts,
    job,
    ...archives,
    lastLines: tail.get(),
  };
}

/** One container per host; the first host that fails stops the others, as a cancel stops them all. */
async function runHosts(
  job: TrainingJob,
  network: string | undefined,
  prepared: Extract<PreparedEnvironment, { kind: 'ready' }>,
  tail: LineTail,
  options: TrainOptions,
  emit: EventSink,
): Promise<{ settled: ContainerExit[]; failedHost?: HostFolders }> {
  const several = job.hosts.length > 1;
  const stops = job.hosts.map(() => new AbortController());
  const stopAll = () => stops.forEach((s) => s.abort());
  options.signal?.addEventListener('abort', stopAll, { once: true });
  let failedHost: HostFolders | undefined;
  const exits = job.hosts.map((host, i) => {
    const container = startContainer({
      engine: options.engine,
      env: prepared.processEnv,
      signal: stops[i].signal,
      outputReady: options.outputReady,
      log: (text) => emit({ type: 'command', text }),
      onOutput: (stream, line) => {
        tail.push(several ? `[${host.host}] ${line}` : line);
        emit({ type: 'output', source: 'train', stream, line, ...(several ? { host: host.host } : {}) });
      },
      spec: {
        image: options.image,
        name: containerName(job, host),
        mode: 'train',
        hostname: host.host,
        ...(network ? { network: { name: network, alias: host.host } } : {}),
        mounts: host.mounts,
        env: prepared.vars,
        init: options.init,
        gpus: options.gpus,
        user: options.user,
        extraArgs: options.extraRunArgs,
      },
    });
    return container.exit.then((exit) => {
      if (exit.kind === 'exited' && exit.code !== 0 && !failedHost && !options.signal?.aborted) {
        failedHost = host;
        if (several) emit({ type: 'warning', message: `${host.host} failed with exit code ${exit.code}: stopping the other hosts` });
        stopAll();
      }
      return exit;
    });
  });
  const settled = await Promise.all(exits);
  options.signal?.removeEventListener('abort', stopAll);
  return { settled, failedHost };
}

function containerName(job: TrainingJob, host: HostFolders): string {
  return job.hosts.length > 1 ? `${job.name}-${host.host}` : job.name;
}

/** Removes the job's network; true once `network ls` no longer lists it. */
async function removeNetwork(
  options: TrainOptions,
  network: string,
  env: NodeJS.ProcessEnv,
  log: (text: string) => void,
): Promise<boolean> {
  await runProcess(networkRemoveCommand(options.engine, network), { env, log, signal: AbortSignal.timeout(30_000) });
  const { result, stdout } = await captureProcess(networkListCommand(options.engine, network), {
    env,
    signal: AbortSignal.timeout(15_000),
  });
  return result.kind === 'exited' && result.code === 0 && !stdout.some((l) => l.trim() === network);
}

/** model.tar.gz and output.tar.gz of every host's folders, after checking what the containers left there. */
async function collect(
  job: TrainingJob,
  options: TrainOptions,
  emit: EventSink,
): Promise<{ modelArchive?: string; outputArchive?: string; archiveProblem?: string }> {
  emit({ type: 'phase', phase: 'collect', message: 'packing model.tar.gz and output.tar.gz' });
  const limits = { maxBytes: options.archiveLimitBytes ?? DEFAULT_ARCHIVE_LIMIT, maxEntries: ARCHIVE_ENTRY_LIMIT };
  const problems: string[] = [];
  const pack = async (archive: string, folder: (h: HostFolders) => string): Promise<string | undefined> => {
    const dirs: string[] = [];
    let bytes = 0;
    for (const host of job.hosts) {
      const dir = folder(host);
      const measured = measureJobTree(job.dir, path.relative(job.dir, dir).split(path.sep).join('/'), limits);
      if (measured.kind === 'absent') continue;
      if (measured.kind !== 'measured') {
        problems.push(`${archive} was not made: ${measured.reason}`);
        return undefined;
      }
      bytes += measured.bytes;
      if (bytes > limits.maxBytes) {
        problems.push(`${archive} was not made: more than ${formatBytes(limits.maxBytes)} to pack`);
        return undefined;
      }
      dirs.push(dir);
    }
    const packed = await createArchive(dirs, path.join(job.dir, archive), {
      signal: options.signal,
      log: (text) => emit({ type: 'command', text }),
    });
    if (packed.kind === 'done') return packed.path;
    problems.push(`${archive} was not made: ${packed.kind === 'failed' ? packed.message : 'cancelled'}`);
    return undefined;
  };
  const modelArchive = await pack('model.tar.gz', (h) => h.modelDir);
  const outputArchive = await pack('output.tar.gz', (h) => h.outputDataDir);
  for (const problem of problems) emit({ type: 'warning', message: problem });
  return {
    ...(modelArchive ? { modelArchive } : {}),
    ...(outputArchive ? { outputArchive } : {}),
    ...(problems.length > 0 ? { archiveProblem: problems.join('; ') } : {}),
  };
}

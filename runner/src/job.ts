// The job folder: SageMaker's /opt/ml layout on the host (docs/sagemaker-contract.md#the-optml-layout), one per host, and what is
// mounted where.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Mount } from './commands';
import { encodeHyperparameters } from './hyperparameters';
import type { HyperparameterEncoding } from './hyperparameters';
import { readJobFile } from './job-files';
import type { JobFileRead } from './job-files';

export const OPT_ML = '/opt/ml';
export const DEFAULT_HOST = 'algo-1';
/** SageMaker's name for the one instance group of a job that does not define groups. */
const INSTANCE_GROUP = 'homogeneousCluster';
export const MAX_INSTANCE_COUNT = 16;
/** SageMaker shows the first 1024 characters as FailureReason; more than this is never read. */
const FAILURE_READ_LIMIT = 64 * 1024;

/**
 * How a channel reaches /opt/ml/input/data/<name>. SageMaker downloads a private copy the job may change; here
 * `overlay` (podman's `:O`) and `copy` (a copy in the job folder) give the same without touching the user's
 * folder, `read-only` mounts the folder itself for data too large to copy.
 */
export type ChannelAccess = 'overlay' | 'copy' | 'read-only';

export interface ChannelSpec {
  /** Absolute host folder. */
  dir: string;
  /** `ContentType` in inputdataconfig.json (e.g. text/csv). */
  contentType?: string;
}

export interface TrainingJobSpec {
  name: string;
  /** Folder holding one folder per job; default defaultJobsRoot(). */
  root?: string;
  /** Values (strings, numbers …) or `Hyperparameter`s as the user wrote them. */
  hyperparameters?: Record<string, unknown>;
  /** Default json. */
  hyperparameterEncoding?: HyperparameterEncoding;
  /** Channel name → absolute host folder (or folder and content type). */
  channels?: Record<string, string | ChannelSpec>;
  /** Default overlay. */
  channelAccess?: ChannelAccess;
  /** algo-1 … algo-N; default 1. */
  instanceCount?: number;
  gpu?: boolean;
  /** Mounted at /opt/ml/checkpoints on every host and kept between runs, as SageMaker syncs a CheckpointConfig. */
  checkpointDir?: string;
}

/** One host's /opt/ml on the host. */
export interface HostFolders {
  host: string;
  /** The host's folder: the job folder itself for a single host, `<job>/<host>` for several. */
  dir: string;
  configDir: string;
  modelDir: string;
  outputDir: string;
  outputDataDir: string;
  failureFile: string;
  successFile: string;
  mounts: Mount[];
}

/** The job; its own fields are the first host's (where a distributed job conventionally saves its model). */
export interface TrainingJob extends HostFolders {
  name: string;
  dir: string;
  hosts: HostFolders[];
  checkpointDir?: string;
}

export function defaultJobsRoot(): string {
  return path.join(os.tmpdir(), 'sagemaker-entrypoint', 'jobs');
}

/** Lower-case letters, digits and single dashes: valid in image names, container names and job names. */
export function slug(text: string, maxLength = 20): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
  return s || 'image';
}

/** `sagemaker-entrypoint-<base>-<yyyymmdd-hhmmss>-<4 hex>`: unique, ≤ 63 characters like a SageMaker job name. */
export function jobName(base: string, now = new Date(), random = randomBytes(2).toString('hex')): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `sagemaker-entrypoint-${slug(base)}-${stamp}-${random}`;
}

function hostNames(count = 1): string[] {
  return Array.from({ length: count }, (_, i) => `algo-${i + 1}`);
}

/** resourceconfig.json as SageMaker writes it for one instance group; `local`/`local_gpu` as the SDK's local mode. */
export function resourceConfig(host: string, hosts: readonly string[] = [host], gpu = false): Record<string, unknown> {
  const instanceType = gpu ? 'local_gpu' : 'local';
  return {
    current_host: host,
    current_instance_type: instanceType,
    current_group_name: INSTANCE_GROUP,
    hosts: [...hosts],
    instance_groups: [{ instance_group_name: INSTANCE_GROUP, instance_type: instanceType, hosts: [...hosts] }],
    network_interface_name: 'eth0',
  };
}

export interface ChannelConfig {
  ContentType?: string;
  TrainingInputMode: 'File';
  S3DistributionType: 'FullyReplicated';
  RecordWrapperType: 'None';
}

export function inputDataConfig(channels: Readonly<Record<string, { contentType?: string }>>): Record<string, ChannelConfig> {
  return Object.fromEntries(
    Object.entries(channels).map(([name, channel]): [string, ChannelConfig] => [
      name,
      {
        ...(channel.contentType ? { ContentType: channel.contentType } : {}),
        TrainingInputMode: 'File',
        S3DistributionType: 'FullyReplicated',
        RecordWrapperType: 'None',
      },
    ]),
  );
}

function channelSpec(channel: string | ChannelSpec): ChannelSpec {
  return typeof channel === 'string' ? { dir: channel } : channel;
}

const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** type/subtype with optional parameters, printable ASCII (SageMaker's ContentType is at most 256 characters). */
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]{0,255}$/;

/** Problems with a job spec, as messages; [] when it can be created. */
export function validateTrainingJob(spec: TrainingJobSpec): string[] {
  const problems: string[] = [];
  for (const [name, channel] of Object.entries(spec.channels ?? {})) {
    const { dir, contentType } = channelSpec(channel);
    if (!CHANNEL_NAME.test(name) || name === '.' || name === '..')
      problems.push(`channel name '${name}' must be 1-64 letters, digits, '.', '-' or '_'`);
    else if (!path.isAbsolute(dir)) problems.push(`channel '${name}': '${dir}' is not an absolute path`);
    else if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) problems.push(`channel '${name}': '${dir}' is not a folder`);
    else if (process.platform !== 'win32' && dir.includes(':'))
      problems.push(`channel '${name}': a folder path with ':' cannot be mounted`);
    if (contentType !== undefined && !CONTENT_TYPE.test(contentType))
      problems.push(`channel '${name}': content type '${contentType}' is not a MIME type`);
  }
  const count = spec.instanceCount ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCE_COUNT)
    problems.push(`the instance count must be a whole number from 1 to ${MAX_INSTANCE_COUNT}, not ${count}`);
  if (spec.checkpointDir !== undefined && !path.isAbsolute(spec.checkpointDir))
    problems.push(`the checkpoint folder '${spec.checkpointDir}' is not an absolute path`);
  else if (spec.checkpointDir !== undefined && process.platform !== 'win32' && spec.checkpointDir.includes(':')) {
    problems.push(`the checkpoint folder '${spec.checkpointDir}': a folder path with ':' cannot be mounted`);
  }
  return problems;
}

/**
 * Where each host folder goes: the /opt/ml sub-folders, never /opt/ml itself (that would hide /opt/ml/code).
 * A `copy` channel is already inside input/, so it needs no mount of its own.
 */
export function trainingMounts(
  host: Pick<HostFolders, 'dir'>,
  channels: Readonly<Record<string, string | ChannelSpec>>,
  access: ChannelAccess = 'overlay',
  checkpointDir?: string,
): Mount[] {
  const mounts: Mount[] = [
    { host: path.join(host.dir, 'input'), container: `${OPT_ML}/input` },
    { host: path.join(host.dir, 'model'), container: `${OPT_ML}/model` },
    { host: path.join(host.dir, 'output'), container: `${OPT_ML}/output` },
  ];
  if (checkpointDir) mounts.push({ host: checkpointDir, container: `${OPT_ML}/checkpoints` });
  if (access === 'copy') return mounts;
  for (const [name, channel] of Object.entries(channels)) {
    const container = `${OPT_ML}/input/data/${name}`;
    mounts.push(
      access === 'overlay'
        ? { host: channelSpec(channel).dir, container, overlay: true }
        : { host: channelSpec(channel).dir, container, readOnly: true },
    );
  }
  return mounts;
}

function writeJson(file: string, data: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

function hostFolders(dir: string, host: string): Omit<HostFolders, 'mounts'> {
  return {
    host,
    dir,
    configDir: path.join(dir, 'input', 'config'),
    modelDir: path.join(dir, 'model'),
    outputDir: path.join(dir, 'output'),
    outputDataDir: path.join(dir, 'output', 'data'),
    failureFile: path.join(dir, 'output', 'failure'),
    successFile: path.join(dir, 'output', 'success'),
  };
}

/**
 * Creates the job folder: per host `{input/config,input/data/<channel>,model,output/data}` and the three config
 * files (a single host directly in the job folder, several in `<job>/algo-N`), and the checkpoint folder.
 */
export function createTrainingJob(spec: TrainingJobSpec): TrainingJob {
  const dir = path.join(spec.root ?? defaultJobsRoot(), spec.name);
  const names = hostNames(spec.instanceCount ?? 1);
  const channels = Object.fromEntries(Object.entries(spec.channels ?? {}).map(([name, channel]) => [name, channelSpec(channel)]));
  const access = spec.channelAccess ?? 'overlay';
  const hyperparameters = encodeHyperparameters(spec.hyperparameters ?? {}, spec.hyperparameterEncoding);
  if (spec.checkpointDir) fs.mkdirSync(spec.checkpointDir, { recursive: true });
  const hosts = names.map((host): HostFolders => {
    const folders = hostFolders(names.length === 1 ? dir : path.join(dir, host), host);
    for (const folder of [folders.configDir, folders.modelDir, folders.outputDataDir]) fs.mkdirSync(folder, { recursive: true });
    for (const [name, channel] of Object.entries(channels)) {
      const target = path.join(folders.dir, 'input', 'data', name);
      if (access === 'copy') fs.cpSync(channel.dir, target, { recursive: true, verbatimSymlinks: true });
      else fs.mkdirSync(target, { recursive: true });
    }
    writeJson(path.join(folders.configDir, 'hyperparameters.json'), hyperparameters);
    writeJson(path.join(folders.configDir, 'resourceconfig.json'), resourceConfig(host, names, spec.gpu));
    writeJson(path.join(folders.configDir, 'inputdataconfig.json'), inputDataConfig(channels));
    return { ...folders, mounts: trainingMounts(folders, channels, access, spec.checkpointDir) };
  });
  return { ...hosts[0], name: spec.name, dir, hosts, checkpointDir: spec.checkpointDir };
}

/** /opt/ml/output/failure of one host as the container left it, read with the care any container file needs. */
export function readFailure(job: Pick<TrainingJob, 'dir'>, host: Pick<HostFolders, 'dir'>): JobFileRead {
  const relative = path.relative(job.dir, host.dir).split(path.sep).filter(Boolean);
  return readJobFile(job.dir, [...relative, 'output', 'failure'].join('/'), FAILURE_READ_LIMIT);
}

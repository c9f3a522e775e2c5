// What a submission needs beyond a local run's settings, and the checks on it that cost nothing: every
// problem names the setting (`field`) so the CLI can say which flag and the editor which setting.
import { hasNvidiaGpu, instanceTypeProblem, isRegionName, parseRoleArn, parseS3Uri } from './names';

/** A channel from S3 as it is, or a local folder uploaded first (`dir` is absolute). */
export type ChannelSource = { s3Uri: string; contentType?: string } | { dir: string; contentType?: string };

export interface CloudSettings {
  roleArn: string;
  instanceType: string;
  /** Default 1. */
  instanceCount?: number;
  /** Default 30, as the SageMaker SDK. */
  volumeSizeGb?: number;
  /** Default 86400 (one day), as the SageMaker SDK. */
  maxRuntimeSeconds?: number;
  /** Where SageMaker writes model.tar.gz and where local channels are uploaded. Default s3://sagemaker-<region>-<account>/. */
  outputPath?: string;
  channels?: Record<string, ChannelSource>;
  checkpointS3Uri?: string;
  /** Managed spot training; MaxWaitTimeInSeconds is `maxWaitSeconds`, default the max run time. */
  spot?: boolean;
  maxWaitSeconds?: number;
  /** Default: the AWS SDK's region chain (AWS_REGION, the profile's region). */
  region?: string;
  tags?: Record<string, string>;
  /** ECR repository name or URI; default sagemaker-entrypoint-<folder>. */
  ecrRepository?: string;
  /** CreateRepository when the repository does not exist (default: stop and say so). */
  createRepository?: boolean;
}

export const DEFAULT_VOLUME_SIZE_GB = 30;
export const DEFAULT_MAX_RUNTIME_SECONDS = 86_400;
/** SageMaker's limits (CreateTrainingJob). */
export const MAX_RUNTIME_LIMIT_SECONDS = 2_419_200;
export const MAX_VOLUME_GB = 16_384;
export const MAX_INSTANCES = 1000;
const MAX_HYPERPARAMETERS = 100;
const MAX_ENVIRONMENT = 100;
const MAX_TAGS = 50;
const CHANNEL_NAME = /^[A-Za-z0-9.\-_]{1,64}$/;

export type CloudField =
  | 'roleArn'
  | 'instanceType'
  | 'instanceCount'
  | 'volumeSizeGb'
  | 'maxRuntimeSeconds'
  | 'maxWaitSeconds'
  | 'outputPath'
  | 'checkpointS3Uri'
  | 'channels'
  | 'region'
  | 'tags'
  | 'ecrRepository'
  | 'environment'
  | 'hyperparameters';

export interface SettingProblem {
  severity: 'error' | 'warning';
  field: CloudField;
  message: string;
}

function wholeNumber(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

/** Problems with the cloud settings alone (no Dockerfile, no network). */
export function checkSettings(
  settings: CloudSettings,
  environment: Record<string, string> = {},
  hyperparameters: Record<string, string> = {},
): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const error = (field: CloudField, message: string) => problems.push({ severity: 'error', field, message });
  const role = parseRoleArn(settings.roleArn);
  if ('problem' in role) error('roleArn', role.problem);
  const typeProblem = instanceTypeProblem(settings.instanceType);
  if (typeProblem) error('instanceType', typeProblem);
  if (!wholeNumber(settings.instanceCount, 1, MAX_INSTANCES))
    error('instanceCount', `the instance count must be a whole number from 1 to ${MAX_INSTANCES}, not ${settings.instanceCount}`);
  if (!wholeNumber(settings.volumeSizeGb, 1, MAX_VOLUME_GB))
    error('volumeSizeGb', `the volume size must be a whole number of GB from 1 to ${MAX_VOLUME_GB}, not ${settings.volumeSizeGb}`);
  if (!wholeNumber(settings.maxRuntimeSeconds, 1, MAX_RUNTIME_LIMIT_SECONDS)) {
    error(
      'maxRuntimeSeconds',
      `the max run time must be a whole number of seconds from 1 to ${MAX_RUNTIME_LIMIT_SECONDS}, not ${settings.maxRuntimeSeconds}`,
    );
  }
  const maxRuntime = settings.maxRuntimeSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS;
  if (settings.maxWaitSeconds !== undefined) {
    if (!settings.spot) error('maxWaitSeconds', 'a max wait time is for spot training only');
    else if (!wholeNumber(settings.maxWaitSeconds, maxRuntime, MAX_RUNTIME_LIMIT_SECONDS)) {
      error(
        'maxWaitSeconds',
        `the max wait time must be a whole number of seconds at least the max run time (${maxRuntime}), not ${settings.maxWaitSeconds}`,
      );
    }
  }
  for (const [field, uri] of [
    ['outputPath', settings.outputPath],
    ['checkpointS3Uri', settings.checkpointS3Uri],
  ] as const) {
    const parsed = uri === undefined ? undefined : parseS3Uri(uri);
    if (parsed && 'problem' in parsed) error(field, parsed.problem);
  }
  for (const [name, channel] of Object.entries(settings.channels ?? {})) {
    if (!CHANNEL_NAME.test(name)) error('channels', `channel name '${name}' must be 1-64 letters, digits, '.', '-' or '_'`);
    if ('s3Uri' in channel) {
      const parsed = parseS3Uri(channel.s3Uri);
      if ('problem' in parsed) error('channels', `channel '${name}': ${parsed.problem}`);
    }
  }
  if (settings.region !== undefined && !isRegionName(settings.region))
    error('region', `'${settings.region}' is not an AWS region name (e.g. eu-west-1)`);
  const tags = Object.entries(settings.tags ?? {});
  if (tags.length > MAX_TAGS) error('tags', `at most ${MAX_TAGS} tags, not ${tags.length}`);
  for (const [key, value] of tags) {
    if (key.length < 1 || key.length > 128 || value.length > 256 || key.toLowerCase().startsWith('aws:')) {
      error('tags', `tag '${key}': keys have 1-128 characters and do not start with 'aws:'; values at most 256`);
    }
  }
  const env = Object.entries(environment);
  if (env.length > MAX_ENVIRONMENT) error('environment', `at most ${MAX_ENVIRONMENT} environment variables, not ${env.length}`);
  for (const [name, value] of env) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,511}$/.test(name) || value.length > 512)
      error('environment', `variable '${name}': a name of letters, digits and '_', a value of at most 512 characters`);
  }
  const hps = Object.entries(hyperparameters);
  if (hps.length > MAX_HYPERPARAMETERS) error('hyperparameters', `at most ${MAX_HYPERPARAMETERS} hyperparameters, not ${hps.length}`);
  for (const [key, value] of hps) {
    if (key.length > 256 || value.length > 2500)
      error('hyperparameters', `hyperparameter '${key.slice(0, 40)}': keys have at most 256 characters, values (as sent) at most 2500`);
  }
  return problems;
}

/** What the Dockerfile says about GPUs: its base image and the CUDA variables the target stage sets. */
export interface ImageFacts {
  /** The target chain's first FROM image after ARG expansion; undefined when it cannot be told. */
  baseImage?: string;
  /** 1-based line of that FROM. */
  baseLine?: number;
  /** Names of environment variables the image sets. */
  envNames: readonly string[];
}

const CUDA_IMAGE = /cuda|nvidia|nvcr\.io|(^|[^a-z])gpu([^a-z]|$)|(^|[^a-z])cu\d{2,3}([^0-9]|$)|tensorrt|rapidsai/i;
const CUDA_VARIABLES = ['CUDA_VERSION', 'CUDA_HOME', 'NVIDIA_REQUIRE_CUDA', 'NVIDIA_VISIBLE_DEVICES'];

/** Whether the image looks built for CUDA: a CUDA or GPU base image, or CUDA variables. */
export function looksLikeCudaImage(facts: ImageFacts): boolean | undefined {
  if (facts.envNames.some((name) => CUDA_VARIABLES.includes(name))) return true;
  if (facts.baseImage === undefined || facts.baseImage.includes('$')) return undefined;
  return CUDA_IMAGE.test(facts.baseImage);
}

/** A GPU instance for an image without CUDA pays for GPUs the job cannot use. */
export function checkGpuImage(instanceType: string, facts: ImageFacts): SettingProblem | undefined {
  if (!hasNvidiaGpu(instanceType) || looksLikeCudaImage(facts) !== false) return undefined;
  const where = facts.baseLine ? ` (line ${facts.baseLine})` : '';
  return {
    severity: 'warning',
    field: 'instanceType',
    message:
      `${instanceType} has NVIDIA GPUs, but the image is built FROM ${facts.baseImage}${where}, which has no CUDA: the job would pay for ` +
      "GPUs it cannot use. Build FROM a CUDA image (nvidia/cuda, a framework's -gpu or -cuda tag) or choose a CPU instance type.",
  };
}

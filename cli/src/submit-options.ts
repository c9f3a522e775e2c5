// The command line of `sagemaker-entrypoint submit`, parsed and validated. The build and training flags
// are the ones `run` has; the rest is what only SageMaker needs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Hyperparameter } from '../../cloud/src';
import type { ChannelSource, CloudField, CloudSettings, HyperparameterEncoding } from '../../cloud/src';
import type { EngineChoice, PullPolicy } from '../../runner/src';
import { oneOf, parseStrict } from './args';
import { parseBuildArgs } from './check-options';
import { isDirectory } from './discover';
import { InputError, PROGRAM, UsageError, describeFsError } from './errors';
import { findDockerfile, pairs } from './run-options';

export const SUBMIT_HELP = `Usage: ${PROGRAM} submit [DOCKERFILE|DIR] --role ARN --instance-type TYPE [options]

Builds the image, pushes it to ECR, uploads local channel folders to S3, starts a SageMaker training
job with CreateTrainingJob and follows it (status, logs) to its end. The Dockerfile is checked first;
errors stop the submission unless --force. Credentials and region come from the AWS SDK's default
chain (environment, profiles, SSO); nothing secret is printed. Ctrl+C stops the job (StopTrainingJob).

SageMaker:
  --role ARN                 IAM role SageMaker assumes (arn:aws:iam::<account>:role/<name>)
  --instance-type TYPE       e.g. ml.m5.xlarge, ml.g5.2xlarge
  --instance-count N         hosts (default 1)
  --volume-size GB           storage per host (default 30)
  --max-run SECONDS          MaxRuntimeInSeconds (default 86400)
  --spot                     managed spot training
  --max-wait SECONDS         spot: MaxWaitTimeInSeconds (default: --max-run)
  --output s3://…            S3OutputPath; local channels are uploaded under it too
                             (default s3://sagemaker-<region>-<account>/)
  --channel NAME=s3://…|DIR  input channel: an S3 prefix as it is, or a local folder uploaded to
                             <output>/<job>/input/NAME/; repeatable
  --channel-content-type NAME=TYPE
                             ContentType of a channel; repeatable
  --checkpoint-s3-uri s3://… CheckpointConfig (synced with /opt/ml/checkpoints)
  --region REGION            default: AWS_REGION or the profile's region
  --tag K=V                  tag of the training job; repeatable
  --ecr-repository NAME|URI  where the image goes (default sagemaker-entrypoint-<folder>, in the
                             role's account and the region)
  --create-repository        create the ECR repository when it does not exist
  --dry-run                  print the steps (stderr) and the exact CreateTrainingJob request
                             (stdout, JSON) and stop: no engine, no network
  --no-follow                return once the job is created
  --download DIR             when the job completes, download model.tar.gz into DIR

Build and training (as for run):
  --engine auto|docker|podman, --engine-path PATH, --context DIR, --target STAGE,
  --build-arg K=V, --pull missing|never|always, --image TAG, --force,
  --hyperparameters FILE, --hp K=V, --hp-encoding json|raw, --env K=V, --verbose

Exit codes: 0 the job completed (or --dry-run / --no-follow went through); 1 refused by the checks,
a step failed, or the job failed or was stopped; 2 bad usage, unreadable input or no container
engine; 130 interrupted.
`;

export interface SubmitCliOptions {
  help: boolean;
  dockerfile?: string;
  engine: EngineChoice;
  enginePath?: string;
  context?: string;
  target?: string;
  buildArgs: Record<string, string>;
  pull?: PullPolicy;
  image?: string;
  force: boolean;
  hyperparameters: Record<string, Hyperparameter>;
  hyperparameterEncoding?: HyperparameterEncoding;
  env: Record<string, string>;
  cloud: CloudSettings;
  dryRun: boolean;
  follow: boolean;
  downloadDir?: string;
  verbose: boolean;
}

const HELP_COMMAND = `${PROGRAM} submit --help`;
const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Which flag a setting came from, for the checks' messages. */
export const FLAG_OF: Record<CloudField, string> = {
  roleArn: '--role',
  instanceType: '--instance-type',
  instanceCount: '--instance-count',
  volumeSizeGb: '--volume-size',
  maxRuntimeSeconds: '--max-run',
  maxWaitSeconds: '--max-wait',
  outputPath: '--output',
  checkpointS3Uri: '--checkpoint-s3-uri',
  channels: '--channel',
  region: '--region',
  tags: '--tag',
  ecrRepository: '--ecr-repository',
  environment: '--env',
  hyperparameters: '--hp',
};

function integer(option: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${option} must be a whole number from ${min}, not '${text}'`, HELP_COMMAND);
  return Number(text);
}

function readHyperparameters(file: string, cwd: string): Record<string, Hyperparameter> {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new InputError(`cannot read hyperparameters '${file}': ${err instanceof SyntaxError ? err.message : describeFsError(err)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`hyperparameters '${file}' must hold a JSON object`);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Hyperparameter.fromValue(v)]));
}

export function parseSubmitArgs(argv: string[], cwd: string, env: NodeJS.ProcessEnv): SubmitCliOptions {
  try {
    return parse(argv, cwd, env);
  } catch (err) {
    if (err instanceof UsageError && err.helpCommand !== HELP_COMMAND) throw new UsageError(err.message, HELP_COMMAND);
    throw err;
  }
}

function parse(argv: string[], cwd: string, env: NodeJS.ProcessEnv): SubmitCliOptions {
  const { values, positionals } = parseStrict(
    argv,
    {
      role: { type: 'string' },
      'instance-type': { type: 'string' },
      'instance-count': { type: 'string' },
      'volume-size': { type: 'string' },
      'max-run': { type: 'string' },
      spot: { type: 'boolean' },
      'max-wait': { type: 'string' },
      output: { type: 'string' },
      channel: { type: 'string', multiple: true },
      'channel-content-type': { type: 'string', multiple: true },
      'checkpoint-s3-uri': { type: 'string' },
      region: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'ecr-repository': { type: 'string' },
      'create-repository': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-follow': { type: 'boolean' },
      download: { type: 'string' },
      engine: { type: 'string' },
      'engine-path': { type: 'string' },
      context: { type: 'string' },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true },
      pull: { type: 'string' },
      image: { type: 'string' },
      force: { type: 'boolean' },
      hyperparameters: { type: 'string' },
      hp: { type: 'string', multiple: true },
      'hp-encoding': { type: 'string' },
      env: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP_COMMAND,
  );
  const help = values.help === true;
  const empty = { help, engine: 'auto' as const, buildArgs: {}, force: false, hyperparameters: {}, env: {}, cloud: { roleArn: '', instanceType: '' }, dryRun: false, follow: true, verbose: false };
  if (help) return empty;
  if (positionals.length > 1) throw new UsageError(`submit takes one Dockerfile, not ${positionals.length} paths`, HELP_COMMAND);
  if (!values.role) throw new UsageError('--role ARN is required (the IAM role SageMaker assumes)', HELP_COMMAND);
  if (!values['instance-type']) throw new UsageError('--instance-type TYPE is required (e.g. ml.m5.xlarge)', HELP_COMMAND);
  if (values.target === '') throw new UsageError('--target needs a stage name', HELP_COMMAND);
  if (values['dry-run'] && values.download !== undefined) throw new UsageError('--download needs a job that runs: not with --dry-run', HELP_COMMAND);
  if (values['no-follow'] && values.download !== undefined) throw new UsageError('--download waits for the job: not with --no-follow', HELP_COMMAND);

  const hyperparameters = values.hyperparameters === undefined ? {} : readHyperparameters(values.hyperparameters, cwd);
  for (const [k, v] of pairs('hp', values.hp ?? [], /^[^\s=]+$/)) hyperparameters[k] = Hyperparameter.fromText(v);
  const channels: Record<string, ChannelSource> = {};
  for (const [name, source] of pairs('channel', values.channel ?? [], CHANNEL_NAME)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) channels[name] = { s3Uri: source };
    else {
      const dir = path.resolve(cwd, source);
      if (!isDirectory(dir)) throw new InputError(`channel '${name}': '${source}' is neither an s3:// URI nor a folder`);
      channels[name] = { dir };
    }
  }
  for (const [name, contentType] of pairs('channel-content-type', values['channel-content-type'] ?? [], CHANNEL_NAME)) {
    if (!channels[name]) throw new UsageError(`--channel-content-type ${name}: there is no --channel ${name}=…`, HELP_COMMAND);
    channels[name].contentType = contentType;
  }
  const tags = Object.fromEntries(pairs('tag', values.tag ?? [], /^.{1,128}$/));
  return {
    help,
    dockerfile: findDockerfile(positionals[0], cwd, true),
    engine: oneOf('engine', values.engine ?? 'auto', ['auto', 'docker', 'podman'] as const),
    enginePath: values['engine-path'],
    context: values.context === undefined ? undefined : path.resolve(cwd, values.context),
    target: values.target,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], env),
    pull: values.pull === undefined ? undefined : oneOf('pull', values.pull, ['missing', 'never', 'always'] as const),
    image: values.image,
    force: values.force === true,
    hyperparameters,
    hyperparameterEncoding: values['hp-encoding'] === undefined ? undefined : oneOf('hp-encoding', values['hp-encoding'], ['json', 'raw'] as const),
    env: Object.fromEntries(pairs('env', values.env ?? [], /^[A-Za-z_][A-Za-z0-9_]*$/)),
    cloud: {
      roleArn: values.role,
      instanceType: values['instance-type'],
      instanceCount: integer('instance-count', values['instance-count'], 1),
      volumeSizeGb: integer('volume-size', values['volume-size'], 1),
      maxRuntimeSeconds: integer('max-run', values['max-run'], 1),
      spot: values.spot === true,
      maxWaitSeconds: integer('max-wait', values['max-wait'], 1),
      outputPath: values.output,
      channels,
      checkpointS3Uri: values['checkpoint-s3-uri'],
      region: values.region,
      tags,
      ecrRepository: values['ecr-repository'],
      createRepository: values['create-repository'] === true,
    },
    dryRun: values['dry-run'] === true,
    follow: values['no-follow'] !== true,
    downloadDir: values.download === undefined ? undefined : path.resolve(cwd, values.download),
    verbose: values.verbose === true,
  };
}

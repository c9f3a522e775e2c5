// The command line of `sagemaker-entrypoint run`, parsed and validated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENV_NAME, isDirectory, isUserSpec, USER_SPEC_FORM } from '../../options/src';
import { Hyperparameter, MAX_INSTANCE_COUNT, parseHyperparameterFile, toHyperparameters } from '../../runner/src';
import type { ChannelSpec, EngineChoice, HyperparameterEncoding, PullPolicy, RunMode } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import { oneOf, parseStrict } from './args';
import { parseBuildArgs } from './check-options';
import { InputError, PROGRAM, UsageError } from './errors';

export const RUN_HELP = `Usage: ${PROGRAM} run [DOCKERFILE|DIR] [options]

Builds the image and runs it locally the way SageMaker does: \`<image> train\` with the /opt/ml
layout (config files, channels, model and output folders), or \`<image> serve\` on 127.0.0.1 until
GET /ping answers 200. The Dockerfile is checked first; errors stop the run unless --force.
Default DOCKERFILE: Dockerfile or Containerfile in the current folder (or in DIR).

Options:
  --mode train|serve         default: train for SAGEMAKER_PROGRAM/SAGEMAKER_TRAINING_MODULE,
                             serve for SAGEMAKER_SERVING_MODULE
  --engine auto|docker|podman
                             container engine (default: docker if its daemon answers, else podman)
  --engine-path PATH         the docker or podman executable
  --context DIR              build context (default: detected, as for check)
  --target STAGE             build stage (default: the last stage)
  --build-arg K=V            build argument; 'K' alone takes it from the environment; repeatable
  --pull missing|never|always
                             when the build pulls base images (default: the engine's)
  --image TAG                tag to build (default: localhost/sagemaker-entrypoint-<folder>:local)
  --no-build                 run --image as it is
  --force                    run even when the checks find errors
  --hyperparameters FILE     JSON object of hyperparameters (train); values keep their JSON types
                             and spelling
  --hp K=V                   one hyperparameter, kept as written (1.0 stays 1.0); overrides
                             --hyperparameters; repeatable
  --hp-encoding json|raw     how hyperparameters.json holds them: json (as the SDK does for images
                             that use the training toolkit) or raw strings (bring-your-own images);
                             default: json when the image sets SAGEMAKER_PROGRAM or
                             SAGEMAKER_TRAINING_MODULE, else raw
  --channel NAME=DIR         input channel at /opt/ml/input/data/NAME, writable inside the container
                             while DIR stays unchanged; repeatable
  --channel-content-type NAME=TYPE
                             ContentType of a channel in inputdataconfig.json; repeatable
  --read-only-channels       mount channel folders read-only instead (no copy, for large data)
  --instance-count N         hosts algo-1 … algo-N on a network of their own (default 1)
  --checkpoints DIR          folder mounted at /opt/ml/checkpoints and kept between runs, as
                             SageMaker syncs a checkpoint location (default: none)
  --env K=V                  environment variable for the container; repeatable
  --aws-credentials          pass AWS credentials resolved by the AWS SDK's default chain
                             (environment, profiles, SSO …) as temporary variables (never printed
                             or written to the job folder); the region is always passed
  --init                     run the engine's init as PID 1 (default: the image's entry point is
                             PID 1, as on SageMaker)
  --gpus                     give the container all GPUs
  --user UID[:GID]           run as this user, e.g. "$(id -u):$(id -g)", so the files the container
                             writes into the job folder are yours (default: the image's user)
  --jobs-dir DIR             where job folders go (default: <tmp>/sagemaker-entrypoint/jobs, or
                             ~/.cache/sagemaker-entrypoint/jobs when that cannot be written)
  --port N                   host port for serve, which must be free (default 8080, or a free
                             port when 8080 is taken)
  --model PATH               serve this model: a training job's folder, a model.tar.gz or a
                             folder, extracted or copied into /opt/ml/model
  --startup-timeout SECONDS  how long serve may take to answer /ping (default 300)
  --invoke FILE|TEXT         serve: once ready, POST this to /invocations, print the answer, stop
  --content-type TYPE        of --invoke's body (default application/json)
  --accept TYPE              Accept header of --invoke
  --verbose                  print the engine command lines
  -h, --help                 show this help

Exit codes: train: the container's exit code; serve: 0 after --invoke got a 2xx answer, 130 when
stopped with Ctrl+C; 1 refused by the checks, build failed, not ready or invocation failed;
2 bad usage, unreadable input, no container engine, or a job folder that cannot be written.
After a fault, a line "what to do:" says how to get past it.
`;

/** The flags `submit` shares with `run`, defined once: the build, the hyperparameters, channels, hosts, the environment. */
export const SHARED_FLAGS = {
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
  channel: { type: 'string', multiple: true },
  'channel-content-type': { type: 'string', multiple: true },
  'instance-count': { type: 'string' },
  env: { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type SharedValues = ReturnType<typeof parseStrict<typeof SHARED_FLAGS>>['values'];

/** A channel SageMaker reads from S3 as it is (`submit` only). */
export interface S3Channel {
  s3Uri: string;
  contentType?: string;
}

export interface SharedCliOptions<Channel = ChannelSpec> {
  help: boolean;
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
  channels: Record<string, Channel>;
  instanceCount?: number;
  env: Record<string, string>;
  verbose: boolean;
}

export interface RunCliOptions extends SharedCliOptions {
  /** Absolute; undefined with --no-build and no Dockerfile around. */
  dockerfile?: string;
  mode?: RunMode;
  build: boolean;
  readOnlyChannels: boolean;
  checkpointDir?: string;
  awsCredentials: boolean;
  init: boolean;
  gpus: boolean;
  user?: string;
  jobsDir?: string;
  port?: number;
  model?: string;
  startupTimeoutMs?: number;
  invoke?: { body: Buffer; contentType: string; accept?: string };
}

const HELP_COMMAND = `${PROGRAM} run --help`;
const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function pairs(option: string, specs: readonly string[], validName: RegExp): Array<[string, string]> {
  return specs.map((spec) => {
    const equals = spec.indexOf('=');
    if (equals <= 0 || !validName.test(spec.slice(0, equals)))
      throw new UsageError(`--${option} '${spec}' is not NAME=VALUE`, HELP_COMMAND);
    return [spec.slice(0, equals), spec.slice(equals + 1)];
  });
}

/** SageMaker takes at most 100 hyperparameters of at most 2,500 characters each. */
const HYPERPARAMETERS_FILE_LIMIT = 1024 * 1024;

function readHyperparameters(file: string, cwd: string): Record<string, Hyperparameter> {
  let text: string;
  try {
    const absolute = path.resolve(cwd, file);
    const stat = fs.statSync(absolute);
    // A FIFO or a device would block or never end.
    if (!stat.isFile()) throw new InputError(`hyperparameters '${file}' is not a regular file`);
    if (stat.size > HYPERPARAMETERS_FILE_LIMIT) throw new InputError(`hyperparameters '${file}' is larger than 1 MiB`);
    text = fs.readFileSync(absolute, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read hyperparameters '${file}': ${errorMessage(err)}`);
  }
  try {
    return parseHyperparameterFile(text);
  } catch (err) {
    // A SyntaxError is the file's fault; anything else is an internal error.
    if (!(err instanceof SyntaxError)) throw err;
    throw new InputError(`hyperparameters '${file}': ${err.message} (a JSON object is expected)`);
  }
}

export function integer(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, not '${text}'`, HELP_COMMAND);
  return n;
}

/** The Dockerfile named, or found in the folder named (default: the current folder). */
export function findDockerfile(arg: string | undefined, cwd: string, required: boolean): string | undefined {
  const target = path.resolve(cwd, arg ?? '.');
  if (!isDirectory(target)) {
    if (fs.existsSync(target)) return target;
    throw new InputError(`'${arg}' does not exist`);
  }
  for (const name of ['Dockerfile', 'Containerfile']) {
    if (fs.existsSync(path.join(target, name))) return path.join(target, name);
  }
  if (!required) return undefined;
  throw new InputError(`no Dockerfile or Containerfile in '${arg ?? '.'}'`);
}

function invocationBody(spec: string, cwd: string): Buffer {
  const file = path.resolve(cwd, spec);
  try {
    if (fs.statSync(file).isFile()) return fs.readFileSync(file);
  } catch {
    // not a file: the text itself
  }
  return Buffer.from(spec);
}

/**
 * The shared flags' values, checked. `submit` (`s3`) also takes `--channel NAME=s3://…` and allows as many
 * hosts as SageMaker (`maxInstances`).
 */
export function parseSharedFlags(
  values: SharedValues,
  cwd: string,
  env: NodeJS.ProcessEnv,
  maxInstances: number,
  s3: true,
): SharedCliOptions<ChannelSpec | S3Channel>;
export function parseSharedFlags(values: SharedValues, cwd: string, env: NodeJS.ProcessEnv, maxInstances: number): SharedCliOptions;
export function parseSharedFlags(
  values: SharedValues,
  cwd: string,
  env: NodeJS.ProcessEnv,
  maxInstances: number,
  s3 = false,
): SharedCliOptions<ChannelSpec | S3Channel> {
  const help = values.help === true;
  if (values.target === '') throw new UsageError('--target needs a stage name', HELP_COMMAND);
  const hyperparameters =
    values.hyperparameters === undefined || help ? toHyperparameters({}) : readHyperparameters(values.hyperparameters, cwd);
  for (const [k, v] of pairs('hp', values.hp ?? [], /^[^\s=]+$/)) hyperparameters[k] = Hyperparameter.fromText(v);
  const channels = new Map<string, ChannelSpec | S3Channel>();
  for (const [name, source] of pairs('channel', values.channel ?? [], CHANNEL_NAME)) {
    if (s3 && /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
      channels.set(name, { s3Uri: source });
      continue;
    }
    const absolute = path.resolve(cwd, source);
    if (!help && !isDirectory(absolute))
      throw new InputError(`channel '${name}': '${source}' is not a folder${s3 ? ' nor an s3:// URI' : ''}`);
    channels.set(name, { dir: absolute });
  }
  for (const [name, contentType] of pairs('channel-content-type', values['channel-content-type'] ?? [], CHANNEL_NAME)) {
    const channel = channels.get(name);
    if (!channel) throw new UsageError(`--channel-content-type ${name}: there is no --channel ${name}=${s3 ? '…' : 'DIR'}`, HELP_COMMAND);
    channel.contentType = contentType;
  }
  return {
    help,
    engine: oneOf('engine', values.engine ?? 'auto', ['auto', 'docker', 'podman'] as const),
    enginePath: values['engine-path'],
    context: values.context === undefined ? undefined : path.resolve(cwd, values.context),
    target: values.target,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], env),
    pull: values.pull === undefined ? undefined : oneOf('pull', values.pull, ['missing', 'never', 'always'] as const),
    image: values.image,
    force: values.force === true,
    hyperparameters,
    hyperparameterEncoding:
      values['hp-encoding'] === undefined ? undefined : oneOf('hp-encoding', values['hp-encoding'], ['json', 'raw'] as const),
    channels: Object.fromEntries(channels),
    instanceCount:
      values['instance-count'] === undefined ? undefined : integer('instance-count', values['instance-count'], 1, maxInstances),
    env: Object.fromEntries(pairs('env', values.env ?? [], ENV_NAME)),
    verbose: values.verbose === true,
  };
}

/** Parses and validates; usage errors point at `run --help`. */
export function parseRunArgs(argv: string[], cwd: string, env: NodeJS.ProcessEnv): RunCliOptions {
  try {
    return parse(argv, cwd, env);
  } catch (err) {
    if (err instanceof UsageError && err.helpCommand !== HELP_COMMAND) throw new UsageError(err.message, HELP_COMMAND);
    throw err;
  }
}

function parse(argv: string[], cwd: string, env: NodeJS.ProcessEnv): RunCliOptions {
  const { values, positionals } = parseStrict(
    argv,
    {
      ...SHARED_FLAGS,
      mode: { type: 'string' },
      'no-build': { type: 'boolean' },
      'read-only-channels': { type: 'boolean' },
      checkpoints: { type: 'string' },
      'aws-credentials': { type: 'boolean' },
      init: { type: 'boolean' },
      gpus: { type: 'boolean' },
      user: { type: 'string' },
      'jobs-dir': { type: 'string' },
      port: { type: 'string' },
      model: { type: 'string' },
      'startup-timeout': { type: 'string' },
      invoke: { type: 'string' },
      'content-type': { type: 'string' },
      accept: { type: 'string' },
    },
    HELP_COMMAND,
  );
  const shared = parseSharedFlags(values, cwd, env, MAX_INSTANCE_COUNT);
  const build = values['no-build'] !== true;
  if (positionals.length > 1) throw new UsageError(`run takes one Dockerfile, not ${positionals.length} paths`, HELP_COMMAND);
  if (!build && !values.image) throw new UsageError('--no-build needs --image TAG', HELP_COMMAND);
  const mode = values.mode === undefined ? undefined : oneOf('mode', values.mode, ['train', 'serve'] as const);
  if (values.invoke !== undefined && mode === 'train') throw new UsageError('--invoke is for --mode serve', HELP_COMMAND);
  if (values['content-type'] !== undefined && values.invoke === undefined)
    throw new UsageError('--content-type needs --invoke', HELP_COMMAND);
  return {
    ...shared,
    dockerfile: shared.help ? undefined : findDockerfile(positionals[0], cwd, build || positionals.length > 0),
    mode,
    build,
    readOnlyChannels: values['read-only-channels'] === true,
    checkpointDir: values.checkpoints === undefined ? undefined : path.resolve(cwd, values.checkpoints),
    awsCredentials: values['aws-credentials'] === true,
    init: values.init === true,
    gpus: values.gpus === true,
    user: values.user === undefined ? undefined : userSpec(values.user),
    jobsDir: values['jobs-dir'] === undefined ? undefined : path.resolve(cwd, values['jobs-dir']),
    port: values.port === undefined ? undefined : integer('port', values.port, 1, 65535),
    model: values.model === undefined ? undefined : path.resolve(cwd, values.model),
    startupTimeoutMs:
      values['startup-timeout'] === undefined ? undefined : integer('startup-timeout', values['startup-timeout'], 1, 86400) * 1000,
    invoke:
      values.invoke === undefined
        ? undefined
        : { body: invocationBody(values.invoke, cwd), contentType: values['content-type'] ?? 'application/json', accept: values.accept },
  };
}

/** `--user`: by the same rule as the setting sagemakerEntrypoint.run.user. */
function userSpec(value: string): string {
  if (!isUserSpec(value)) throw new UsageError(`--user must be ${USER_SPEC_FORM}, not '${value}'`, HELP_COMMAND);
  return value;
}

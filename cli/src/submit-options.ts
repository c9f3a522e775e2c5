// The command line of `sagemaker-entrypoint submit`, parsed and validated. The build and training flags
// are the ones `run` has; the rest is what only SageMaker needs.
import * as path from 'node:path';
import { MAX_INSTANCES, MAX_RUNTIME_LIMIT_SECONDS, MAX_VOLUME_GB } from '../../cloud/src';
import type { CloudField, CloudSettings } from '../../cloud/src';
import { parseStrict } from './args';
import { PROGRAM, UsageError } from './errors';
import { SHARED_FLAGS, findDockerfile, integer, pairs, parseSharedFlags } from './run-options';
import type { SharedCliOptions } from './run-options';

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

export interface SubmitCliOptions extends Omit<SharedCliOptions, 'channels' | 'instanceCount'> {
  /** The channels and the instance count are in `cloud`. */
  dockerfile?: string;
  cloud: CloudSettings;
  dryRun: boolean;
  follow: boolean;
  downloadDir?: string;
}

const HELP_COMMAND = `${PROGRAM} submit --help`;

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

function whole(option: string, text: string | undefined, max: number): number | undefined {
  return text === undefined ? undefined : integer(option, text, 1, max);
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
      ...SHARED_FLAGS,
      role: { type: 'string' },
      'instance-type': { type: 'string' },
      'volume-size': { type: 'string' },
      'max-run': { type: 'string' },
      spot: { type: 'boolean' },
      'max-wait': { type: 'string' },
      output: { type: 'string' },
      'checkpoint-s3-uri': { type: 'string' },
      region: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'ecr-repository': { type: 'string' },
      'create-repository': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-follow': { type: 'boolean' },
      download: { type: 'string' },
    },
    HELP_COMMAND,
  );
  const { channels, instanceCount, ...shared } = parseSharedFlags(values, cwd, env, MAX_INSTANCES, true);
  const cloud: CloudSettings = { roleArn: values.role ?? '', instanceType: values['instance-type'] ?? '' };
  if (shared.help) return { ...shared, cloud, dryRun: false, follow: true };
  if (positionals.length > 1) throw new UsageError(`submit takes one Dockerfile, not ${positionals.length} paths`, HELP_COMMAND);
  if (!values.role) throw new UsageError('--role ARN is required (the IAM role SageMaker assumes)', HELP_COMMAND);
  if (!values['instance-type']) throw new UsageError('--instance-type TYPE is required (e.g. ml.m5.xlarge)', HELP_COMMAND);
  if (values['dry-run'] && values.download !== undefined)
    throw new UsageError('--download needs a job that runs: not with --dry-run', HELP_COMMAND);
  if (values['no-follow'] && values.download !== undefined)
    throw new UsageError('--download waits for the job: not with --no-follow', HELP_COMMAND);
  return {
    ...shared,
    dockerfile: findDockerfile(positionals[0], cwd, true),
    cloud: {
      ...cloud,
      instanceCount,
      volumeSizeGb: whole('volume-size', values['volume-size'], MAX_VOLUME_GB),
      maxRuntimeSeconds: whole('max-run', values['max-run'], MAX_RUNTIME_LIMIT_SECONDS),
      spot: values.spot === true,
      maxWaitSeconds: whole('max-wait', values['max-wait'], MAX_RUNTIME_LIMIT_SECONDS),
      outputPath: values.output,
      channels,
      checkpointS3Uri: values['checkpoint-s3-uri'],
      region: values.region,
      tags: Object.fromEntries(pairs('tag', values.tag ?? [], /^.{1,128}$/)),
      ecrRepository: values['ecr-repository'],
      createRepository: values['create-repository'] === true,
    },
    dryRun: values['dry-run'] === true,
    follow: values['no-follow'] !== true,
    downloadDir: values.download === undefined ? undefined : path.resolve(cwd, values.download),
  };
}

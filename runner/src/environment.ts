// The container's environment (docs/sagemaker-contract.md#the-environment): the job's name and ARN, the region, opted-in
// credentials as bare names, then the user's variables.
import { AWS_CREDENTIAL_NAMES, resolveCredentials, resolveRegion } from './aws';
import type { EnvVar } from './commands';

export interface ContainerEnvOptions {
  /** Set for training: TRAINING_JOB_NAME and TRAINING_JOB_ARN. */
  jobName?: string;
  region?: string;
  /**
   * Credentials are passed as bare `-e NAME`: the engine takes the value from its own environment, so it never
   * appears in argv, logs or the job folder. Only the names that have a value are listed.
   */
  credentials?: Partial<Record<(typeof AWS_CREDENTIAL_NAMES)[number], string>>;
  /** The user's variables; they win over everything above. */
  user?: Record<string, string>;
}

/** A local job has no AWS account: the ARN carries twelve zeros where SageMaker puts the account id. */
export function trainingJobArn(jobName: string, region?: string): string {
  return `arn:aws:sagemaker:${region ?? 'local'}:000000000000:training-job/${jobName}`;
}

export function containerEnv(options: ContainerEnvOptions): EnvVar[] {
  const env: EnvVar[] = [];
  if (options.jobName) {
    env.push(
      { name: 'TRAINING_JOB_NAME', value: options.jobName },
      { name: 'TRAINING_JOB_ARN', value: trainingJobArn(options.jobName, options.region) },
    );
  }
  if (options.region) env.push({ name: 'AWS_REGION', value: options.region });
  for (const name of AWS_CREDENTIAL_NAMES) if (options.credentials?.[name]) env.push({ name });
  for (const [name, value] of Object.entries(options.user ?? {})) env.push({ name, value });
  return env;
}

export interface EnvironmentRequest {
  jobName?: string;
  /** Where the region and credentials come from (the CLI's or the editor's environment). */
  hostEnv: NodeJS.ProcessEnv;
  passAwsCredentials?: boolean;
  user?: Record<string, string>;
  log: (message: string) => void;
}

export type PreparedEnvironment =
  | {
      kind: 'ready';
      vars: EnvVar[];
      /** The engine process' environment: the host's plus the credential values. */ processEnv: NodeJS.ProcessEnv;
    }
  | { kind: 'failed'; message: string };

/** Resolves the region and, when opted in, the credentials, and says where they came from (never their values). */
export async function prepareEnvironment(request: EnvironmentRequest): Promise<PreparedEnvironment> {
  const { region, source } = await resolveRegion(request.hostEnv);
  request.log(
    region
      ? `AWS region ${region} (from ${source})`
      : 'no AWS region configured (AWS_REGION, AWS_DEFAULT_REGION or a profile): AWS_REGION is not set',
  );
  let credentials: ContainerEnvOptions['credentials'];
  if (request.passAwsCredentials) {
    const resolved = await resolveCredentials(request.hostEnv);
    if (resolved.kind === 'failed') return { kind: 'failed', message: `cannot resolve AWS credentials: ${resolved.message}` };
    credentials = resolved.values;
    const names = AWS_CREDENTIAL_NAMES.filter((name) => credentials?.[name]);
    request.log(
      `AWS credentials passed as ${names.join(', ')} (values not shown)${resolved.expires ? `, valid until ${resolved.expires.toISOString()}` : ''}`,
    );
  }
  const vars = containerEnv({ jobName: request.jobName, region, credentials, user: request.user });
  return { kind: 'ready', vars, processEnv: { ...request.hostEnv, ...credentials } };
}

// The container's environment (CONTRACT.md §5.3, R4): job name, region, opted-in credentials, then the user's.
import type { EnvVar } from './commands';

export const AWS_CREDENTIAL_NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export interface ContainerEnvOptions {
  /** Set for training: TRAINING_JOB_NAME. */
  jobName?: string;
  /** Where the region and credentials come from (the CLI's or the editor's environment). */
  hostEnv: NodeJS.ProcessEnv;
  /** Credentials are passed as bare `-e NAME`: the engine reads the value itself, so it never appears in argv or logs. */
  passAwsCredentials?: boolean;
  /** The user's variables; they win over everything above. */
  user?: Record<string, string>;
}

export function containerEnv(options: ContainerEnvOptions): EnvVar[] {
  const env: EnvVar[] = [];
  if (options.jobName) env.push({ name: 'TRAINING_JOB_NAME', value: options.jobName });
  const region = options.hostEnv.AWS_REGION || options.hostEnv.AWS_DEFAULT_REGION;
  if (region) env.push({ name: 'AWS_REGION', value: region });
  if (options.passAwsCredentials) {
    for (const name of AWS_CREDENTIAL_NAMES) if (options.hostEnv[name]) env.push({ name });
  }
  for (const [name, value] of Object.entries(options.user ?? {})) env.push({ name, value });
  return env;
}

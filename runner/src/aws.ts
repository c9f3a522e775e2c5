// The user's AWS configuration, resolved the way the AWS SDK does: the region from the environment or the
// profile's config, and (only when the user opts in) credentials from the SDK's default provider chain
// (environment, shared credentials and config files, SSO, credential_process, web identity, container and
// instance metadata). Credentials are returned as values for a child's environment, never printed here.
import { errorMessage } from '../../analysis/src';

/** The AWS SDK (dist/aws-sdk.js in the bundles), required on first use; the cloud side reaches it here too. */
export function awsSdk(): typeof import('./aws-sdk') {
  return require('./aws-sdk.js') as typeof import('./aws-sdk');
}

export const AWS_CREDENTIAL_NAMES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export type RegionResult = { region: string; source: string } | { region?: undefined; source?: undefined };

/** AWS_REGION, AWS_DEFAULT_REGION, then `region` of the profile (AWS_PROFILE, else default) in the config file. */
export async function resolveRegion(env: NodeJS.ProcessEnv): Promise<RegionResult> {
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const profile = env.AWS_PROFILE || 'default';
  try {
    const { configFile } = await awsSdk()
      .config()
      .loadSharedConfigFiles({
        ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
        ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
        ignoreCache: true,
      });
    const region = (configFile[profile] as (typeof configFile)[string] | undefined)?.region;
    if (region) return { region, source: `profile ${profile}` };
  } catch {
    // no readable config file: no region
  }
  return {};
}

export type CredentialsResult =
  | { kind: 'resolved'; values: Partial<Record<(typeof AWS_CREDENTIAL_NAMES)[number], string>>; expires?: Date }
  | { kind: 'failed'; message: string };

/** Keys from the environment when it has them, else from `fromNodeProviderChain` with the profile and files the environment names. */
export async function resolveCredentials(env: NodeJS.ProcessEnv): Promise<CredentialsResult> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      kind: 'resolved',
      values: {
        AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { AWS_SESSION_TOKEN: env.AWS_SESSION_TOKEN } : {}),
      },
    };
  }
  try {
    const identity = await awsSdk()
      .credentials()
      .fromNodeProviderChain({
        ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
        ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
        ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
      })();
    return {
      kind: 'resolved',
      values: {
        AWS_ACCESS_KEY_ID: identity.accessKeyId,
        AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
        ...(identity.sessionToken ? { AWS_SESSION_TOKEN: identity.sessionToken } : {}),
      },
      ...(identity.expiration ? { expires: identity.expiration } : {}),
    };
  } catch (err) {
    // The SDK's messages name profiles and files, never secret values.
    return { kind: 'failed', message: errorMessage(err).split('\n')[0] };
  }
}

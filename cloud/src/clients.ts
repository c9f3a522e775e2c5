// The AWS clients of a submission. Credentials and region come from the SDK's default provider chain
// (environment, shared config and credentials files, SSO, process, container and instance roles); a
// region given in the settings wins. Tests hand in clients of their own (a local S3, scripted answers).
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { awsSdk, resolveRegion } from '../../runner/src';

export interface CloudClients {
  sagemaker: SageMakerClient;
  ecr: ECRClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
}

/** The region from the setting, else as the SDK finds it (environment, then the profile's config; no network). */
export async function regionFor(
  setting: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ region: string; source: string } | { problem: string }> {
  if (setting) return { region: setting, source: 'the settings' };
  const found = await resolveRegion(env);
  if (found.region) return { region: found.region, source: found.source };
  return { problem: 'no AWS region: give --region (the submit.region setting), set AWS_REGION, or set a region in your AWS profile' };
}

export function createClients(region: string, given: Partial<CloudClients> = {}): CloudClients {
  const sdk = awsSdk();
  return {
    sagemaker: given.sagemaker ?? new (sdk.sagemaker().SageMakerClient)({ region }),
    ecr: given.ecr ?? new (sdk.ecr().ECRClient)({ region }),
    s3: given.s3 ?? new (sdk.s3().S3Client)({ region }),
    logs: given.logs ?? new (sdk.logs().CloudWatchLogsClient)({ region }),
  };
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

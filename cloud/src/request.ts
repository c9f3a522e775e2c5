// The CreateTrainingJob request, as plain data in the API's own shape (what `aws sagemaker
// create-training-job --cli-input-json` also reads). Pure: every value comes from the plan.
import type { CreateTrainingJobRequest, TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import { DEFAULT_MAX_RUNTIME_SECONDS, DEFAULT_VOLUME_SIZE_GB } from './settings';

/** Where SageMaker mounts checkpoints and syncs them with CheckpointConfig.S3Uri. */
const CHECKPOINT_LOCAL_PATH = '/opt/ml/checkpoints';

export interface JobRequestInput {
  jobName: string;
  /** The pushed image (ECR URI with tag). */
  image: string;
  roleArn: string;
  instanceType: string;
  instanceCount?: number;
  volumeSizeGb?: number;
  maxRuntimeSeconds?: number;
  spot?: boolean;
  maxWaitSeconds?: number;
  outputPath: string;
  /** Every channel as an S3 prefix (local folders already mapped to where they are uploaded). */
  channels: ReadonlyArray<{ name: string; s3Uri: string; contentType?: string }>;
  checkpointS3Uri?: string;
  /** Already encoded (JSON or plain text). */
  hyperparameters: Record<string, string>;
  environment: Record<string, string>;
  tags: Record<string, string>;
}

const nonEmpty = <T extends object>(value: T): T | undefined => (Object.keys(value).length > 0 ? value : undefined);

export function createTrainingJobRequest(input: JobRequestInput): CreateTrainingJobRequest {
  const maxRuntime = input.maxRuntimeSeconds ?? DEFAULT_MAX_RUNTIME_SECONDS;
  const tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
  // Members in the order the SDK serializes them (required ones first), so the dry run's JSON is the HTTP body.
  const request: CreateTrainingJobRequest = {
    TrainingJobName: input.jobName,
    RoleArn: input.roleArn,
    OutputDataConfig: { S3OutputPath: input.outputPath },
    HyperParameters: nonEmpty(input.hyperparameters),
    AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: input.image },
    InputDataConfig:
      input.channels.length === 0
        ? undefined
        : input.channels.map((c) => ({
            ChannelName: c.name,
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: c.s3Uri, S3DataDistributionType: 'FullyReplicated' } },
            ...(c.contentType ? { ContentType: c.contentType } : {}),
          })),
    ResourceConfig: {
      InstanceType: input.instanceType as TrainingInstanceType,
      InstanceCount: input.instanceCount ?? 1,
      VolumeSizeInGB: input.volumeSizeGb ?? DEFAULT_VOLUME_SIZE_GB,
    },
    StoppingCondition: {
      MaxRuntimeInSeconds: maxRuntime,
      ...(input.spot ? { MaxWaitTimeInSeconds: input.maxWaitSeconds ?? maxRuntime } : {}),
    },
    Tags: tags.length > 0 ? tags : undefined,
    EnableManagedSpotTraining: input.spot ? true : undefined,
    CheckpointConfig: input.checkpointS3Uri ? { S3Uri: input.checkpointS3Uri, LocalPath: CHECKPOINT_LOCAL_PATH } : undefined,
    Environment: nonEmpty(input.environment),
  };
  // Absent members stay out of the JSON (the SDK drops them too); the dry run prints exactly what is sent.
  return JSON.parse(JSON.stringify(request)) as CreateTrainingJobRequest;
}

const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_KEY/i;

/** The request for showing: values of secret-looking environment variables replaced by `***`. */
export function redactRequest(request: CreateTrainingJobRequest): { request: CreateTrainingJobRequest; hidden: string[] } {
  const hidden = Object.keys(request.Environment ?? {}).filter((name) => SECRET_NAME.test(name));
  if (hidden.length === 0) return { request, hidden };
  const Environment = Object.fromEntries(Object.entries(request.Environment ?? {}).map(([k, v]) => [k, hidden.includes(k) ? '***' : v]));
  return { request: { ...request, Environment }, hidden };
}

// The AWS SDK, every part of it the project uses, in one module of its own: the bundles keep it in
// dist/aws-sdk.js and load it only when a run reads the AWS configuration or a submission talks to AWS,
// so checking a Dockerfile never pays for it. Each package is required on first use: reading a profile's
// region does not initialise the SageMaker client.
type Config = typeof import('@smithy/core/config');
type Credentials = typeof import('@aws-sdk/credential-providers');
type SageMaker = typeof import('@aws-sdk/client-sagemaker');
type Ecr = typeof import('@aws-sdk/client-ecr');
type S3 = typeof import('@aws-sdk/client-s3');
type Logs = typeof import('@aws-sdk/client-cloudwatch-logs');
type Storage = typeof import('@aws-sdk/lib-storage');

export const config = (): Config => require('@smithy/core/config') as Config;
export const credentials = (): Credentials => require('@aws-sdk/credential-providers') as Credentials;
export const sagemaker = (): SageMaker => require('@aws-sdk/client-sagemaker') as SageMaker;
export const ecr = (): Ecr => require('@aws-sdk/client-ecr') as Ecr;
export const s3 = (): S3 => require('@aws-sdk/client-s3') as S3;
export const logs = (): Logs => require('@aws-sdk/client-cloudwatch-logs') as Logs;
export const storage = (): Storage => require('@aws-sdk/lib-storage') as Storage;

// The AWS SDK, loaded on first use: planning and `--dry-run` never load it, and the editor loads it
// only once a submission really starts (its modules take most of a second to initialise).
type SageMaker = typeof import('@aws-sdk/client-sagemaker');
type Ecr = typeof import('@aws-sdk/client-ecr');
type S3 = typeof import('@aws-sdk/client-s3');
type Logs = typeof import('@aws-sdk/client-cloudwatch-logs');
type Storage = typeof import('@aws-sdk/lib-storage');

export const sagemakerSdk = (): SageMaker => require('@aws-sdk/client-sagemaker') as SageMaker;
export const ecrSdk = (): Ecr => require('@aws-sdk/client-ecr') as Ecr;
export const s3Sdk = (): S3 => require('@aws-sdk/client-s3') as S3;
export const logsSdk = (): Logs => require('@aws-sdk/client-cloudwatch-logs') as Logs;
export const storageSdk = (): Storage => require('@aws-sdk/lib-storage') as Storage;

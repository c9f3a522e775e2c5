// The cloud side's public surface: plain Node (no `vscode`), loaded lazily by the CLI's `submit` and by
// the editor's "Train on SageMaker", so that checking a Dockerfile never loads the AWS SDK.
export { submitTrainingJob } from './submit';
export type { SubmitOptions, SubmitOutcome } from './submit';
export { planSubmission } from './plan';
export type { ChannelUpload, SubmitPlan, SubmitPlanOptions, SubmitPlanResult } from './plan';
export { redactRequest } from './request';
export type { JobRequestInput } from './request';
export { checkSettings, checkGpuImage, looksLikeCudaImage, MAX_INSTANCES, MAX_RUNTIME_LIMIT_SECONDS, MAX_VOLUME_GB } from './settings';
export type { ChannelSource, CloudField, CloudSettings, ImageFacts, SettingProblem } from './settings';
export { hasNvidiaGpu, instanceTypeProblem, joinS3, parseRepository, parseRoleArn, parseS3Uri } from './names';
export type { Repository, S3Location } from './names';
export type { CloudClients } from './clients';
export { followTrainingJob } from './follow';
export type { FollowOptions, FollowResult } from './follow';
export type { PushOptions, PushResult } from './push';
export { loginCommand, pushCommand, tagCommand, untagCommand } from './registry-commands';
export type { UploadOptions, UploadResult } from './upload';
export { downloadObject } from './download';
export type { DownloadResult } from './download';
export type { CloudEvent, CloudEventSink, CloudPhase } from './events';

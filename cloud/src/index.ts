// The cloud side's public surface: plain Node (no `vscode`), used by the CLI's `submit` and the editor's
// "Train on SageMaker". It reaches the AWS SDK only through the runner's `awsSdk()`, so loading it loads
// none of the SDK.
export { submitTrainingJob } from './submit';
export type { SubmitOptions, SubmitOutcome } from './submit';
export { planSubmission } from './plan';
export type { SubmitPlan, SubmitPlanOptions } from './plan';
export { redactRequest } from './request';
export { checkSettings, checkGpuImage, looksLikeCudaImage, MAX_INSTANCES, MAX_RUNTIME_LIMIT_SECONDS, MAX_VOLUME_GB } from './settings';
export type { ChannelSource, CloudField, CloudSettings, SettingProblem } from './settings';
export { hasNvidiaGpu, instanceTypeProblem, joinS3, parseRepository, parseRoleArn, parseS3Uri } from './names';
export type { CloudClients } from './clients';
export { followTrainingJob } from './follow';
export type { FollowOptions, FollowResult } from './follow';
export { loginCommand, pushCommand, tagCommand, untagCommand } from './registry-commands';
export { downloadObject } from './download';
export type { CloudEvent } from './events';

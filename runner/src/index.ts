// The runner's public surface: plain Node (no `vscode`), used by the CLI's `run` and by the editor.
export { runLocally } from './session';
export type { LocalRunOptions, LocalRunOutcome } from './session';
// The analysis' one way to turn an error into text, for the editor, which reaches the analysis only through here.
export { errorMessage, errorWithStack } from '../../analysis/src';
export { planRun, detectMode, entryPointValues, imageTag } from './plan';
export type { PlanOptions, PlanResult, RunMode, RunPlan } from './plan';
export { detectEngine, describeEngineProblem, isPodmanServer } from './engine';
export type { DetectOptions, DetectResult, EngineChoice, EngineProblem } from './engine';
export { buildImage } from './build';
export type { BuildOptions, BuildResult } from './build';
export { BuildStepTracker } from './build-failure';
export type { FailedStep } from './build-failure';
export { buildAdvice, engineAdvice, engineExitAdvice, folderAdvice, servingAdvice } from './advice';
export type { OptionNames } from './advice';
export { chooseJobsRoot, ensureWritableFolder, fallbackJobsRoot } from './job-root';
export type { JobsRoot } from './job-root';
export { decideEncoding, train } from './train';
export type { ContainerSettings, HostResult, TrainOptions, TrainResult } from './train';
export { serve, choosePort, SERVING_PORT } from './serve';
export type { Endpoint, ServeOptions, ServeStart } from './serve';
export { startContainer, STOP_GRACE_MS } from './container';
export type { ContainerExit, ContainerOptions, RunningContainer } from './container';
export { invokeEndpoint, waitForPing, probe, PING_REQUEST_TIMEOUT_MS, MAX_PING_INTERVAL_MS, DEFAULT_PING_INTERVAL_MS } from './http';
export type { InvokeRequest, InvokeResult, PingOptions, PingResult } from './http';
export * from './commands';
export { runProcess, captureProcess, formatCommand, lineSplitter, redactArgs, shellQuote, MAX_LINE_LENGTH } from './process';
export type { Cancelled, OutputReady, ProcessOptions, ProcessResult } from './process';
export {
  createTrainingJob,
  defaultJobsRoot,
  inputDataConfig,
  jobName,
  resourceConfig,
  trainingMounts,
  validateTrainingJob,
  MAX_INSTANCE_COUNT,
} from './job';
export type { ChannelAccess, ChannelSpec, HostFolders, TrainingJob, TrainingJobSpec } from './job';
export {
  Hyperparameter,
  TOOLKIT_VARIABLES,
  chooseEncoding,
  encodeHyperparameters,
  parseHyperparameterFile,
  pythonJson,
  toHyperparameters,
} from './hyperparameters';
export type { HyperparameterEncoding, HyperparameterEncodingChoice } from './hyperparameters';
export { checkJobPath, formatBytes, measureJobTree, readJobFile } from './job-files';
export type { JobFileRead } from './job-files';
export { containerEnv, prepareEnvironment, trainingJobArn } from './environment';
export { AWS_CREDENTIAL_NAMES, awsSdk, resolveCredentials, resolveRegion } from './aws';
export { createArchive, createModelArchive, extractArchive, isJobFolder, prepareModelFolder } from './archive';
export type { ArchiveResult } from './archive';
export { LineTail } from './events';
export type { EventSink, RunEvent, RunPhase } from './events';

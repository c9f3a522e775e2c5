// From the editor's settings to the options of an analysis (the server's diagnostics), of a local run and
// of a SageMaker submission (the client's commands). Folders in settings are relative to the workspace
// folder; outside one they are taken as written.
import * as path from 'node:path';
import type { AnalysisOptions } from '../../analysis/src';
import type { ChannelSource, CloudField, CloudSettings, SubmitOptions } from '../../cloud/src';
import type { ChannelSpec, LocalRunOptions } from '../../runner/src';
import { SETTINGS_SECTION } from './ids';
import type { Log } from './read';
import { readAnalysisSettings, readTable, RUN_SETTINGS, sectionOf, settingName, settingsReader, SUBMIT_SETTINGS } from './settings';
import type { AnalysisSettings, SettingKey } from './settings';

/** Where the settings apply: the Dockerfile on disk and the workspace folder that holds it. */
export interface SettingsScope {
  dockerfilePath: string;
  workspaceFolder?: string;
}

/** The analysis' options the settings decide; the build context is a folder or detected (never "none"). */
export type SettingsAnalysisOptions = Pick<AnalysisOptions, 'workspaceRoot' | 'target' | 'buildArgs' | 'severities'> & { context?: string };

function folderResolver(workspaceFolder: string | undefined): (folder: string) => string {
  return (folder) => (workspaceFolder === undefined ? folder : path.resolve(workspaceFolder, folder));
}

/**
 * The analysis' part of the options. `buildContext` '' leaves the context to detection (bounded by the
 * workspace folder); outside a folder it is passed on as written, which the analysis reads relative to the
 * Dockerfile's folder.
 */
export function analysisOptionsFromSettings(settings: AnalysisSettings, workspaceFolder: string | undefined): SettingsAnalysisOptions {
  const fromFolder = folderResolver(workspaceFolder);
  return {
    workspaceRoot: workspaceFolder,
    context: settings.buildContext === '' ? undefined : fromFolder(settings.buildContext),
    target: settings.target || undefined,
    buildArgs: { ...settings.buildArgs },
    severities: { ...settings.rules },
  };
}

/** A local run's options from the settings: everything but the mode, the events and the cancel signal. */
export function runOptionsFromSettings(raw: unknown, scope: SettingsScope, log: Log): LocalRunOptions {
  const reader = settingsReader(log);
  const run = readTable(RUN_SETTINGS, sectionOf(raw, reader, 'run'), 'run.', reader);
  const fromFolder = folderResolver(scope.workspaceFolder);
  const channels: Record<string, ChannelSpec> = {};
  for (const [name, channel] of Object.entries(run.channels))
    channels[name] = { dir: fromFolder(channel.path), ...(channel.contentType ? { contentType: channel.contentType } : {}) };
  return {
    dockerfilePath: scope.dockerfilePath,
    ...analysisOptionsFromSettings(readAnalysisSettings(raw, log), scope.workspaceFolder),
    engine: run.engine,
    enginePath: run.enginePath || undefined,
    extraBuildArgs: run.extraBuildArgs,
    extraRunArgs: run.extraRunArgs,
    hyperparameters: run.hyperparameters,
    hyperparameterEncoding: run.hyperparameterEncoding,
    channels,
    readOnlyChannels: run.readOnlyChannels,
    instanceCount: run.instanceCount,
    checkpointDir: run.checkpointDir ? fromFolder(run.checkpointDir) : undefined,
    init: run.init,
    port: run.port,
    startupTimeoutMs: run.startupTimeoutSeconds * 1000,
    env: { ...run.environment },
    passAwsCredentials: run.passAwsCredentials,
    gpus: run.gpus,
    user: run.user || undefined,
  };
}

/** Run's channel folders; an S3 URI in `submit.channels` replaces the folder of the same name, keeping its content type. */
function submitChannels(
  local: Readonly<Record<string, string | ChannelSpec>>,
  s3: Readonly<Record<string, string>>,
): Record<string, ChannelSource> {
  const folders = new Map(Object.entries(local).map(([name, channel]) => [name, typeof channel === 'string' ? { dir: channel } : channel]));
  const fromS3 = Object.entries(s3).map(([name, s3Uri]) => [name, { s3Uri, contentType: folders.get(name)?.contentType }] as const);
  return Object.fromEntries<ChannelSource>([...folders, ...fromS3]);
}

/**
 * A submission's options from the settings: Run's build and training settings (`run.*`, `target`,
 * `buildArgs` …) plus `submit.*`; everything but the events and the cancel signal.
 */
export function submitOptionsFromSettings(raw: unknown, scope: SettingsScope, log: Log): SubmitOptions {
  const run = runOptionsFromSettings(raw, scope, log);
  const reader = settingsReader(log);
  const submit = readTable(SUBMIT_SETTINGS, sectionOf(raw, reader, 'submit'), 'submit.', reader);
  const cloud: CloudSettings = {
    roleArn: submit.role,
    instanceType: submit.instanceType,
    instanceCount: submit.instanceCount,
    volumeSizeGb: submit.volumeSizeGb,
    maxRuntimeSeconds: submit.maxRuntimeSeconds,
    outputPath: submit.outputPath || undefined,
    channels: submitChannels(run.channels ?? {}, submit.channels),
    checkpointS3Uri: submit.checkpointS3Uri || undefined,
    spot: submit.spot,
    region: submit.region || undefined,
    tags: { ...submit.tags },
    ecrRepository: submit.ecrRepository || undefined,
    createRepository: submit.createRepository,
  };
  return {
    dockerfilePath: scope.dockerfilePath,
    workspaceRoot: run.workspaceRoot,
    context: run.context,
    target: run.target,
    buildArgs: run.buildArgs,
    severities: run.severities,
    engine: run.engine,
    enginePath: run.enginePath,
    extraBuildArgs: run.extraBuildArgs,
    hyperparameters: run.hyperparameters,
    hyperparameterEncoding: run.hyperparameterEncoding,
    environment: run.env,
    cloud,
  };
}

/** The setting behind a submission problem's field, as the CLI's `FLAG_OF` names its flag. */
const SETTING_OF: Record<CloudField, SettingKey | 'run'> = {
  roleArn: 'submit.role',
  instanceType: 'submit.instanceType',
  instanceCount: 'submit.instanceCount',
  volumeSizeGb: 'submit.volumeSizeGb',
  maxRuntimeSeconds: 'submit.maxRuntimeSeconds',
  // The editor's spot jobs wait as long as they may run.
  maxWaitSeconds: 'submit.maxRuntimeSeconds',
  outputPath: 'submit.outputPath',
  checkpointS3Uri: 'submit.checkpointS3Uri',
  channels: 'submit.channels',
  region: 'submit.region',
  tags: 'submit.tags',
  ecrRepository: 'submit.ecrRepository',
  environment: 'run',
  hyperparameters: 'run',
};

/** What "Open Settings" searches for after a refused submission: the setting, or Run's settings. */
export function settingOfCloudField(field: CloudField | undefined): string {
  const key = field === undefined ? 'run' : SETTING_OF[field];
  return key === 'run' ? `${SETTINGS_SECTION}.run` : settingName(key);
}

// The settings of a submission for one Dockerfile: the same build and training settings as Run
// (`sagemakerEntrypoint.run.*`, `target`, `buildArgs` …) plus `sagemakerEntrypoint.submit.*`.
import * as vscode from 'vscode';
import type { ChannelSource, CloudSettings, SubmitOptions } from '../../../cloud/src';
import type { ChannelSpec } from '../../../runner/src';
import { runOptionsFor } from '../run/runOptions';

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Run's channel folders; an S3 URI in `submit.channels` replaces the folder of the same name, keeping its content type. */
function channels(local: Record<string, string | ChannelSpec>, s3: Record<string, string>): Record<string, ChannelSource> {
  const folders = new Map(Object.entries(local).map(([name, channel]) => [name, typeof channel === 'string' ? { dir: channel } : channel]));
  const fromS3 = Object.entries(s3).map(([name, s3Uri]) => [name, { s3Uri, contentType: folders.get(name)?.contentType }] as const);
  return Object.fromEntries([...folders, ...fromS3]);
}

/** Everything but the events and the cancel signal. */
export function submitOptionsFor(dockerfile: vscode.Uri): SubmitOptions {
  const run = runOptionsFor(dockerfile);
  const submit = vscode.workspace.getConfiguration('sagemakerEntrypoint.submit', dockerfile);
  const cloud: CloudSettings = {
    roleArn: submit.get<string>('role', '').trim(),
    instanceType: submit.get<string>('instanceType', '').trim(),
    instanceCount: positive(submit.get('instanceCount')),
    volumeSizeGb: positive(submit.get('volumeSizeGb')),
    maxRuntimeSeconds: positive(submit.get('maxRuntimeSeconds')),
    outputPath: submit.get<string>('outputPath', '').trim() || undefined,
    channels: channels(run.channels ?? {}, stringMap(submit.get('channels'))),
    checkpointS3Uri: submit.get<string>('checkpointS3Uri', '').trim() || undefined,
    spot: submit.get<boolean>('spot', false),
    region: submit.get<string>('region', '').trim() || undefined,
    tags: stringMap(submit.get('tags')),
    ecrRepository: submit.get<string>('ecrRepository', '').trim() || undefined,
    createRepository: submit.get<boolean>('createRepository', false),
  };
  return {
    dockerfilePath: dockerfile.fsPath,
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

/** The setting behind a problem's field, for "Open Settings". */
export function settingOf(field: string): string {
  const names: Record<string, string> = { roleArn: 'role', environment: '', hyperparameters: '' };
  const name = field in names ? names[field] : field;
  return name ? `sagemakerEntrypoint.submit.${name}` : 'sagemakerEntrypoint.run';
}

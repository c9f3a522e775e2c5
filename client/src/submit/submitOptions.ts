// The settings of a submission for one Dockerfile: the same build and training settings as Run
// (`sagemakerEntrypoint.run.*`, `target`, `buildArgs` …) plus `sagemakerEntrypoint.submit.*`.
import * as vscode from 'vscode';
import type { ChannelSource, CloudSettings, HyperparameterEncodingChoice, SubmitOptions } from '../../../cloud/src';
import { runOptionsFor } from '../run/runOptions';

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A local run's channel: an absolute folder, or a folder with a content type. */
type RunChannel = string | { dir: string; contentType?: string };

/** Local channel folders from Run; an S3 URI in `submit.channels` replaces the folder of the same name. */
function channels(local: Record<string, RunChannel>, s3: Record<string, string>): Record<string, ChannelSource> {
  const result: Record<string, ChannelSource> = {};
  for (const [name, channel] of Object.entries(local)) result[name] = typeof channel === 'string' ? { dir: channel } : { dir: channel.dir, contentType: channel.contentType };
  for (const [name, uri] of Object.entries(s3)) result[name] = { s3Uri: uri, contentType: result[name]?.contentType };
  return result;
}

/** Everything but the events and the cancel signal. */
export function submitOptionsFor(dockerfile: vscode.Uri): SubmitOptions {
  const run = runOptionsFor(dockerfile) as ReturnType<typeof runOptionsFor> & { hyperparameterEncoding?: HyperparameterEncodingChoice; channels?: Record<string, RunChannel> };
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

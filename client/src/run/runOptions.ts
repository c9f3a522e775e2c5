// The settings of a run, read for one Dockerfile (folder-level values apply per workspace folder).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChannelSpec, EngineChoice, HyperparameterEncodingChoice, LocalRunOptions } from '../../../runner/src';

const ENGINES: readonly string[] = ['auto', 'docker', 'podman'];
const ENCODINGS: readonly HyperparameterEncodingChoice[] = ['auto', 'json', 'raw'];

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Everything but the mode, the events and the cancel signal. */
export function runOptionsFor(dockerfile: vscode.Uri): LocalRunOptions {
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath;
  const fromFolder = (p: string) => (folder && !path.isAbsolute(p) ? path.resolve(folder, p) : p);
  const config = vscode.workspace.getConfiguration('sagemakerEntrypoint', dockerfile);
  const run = vscode.workspace.getConfiguration('sagemakerEntrypoint.run', dockerfile);
  const engine = run.get<string>('engine', 'auto');
  const buildContext = config.get<string>('buildContext', '');
  const hyperparameters = run.get<unknown>('hyperparameters', {});
  return {
    dockerfilePath: dockerfile.fsPath,
    workspaceRoot: folder,
    context: buildContext ? fromFolder(buildContext) : undefined,
    target: config.get<string>('target', '') || undefined,
    buildArgs: stringMap(config.get('buildArgs')),
    severities: stringMap(config.get('rules')) as LocalRunOptions['severities'],
    engine: (ENGINES.includes(engine) ? engine : 'auto') as EngineChoice,
    enginePath: run.get<string>('enginePath', '') || undefined,
    extraBuildArgs: stringList(run.get('extraBuildArgs')),
    extraRunArgs: stringList(run.get('extraRunArgs')),
    hyperparameters: hyperparameters && typeof hyperparameters === 'object' && !Array.isArray(hyperparameters) ? (hyperparameters as Record<string, unknown>) : {},
    hyperparameterEncoding: oneOf(run.get('hyperparameterEncoding'), ENCODINGS, 'auto'),
    channels: channels(run.get('channels'), fromFolder),
    readOnlyChannels: run.get<boolean>('readOnlyChannels', false),
    instanceCount: run.get<number>('instanceCount', 1),
    checkpointDir: run.get<string>('checkpointDir', '') ? fromFolder(run.get<string>('checkpointDir', '')) : undefined,
    init: run.get<boolean>('init', false),
    port: run.get<number>('port', 8080),
    startupTimeoutMs: run.get<number>('startupTimeoutSeconds', 300) * 1000,
    // Only plain names: `-e NAME` without a value would hand the editor's own variable to the container.
    env: Object.fromEntries(Object.entries(stringMap(run.get('environment'))).filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))),
    passAwsCredentials: run.get<boolean>('passAwsCredentials', false),
    gpus: run.get<boolean>('gpus', false),
    user: userSetting(run.get<string>('user', '')),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** `name → folder` or `name → { path, contentType }`; folders relative to the workspace folder. */
function channels(value: unknown, fromFolder: (p: string) => string): Record<string, ChannelSpec> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const result = new Map<string, ChannelSpec>();
  for (const [name, channel] of Object.entries(value)) {
    if (typeof channel === 'string') result.set(name, { dir: fromFolder(channel) });
    else if (channel && typeof channel === 'object' && typeof (channel as { path?: unknown }).path === 'string') {
      const { path: dir, contentType } = channel as { path: string; contentType?: unknown };
      result.set(name, { dir: fromFolder(dir), ...(typeof contentType === 'string' && contentType ? { contentType } : {}) });
    }
  }
  return Object.fromEntries(result);
}

/** `UID[:GID]` or `NAME[:GROUP]`; anything else is ignored rather than handed to the engine. */
function userSetting(value: string): string | undefined {
  const user = value.trim();
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(user) ? user : undefined;
}

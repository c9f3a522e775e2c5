// The settings of a run, read for one Dockerfile (folder-level values apply per workspace folder).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineChoice, LocalRunOptions } from '../../../runner/src';

const ENGINES: readonly string[] = ['auto', 'docker', 'podman'];

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
    channels: Object.fromEntries(Object.entries(stringMap(run.get('channels'))).map(([name, dir]) => [name, fromFolder(dir)])),
    port: run.get<number>('port', 8080),
    startupTimeoutMs: run.get<number>('startupTimeoutSeconds', 300) * 1000,
    // Only plain names: `-e NAME` without a value would hand the editor's own variable to the container.
    env: Object.fromEntries(Object.entries(stringMap(run.get('environment'))).filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))),
    passAwsCredentials: run.get<boolean>('passAwsCredentials', false),
    gpus: run.get<boolean>('gpus', false),
    user: userSetting(run.get<string>('user', '')),
  };
}

/** `UID[:GID]` or `NAME[:GROUP]`; anything else is ignored rather than handed to the engine. */
function userSetting(value: string): string | undefined {
  const user = value.trim();
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/.test(user) ? user : undefined;
}

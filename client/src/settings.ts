// The settings of a run or a submission for one Dockerfile (folder-level values apply per workspace
// folder): what `vscode.workspace.getConfiguration` returns, read by the options' one validation, where a
// value of the wrong type falls back to its default with a line in the log.
import * as vscode from 'vscode';
import { runOptionsFromSettings, SETTINGS_SECTION, submitOptionsFromSettings } from '../../options/src';
import type { SettingsScope } from '../../options/src';
import type { SubmitOptions } from '../../cloud/src';
import type { LocalRunOptions } from '../../runner/src';

/** The Dockerfile and its workspace folder, which relative folders in settings start from. */
function scope(dockerfile: vscode.Uri): SettingsScope {
  return { dockerfilePath: dockerfile.fsPath, workspaceFolder: vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath };
}

/** A local run's options: everything but the mode, the events and the cancel signal. */
export function runOptionsFor(dockerfile: vscode.Uri, log: vscode.LogOutputChannel): LocalRunOptions {
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION, dockerfile);
  return runOptionsFromSettings(settings, scope(dockerfile), (message) => log.warn(message));
}

/** A submission's options: Run's plus `submit.*`; everything but the events and the cancel signal. */
export function submitOptionsFor(dockerfile: vscode.Uri, log: vscode.LogOutputChannel): SubmitOptions {
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION, dockerfile);
  return submitOptionsFromSettings(settings, scope(dockerfile), (message) => log.warn(message));
}

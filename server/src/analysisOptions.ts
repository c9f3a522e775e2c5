// Turns a document URI and its settings into the options of one analysis.
import * as path from 'node:path';
import type { AnalysisOptions } from './analysis';
import type { ServerSettings } from './settings';
import { fileSystemPath } from './workspaceFolders';

export function analysisOptionsFor(
  uri: string,
  settings: ServerSettings,
  workspaceFolderOf: (fsPath: string) => string | undefined,
  log: (message: string) => void,
  ruleDocsBase?: string,
): AnalysisOptions {
  const options: AnalysisOptions = {
    ruleDocsBase,
    target: settings.target || undefined,
    buildArgs: { ...settings.buildArgs },
    severities: { ...settings.rules },
    log,
  };
  const dockerfilePath = fileSystemPath(uri);
  if (dockerfilePath === undefined) {
    // An unsaved buffer (or a virtual file) has no folder, so nothing on disk to check against.
    return { ...options, context: null };
  }
  const workspaceRoot = workspaceFolderOf(dockerfilePath);
  return { ...options, dockerfilePath, workspaceRoot, context: contextFromSetting(settings.buildContext, workspaceRoot) };
}

/**
 * The setting is relative to the workspace folder; outside any folder it is passed on as given, which the
 * analysis reads relative to the Dockerfile's folder. '' leaves the context to detection.
 */
function contextFromSetting(buildContext: string, workspaceRoot: string | undefined): string | undefined {
  if (buildContext === '') return undefined;
  return workspaceRoot === undefined ? buildContext : path.resolve(workspaceRoot, buildContext);
}

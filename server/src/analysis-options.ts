// Turns a document URI and its settings into the options of one analysis.
import { analysisOptionsFromSettings } from '../../options/src';
import type { AnalysisOptions } from '../../analysis/src';
import type { ServerSettings } from './settings';
import { fileSystemPath } from './workspace-folders';

export function analysisOptionsFor(
  uri: string,
  settings: ServerSettings,
  workspaceFolderOf: (fsPath: string) => string | undefined,
  log: NonNullable<AnalysisOptions['log']>,
  ruleDocsBase?: string,
): AnalysisOptions {
  const dockerfilePath = fileSystemPath(uri);
  if (dockerfilePath === undefined) {
    // An unsaved buffer (or a virtual file) has no folder, so nothing on disk to check against.
    const { target, buildArgs, severities } = analysisOptionsFromSettings(settings, undefined);
    return { ruleDocsBase, target, buildArgs, severities, log, context: null };
  }
  return { ruleDocsBase, dockerfilePath, ...analysisOptionsFromSettings(settings, workspaceFolderOf(dockerfilePath)), log };
}

// "Run training locally" / "Serve locally" above the entry-point ENV line the container will use.
import type { CodeLens } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { effective, resolvedValue } from '../analysis/rules/shared';
import type { FeatureContext } from './context';

export const RUN_COMMAND = 'sagemakerEntrypoint.run';

const LENSES = [
  { key: 'SAGEMAKER_TRAINING_MODULE', mode: 'train', title: '$(play) Run training locally' },
  { key: 'SAGEMAKER_PROGRAM', mode: 'train', title: '$(play) Run training locally' },
  { key: 'SAGEMAKER_SERVING_MODULE', mode: 'serve', title: '$(play) Serve locally' },
] as const;

export function codeLenses({ document, analyzed }: FeatureContext): CodeLens[] {
  // Running needs the Dockerfile on disk: an unsaved buffer gets no lens.
  if (URI.parse(document.uri).scheme !== 'file') return [];
  const { model } = analyzed.analysis;
  const lenses: CodeLens[] = [];
  const modes = new Set<string>();
  for (const { key, mode, title } of LENSES) {
    const assignment = effective(model, key);
    if (!assignment || !resolvedValue(assignment)?.trim() || modes.has(mode)) continue;
    modes.add(mode);
    const line = assignment.nameRange.start.line;
    lenses.push({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      command: { title, command: RUN_COMMAND, arguments: [{ uri: document.uri, mode }] },
    });
  }
  return lenses;
}

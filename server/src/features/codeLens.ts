// "Run training locally" / "Serve locally" above the entry-point ENV line the container will use, and
// "Train on SageMaker" beside the training one.
import type { CodeLens } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { effective, resolvedValue } from '../analysis/rules/shared';
import type { FeatureContext } from './context';

export const RUN_COMMAND = 'sagemakerEntrypoint.run';
export const SUBMIT_COMMAND = 'sagemakerEntrypoint.submit';

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
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    lenses.push({ range, command: { title, command: RUN_COMMAND, arguments: [{ uri: document.uri, mode }] } });
    if (mode === 'train') lenses.push({ range, command: { title: '$(cloud-upload) Train on SageMaker', command: SUBMIT_COMMAND, arguments: [{ uri: document.uri }] } });
  }
  return lenses;
}

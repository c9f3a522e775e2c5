// "Run training locally" / "Serve locally" above the entry-point ENV line the container will use, and
// "Train on SageMaker" beside the training one.
import type { CodeLens } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { COMMANDS } from '../../../options/src';
import type { RunCommandArguments, SubmitCommandArguments } from '../../../options/src';
import { effective, resolvedValue } from '../../../analysis/src';
import type { FeatureContext } from './context';

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
    const run: RunCommandArguments = { uri: document.uri, mode };
    lenses.push({ range, command: { title, command: COMMANDS.run, arguments: [run] } });
    if (mode !== 'train') continue;
    const submit: SubmitCommandArguments = { uri: document.uri };
    lenses.push({ range, command: { title: '$(cloud-upload) Train on SageMaker', command: COMMANDS.submit, arguments: [submit] } });
  }
  return lenses;
}

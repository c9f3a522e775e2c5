// Completion of SageMaker keys after ENV and of their values, on the document's shared analysis.
import { CompletionItemKind, CompletionItemTag, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { isEntryPointKey, SAGEMAKER_KEYS, type SageMakerKey, type ValueKind } from '../../../analysis/src';
import type { DockerfileModel, Stage } from '../../../analysis/src';
import { siteAt, type KeySite } from './completion-site';
import { valueCompletions } from './completion-values';
import type { FeatureContext } from './context';
import { readBy } from './hover-sources';

export const COMPLETION_TRIGGERS = ['=', ':', '.', ' ', '/'];

export function completions(context: FeatureContext, params: CompletionParams): CompletionItem[] {
  const { analysis } = context.analyzed;
  const formats = context.client.textDocument?.completion?.completionItem?.documentationFormat;
  const format = !formats || formats.includes(MarkupKind.Markdown) ? MarkupKind.Markdown : MarkupKind.PlainText;
  const site = siteAt(analysis.model.parsed, params.position);
  if (!site) return [];
  if (site.kind === 'key') return keyItems(site, format);
  const stage = stageAtLine(analysis.model, params.position.line);
  return stage ? valueCompletions({ analysis, stage, site, format }) : [];
}

const VALUE_DETAIL: Record<ValueKind, string> = {
  program: 'script under /opt/ml/code',
  'training-module': 'module:function',
  'serving-module': 'module[:attribute]',
  integer: 'integer',
  'positive-integer': 'positive integer',
  port: 'port 1-65535',
  'port-range': 'N-M',
  'exact-boolean': 'true | false',
  strtobool: 'true | false',
  text: 'text',
};

function keyItems(site: KeySite, format: MarkupKind): CompletionItem[] {
  return SAGEMAKER_KEYS.map((key, index) => ({
    label: key.name,
    kind: CompletionItemKind.Variable,
    detail: VALUE_DETAIL[key.kind],
    documentation: { kind: format, value: keyDoc(key) },
    // Entry points first, obsolete keys last, catalogue order otherwise.
    sortText: `${isEntryPointKey(key.name) ? 0 : key.obsolete ? 2 : 1}${String(index).padStart(2, '0')}`,
    tags: key.obsolete ? [CompletionItemTag.Deprecated] : undefined,
    textEdit: { range: site.range, newText: site.appendEquals ? `${key.name}=` : key.name },
  }));
}

function keyDoc(key: SageMakerKey): string {
  const sources = readBy(key.name);
  const platform = key.platformProvided ? '\n\nNormally set by the platform, not baked into the image.' : '';
  return `${key.doc}${platform}${sources ? `\n\nRead by ${sources}.` : ''}`;
}

/** The stage an instruction on `line` belongs to; the target for lines before the first FROM. */
function stageAtLine(model: DockerfileModel, line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of model.stages) {
    if (stage.from.range.start.line > line) break;
    found = stage;
  }
  return found ?? model.target;
}

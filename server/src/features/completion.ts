// Completion of SageMaker keys after ENV and of their values.
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export const COMPLETION_TRIGGERS = ['=', ':', '.', ' ', '/'];

export function completions(_context: FeatureContext, _params: CompletionParams): CompletionItem[] {
  return [];
}

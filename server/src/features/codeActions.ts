// Quick fixes built from `diagnostic.data`, "ignore" actions and source.fixAll.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export function codeActions(_context: FeatureContext, _params: CodeActionParams): CodeAction[] {
  return [];
}

// Hover on SageMaker keys and values.
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export function hover(_context: FeatureContext, _params: HoverParams): Hover | null {
  return null;
}

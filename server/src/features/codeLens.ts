// "Run training locally" / "Serve locally" above the entry-point ENV line.
import type { CodeLens } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export function codeLenses(_context: FeatureContext): CodeLens[] {
  return [];
}

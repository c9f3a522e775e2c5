// Go to definition and document links from entry-point values to the files they name.
import type { DefinitionParams, DocumentLink, Location } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export function definition(_context: FeatureContext, _params: DefinitionParams): Location[] {
  return [];
}

export function documentLinks(_context: FeatureContext): DocumentLink[] {
  return [];
}

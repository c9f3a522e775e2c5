// What every editor feature receives: the document's text and its one shared analysis.
import type { ClientCapabilities } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzedDocument } from '../documents';

export interface FeatureContext {
  document: TextDocument;
  analyzed: AnalyzedDocument;
  client: ClientCapabilities;
}

// `textDocument/diagnostic`: the cached analysis' diagnostics as a full report, or "unchanged".
import {
  DocumentDiagnosticReportKind,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './documents';
import { errorText } from './errors';

/** Never rejects: a failure is logged and reported as "no findings", so the client keeps asking. */
export async function documentDiagnostics(
  params: DocumentDiagnosticParams,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  log: (message: string) => void,
): Promise<DocumentDiagnosticReport> {
  try {
    const document = documents.get(params.textDocument.uri);
    const analyzed = document && (await analyses.get(document));
    if (!analyzed) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (params.previousResultId === analyzed.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: analyzed.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: analyzed.resultId, items: analyzed.analysis.diagnostics };
  } catch (error) {
    log(`diagnostics for ${params.textDocument.uri} failed: ${errorText(error)}`);
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
}

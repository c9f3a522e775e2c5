// `textDocument/diagnostic`: the cached analysis' diagnostics as a full report, or "unchanged".
import {
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './documents';
import { errorWithStack } from '../../analysis/src';

/**
 * Rejects only with InvalidParams (no document named) or ServerCancelled (retrigger: the document changed
 * meanwhile); any other failure is logged and reported as "no findings", so the client keeps asking.
 */
export async function documentDiagnostics(
  params: Partial<DocumentDiagnosticParams> | undefined,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  log: (message: string) => void,
): Promise<DocumentDiagnosticReport> {
  if (typeof params?.textDocument?.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri is missing');
  const document = documents.get(params.textDocument.uri);
  const version = document?.version;
  try {
    const analyzed = document && (await analyses.get(document));
    if (!analyzed && document && document.version !== version) throw superseded();
    if (!analyzed) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (params.previousResultId === analyzed.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: analyzed.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: analyzed.resultId, items: analyzed.analysis.diagnostics };
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    log(`diagnostics for ${params.textDocument.uri} failed: ${errorWithStack(error)}`);
    return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  }
}

/** The document changed while it was analysed: the client asks again for the new version. */
function superseded(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed while it was analysed', { retriggerRequest: true });
}

// The CLI's view of a diagnostic: 1-based positions and a severity word, tied to the file it came from.
import { ruleInfo } from '../../analysis/src';
import type { Diagnostic, Severity } from '../../analysis/src';

export interface Finding {
  /** The Dockerfile's path as given or as found. */
  file: string;
  code: string;
  severity: Severity;
  message: string;
  line: number;
  /** UTF-16 code units, like LSP's `character` + 1. */
  column: number;
  endLine: number;
  /** Exclusive, like LSP's end `character` + 1. */
  endColumn: number;
}

export interface CheckedFile {
  displayPath: string;
  absolutePath: string;
  findings: Finding[];
}

const SEVERITY_BY_LSP_NUMBER: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Higher is more severe: error > warning > info > hint. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function toFinding(diagnostic: Diagnostic, file: string): Finding {
  const code = diagnostic.code === undefined ? '' : String(diagnostic.code);
  const severity =
    (diagnostic.severity !== undefined && SEVERITY_BY_LSP_NUMBER[diagnostic.severity]) || ruleInfo(code)?.defaultSeverity || 'error';
  const { start, end } = diagnostic.range;
  return {
    file,
    code,
    severity,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

export function byPosition(a: Finding, b: Finding): number {
  // Codes are ASCII ('SM' and digits): code-unit order, without loading a collator.
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

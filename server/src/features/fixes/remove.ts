// Fixes that delete an ENV pair: SM006 (overridden), SM304 (obsolete), SM305 (platform-provided).
// The rule puts `removalData` in `data`: the pair's own removal range when the instruction has
// several, the instruction's range otherwise (then the instruction goes with its line).
import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Removal } from '../../../../analysis/src';
import { type Fix, type Fixer, lineEnd } from './edits';

/** What to delete: the pair, or the whole instruction with its line break. */
export function removalRange(data: Removal, document: TextDocument): Range {
  const { removeRange: pair, instructionRange: instruction } = data;
  if (pair) return pair;
  const last = document.lineCount - 1;
  if (instruction.end.line < last)
    return { start: { line: instruction.start.line, character: 0 }, end: { line: instruction.end.line + 1, character: 0 } };
  // The last line of the file: take the line break before it instead.
  if (instruction.start.line > 0)
    return { start: lineEnd(document, instruction.start.line - 1), end: lineEnd(document, instruction.end.line) };
  return { start: { line: 0, character: 0 }, end: lineEnd(document, instruction.end.line) };
}

function removalFix(data: Removal, document: TextDocument, title: string, preferred: boolean): Fix[] {
  return [{ title, edits: [{ range: removalRange(data, document), text: [] }], preferred }];
}

/** The variable name the diagnostic starts with (its range is the name, or the name and value). */
function nameAt(document: TextDocument, diagnostic: { range: Range }): string {
  return /^[^=\s]*/.exec(document.getText(diagnostic.range))?.[0] || 'the variable';
}

/** SM006: the assignment a later one replaces. Preferred when the replacement is in the same stage and nothing reads `$NAME`. */
export const overridden: Fixer<'SM006'> = (_diagnostic, data, document) =>
  removalFix(data, document, 'Remove the overridden assignment', data.sameStage && !data.referenced);

/** SM304: no toolkit reads it. */
export const obsoleteVariable: Fixer<'SM304'> = (diagnostic, data, document) =>
  removalFix(data, document, `Remove ${nameAt(document, diagnostic)}`, true);

/**
 * SM305: the platform sets it. Not preferred: a server that reads it without a default needs a code
 * change too, so it is not applied by fixAll.
 */
export const platformProvided: Fixer<'SM305'> = (diagnostic, data, document) =>
  removalFix(data, document, `Remove ${nameAt(document, diagnostic)} (the platform sets it)`, false);

// "Ignore SMxxx for this instruction" and "Ignore SMxxx in this file" (docs/rules/README.md#silencing-and-severities): a suppression
// comment right above the instruction, or a global one at the top of the file, or the ID added to
// the comment of that kind that is already there.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeRuleId, SUPPRESSION_COMMENT } from '../../../../analysis/src';
import { eol, type Fix, indentation, lineText } from './edits';

/** Parser directives (`# syntax=`, `# escape=`, `# check=`) must stay the first lines of the file. */
const DIRECTIVE = /^\s*#\s*(syntax|escape|check)\s*=/i;

/**
 * The edit that adds `code` to the ID list of the suppression comment `match` on `line`;
 * null when the comment has it already.
 */
function addToComment(code: string, line: number, match: RegExpExecArray, title: string): Fix | null {
  const listStart = match[1].length;
  let insertAt = listStart;
  let separator = '';
  for (const token of match[3].matchAll(/[^,\s]+/g)) {
    if (!looksLikeRuleId(token[0])) break;
    if (token[0].toUpperCase() === code.toUpperCase()) return null;
    insertAt = listStart + token.index + token[0].length;
    separator = ',';
  }
  const trailing = separator === '' && match[3].trim() !== '' ? ' ' : '';
  const position = { line, character: insertAt };
  return { title, edits: [{ range: { start: position, end: position }, text: [`${separator}${code}${trailing}`] }] };
}

export function ignoreFix(code: string, instructionLine: number, document: TextDocument): Fix | undefined {
  const title = `Ignore ${code} for this instruction`;
  // Comment lines directly above belong to the instruction; an existing suppression among them takes the ID.
  for (let line = instructionLine - 1; line >= 0 && /^\s*#/.test(lineText(document, line)); line--) {
    const match = SUPPRESSION_COMMENT.exec(lineText(document, line));
    if (!match || match[2]) continue;
    return addToComment(code, line, match, title) ?? undefined;
  }
  const start = { line: instructionLine, character: 0 };
  const comment = `${indentation(document, instructionLine)}# sagemaker-entrypoint ignore=${code}${eol(document)}`;
  return { title, edits: [{ range: { start, end: start }, text: [comment] }] };
}

export function fileIgnoreFix(code: string, document: TextDocument): Fix | undefined {
  const title = `Ignore ${code} in this file`;
  let firstOther: number | undefined;
  for (let line = 0; line < document.lineCount; line++) {
    const text = lineText(document, line);
    if (firstOther === undefined && !DIRECTIVE.test(text)) firstOther = line;
    const match = SUPPRESSION_COMMENT.exec(text);
    if (match?.[2]) return addToComment(code, line, match, title) ?? undefined;
  }
  const lines = document.lineCount;
  const line = firstOther ?? lines;
  if (line < lines) {
    const start = { line, character: 0 };
    return { title, edits: [{ range: { start, end: start }, text: [`# sagemaker-entrypoint global ignore=${code}${eol(document)}`] }] };
  }
  // Nothing but directives: after the last one.
  const end = { line: lines - 1, character: lineText(document, lines - 1).length };
  return { title, edits: [{ range: { start: end, end }, text: [`${eol(document)}# sagemaker-entrypoint global ignore=${code}`] }] };
}

// "Ignore SMxxx for this instruction": a suppression comment right above the instruction (RULES.md §3),
// or the ID added to the one already there.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeRuleId, SUPPRESSION_COMMENT } from '../../analysis/suppression';
import { eol, type Fix, indentation, lineText } from './edits';

export function ignoreFix(code: string, instructionLine: number, document: TextDocument): Fix | undefined {
  const title = `Ignore ${code} for this instruction`;
  // Comment lines directly above belong to the instruction; an existing suppression among them takes the ID.
  for (let line = instructionLine - 1; line >= 0 && /^\s*#/.test(lineText(document, line)); line--) {
    const match = SUPPRESSION_COMMENT.exec(lineText(document, line));
    if (!match || match[2]) continue;
    const listStart = match[1].length;
    let insertAt = listStart;
    let separator = '';
    for (const token of match[3].matchAll(/[^,\s]+/g)) {
      if (!looksLikeRuleId(token[0])) break;
      if (token[0].toUpperCase() === code.toUpperCase()) return undefined;
      insertAt = listStart + token.index! + token[0].length;
      separator = ',';
    }
    const trailing = separator === '' && match[3].trim() !== '' ? ' ' : '';
    const position = { line, character: insertAt };
    return { title, edits: [{ range: { start: position, end: position }, text: [`${separator}${code}${trailing}`] }] };
  }
  const start = { line: instructionLine, character: 0 };
  const comment = `${indentation(document, instructionLine)}# sagemaker-entrypoint ignore=${code}${eol(document)}`;
  return { title, edits: [{ range: { start, end: start }, text: [comment] }] };
}

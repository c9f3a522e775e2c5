// "Ignore SMxxx for this instruction": a suppression comment right above the instruction (RULES.md §3),
// or the ID added to the one already there.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Instr } from '../../analysis/parse';
import { eol, type Fix, indentation, lineText } from './edits';

// The same comment syntax suppression.ts reads: prefix, optional `global`, then the ID list and a reason.
const COMMENT = /^(\s*#\s*sagemaker-entrypoint\s+(global\s+)?ignore\s*=\s*)(.*)$/i;
const ID = /^[A-Za-z]+\d+$/;

/** Start line of the instruction that holds `line`; instructions are in file order. */
export function instructionStart(instructions: readonly Instr[], line: number): number | undefined {
  let low = 0;
  let high = instructions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const { start, end } = instructions[mid].range;
    if (line < start.line) high = mid - 1;
    else if (line > end.line) low = mid + 1;
    else return start.line;
  }
  return undefined;
}

export function ignoreFix(code: string, instructionLine: number, document: TextDocument): Fix | undefined {
  const title = `Ignore ${code} for this instruction`;
  // Comment lines directly above belong to the instruction; an existing suppression among them takes the ID.
  for (let line = instructionLine - 1; line >= 0 && /^\s*#/.test(lineText(document, line)); line--) {
    const match = COMMENT.exec(lineText(document, line));
    if (!match || match[2]) continue;
    const listStart = match[1].length;
    let insertAt = listStart;
    let separator = '';
    for (const token of match[3].matchAll(/[^,\s]+/g)) {
      if (!ID.test(token[0])) break;
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

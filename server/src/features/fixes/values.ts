// Fixes for variable names and values: SM001 (rename), SM301–SM303 (valid values), SM304 (remove).
import type { Range } from 'vscode-languageserver';
import { type Fix, type Fixer, lineEnd, range, str, strs, valueFix } from './edits';

/** SM001: the catalogue name the key was meant to be. */
export const unknownVariable: Fixer = (diagnostic, data) => {
  const suggestion = str(data, 'suggestion');
  if (!suggestion) return [];
  return [{ title: `Rename to ${suggestion}`, edits: [{ range: diagnostic.range, text: [suggestion] }], preferred: true }];
};

const TRUE_WORDS = ['y', 'yes', 't', 'true', 'on', '1'];
const FALSE_WORDS = ['n', 'no', 'f', 'false', 'off', '0'];

/** The valid value the written one obviously means, if any. */
function obviousValue(value: string | undefined, valid: string[]): string | undefined {
  if (valid.length === 1) return valid[0];
  const word = value?.trim().toLowerCase() ?? '';
  const meant = TRUE_WORDS.includes(word) ? 'true' : FALSE_WORDS.includes(word) ? 'false' : undefined;
  return meant && valid.includes(meant) ? meant : undefined;
}

/** SM301–SM303: replace the value with each valid one. */
export const validValues: Fixer = (diagnostic, data, document) => {
  const valid = strs(data, 'valid') ?? [];
  const preferred = obviousValue(str(data, 'value'), valid);
  return valid.flatMap((value) => valueFix(diagnostic, data, document, `Change to '${value}'`, [value], value === preferred) ?? []);
};

/** SM304: remove the pair, or the whole instruction (with its line) when it is the only pair. */
export const obsoleteVariable: Fixer = (diagnostic, data, document) => {
  const pair = range(data, 'removeRange');
  const instruction = range(data, 'instructionRange');
  const name = document.getText(diagnostic.range) || 'the variable';
  let remove: Range | undefined = pair;
  if (!remove && instruction) {
    const last = document.lineCount - 1;
    remove =
      instruction.end.line < last
        ? { start: { line: instruction.start.line, character: 0 }, end: { line: instruction.end.line + 1, character: 0 } }
        : instruction.start.line > 0
          ? { start: lineEnd(document, instruction.start.line - 1), end: lineEnd(document, instruction.end.line) }
          : { start: { line: 0, character: 0 }, end: lineEnd(document, instruction.end.line) };
  }
  const fix: Fix | undefined = remove && { title: `Remove ${name}`, edits: [{ range: remove, text: [] }], preferred: true };
  return fix ? [fix] : [];
};

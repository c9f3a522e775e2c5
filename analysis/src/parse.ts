// Reads a Dockerfile into plain instruction records, in one pass and without a parser library.
//
// split.ts finds each instruction's lines as BuildKit does. The instructions the model reads are then
// described word by word: FROM, COPY, ADD, WORKDIR and ENTRYPOINT by read-words.ts, the pairs of ENV
// and ARG by read-properties.ts, both tokenising as dockerfile-ast does (test/fuzz/reader.ts holds
// them equal to it). The others (RUN, CMD, LABEL, …) keep their keyword, range and raw text only.
import type { Range } from 'vscode-languageserver-types';
import { errorMessage } from './error-text';
import { LineIndex } from './line-index';
import { readProperties } from './read-properties';
import { jsonForm, readWords } from './read-words';
import { Source, SourceInstruction } from './source';
import { escapeCharacter, forEachInstruction, type InstructionSpan } from './split';
import type { Instr } from './instruction';

export type { Flag, Instr, Property, Word } from './instruction';

export interface ParseProblem {
  message: string;
  range: Range;
}

export interface ParsedDockerfile {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  instructions: Instr[];
  /** First and last line of each instruction, by index: line lookups that make no ranges. */
  firstLines: number[];
  lastLines: number[];
  problems: ParseProblem[];
}

const WORD_KEYWORDS = new Set(['FROM', 'COPY', 'ADD', 'WORKDIR', 'ENTRYPOINT']);
const PROPERTY_KEYWORDS = new Set(['ENV', 'ARG']);
const JSON_KEYWORDS = new Set(['ENTRYPOINT', 'CMD', 'RUN', 'COPY', 'ADD', 'SHELL']);

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = new LineIndex(text);
  const escapeChar = escapeCharacter(lines);
  const parsed: ParsedDockerfile = { text, lines, escapeChar, instructions: [], firstLines: [], lastLines: [], problems: [] };
  const source = new Source(text, lines, escapeChar);
  forEachInstruction(text, lines, escapeChar, (span) => {
    source.line = span.startLine;
    const instr = new SourceInstruction(span.keyword, span.startLine, span.column, span.endLine - 1, source);
    try {
      readArguments(source, span, instr);
    } catch (error) {
      // A reader's bug costs this instruction's words, never the file.
      parsed.problems.push({ message: `could not read this instruction: ${errorMessage(error)}`, range: instr.range });
    }
    parsed.instructions.push(instr);
    parsed.firstLines.push(span.startLine);
    parsed.lastLines.push(span.endLine - 1);
  });
  return parsed;
}

/** Fills in what the model reads of the instruction's arguments. */
function readArguments(source: Source, span: Readonly<InstructionSpan>, instr: SourceInstruction): void {
  const { keyword } = span;
  const from = source.lineStart(span.startLine) + span.column + span.keywordLength;
  // The instruction's own lines: a heredoc's body holds no arguments.
  let to = source.lineEnd(span.argumentsEndLine - 1);
  // A continuation with nothing after it still ends the line, as for dockerfile-ast and BuildKit.
  if (endsWithEscape(source, to) && source.text.charCodeAt(to) === 10) to++;
  if (WORD_KEYWORDS.has(keyword)) {
    const words = readWords(source, keyword, from, to);
    if (words.args.length > 0) instr.args = words.args;
    if (words.flags.length > 0) instr.flags = words.flags;
    instr.argsStart = words.argsStart;
    instr.argsEnd = words.argsEnd;
    if (JSON_KEYWORDS.has(keyword)) instr.json = words.json;
  } else if (PROPERTY_KEYWORDS.has(keyword)) {
    const properties = readProperties(source, span.startLine, from, to);
    if (properties.length > 0) instr.properties = properties;
  } else {
    instr.text = source.raw(from, source.lineEnd(span.endLine - 1)).trim();
    if (JSON_KEYWORDS.has(keyword)) instr.json = jsonForm(instr.text);
  }
}

function endsWithEscape(source: Source, lineEnd: number): boolean {
  let last = lineEnd - 1;
  while (last >= 0 && (source.text.charCodeAt(last) === 32 || source.text.charCodeAt(last) === 9)) last--;
  return last >= 0 && source.text.charCodeAt(last) === source.escape;
}

/** The index of the instruction whose lines include `line`, -1 if none. */
export function instructionIndexAt(parsed: ParsedDockerfile, line: number): number {
  const { firstLines, lastLines } = parsed;
  let low = 0;
  let high = firstLines.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (line < firstLines[mid]) high = mid - 1;
    else if (line > lastLines[mid]) low = mid + 1;
    else return mid;
  }
  return -1;
}

/** The instruction whose lines include `line` (instructions are in line order). */
export function instructionAt(instructions: readonly Instr[], line: number): Instr | undefined {
  let low = 0;
  let high = instructions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const { start, end } = instructions[mid].range;
    if (line < start.line) high = mid - 1;
    else if (line > end.line) low = mid + 1;
    else return instructions[mid];
  }
  return undefined;
}

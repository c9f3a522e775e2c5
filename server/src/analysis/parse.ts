// Parses a Dockerfile into plain instruction records, using dockerfile-ast.
//
// dockerfile-ast places comments by testing each against every stage, which is quadratic on
// big multi-stage files, so the text is cut at FROM lines and each stage is parsed on its own.
// A chunk that makes dockerfile-ast throw is re-parsed one instruction at a time so one bad
// construct only loses itself.
import { DockerfileParser, Instruction, Property as AstProperty } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex } from './line-index';
import { splitInstructions, InstructionSpan } from './split';

export interface Word {
  /** The text as written in the source (quotes, escapes and variables untouched). */
  raw: string;
  range: Range;
}

export interface Property {
  name: string;
  nameRange: Range;
  /** Raw source text of the value, undefined for `ARG X` / `ENV X` without one. */
  value?: Word;
}

export interface Flag {
  name: string;
  value?: Word;
  range: Range;
}

export interface Instr {
  keyword: string;
  range: Range;
  keywordRange: Range;
  /** Arguments after the flags, raw. */
  args: Word[];
  flags: Flag[];
  /** ENV, ARG and LABEL pairs. */
  properties: Property[];
  /** Exec (JSON array) form of ENTRYPOINT, CMD, RUN, COPY, ADD, decoded; undefined for shell form. */
  json?: string[];
  /** Range of all arguments together. */
  argsRange?: Range;
}

export interface ParseProblem {
  message: string;
  range: Range;
}

export interface ParsedDockerfile {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  instructions: Instr[];
  problems: ParseProblem[];
}

const PROPERTY_KEYWORDS = new Set(['ENV', 'ARG', 'LABEL']);
const JSON_KEYWORDS = new Set(['ENTRYPOINT', 'CMD', 'RUN', 'COPY', 'ADD']);

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = new LineIndex(text);
  const split = splitInstructions(text, lines);
  const parsed: ParsedDockerfile = { text, lines, escapeChar: split.escapeChar, instructions: [], problems: [] };
  for (const chunk of split.chunks) {
    parseChunk(parsed, chunk.startLine, chunk.endLine, chunk.spans);
  }
  return parsed;
}

function parseChunk(out: ParsedDockerfile, startLine: number, endLine: number, spans: InstructionSpan[]): void {
  try {
    out.instructions.push(...parseLines(out, startLine, endLine));
  } catch {
    for (const span of spans) {
      try {
        out.instructions.push(...parseLines(out, span.startLine, span.endLine));
      } catch (error) {
        const range = { start: { line: span.startLine, character: 0 }, end: out.lines.lineEnd(span.endLine - 1) };
        out.problems.push({ message: `could not parse this instruction: ${(error as Error).message}`, range });
      }
    }
  }
}

/** Parses lines [startLine, endLine) and returns their instructions with positions in the whole text. */
function parseLines(out: ParsedDockerfile, startLine: number, endLine: number): Instr[] {
  const { lines } = out;
  let chunkText = out.text.slice(lines.lineStart(startLine), lines.lineStart(endLine));
  let lineOffset = startLine;
  if (startLine > 0 && out.escapeChar !== '\\') {
    chunkText = `# escape=${out.escapeChar}\n${chunkText}`;
    lineOffset -= 1;
  }
  const dockerfile = DockerfileParser.parse(chunkText);
  const shift = (r: Range): Range => ({
    start: { line: r.start.line + lineOffset, character: r.start.character },
    end: { line: r.end.line + lineOffset, character: r.end.character },
  });
  const word = (range: Range): Word => {
    const shifted = shift(range);
    return { raw: out.text.slice(lines.offsetAt(shifted.start), lines.offsetAt(shifted.end)), range: shifted };
  };
  return dockerfile.getInstructions().map((node) => toInstr(node, shift, word));
}

function toInstr(node: Instruction, shift: (r: Range) => Range, word: (r: Range) => Word): Instr {
  const keyword = node.getKeyword().toUpperCase();
  const argsRange = node.getArgumentsRange();
  const instr: Instr = {
    keyword,
    range: shift(node.getRange()),
    keywordRange: shift(node.getInstructionRange()),
    args: node.getArguments().map((a) => word(a.getRange())),
    flags: [],
    properties: [],
    argsRange: argsRange ? shift(argsRange) : undefined,
  };
  const maybeFlags = node as unknown as { getFlags?: () => Array<{ getName(): string; getRange(): Range; getValueRange(): Range | null }> };
  if (typeof maybeFlags.getFlags === 'function') {
    instr.flags = maybeFlags.getFlags().map((f) => {
      const valueRange = f.getValueRange();
      return { name: f.getName(), range: shift(f.getRange()), value: valueRange ? word(valueRange) : undefined };
    });
  }
  if (PROPERTY_KEYWORDS.has(keyword)) {
    const props = (node as unknown as { getProperties(): AstProperty[] }).getProperties();
    instr.properties = props.map((p) => {
      const valueRange = p.getValueRange();
      return { name: p.getName(), nameRange: shift(p.getNameRange()), value: valueRange ? word(valueRange) : undefined };
    });
  }
  if (instr.args.some((a) => a.raw.startsWith('<<'))) {
    // dockerfile-ast lists a heredoc's body as arguments; only the instruction's own line counts.
    const line = instr.args[0].range.start.line;
    instr.args = instr.args.filter((a) => a.range.start.line === line);
  }
  if (JSON_KEYWORDS.has(keyword)) {
    instr.json = jsonForm(instr);
    if (instr.json && keyword !== 'RUN') instr.args = [];
  }
  return instr;
}

/** Decodes an exec-form argument list (`["a", "b"]`); undefined when the instruction is in shell form. */
function jsonForm(instr: Instr): string[] | undefined {
  if (instr.args.length === 0) return undefined;
  const joined = instr.args.map((a) => a.raw).join(' ');
  if (!joined.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(joined);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // Not valid JSON: Docker runs it in shell form.
  }
  return undefined;
}

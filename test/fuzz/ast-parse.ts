// The reader the analysis used before it had its own (analysis/src/parse.ts): dockerfile-ast
// parses the instructions the model reads, stage by stage, and its words, flags, pairs and exec forms
// become the same plain records. Kept as the oracle of the differential test (reader.ts): on generated
// Dockerfiles both readers must describe every instruction alike, but for the cases where
// dockerfile-ast is documented to be wrong.
import { DockerfileParser, Instruction, JSONInstruction, ModifiableInstruction, Property as AstProperty } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { LineIndex } from '../../analysis/src/line-index';
import type { Instr, ParsedDockerfile, Property, Word } from '../../analysis/src/parse';
import { jsonForm } from '../../analysis/src/read-words';
import { splitInstructions, type InstructionSpan } from '../../analysis/src/split';

const PROPERTY_KEYWORDS = new Set(['ENV', 'ARG']);
const JSON_KEYWORDS = new Set(['ENTRYPOINT', 'CMD', 'RUN', 'COPY', 'ADD']);

// Instructions the model reads through dockerfile-ast; the others (RUN, CMD, LABEL, …) are
// blanked out of the parser's input and described from the line scan alone, which halves the
// parser's work on typical files.
const AST_KEYWORDS = new Set(['FROM', 'ENV', 'ARG', 'COPY', 'ADD', 'WORKDIR', 'ENTRYPOINT']);

export function parseWithDockerfileAst(text: string): ParsedDockerfile {
  const lines = new LineIndex(text);
  const split = splitInstructions(text, lines);
  const parsed: ParsedDockerfile = {
    text,
    lines,
    escapeChar: split.escapeChar,
    instructions: [],
    firstLines: [],
    lastLines: [],
    problems: [],
  };
  // One chunk per stage: dockerfile-ast places comments in quadratic time over many stages.
  const chunks: Array<{ startLine: number; spans: InstructionSpan[] }> = [];
  for (const span of split.spans) {
    if (chunks.length === 0 || span.keyword === 'FROM') chunks.push({ startLine: chunks.length === 0 ? 0 : span.startLine, spans: [] });
    chunks[chunks.length - 1].spans.push(span);
  }
  for (const chunk of chunks) {
    const viaParser = chunk.spans.filter((span) => AST_KEYWORDS.has(span.keyword));
    const instructions = [...parseSpans(parsed, chunk.startLine, viaParser)];
    for (const span of chunk.spans) if (!AST_KEYWORDS.has(span.keyword)) instructions.push(scannedInstr(parsed, span));
    instructions.sort((a, b) => a.range.start.line - b.range.start.line);
    // One at a time: a spread of 100,000s of arguments overflows the call stack.
    for (const instr of instructions) parsed.instructions.push(instr);
  }
  for (const instr of parsed.instructions) {
    parsed.firstLines.push(instr.range.start.line);
    parsed.lastLines.push(instr.range.end.line);
  }
  return parsed;
}

function parseSpans(out: ParsedDockerfile, startLine: number, spans: InstructionSpan[]): Instr[] {
  try {
    return parseLines(out, startLine, spans);
  } catch {
    return spans.flatMap((span) => {
      try {
        return parseLines(out, span.startLine, [span]);
      } catch (error) {
        const range = { start: { line: span.startLine, character: 0 }, end: out.lines.lineEnd(span.endLine - 1) };
        out.problems.push({ message: `could not parse this instruction: ${(error as Error).message}`, range });
        return [];
      }
    });
  }
}

/** An instruction the model only needs the keyword, range and raw text of. */
function scannedInstr(out: ParsedDockerfile, span: InstructionSpan): Instr {
  const { lines } = out;
  const keywordRange = {
    start: { line: span.startLine, character: span.column },
    end: { line: span.startLine, character: span.column + span.keyword.length },
  };
  const range = { start: keywordRange.start, end: lines.lineEnd(span.endLine - 1) };
  // The text starts after the keyword as written (upper-casing may lengthen it: `ß` is `SS`).
  const keywordEnd = lines.offsetAt({ line: span.startLine, character: span.column + span.keywordLength });
  const text = out.text.slice(keywordEnd, lines.offsetAt(range.end)).trim();
  const instr: Instr = { keyword: span.keyword, range, keywordRange, args: [], flags: [], properties: [], text };
  if (JSON_KEYWORDS.has(span.keyword)) instr.json = jsonForm(text);
  return instr;
}

/** Parses the given spans (a chunk starting at `startLine`) and returns their instructions with positions in the whole text. */
function parseLines(out: ParsedDockerfile, startLine: number, spans: InstructionSpan[]): Instr[] {
  const { lines } = out;
  if (spans.length === 0) return [];
  // The spans' own lines, every other line left empty so line numbers stay the same. Every line
  // break becomes `\n`: a lone `\r` followed by padding would otherwise read as one `\r\n` break.
  const parts: string[] = [];
  let nextLine = startLine;
  for (const span of spans) {
    if (span.startLine > nextLine) parts.push('\n'.repeat(span.startLine - nextLine));
    for (let line = span.startLine; line < span.endLine; line++) parts.push(lines.lineText(line), line + 1 < lines.lineCount ? '\n' : '');
    nextLine = span.endLine;
  }
  let chunkText = parts.join('');
  let lineOffset = startLine;
  if (out.escapeChar !== '\\') {
    chunkText = `# escape=${out.escapeChar}\n${chunkText}`;
    lineOffset -= 1;
  }
  const dockerfile = DockerfileParser.parse(chunkText);
  // Clamped to the text, so no position the parser reports can fall outside the document.
  const inText = (line: number, character: number) => lines.positionAt(lines.offsetAt({ line: line + lineOffset, character }));
  const shift = (r: Range): Range => ({ start: inText(r.start.line, r.start.character), end: inText(r.end.line, r.end.character) });
  const word = (range: Range): Word => {
    const shifted = shift(range);
    return { raw: out.text.slice(lines.offsetAt(shifted.start), lines.offsetAt(shifted.end)), range: shifted };
  };
  return dockerfile.getInstructions().map((node) => toInstr(node, shift, word));
}

// dockerfile-ast re-tokenises an instruction on every accessor call, so only what the model
// uses is read, per keyword.
const ARGUMENT_KEYWORDS = new Set(['FROM', 'COPY', 'ADD', 'WORKDIR', 'ENTRYPOINT']);
const FLAG_KEYWORDS = new Set(['COPY', 'ADD']);

function toInstr(node: Instruction, shift: (r: Range) => Range, word: (r: Range) => Word): Instr {
  const keyword = node.getKeyword().toUpperCase();
  const range = shift(node.getRange());
  const keywordRange = shift(node.getInstructionRange());
  const instr: Instr = { keyword, range, keywordRange, args: [], flags: [], properties: [] };
  if (ARGUMENT_KEYWORDS.has(keyword)) {
    instr.args = node.getArguments().map((a) => word(a.getRange()));
    if (instr.args.length > 0) instr.argsRange = { start: instr.args[0].range.start, end: instr.args[instr.args.length - 1].range.end };
  }
  if (FLAG_KEYWORDS.has(keyword) && node instanceof ModifiableInstruction) {
    instr.flags = node.getFlags().map((f) => {
      const valueRange = f.getValueRange();
      return { name: f.getName(), range: shift(f.getRange()), value: valueRange ? word(valueRange) : undefined };
    });
  }
  if (PROPERTY_KEYWORDS.has(keyword)) {
    const props = (node as unknown as { getProperties(): AstProperty[] }).getProperties();
    const properties = props.map((p) => {
      const valueRange = p.getValueRange();
      return { name: p.getName(), nameRange: shift(p.getNameRange()), value: valueRange ? word(valueRange) : undefined };
    });
    instr.properties = inTextOrder(properties, keywordRange.end);
  }
  if (instr.args.some((a) => a.raw.startsWith('<<'))) {
    // dockerfile-ast lists a heredoc's body as arguments; only the instruction's own line counts.
    const line = instr.args[0].range.start.line;
    instr.args = instr.args.filter((a) => a.range.start.line === line);
  }
  if (JSON_KEYWORDS.has(keyword)) {
    instr.json = jsonForm(instr.args.map((a) => a.raw).join(' '));
    // In exec form the arguments are the JSON strings, quotes included in `raw` and the range.
    if (instr.json && node instanceof JSONInstruction) instr.args = node.getJSONStrings().map((a) => word(a.getRange()));
  }
  return instr;
}

const isBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * The pairs that follow each other in the text after the keyword. dockerfile-ast can report one that is
 * not there (`ENV A=1 \  B=2` gives a pair starting inside `A=1`); it is dropped (Docker rejects the line).
 */
function inTextOrder(properties: Property[], keywordEnd: Position): Property[] {
  const kept: Property[] = [];
  let last = keywordEnd;
  for (const p of properties) {
    const { start, end } = p.nameRange;
    const value = p.value?.range;
    if (isBefore(start, last) || isBefore(end, start) || (value && (isBefore(value.start, end) || isBefore(value.end, value.start))))
      continue;
    kept.push(p);
    last = value?.end ?? end;
  }
  return kept;
}

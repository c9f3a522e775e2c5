// A line scanner that finds where instructions start and end (continuations, comment lines
// inside them, heredocs), as BuildKit does.
import type { LineIndex } from './line-index';

export interface InstructionSpan {
  /** Upper-cased first word. */
  keyword: string;
  /** Column where the keyword starts. */
  column: number;
  /** The keyword's length in the text: upper-casing may change it (`ß` is `SS`). */
  keywordLength: number;
  /** First line of the instruction. */
  startLine: number;
  /** One past its last line. */
  endLine: number;
  /** One past the last line of the instruction itself, before the bodies of its heredocs. */
  argumentsEndLine: number;
}

export interface SplitResult {
  escapeChar: string;
  /** Every instruction, in text order. */
  spans: InstructionSpan[];
}

/** Every instruction's span, in text order, as an array. */
export function splitInstructions(text: string, lines: LineIndex): SplitResult {
  const spans: InstructionSpan[] = [];
  const escapeChar = escapeCharacter(lines);
  forEachInstruction(text, lines, escapeChar, (span) => spans.push({ ...span }));
  return { escapeChar, spans };
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;

/** The escape character from the `# escape=` parser directive at the top, else backslash. */
export function escapeCharacter(lines: LineIndex): string {
  for (let line = 0; line < lines.lineCount; line++) {
    const match = DIRECTIVE.exec(lines.lineText(line).trim());
    if (!match) break;
    if (match[1].toLowerCase() === 'escape') return match[2] === '`' ? '`' : '\\';
  }
  return '\\';
}

const isBlank = (code: number) => code === 32 || code === 9 || code === 12 || code === 11;

/**
 * Calls `visit` with each instruction's span once its last line is known, in text order. The span object
 * is reused for the next instruction: copy what is kept.
 */
export function forEachInstruction(
  text: string,
  lines: LineIndex,
  escapeChar: string,
  visit: (span: Readonly<InstructionSpan>) => void,
): void {
  const escapeCode = escapeChar.charCodeAt(0);
  const span: InstructionSpan = { keyword: '', column: 0, keywordLength: 0, startLine: 0, endLine: 0, argumentsEndLine: 0 };
  let current: InstructionSpan | undefined;
  let continuing = false;
  let heredocs: Heredoc[] = [];
  // For an instruction that can hold a heredoc: the offsets of its pieces (continuations joined), made
  // into text only when a piece contains a `<`.
  let mayHoldHeredoc = false;
  let sawHeredocMark = false;
  const pieces: number[] = [];

  for (let line = 0; line < lines.lineCount; line++) {
    // Scanned by character codes: no string is made for the many lines that need none.
    const lineStart = lines.lineStart(line);
    const lineEnd = lines.contentEnd(line);
    if (heredocs.length > 0) {
      const content = text.slice(lineStart, lineEnd);
      const candidate = heredocs[0].stripTabs ? content.replace(/^\t+/, '') : content;
      if (candidate === heredocs[0].terminator) heredocs.shift();
      if (current) current.endLine = line + 1;
      continue;
    }
    let first = lineStart;
    while (first < lineEnd && isBlank(text.charCodeAt(first))) first++;
    let last = lineEnd - 1;
    while (last >= first && isBlank(text.charCodeAt(last))) last--;
    const empty = first > last;
    const comment = !empty && text.charCodeAt(first) === 35; // '#'
    if (!continuing) {
      if (empty || comment) continue;
      let wordEnd = first;
      while (wordEnd <= last && !isBlank(text.charCodeAt(wordEnd))) wordEnd++;
      if (current) visit(current);
      current = span;
      span.keyword = keywordAt(text, first, wordEnd);
      span.column = first - lineStart;
      span.keywordLength = wordEnd - first;
      span.startLine = line;
      span.endLine = span.argumentsEndLine = line + 1;
      mayHoldHeredoc = HEREDOC_KEYWORDS.has(span.keyword);
      sawHeredocMark = false;
      pieces.length = 0;
    } else if (empty || comment) {
      continue;
    }
    if (current) current.endLine = current.argumentsEndLine = line + 1;
    // BuildKit continues a line on an escape character that follows no other and is followed only by
    // spaces and tabs (`([^\\])\\[ \t]*$|^\\[ \t]*$`): a line ending in an escaped escape (`C:\\`), or in
    // a form feed or vertical tab after the escape, ends the instruction.
    let end = lineEnd - 1;
    while (end > last && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end--;
    continuing = end === last && text.charCodeAt(last) === escapeCode && (last === first || text.charCodeAt(last - 1) !== escapeCode);
    if (mayHoldHeredoc) {
      const pieceEnd = continuing ? last : lineEnd;
      pieces.push(first, pieceEnd);
      // A `<<` may be split over two pieces: any `<` makes the joined text worth reading.
      for (let i = first; i < pieceEnd && !sawHeredocMark; i++) sawHeredocMark = text.charCodeAt(i) === 60;
      // As BuildKit does: the heredocs of the whole instruction, their bodies after its last line.
      if (!continuing && sawHeredocMark) heredocs = heredocsOf(joinPieces(text, pieces));
    }
  }
  if (current) visit(current);
}

function joinPieces(text: string, pieces: readonly number[]): string {
  let joined = '';
  for (let i = 0; i < pieces.length; i += 2) joined += text.slice(pieces[i], pieces[i + 1]);
  return joined;
}

const KEYWORDS = [
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
];

/** The upper-cased word `[start, end)`: Dockerfile keywords without making a string for each. */
function keywordAt(text: string, start: number, end: number): string {
  const length = end - start;
  next: for (const keyword of KEYWORDS) {
    if (keyword.length !== length) continue;
    for (let i = 0; i < length; i++) if ((text.charCodeAt(start + i) | 32) !== (keyword.charCodeAt(i) | 32)) continue next;
    return keyword;
  }
  return text.slice(start, end).toUpperCase();
}

interface Heredoc {
  terminator: string;
  stripTabs: boolean;
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'ONBUILD']);
/** BuildKit's test of one shell word: `<<EOF`, `<<-EOF`, `<<"EOF"`, with an optional file descriptor (`3<<EOF`). */
const HEREDOC_WORD = /^\d*<<(-?)([^<]*)$/;

/**
 * The heredocs an instruction opens, as BuildKit finds them: only a whole shell word that starts with
 * `<<`, so `RUN python -c "print(1<<20)"` opens none (but `RUN echo 1<<2` does: fd 1, terminator `2`); none in exec (JSON) form.
 */
function heredocsOf(instruction: string): Heredoc[] {
  if (!instruction.includes('<<')) return [];
  const words = shellWords(instruction, true);
  let argsFrom = 1;
  if (words[0]?.toUpperCase() === 'ONBUILD') {
    if (!HEREDOC_KEYWORDS.has(words[1]?.toUpperCase() ?? '') || words[1].toUpperCase() === 'ONBUILD') return [];
    argsFrom = 2;
  }
  while (words[argsFrom]?.startsWith('--')) argsFrom++;
  if (isJsonArray(words.slice(argsFrom).join(' '))) return [];
  const docs: Heredoc[] = [];
  for (const word of words.slice(argsFrom)) {
    const match = HEREDOC_WORD.exec(word);
    if (!match || match[2] === '') continue;
    const name = shellWords(match[2], false);
    if (name.length === 1) docs.push({ terminator: name[0], stripTabs: match[1] === '-' });
  }
  return docs;
}

function isJsonArray(text: string): boolean {
  if (!text.startsWith('[')) return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Shell words split at unquoted blanks, with BuildKit's backslash escapes; `raw` keeps quotes and escapes. */
function shellWords(text: string, raw: boolean): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) {
        quote = undefined;
        if (raw) word += c;
      } else if (c === '\\' && quote === '"' && i + 1 < text.length && '"$\\'.includes(text[i + 1])) {
        word += raw ? c + text[++i] : text[++i];
      } else {
        word += c;
      }
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === '"' || c === "'") {
        quote = c;
        if (raw) word += c;
      } else if (c === '\\' && i + 1 < text.length) {
        word += raw ? c + text[++i] : text[++i];
      } else {
        word += c;
      }
    }
  }
  if (inWord) words.push(word);
  return words;
}

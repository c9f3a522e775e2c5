// A line scanner that finds where instructions start and end (continuations, comment lines
// inside them, heredocs) so the parser can cut the text into one chunk per stage.
import type { LineIndex } from './line-index';

export interface InstructionSpan {
  /** Upper-cased first word. */
  keyword: string;
  /** Column where the keyword starts. */
  column: number;
  /** First line of the instruction. */
  startLine: number;
  /** One past its last line. */
  endLine: number;
}

export interface Chunk {
  startLine: number;
  endLine: number;
  spans: InstructionSpan[];
}

export interface SplitResult {
  escapeChar: string;
  chunks: Chunk[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;

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

export function splitInstructions(text: string, lines: LineIndex): SplitResult {
  const escapeChar = escapeCharacter(lines);
  const escapeCode = escapeChar.charCodeAt(0);
  const chunks: Chunk[] = [{ startLine: 0, endLine: lines.lineCount, spans: [] }];
  let current: InstructionSpan | undefined;
  let continuing = false;
  let heredocs: Array<{ terminator: string; stripTabs: boolean }> = [];

  for (let line = 0; line < lines.lineCount; line++) {
    // Scanned by character codes: no string is made for the many lines that need none.
    const lineStart = lines.lineStart(line);
    const lineEnd = lineStart + lines.lineEnd(line).character;
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
      const keyword = text.slice(first, wordEnd).toUpperCase();
      current = { keyword, column: first - lineStart, startLine: line, endLine: line + 1 };
      if (keyword === 'FROM' && line > 0) {
        chunks[chunks.length - 1].endLine = line;
        chunks.push({ startLine: line, endLine: lines.lineCount, spans: [] });
      }
      chunks[chunks.length - 1].spans.push(current);
    } else if (empty || comment) {
      continue;
    }
    if (current) current.endLine = line + 1;
    continuing = text.charCodeAt(last) === escapeCode;
    const hasHeredoc = current && (current.keyword === 'RUN' || current.keyword === 'COPY' || current.keyword === 'ADD');
    if (hasHeredoc) {
      const content = text.slice(first, lineEnd);
      if (content.includes('<<')) for (const m of content.matchAll(HEREDOC)) heredocs.push({ terminator: m[3], stripTabs: m[1] === '-' });
    }
  }
  return { escapeChar, chunks: chunks.filter((c) => c.endLine > c.startLine) };
}

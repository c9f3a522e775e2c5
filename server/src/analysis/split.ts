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

export function splitInstructions(text: string, lines: LineIndex): SplitResult {
  const escapeChar = escapeCharacter(lines);
  const chunks: Chunk[] = [{ startLine: 0, endLine: lines.lineCount, spans: [] }];
  let current: InstructionSpan | undefined;
  let continuing = false;
  let heredocs: Array<{ terminator: string; stripTabs: boolean }> = [];

  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (heredocs.length > 0) {
      const candidate = heredocs[0].stripTabs ? content.replace(/^\t+/, '') : content;
      if (candidate === heredocs[0].terminator) heredocs.shift();
      if (current) current.endLine = line + 1;
      continue;
    }
    const trimmed = content.trim();
    if (!continuing) {
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const column = content.length - content.trimStart().length;
      current = { keyword: trimmed.split(/\s/, 1)[0].toUpperCase(), column, startLine: line, endLine: line + 1 };
      if (/^from(\s|$)/i.test(trimmed) && line > 0) {
        const last = chunks[chunks.length - 1];
        last.endLine = line;
        chunks.push({ startLine: line, endLine: lines.lineCount, spans: [] });
      }
      chunks[chunks.length - 1].spans.push(current);
    } else if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    if (current) current.endLine = line + 1;
    continuing = trimmed.endsWith(escapeChar);
    if (content.includes('<<') && /^(run|copy|add)\b/i.test(lines.lineText(current?.startLine ?? line).trim())) {
      for (const m of content.matchAll(HEREDOC)) heredocs.push({ terminator: m[3], stripTabs: m[1] === '-' });
    }
  }
  return { escapeChar, chunks: chunks.filter((c) => c.endLine > c.startLine) };
}

// Where the cursor is inside an ENV instruction: on a (possibly half-typed) key, or in the value of a
// key. Read from the parsed instructions of the shared analysis; only the cursor's line text is
// looked at again, for what the parser does not describe (quotes, a line it could not parse).
import type { Position, Range } from 'vscode-languageserver';
import { instructionAt } from '../../../analysis/src';
import type { ParsedDockerfile, Property } from '../../../analysis/src';
import { contains } from './navigation-entry';

export interface KeySite {
  kind: 'key';
  /** The text to replace: the partial key, or an empty range at the cursor. */
  range: Range;
  /** `ENV A=1 K` form: the key needs its `=`. */
  appendEquals: boolean;
}

export interface ValueSite {
  kind: 'value';
  key: string;
  /** The value's text on the cursor's line, without surrounding quotes. */
  text: string;
  /** Cursor offset in `text`. */
  cursor: number;
  /** Where `text` is (one line). */
  range: Range;
}

export type Site = KeySite | ValueSite;

const emptyAt = (p: Position): Range => ({ start: p, end: p });
const isBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

export function siteAt(parsed: ParsedDockerfile, position: Position): Site | undefined {
  const line = parsed.lines.lineText(position.line);
  if (/^\s*#/.test(line)) return undefined;
  const instr = instructionAt(parsed.instructions, position.line);
  if (!instr) return lineFallback(line, position);
  if (instr.keyword !== 'ENV' || !isBefore(instr.keywordRange.end, position)) return undefined;

  const props = instr.properties;
  const hasEquals = (p: Property) => parsed.text[parsed.lines.offsetAt(p.nameRange.end)] === '=';
  for (const [index, p] of props.entries()) {
    if (contains(p.nameRange, position)) {
      // A quoted "name" running over lines is not a key anyone is typing.
      if (p.nameRange.start.line !== p.nameRange.end.line) return undefined;
      return { kind: 'key', range: p.nameRange, appendEquals: !hasEquals(p) && (index > 0 || props.some(hasEquals)) };
    }
    if (p.value && contains(p.value.range, position)) return valueSite(parsed, p.name, p.value.range, position);
  }
  // In the blank between pairs, or after the last one.
  const previous = props.filter((p) => isBefore(p.nameRange.start, position)).pop();
  const spaceForm = props.length === 1 && !hasEquals(props[0]);
  if (previous && spaceForm) return previous.value ? undefined : valueSite(parsed, previous.name, emptyAt(position), position);
  return { kind: 'key', range: emptyAt(position), appendEquals: !!previous || props.some(hasEquals) };
}

/** The value's span on the cursor's line, inside its quotes; undefined when the cursor is outside them. */
function valueSite(parsed: ParsedDockerfile, key: string, value: Range, position: Position): ValueSite | undefined {
  const line = parsed.lines.lineText(position.line);
  let start = value.start.line === position.line ? value.start.character : line.length - line.trimStart().length;
  let end = value.end.line === position.line ? value.end.character : line.length;
  const quote = line[start];
  if (quote === '"' || quote === "'") {
    start++;
    if (end > start && line[end - 1] === quote) end--;
  }
  if (position.character < start || position.character > end) return undefined;
  const range = { start: { line: position.line, character: start }, end: { line: position.line, character: end } };
  return { kind: 'value', key, text: line.slice(start, end), cursor: position.character - start, range };
}

const NAME_PART = /^[A-Za-z0-9_]*/;

/** How many characters at the start of `text` the pattern matches (0 when it does not). */
function matchedLength(pattern: RegExp, text: string): number {
  return pattern.exec(text)?.[0].length ?? 0;
}

/** A line the parser dropped (it could not parse it): `ENV KEY` or `ENV KEY value` read from the text alone. */
function lineFallback(line: string, position: Position): Site | undefined {
  const head = line.slice(0, position.character);
  const at = (start: number, end: number): Range => ({
    start: { line: position.line, character: start },
    end: { line: position.line, character: end },
  });
  const key = /^\s*ENV\s+([A-Za-z_][A-Za-z0-9_]*)?$/i.exec(head);
  if (key) {
    const start = position.character - (key.at(1)?.length ?? 0);
    return {
      kind: 'key',
      range: at(start, position.character + matchedLength(NAME_PART, line.slice(position.character))),
      appendEquals: false,
    };
  }
  const value = /^\s*ENV\s+([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)["']?([^\s"']*)$/i.exec(head);
  if (!value) return undefined;
  const start = position.character - value[2].length;
  const end = position.character + matchedLength(/^[^\s"']*/, line.slice(position.character));
  return { kind: 'value', key: value[1], text: line.slice(start, end), cursor: position.character - start, range: at(start, end) };
}

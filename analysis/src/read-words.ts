// The words of FROM, COPY, ADD, WORKDIR and ENTRYPOINT: flags, arguments and the exec (JSON) form.
//
// Tokenised as dockerfile-ast tokenises them (its getRawArguments, getFlags and JSON strings), so rules
// and editor features see the words they always saw; test/fuzz/reader.ts holds the two equal on
// generated Dockerfiles. One pass over the instruction's characters, positions computed only for the
// words kept. The scanned text has '\n' for every line break (source.ts).
import type { Flag, Word } from './instruction';
import { BACKSLASH, CLOSE_BRACKET, COMMA, HASH, LF, OPEN_BRACKET, QUOTE, SPACE, TAB } from './char-codes';
import { SourceFlag, type Source } from './source';

/** A word as offsets into the scanned text. */
interface Span {
  start: number;
  end: number;
}

export interface Words {
  args: Word[];
  flags: Flag[];
  /** Offsets of the first and the end of the last argument (after the flags); -1 when there is none. */
  argsStart: number;
  argsEnd: number;
  json?: string[];
}

/** Instructions whose leading `--name[=value]` words are flags (dockerfile-ast: ModifiableInstruction). */
const FLAGGED = new Set(['FROM', 'COPY', 'ADD']);
const JSON_FORM = new Set(['COPY', 'ADD', 'ENTRYPOINT']);

/** The words of one instruction whose arguments are `[from, to)` of the scanned text. */
export function readWords(source: Source, keyword: string, from: number, to: number): Words {
  const { text, escape } = source;
  // Start and end offsets of each word, one after the other; words without escapes are their own values.
  const plain = source.plainWords(from, to);
  const values: string[] | undefined = plain || !FLAGGED.has(keyword) ? undefined : [];
  const bounds = plain ?? scanWords(text, from, to, escape, values);
  const count = bounds.length / 2;
  const flags: Flag[] = [];
  if (FLAGGED.has(keyword)) {
    for (let k = 0; k < count; k++) {
      const start = bounds[2 * k];
      const end = bounds[2 * k + 1];
      // With escapes applied in the context of the whole text (a comment line inside the instruction keeps only what dockerfile-ast keeps).
      const value = values ? values[k] : text.slice(start, end);
      if (!value.includes('--')) break;
      if (!value.startsWith('--')) continue;
      const equals = text.slice(start, end).indexOf('=');
      if (equals === -1) flags.push(new SourceFlag(value.substring(2), start, end, undefined, source));
      else if (equals === value.length - 1)
        flags.push(new SourceFlag(value.substring(2, equals), start, end, source.word(end, end), source));
      else flags.push(new SourceFlag(value.substring(2, value.indexOf('=')), start, end, source.word(start + equals + 1, end), source));
    }
  }
  // As dockerfile-ast does: as many words as there are flags are dropped from the front.
  const first = flags.length;
  // Made at their final size: an array grown by push keeps room for more, and a big file keeps one per instruction.
  const args = new Array<Word>(count - first);
  for (let k = first; k < count; k++) args[k - first] = source.word(bounds[2 * k], bounds[2 * k + 1]);
  // FROM's flags are not kept; the others' at their final size.
  const words: Words = { args, flags: keyword === 'FROM' || flags.length === 0 ? [] : flags.slice(), argsStart: -1, argsEnd: -1 };
  if (args.length === 0) return words;
  words.argsStart = bounds[2 * first];
  words.argsEnd = bounds[bounds.length - 1];
  if (JSON_FORM.has(keyword) && args[0].raw.startsWith('[')) {
    words.json = jsonForm(args.map((a) => a.raw).join(' '));
    // In exec form the arguments are the JSON strings, quotes included in `raw` and the range.
    if (words.json) words.args = jsonStrings(text, bounds[2 * first], bounds[bounds.length - 1]).map((s) => source.word(s.start, s.end));
  }
  return words;
}

/** Decodes an exec-form argument list (`["a", "b"]`); undefined when the instruction is in shell form. */
export function jsonForm(joined: string): string[] | undefined {
  if (!joined.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(joined);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // Not valid JSON: Docker runs it in shell form.
  }
  return undefined;
}

/**
 * The words of `[from, to)`: blanks separate them, an escaped line break continues the line, a comment
 * line after one is skipped, and an escape followed by blanks ends the word before it (dockerfile-ast's
 * getRawArguments, whose positions these are). With `values`, each word's text with escapes applied is
 * collected too.
 */
function scanWords(text: string, from: number, to: number, escape: number, values?: string[]): number[] {
  const bounds: number[] = [];
  let lineStart = false;
  let comment = false;
  let found = -1;
  let escapedBlank = false;
  let escaping = false;
  let marker = -1;
  let value = '';
  const end = (at: number) => {
    // dockerfile-ast counts from the arguments' start: a word it ends before one began starts just before them.
    bounds.push(found === -1 ? from - 1 : found, at);
    values?.push(value);
    value = '';
    found = -1;
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF) {
      if (escaping) {
        escapedBlank = c !== LF;
        if (c === LF && comment) {
          comment = false;
          lineStart = true;
        }
      } else if (found !== -1) {
        end(marker === -1 ? i : marker);
        marker = -1;
      }
    } else if (c === escape) {
      const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;
      if (next === SPACE || next === TAB) {
        for (let j = i + 2; j < to; j++) {
          const d = text.charCodeAt(j);
          if (d === SPACE || d === TAB) continue;
          if (d === LF) {
            comment = false;
            escaping = true;
            lineStart = true;
            if (found !== -1) marker = i;
            i = j;
          } else {
            marker = i;
            if (found === -1) i = j - 1;
          }
          break;
        }
      } else if (next === LF) {
        comment = false;
        escaping = true;
        lineStart = true;
        if (found !== -1 && marker === -1) marker = i;
        i++;
      } else {
        if (escapedBlank && marker !== -1) end(marker);
        marker = -1;
        escapedBlank = false;
        escaping = false;
        if (next === -1) break;
        if (values) value += next === 36 ? text.slice(i, i + 2) : text[i + 1];
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (lineStart && c === HASH) {
        comment = true;
      } else {
        if (escapedBlank && marker !== -1) end(marker);
        escapedBlank = false;
        escaping = false;
        marker = -1;
        if (values) value += text[i];
        if (found === -1) found = i;
      }
      lineStart = false;
    }
  }
  if (found !== -1) end(marker === -1 ? to : marker);
  return bounds;
}

/**
 * The quoted strings of an exec-form argument list in `[from, to)`, quotes included, as dockerfile-ast
 * finds them (it always takes `\` as the escape here).
 */
function jsonStrings(text: string, from: number, to: number): Span[] {
  const strings: Span[] = [];
  let start = -1;
  let last = 0; // 0: nothing yet, else the last structural character
  let quoted = false;
  scan: for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    switch (c) {
      case OPEN_BRACKET:
        if (last === 0) last = OPEN_BRACKET;
        else if (!quoted) break scan;
        break;
      case QUOTE:
        if (last === OPEN_BRACKET || last === COMMA) {
          start = i;
          quoted = true;
          last = QUOTE;
        } else if (last === QUOTE && quoted) {
          quoted = false;
          strings.push({ start, end: i + 1 });
        } else {
          break scan;
        }
        break;
      case COMMA:
        if (quoted) break;
        if (last !== QUOTE) break scan;
        last = COMMA;
        break;
      case CLOSE_BRACKET:
        if (!quoted && last !== 0) break scan;
        break;
      case SPACE:
      case TAB:
        break;
      case BACKSLASH: {
        const next = i + 1 < to ? text.charCodeAt(i + 1) : -1;
        if (quoted && next !== SPACE && next !== TAB) {
          i++;
          break;
        }
        // Blanks then a line break continue the list; anything else ends it.
        let j = quoted ? i + 2 : i + 1;
        while (j < to && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
        if (j < to && text.charCodeAt(j) === LF) {
          i = j;
          break;
        }
        break scan;
      }
      default:
        if (!quoted) break scan;
    }
  }
  return strings;
}

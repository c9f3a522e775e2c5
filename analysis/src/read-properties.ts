// The name/value pairs of ENV and ARG.
//
// Tokenised as dockerfile-ast tokenises them (its getPropertyArguments, getProperties and Property), so
// rules, fixes and completion see the pairs they always saw; test/fuzz/reader.ts holds the two equal on
// generated Dockerfiles. The scanned text has '\n' for every line break (source.ts).
import type { Property } from './instruction';
import { APOSTROPHE, CLOSE_BRACE, DOLLAR, HASH, LF, OPEN_BRACE, QUOTE, SPACE, TAB } from './char-codes';
import { leadingWord, propertyName } from './property-name';
import { SourceProperty, type Source, type SourceWord } from './source';

/** One word of the pairs: its text and where it is, as offsets into the scanned text. */
interface Part {
  value: string;
  start: number;
  end: number;
}

/** The pairs of an ENV or ARG whose keyword ends at `from` and whose text ends at `to`. */
export function readProperties(source: Source, keywordLine: number, from: number, to: number): Property[] {
  const parts = propertyParts(source, keywordLine, from, to);
  if (parts.length === 0) return [];
  if (parts.length >= 2 && !parts[0].value.includes('=')) {
    // `ENV NAME value`, and `ENV NAME the rest`: one pair, the value runs to the end.
    const value = parts[parts.length - 1];
    return inTextOrder([pair(source, parts[0], parts[1].start, value.end)], from);
  }
  return inTextOrder(
    parts.map((part) => pair(source, part)),
    from,
  );
}

/** One pair: `NAME=value` in one part, or a name part and the value from `valueStart` to `valueEnd`. */
function pair(source: Source, name: Part, valueStart?: number, valueEnd?: number): SourceProperty {
  const nameEnd = nameEndOf(name);
  let value: SourceWord | undefined;
  if (valueStart !== undefined && valueEnd !== undefined) value = source.word(valueStart, valueEnd);
  else if (nameEnd !== name.end) value = source.word(name.start + name.value.indexOf('=') + 1, name.end);
  return new SourceProperty(
    propertyName(source.text.substring(name.start, nameEnd), source.escapeChar),
    name.start,
    nameEnd,
    value,
    source,
  );
}

/** Where the name ends in `NAME=value` (also `"NAME"=value`); the whole word when it has no '='. */
function nameEndOf(part: Part): number {
  const { value } = part;
  const equals = value.indexOf('=');
  if (equals === -1) return part.end;
  const first = value[0];
  const before = value[equals - 1];
  const quoted = first === '"' || first === "'";
  return !quoted || before === first ? part.start + equals : part.end;
}

/**
 * The pairs that follow each other in the text after the keyword. dockerfile-ast can report one that is
 * not there (`ENV A=1 \  B=2` gives a pair starting inside `A=1`); it is dropped (Docker rejects the line).
 * Compared by offsets, which are in the order of positions.
 */
function inTextOrder(pairs: SourceProperty[], keywordEnd: number): Property[] {
  let last = keywordEnd;
  let kept: SourceProperty[] | undefined;
  for (const [i, p] of pairs.entries()) {
    const { nameStart: start, nameEnd: end, valueStart, valueEnd } = p;
    const valueOut = valueStart >= 0 && (valueStart < end || valueEnd < valueStart);
    if (start < last || end < start || valueOut) {
      kept ??= pairs.slice(0, i);
      continue;
    }
    kept?.push(p);
    last = valueStart >= 0 ? valueEnd : end;
  }
  return kept ?? pairs;
}

/** dockerfile-ast's findTrailingNonWhitespace over `[from, to)`: the last character that is no blank, line break or continuation. */
function trailingWord(text: string, from: number, to: number, escape: number): number {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) continue;
    if (c !== LF) return i;
    for (let j = i - 1; j >= from; j--) {
      const d = text.charCodeAt(j);
      if (d !== SPACE && d !== TAB && d !== LF && d !== escape) return j;
    }
    return to;
  }
  return to;
}

/** Besides line breaks and the escape character, what makes the words of the pairs more than what lies between blanks. */
const QUOTE_OR_COMMENT = /["'#]/;

/** The words of the pairs, as dockerfile-ast's getPropertyArguments splits them (quotes, `${…}`, continuations, comment lines). */
function propertyParts(source: Source, keywordLine: number, from: number, to: number): Part[] {
  const { text, escape } = source;
  // Most pairs are one line without quotes or escapes: their words are what lies between blanks.
  const plain = source.plainWords(from, to, QUOTE_OR_COMMENT);
  if (plain) {
    const parts = new Array<Part>(plain.length / 2);
    for (let k = 0; k < parts.length; k++)
      parts[k] = { value: text.slice(plain[2 * k], plain[2 * k + 1]), start: plain[2 * k], end: plain[2 * k + 1] };
    return parts;
  }
  const start = leadingWord(text, from, to, escape);
  if (start === -1) return [];
  // As dockerfile-ast cuts it: substring() swaps reversed bounds, and offsets stay relative to `start`.
  const last = Math.min(trailingWord(text, from, to, escape) + 1, to);
  const contentFrom = Math.min(start, last);
  const n = Math.max(start, last) - contentFrom;
  const at = (k: number) => (k < n ? text.charCodeAt(contentFrom + k) : -1);
  const clamp = (k: number) => contentFrom + Math.min(Math.max(k, 0), n);
  const parts: Part[] = [];
  /** A word whose text is `[a, b)` of the content and whose range is `[a, rangeEnd)` from `start`. */
  const push = (a: number, b: number, rangeEnd = b) =>
    parts.push({ value: text.substring(clamp(a), clamp(b)), start: start + a, end: start + rangeEnd });
  let escaped = source.position(start).line !== keywordLine;
  let endingEscape = false;
  let mark = -1;
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const spacedArgument = () => {
    if (argStart !== -1) push(argStart, mark);
  };
  scan: for (let i = 0; i < n; i++) {
    const c = at(i);
    if (c === escape) {
      if (i + 1 === n) {
        endingEscape = true;
        break;
      }
      if (!escaped) mark = i;
      const next = at(i + 1);
      if (next === SPACE || next === TAB) {
        const after = at(i + 2);
        if (after !== SPACE && after !== TAB && after !== LF) {
          i++; // an escaped blank
          continue;
        }
        for (let j = i + 2; j < n; j++) {
          const d = at(j);
          if (d === LF) {
            escaped = true;
            i = j;
            continue scan;
          }
          if (d !== SPACE && d !== TAB) {
            push(argStart, i, i + 2);
            argStart = j;
            break;
          }
        }
        i = argStart - 1;
      } else if (next === LF) {
        escaped = true;
        i++;
      } else {
        if (argStart === -1) argStart = i;
        if (next === escape) i++;
      }
      continue;
    }
    switch (c) {
      case QUOTE:
      case APOSTROPHE: {
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < n; j++) {
          const d = at(j);
          if (d === c) {
            i = j;
            const after = at(j + 1);
            if (after === SPACE || after === -1) {
              push(argStart, j + 1);
              argStart = -1;
            }
            continue scan;
          }
          if (d === escape) j++;
        }
        break scan;
      }
      case SPACE:
      case TAB:
        if (escaped) {
          if (argStart !== -1) spaced = true;
        } else if (argStart !== -1) {
          push(argStart, i);
          argStart = -1;
        }
        break;
      case LF:
        spaced = false;
        break;
      case HASH:
        if (escaped) {
          // A comment line inside the instruction.
          for (let j = i + 1; j < n; j++) {
            if (at(j) === LF) {
              i = j;
              spaced = false;
              continue scan;
            }
          }
          if (argStart !== -1) {
            push(argStart, mark);
            argStart = -1;
          }
          break scan;
        }
        if (argStart === -1) argStart = i;
        break;
      default:
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        escaped = false;
        if (argStart === -1) argStart = i;
        if (c === DOLLAR && at(i + 1) === OPEN_BRACE) {
          // `${…}` is one piece of the word, blanks inside quotes or after an escape included.
          let single = false;
          let double = false;
          let escapedBlank = false;
          for (let j = i + 1; j < n; j++) {
            const d = at(j);
            if (d === escape) escapedBlank = true;
            else if (d === APOSTROPHE) {
              single = !single;
              escapedBlank = false;
            } else if (d === QUOTE) {
              double = !double;
              escapedBlank = false;
            } else if (d === SPACE || d === TAB) {
              if (escapedBlank || single || double) continue;
              i = j - 1;
              continue scan;
            } else if (d === CLOSE_BRACE) {
              i = j;
              continue scan;
            } else if (d !== LF) escapedBlank = false;
          }
          break scan;
        }
    }
  }
  if (argStart !== -1 && argStart !== n) push(argStart, endingEscape ? n - 1 : n);
  return parts;
}

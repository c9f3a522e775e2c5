// Docker's word processing for ENV/ARG values, COPY/ADD paths and WORKDIR: quotes, the escape
// character and `$X`, `${X}`, `${X:-default}`, `${X:+alt}` (and the `-`/`+` forms without colon).
// Each output character remembers where it came from so a rule can point at a bad segment.

/** The value of a variable, or undefined when it has none (a rule that needs it is skipped). */
export type VariableLookup = (name: string) => string | undefined;

export interface Expanded {
  value: string;
  /** Runs of `value` copied from the raw text: [start in value, start in raw, length]. The rest came from variables. */
  literalRuns: Array<[number, number, number]>;
  /** Variables referenced that had no value, in order of appearance. */
  unresolved: string[];
  /** Every variable referenced. */
  references: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * Expands `raw` in one pass. A nested word (`${A:+word}`) is expanded in place with an explicit stack
 * of frames rather than by recursion, so any depth of nesting costs memory, not call stack.
 */
export function expandWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): Expanded {
  const out: Expanded = { value: '', literalRuns: [], unresolved: [], references: [] };
  const emit = (text: string, offset: number) => {
    if (offset >= 0) addRun(out, out.value.length, offset, text.length);
    out.value += text;
  };
  const braces = matchingBraces(raw);
  // The word being read ends at `end`; the outer word resumes after it with its own quote state.
  const frames: Array<{ end: number; quote: Quote }> = [];
  let end = raw.length;
  let quote: Quote;
  let i = 0;
  for (;;) {
    if (i >= end) {
      const outer = frames.pop();
      if (!outer) break;
      i = end + 1; // past the `}` that closes the nested word
      ({ end, quote } = outer);
      continue;
    }
    const c = raw[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else emit(c, i);
      i++;
    } else if (c === escapeChar) {
      const next = i + 1 < end ? raw[i + 1] : undefined;
      if (next === undefined) {
        emit(c, i);
        i++;
      } else if (next === '\n' || next === '\r') {
        i += next === '\r' && i + 2 < end && raw[i + 2] === '\n' ? 3 : 2; // line continuation
      } else if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) {
        emit(c + next, i);
        i += 2;
      } else {
        emit(next, i + 1);
        i += 2;
      }
    } else if (c === '"' || (c === "'" && quote === undefined)) {
      quote = quote === c ? undefined : (c as '"' | "'");
      i++;
    } else if (c === '$') {
      const step = expandVariable(raw, i, end, braces, lookup, out, emit);
      if (step.word) {
        frames.push({ end, quote });
        end = step.word.end;
        quote = undefined;
      }
      i = step.next;
    } else {
      emit(c, i);
      i++;
    }
  }
  return out;
}

type Quote = '"' | "'" | undefined;

interface VariableStep {
  /** Where reading goes on. */
  next: number;
  /** A nested word to expand in place: it starts at `next` and ends before the `}` at `end`. */
  word?: { end: number };
}

function expandVariable(
  raw: string,
  dollar: number,
  end: number,
  braces: Map<number, number>,
  lookup: VariableLookup,
  out: Expanded,
  emit: (text: string, offset: number) => void,
): VariableStep {
  const i = dollar + 1;
  if (i < end && raw[i] === '{') {
    const close = braces.get(i);
    if (close === undefined || close >= end) {
      emit(raw.slice(dollar, end), dollar);
      return { next: end };
    }
    let nameEnd = i + 1;
    if (nameEnd < close && NAME_START.test(raw[nameEnd])) {
      nameEnd++;
      while (nameEnd < close && NAME_PART.test(raw[nameEnd])) nameEnd++;
    }
    const name = raw.slice(i + 1, nameEnd);
    const operator = raw[nameEnd] === ':' && (raw[nameEnd + 1] === '-' || raw[nameEnd + 1] === '+') ? raw.slice(nameEnd, nameEnd + 2) : raw[nameEnd] === '-' || raw[nameEnd] === '+' ? raw[nameEnd] : '';
    if (name === '' || (nameEnd < close && operator === '')) {
      // An operator we do not model (`${X#pat}` …): the value is unknown.
      const unknown = name || raw.slice(i + 1, close);
      out.references.push(unknown);
      out.unresolved.push(unknown);
      return { next: close + 1 };
    }
    out.references.push(name);
    const value = lookup(name);
    if (!operator) {
      if (value === undefined) out.unresolved.push(name);
      else emit(value, -1);
    } else if (value === undefined) {
      out.unresolved.push(name);
    } else {
      const useWord = operator.endsWith('-') ? value === '' && operator === ':-' : operator === '+' || value !== '';
      if (useWord) return { next: nameEnd + operator.length, word: { end: close } };
      if (operator.endsWith('-')) emit(value, -1);
    }
    return { next: close + 1 };
  }
  if (i < end && NAME_START.test(raw[i])) {
    let nameEnd = i + 1;
    while (nameEnd < end && NAME_PART.test(raw[nameEnd])) nameEnd++;
    const name = raw.slice(i, nameEnd);
    out.references.push(name);
    const value = lookup(name);
    if (value === undefined) out.unresolved.push(name);
    else emit(value, -1);
    return { next: nameEnd };
  }
  emit('$', dollar);
  return { next: i };
}

/** Offset in the raw text of value character `index`, or -1 when a variable produced it. */
export function sourceOffset(expanded: Expanded, index: number): number {
  for (const [at, source, length] of expanded.literalRuns) {
    if (index >= at && index < at + length) return source + index - at;
  }
  return -1;
}

function addRun(out: Expanded, at: number, source: number, length: number): void {
  const last = out.literalRuns[out.literalRuns.length - 1];
  if (last && last[0] + last[2] === at && last[1] + last[2] === source) last[2] += length;
  else if (length > 0) out.literalRuns.push([at, source, length]);
}

/** The `}` that closes each `{`, for the whole text in one pass (nested words are slices of it). */
function matchingBraces(raw: string): Map<number, number> {
  const matches = new Map<number, number>();
  const open: number[] = [];
  for (let i = raw.indexOf('{'); i >= 0 && i < raw.length; i++) {
    if (raw[i] === '{') open.push(i);
    else if (raw[i] === '}' && open.length > 0) matches.set(open.pop()!, i);
  }
  return matches;
}

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

export function expandWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): Expanded {
  const out: Expanded = { value: '', literalRuns: [], unresolved: [], references: [] };
  const emit = (text: string, offset: number) => {
    if (offset >= 0) addRun(out, out.value.length, offset, text.length);
    out.value += text;
  };
  let quote: '"' | "'" | undefined;
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else emit(c, i);
      i++;
    } else if (c === escapeChar) {
      const next = raw[i + 1];
      if (next === undefined) {
        emit(c, i);
        i++;
      } else if (next === '\n' || next === '\r') {
        i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2; // line continuation
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
      i = expandVariable(raw, i, lookup, escapeChar, out, emit);
    } else {
      emit(c, i);
      i++;
    }
  }
  return out;
}

function expandVariable(
  raw: string,
  dollar: number,
  lookup: VariableLookup,
  escapeChar: string,
  out: Expanded,
  emit: (text: string, offset: number) => void,
): number {
  let i = dollar + 1;
  if (raw[i] === '{') {
    const close = matchingBrace(raw, i);
    if (close < 0) {
      emit(raw.slice(dollar), dollar);
      return raw.length;
    }
    const body = raw.slice(i + 1, close);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([\s\S]*))?$/.exec(body);
    if (!match) {
      // An operator we do not model (`${X#pat}` …): the value is unknown.
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body)?.[0] ?? body;
      out.references.push(name);
      out.unresolved.push(name);
      return close + 1;
    }
    const [, name, operator, word] = match;
    out.references.push(name);
    const value = lookup(name);
    if (!operator) {
      if (value === undefined) out.unresolved.push(name);
      else emit(value, -1);
    } else if (value === undefined) {
      out.unresolved.push(name);
    } else {
      const useWord = operator.endsWith('-') ? value === '' && operator === ':-' : operator === '+' || value !== '';
      if (useWord) {
        const inner = expandWord(word, lookup, escapeChar);
        out.references.push(...inner.references);
        out.unresolved.push(...inner.unresolved);
        const base = i + 1 + name.length + operator.length;
        for (const [at, source, length] of inner.literalRuns) addRun(out, out.value.length + at, source + base, length);
        out.value += inner.value;
      } else if (operator.endsWith('-')) {
        emit(value, -1);
      }
    }
    return close + 1;
  }
  if (raw[i] !== undefined && NAME_START.test(raw[i])) {
    let end = i + 1;
    while (end < raw.length && NAME_PART.test(raw[end])) end++;
    const name = raw.slice(i, end);
    out.references.push(name);
    const value = lookup(name);
    if (value === undefined) out.unresolved.push(name);
    else emit(value, -1);
    return end;
  }
  emit('$', dollar);
  return i;
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

function matchingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    if (raw[i] === '{') depth++;
    else if (raw[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

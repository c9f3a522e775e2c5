// Docker's word processing for ENV/ARG values, COPY/ADD paths and WORKDIR: quotes, the escape
// character and `$X`, `${X}`, `${X:-default}`, `${X:+alt}` (and the `-`/`+` forms without colon).
// Each output character remembers where it came from so a rule can point at a bad segment.

/**
 * The value of a variable; null when it is an ARG declared without a value and given no build
 * argument (Docker leaves it unset: `${X:-default}` is the default); undefined when it is unknown (a
 * rule that needs it is skipped). A bare `$X` of either is unknown: a build argument may set it.
 */
export type VariableLookup = (name: string) => string | null | undefined;

export interface Expanded {
  readonly value: string;
  /** Runs of `value` copied from the raw text: [start in value, start in raw, length]. The rest came from variables. */
  readonly literalRuns: ReadonlyArray<readonly [number, number, number]>;
  /** Variables referenced that had no value, in order of appearance. */
  readonly unresolved: readonly string[];
  /** A variable whose value would have made this one longer than MAX_VALUE_LENGTH: it counts as unresolved. */
  readonly tooLong?: string;
}

/**
 * The longest value expanded. Linux refuses a longer environment string (MAX_ARG_STRLEN, "Argument list
 * too long"), and values that double at each step (`ENV B=$A$A`) would otherwise take minutes and then
 * more memory than a string may hold.
 */
export const MAX_VALUE_LENGTH = 128 * 1024;

const NONE: readonly never[] = Object.freeze([]);

/**
 * A word without variables, quotes or escapes: its value is its text, one literal run. Most words are
 * plain, and a big file keeps one expansion per word: this one is a single object, its run made when asked.
 */
class PlainWord implements Expanded {
  constructor(readonly value: string) {}

  get literalRuns(): ReadonlyArray<readonly [number, number, number]> {
    return this.value === '' ? NONE : [[0, 0, this.value.length]];
  }

  get unresolved(): readonly string[] {
    return NONE;
  }
}

/** Any other word: its runs are kept as one flat list of numbers (three per run), made into tuples when asked. */
class ExpandedWord implements Expanded {
  constructor(
    readonly value: string,
    private readonly runs: readonly number[],
    readonly unresolved: readonly string[],
    readonly tooLong: string | undefined,
  ) {}

  get literalRuns(): ReadonlyArray<readonly [number, number, number]> {
    const tuples: Array<[number, number, number]> = [];
    for (let i = 0; i < this.runs.length; i += 3) tuples.push([this.runs[i], this.runs[i + 1], this.runs[i + 2]]);
    return tuples;
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** A word without variables, quotes or escapes (most paths and values) is its own value. */
function isPlain(raw: string, escape: number): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 36 || c === 34 || c === 39 || c === escape) return false; // $ " '
  }
  return true;
}

/**
 * Expands `raw` in one pass. A nested word (`${A:+word}`) is expanded in place with an explicit stack
 * of frames rather than by recursion, so any depth of nesting costs memory, not call stack.
 */
export function expandWord(raw: string, lookup: VariableLookup, escapeChar = '\\'): Expanded {
  if (isPlain(raw, escapeChar.charCodeAt(0))) return new PlainWord(raw);
  return new Expansion(raw, lookup, escapeChar).run();
}

type Quote = '"' | "'" | undefined;

/** The state of one expansion: the value so far, and the run of raw characters not yet added to it. */
class Expansion {
  private value = '';
  /** Literal runs, three numbers each: start in the value, start in the raw text, length. */
  private readonly runs: number[] = [];
  private readonly unresolved: string[] = [];
  private tooLong: string | undefined;
  private runStart = 0;
  private runLength = 0;
  private readonly braces: Map<number, number> | undefined;
  /** Set by `variable` when a nested word (`${A:+word}`) is to be read next: the `}` that ends it. */
  private nestedEnd = -1;

  constructor(
    private readonly raw: string,
    private readonly lookup: VariableLookup,
    private readonly escapeChar: string,
  ) {
    this.braces = matchingBraces(raw);
  }

  run(): Expanded {
    const { raw, escapeChar } = this;
    // The word being read ends at `end`; the outer word resumes after it with its own quote state.
    let frames: Array<{ end: number; quote: Quote }> | undefined;
    let end = raw.length;
    let quote: Quote;
    let i = 0;
    for (;;) {
      if (i >= end) {
        const outer = frames?.pop();
        if (!outer) break;
        i = end + 1; // past the `}` that closes the nested word
        ({ end, quote } = outer);
        continue;
      }
      const c = raw[i];
      if (quote === "'") {
        if (c === "'") quote = undefined;
        else this.literal(i, 1);
        i++;
      } else if (c === escapeChar) {
        const next = i + 1 < end ? raw[i + 1] : undefined;
        if (next === undefined) {
          this.literal(i, 1);
          i++;
        } else if (next === '\n' || next === '\r') {
          i += next === '\r' && i + 2 < end && raw[i + 2] === '\n' ? 3 : 2; // line continuation
        } else if (quote === '"' && next !== '"' && next !== '$' && next !== escapeChar) {
          this.literal(i, 2);
          i += 2;
        } else {
          this.literal(i + 1, 1);
          i += 2;
        }
      } else if (c === '"' || (c === "'" && quote === undefined)) {
        quote = quote === c ? undefined : c;
        i++;
      } else if (c === '$') {
        i = this.variable(i, end);
        if (this.nestedEnd >= 0) {
          (frames ??= []).push({ end, quote });
          end = this.nestedEnd;
          this.nestedEnd = -1;
          quote = undefined;
        }
      } else {
        this.literal(i, 1);
        i++;
      }
    }
    this.flush();
    const { value, runs, unresolved, tooLong } = this;
    // Copies at their final size (an array grown by push keeps room for more): the model keeps one per word.
    return new ExpandedWord(value, runs.slice(), unresolved.length === 0 ? NONE : unresolved.slice(), tooLong);
  }

  /** `length` raw characters from `offset` go into the value as they are. */
  private literal(offset: number, length: number): void {
    if (this.runLength > 0 && this.runStart + this.runLength === offset) {
      this.runLength += length;
      return;
    }
    this.flush();
    this.runStart = offset;
    this.runLength = length;
  }

  /** Variable `name`'s value goes into the value, unless that makes it too long: then the variable is unresolved. */
  private variableValue(name: string, text: string): void {
    this.flush();
    if (this.value.length + text.length > MAX_VALUE_LENGTH) {
      this.tooLong ??= name;
      this.unresolved.push(name);
      return;
    }
    this.value += text;
  }

  private flush(): void {
    const { runStart, runLength } = this;
    if (runLength === 0) return;
    const at = this.value.length;
    const { runs } = this;
    const n = runs.length;
    // A run that continues the last one in both the value and the raw text extends it.
    if (n > 0 && runs[n - 3] + runs[n - 1] === at && runs[n - 2] + runs[n - 1] === runStart) runs[n - 1] += runLength;
    else runs.push(at, runStart, runLength);
    this.value += this.raw.slice(runStart, runStart + runLength);
    this.runLength = 0;
  }

  /** Reads the variable at `dollar` (the word ends at `end`); returns where reading goes on. */
  private variable(dollar: number, end: number): number {
    const { raw } = this;
    const i = dollar + 1;
    if (i < end && raw[i] === '{') {
      const close = this.braces?.get(i);
      if (close === undefined || close >= end) {
        this.literal(dollar, end - dollar);
        return end;
      }
      let nameEnd = i + 1;
      if (nameEnd < close && NAME_START.test(raw[nameEnd])) {
        nameEnd++;
        while (nameEnd < close && NAME_PART.test(raw[nameEnd])) nameEnd++;
      }
      const name = raw.slice(i + 1, nameEnd);
      const operator =
        raw[nameEnd] === ':' && (raw[nameEnd + 1] === '-' || raw[nameEnd + 1] === '+')
          ? raw.slice(nameEnd, nameEnd + 2)
          : raw[nameEnd] === '-' || raw[nameEnd] === '+'
            ? raw[nameEnd]
            : '';
      if (name === '' || (nameEnd < close && operator === '')) {
        // An operator we do not model (`${X#pat}` …): the value is unknown.
        this.unresolved.push(name || raw.slice(i + 1, close));
        return close + 1;
      }
      const value = this.lookup(name);
      if (!operator) {
        if (value === undefined || value === null) this.unresolved.push(name);
        else this.variableValue(name, value);
      } else if (value === undefined) {
        this.unresolved.push(name);
      } else if (value === null) {
        // Unset: `-` and `:-` give the word, `+` and `:+` nothing.
        if (operator.endsWith('-')) {
          this.nestedEnd = close;
          return nameEnd + operator.length;
        }
      } else {
        const useWord = operator.endsWith('-') ? value === '' && operator === ':-' : operator === '+' || value !== '';
        if (useWord) {
          // The nested word starts after the operator and ends before the `}`.
          this.nestedEnd = close;
          return nameEnd + operator.length;
        }
        if (operator.endsWith('-')) this.variableValue(name, value);
      }
      return close + 1;
    }
    if (i < end && NAME_START.test(raw[i])) {
      let nameEnd = i + 1;
      while (nameEnd < end && NAME_PART.test(raw[nameEnd])) nameEnd++;
      const name = raw.slice(i, nameEnd);
      const value = this.lookup(name);
      if (value === undefined || value === null) this.unresolved.push(name);
      else this.variableValue(name, value);
      return nameEnd;
    }
    this.literal(dollar, 1);
    return i;
  }
}

/** Offset in the raw text of value character `index`, or -1 when a variable produced it. */
export function sourceOffset(expanded: Expanded, index: number): number {
  for (const [at, source, length] of expanded.literalRuns) {
    if (index >= at && index < at + length) return source + index - at;
  }
  return -1;
}

/** The `}` that closes each `{`, for the whole text in one pass (nested words are slices of it); none for a word without `{`. */
function matchingBraces(raw: string): Map<number, number> | undefined {
  const first = raw.indexOf('{');
  if (first < 0) return undefined;
  const matches = new Map<number, number>();
  const open: number[] = [];
  for (let i = first; i < raw.length; i++) {
    if (raw[i] === '{') open.push(i);
    else if (raw[i] === '}') {
      const start = open.pop();
      if (start !== undefined) matches.set(start, i);
    }
  }
  return matches;
}

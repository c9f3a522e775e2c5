// `.dockerignore` and `COPY --exclude` patterns, and the globs of COPY sources. The patterns follow
// Docker's rules (moby's fileutils, as @balena/dockerignore ports them): `*` and `?` stop at '/', `**`
// spans folders, `!` re-includes, the last matching line wins, and a pattern that matches a parent
// folder matches what is inside it. Letters are compared without case, as that port does.
//
// Docker turns a pattern into a Go regular expression, which never backtracks. A JavaScript one does:
// `*a*a*a*a*a*a*a*a*a*b` against a long file name of a's took minutes. Here a pattern is a list of tokens
// run as a set of states over the path (Thompson's construction): the cost is the path's length times the
// pattern's, whatever the pattern. Characters other than `*`, `?`, `[…]` and `\` are literal, as Go's
// filepath.Match (which Docker's documentation names) reads them.
import * as path from 'node:path';
import ignore from '@balena/dockerignore';

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> }
  /** `?`: one character but '/'. */
  | { kind: 'one' }
  /** `*`: any characters but '/'. */
  | { kind: 'star' }
  /** `**` before more pattern (a '/' after it is part of it): nothing, or anything that ends in '/'. */
  | { kind: 'folders' }
  /** `**` at the end: anything. */
  | { kind: 'rest' };

interface Rule {
  tokens: Token[];
  dirs: string[];
  negative: boolean;
}

/**
 * Whether Docker stops the build on this line with "syntax error in pattern": the port compiles each line to a
 * regular expression as Docker does (`[` without `]`, `c++`), so its compiler is the check; it is never used to match.
 */
export function rejectedPattern(line: string): boolean {
  try {
    ignore().add(line).ignores('probe');
    new PathPatterns([line]);
    return false;
  } catch {
    return true;
  }
}

/** Counted state steps, for tests that hold the matching to linear work. */
export const patternWork = { steps: 0 };

export class PathPatterns {
  private readonly rules: Rule[] = [];
  private readonly cache = new Map<string, boolean>();

  /** Throws a SyntaxError for a line with an unclosed `[`, which Docker rejects. */
  constructor(lines: readonly string[]) {
    for (const line of lines) {
      const rule = createRule(line);
      if (rule) this.rules.push(rule);
    }
  }

  /** Whether the patterns leave out `file`, a context-relative path with '/' separators. */
  ignores(file: string): boolean {
    const known = this.cache.get(file);
    if (known !== undefined) return known;
    if (this.cache.size >= 10_000) this.cache.clear();
    const ignored = this.test(file);
    this.cache.set(file, ignored);
    return ignored;
  }

  private test(file: string): boolean {
    const text = file.toLowerCase();
    const parentPath = cleanPath(path.posix.dirname(text));
    const parentDirs = parentPath.split('/');
    let matched = false;
    for (const rule of this.rules) {
      let match = matches(rule.tokens, text);
      if (!match && parentPath !== '.') {
        // A pattern that matches a parent folder leaves out what is inside it; `**` may stand for any number of them.
        if (rule.dirs.includes('**')) {
          for (let i = rule.dirs.filter((d) => d !== '**').length; i <= parentDirs.length && !match; i++) {
            match = matches(rule.tokens, parentDirs.slice(0, i).join('/'));
          }
        } else if (rule.dirs.length <= parentDirs.length) {
          match = matches(rule.tokens, parentDirs.slice(0, rule.dirs.length).join('/'));
        }
      }
      if (match) matched = !rule.negative;
    }
    return matched;
  }
}

/** Go's filepath.Clean, as the port has it: normalised, without a trailing '/'. */
function cleanPath(file: string): string {
  return path.posix.normalize(file).replace(/(?<=.)\/$/, '');
}

function createRule(line: string): Rule | undefined {
  if (!line || line.startsWith('#') || line.trim() === '') return undefined;
  let pattern = line.trim();
  let negative = false;
  if (pattern.startsWith('!')) {
    negative = true;
    pattern = pattern.slice(1).trim();
  }
  if (pattern.length > 0) {
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  }
  if (negative) pattern = `!${pattern}`;
  pattern = pattern.trim();
  if (pattern === '') return undefined;
  pattern = cleanPath(pattern);
  if (pattern.startsWith('!')) {
    if (pattern.length === 1) return undefined;
    negative = true;
    pattern = pattern.slice(1);
  } else {
    negative = false;
  }
  return { tokens: compile(pattern.toLowerCase()), dirs: pattern.split('/'), negative };
}

/**
 * A matcher of one path segment for a glob in a COPY source, as BuildKit reads it (Go's filepath.Match:
 * `*`, `?`, `[…]`, `\`; case counts); undefined for a glob Go rejects (`[` without `]`), which matches nothing.
 */
export function segmentMatcher(glob: string): ((name: string) => boolean) | undefined {
  try {
    const tokens = compile(glob, false);
    return (name) => matches(tokens, name);
  } catch {
    return undefined;
  }
}

/** The tokens of a pattern; `doubleStar`: `**` spans folders (.dockerignore), else it is `*` twice. */
function compile(pattern: string, doubleStar = true): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] !== '*' || !doubleStar) {
        tokens.push({ kind: 'star' });
        continue;
      }
      i++;
      if (pattern[i + 1] === '/') i++; // `**/` is `**`
      tokens.push({ kind: i + 1 < pattern.length ? 'folders' : 'rest' });
    } else if (ch === '?') {
      tokens.push({ kind: 'one' });
    } else if (ch === '\\') {
      tokens.push({ kind: 'char', char: i + 1 < pattern.length ? pattern[++i] : '\\' });
    } else if (ch === '[') {
      i = readClass(pattern, i, tokens);
    } else {
      tokens.push({ kind: 'char', char: ch });
    }
  }
  return tokens;
}

/** Reads `[…]` from `open` (`^` negates, `a-z` is a range, `\` escapes); returns the offset of its `]`. */
function readClass(pattern: string, open: number, tokens: Token[]): number {
  let i = open + 1;
  const negated = pattern[i] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  for (; i < pattern.length && pattern[i] !== ']'; i++) {
    let low = pattern[i];
    if (low === '\\' && i + 1 < pattern.length) low = pattern[++i];
    let high = low;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      high = pattern[i + 2] === '\\' && i + 3 < pattern.length ? pattern[i + 3] : pattern[i + 2];
      i += high === pattern[i + 2] ? 2 : 3;
    }
    ranges.push([low, high]);
  }
  if (i >= pattern.length) throw new SyntaxError(`syntax error in pattern: '[' without ']'`);
  tokens.push({ kind: 'class', negated, ranges });
  return i;
}

/**
 * Whether the tokens match all of `text`. States: 2k is "before token k", 2k+1 "inside the `**` at k"
 * (after a character that is not yet the '/' that ends it).
 */
function matches(tokens: Token[], text: string): boolean {
  const end = tokens.length;
  let current = closure(tokens, [0]);
  for (let t = 0; t < text.length && current.length > 0; t++) {
    const c = text[t];
    const next: number[] = [];
    for (const state of current) {
      patternWork.steps++;
      const k = state >> 1;
      if (state & 1) {
        next.push(state);
        if (c === '/') next.push(2 * (k + 1));
        continue;
      }
      if (k === end) continue;
      const token = tokens[k];
      switch (token.kind) {
        case 'char':
          if (c === token.char) next.push(2 * (k + 1));
          break;
        case 'one':
          if (c !== '/') next.push(2 * (k + 1));
          break;
        case 'class':
          if (inClass(token.ranges, c) !== token.negated) next.push(2 * (k + 1));
          break;
        case 'star':
          if (c !== '/') next.push(state);
          break;
        case 'folders':
          next.push(2 * k + 1);
          if (c === '/') next.push(2 * (k + 1));
          break;
        case 'rest':
          next.push(state);
          break;
      }
    }
    current = closure(tokens, next);
  }
  return current.includes(2 * end);
}

/** The states plus those reached without reading a character (past `*`, `**`), each once; `states` grows as it is read. */
function closure(tokens: Token[], states: number[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < states.length; i++) {
    const state = states[i];
    if (seen.has(state)) continue;
    seen.add(state);
    out.push(state);
    const k = state >> 1;
    if (!(state & 1) && k < tokens.length && tokens[k].kind !== 'char' && tokens[k].kind !== 'one' && tokens[k].kind !== 'class') {
      states.push(2 * (k + 1));
    }
  }
  return out;
}

function inClass(ranges: Array<[string, string]>, c: string): boolean {
  return ranges.some(([low, high]) => c >= low && c <= high);
}

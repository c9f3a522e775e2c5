// Ranges of one logical line's tokens: where a separator splits them, where a bracket closes, and what
// they hold that the module reader keeps (required parameters, literal lists of strings). Free functions
// over the token array; python.ts walks the lines.
import type { Token } from './python-tokens';

export const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);
const CLOSER = new Map([
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
]);

export function isOp(token: Token | undefined, text: string): boolean {
  return token?.kind === 'op' && token.text === text;
}

/** Ranges between `separator` tokens at `depth`; the commas of a lambda's parameters do not separate. */
export function split(t: readonly Token[], s: number, e: number, separator: string, depth: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let start = s;
  let openLambdas = 0;
  for (let i = s; i < e; i++) {
    const token = t[i];
    if (token.depth !== depth || token.kind === 'string') continue;
    if (token.kind === 'name' && token.text === 'lambda') openLambdas++;
    else if (token.kind === 'op' && token.text === ':' && openLambdas > 0) openLambdas--;
    else if (token.kind === 'op' && token.text === separator && openLambdas === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, e]);
  return parts;
}

/** Index of the first name or operator `text` at `depth` in [s, e), or -1. */
export function find(t: readonly Token[], s: number, e: number, text: string, depth = 0): number {
  for (let i = s; i < e; i++) if (t[i].text === text && t[i].depth === depth && t[i].kind !== 'string') return i;
  return -1;
}

/** Index of the bracket closing the one at `open`, or `e` when it is not closed before `e`. */
export function closing(t: readonly Token[], open: number, e: number): number {
  for (let i = open + 1; i < e; i++) if (t[i].depth <= t[open].depth) return i;
  return e;
}

/** The required parameters of the list at `p` (after `skip` leading ones, such as `self`). */
export function parameters(t: readonly Token[], p: number, e: number, skip = 0): string[] {
  if (isOp(t[p], '[')) p = closing(t, p, e) + 1; // PEP 695 type parameters: def f[T](x: T)
  if (p >= e || !isOp(t[p], '(')) return [];
  return required(t, split(t, p + 1, closing(t, p, e), ',', t[p].depth + 1).slice(skip));
}

/** The parameters of a list that have no default. */
function required(t: readonly Token[], parts: Array<[number, number]>): string[] {
  const names: string[] = [];
  for (const [a, b] of parts) {
    // `*`, `**`, `/` and anything else that does not start with a name are not required parameters.
    if (a >= b || t[a].kind !== 'name' || KEYWORDS.has(t[a].text)) continue;
    if (find(t, a + 1, b, '=', t[a].depth) < 0) names.push(t[a].text);
  }
  return names;
}

/** For `lambda a, b=1: …` from `s`: its required parameters; undefined when it holds another lambda. */
export function lambdaParameters(t: readonly Token[], s: number, e: number): string[] | undefined {
  const colon = find(t, s + 1, e, ':', t[s].depth);
  if (colon < 0 || find(t, s + 1, colon, 'lambda', t[s].depth) >= 0) return undefined;
  return required(t, split(t, s + 1, colon, ',', t[s].depth));
}

/** The strings of a literal list or tuple of plain string literals, else undefined. */
export function stringList(t: readonly Token[], s: number, e: number): string[] | undefined {
  if (s >= e) return undefined;
  const bracket = t[s].kind === 'op' && CLOSER.has(t[s].text) && closing(t, s, e) === e - 1 ? t[s].text : '';
  if (bracket === '{') return undefined;
  const inner: [number, number] = bracket ? [s + 1, e - 1] : [s, e];
  const parts = split(t, inner[0], inner[1], ',', t[s].depth + (bracket ? 1 : 0));
  // `('a')` and `'a'` are strings, not tuples.
  if (bracket !== '[' && parts.length < 2 && inner[0] < inner[1]) return undefined;
  const names: string[] = [];
  for (const [index, [a, b]] of parts.entries()) {
    if (a === b && index === parts.length - 1) continue;
    const literal = b - a === 1 && t[a].kind === 'string' ? /^[rRuU]?('''|"""|'|")([^]*)\1$/.exec(t[a].text) : null;
    if (!literal) return undefined;
    names.push(literal[2]);
  }
  return names;
}

// The part of a setup.py that places modules, read without running it: the keywords `packages`,
// `package_dir` and `py_modules` of its `setup(...)` call, when each is a literal or find_packages().
// A computed `py_modules` leaves only top-level names unknown; anything else computed makes the
// layout unreadable (python-packages.ts then says nothing).
import { logicalLines, type Token } from './python-tokens';

/** The layout depends on code that is not run, or on a format not understood. */
export class Unreadable extends Error {}

export const unreadable = (): never => {
  throw new Unreadable();
};

export interface FindPackages {
  where: string[];
  include?: string[];
  exclude?: string[];
  namespaces: boolean;
}

/** What setuptools reads from pyproject.toml, setup.cfg and setup.py to place modules. */
export interface SetuptoolsConfig {
  packages?: string[] | FindPackages;
  /** 'computed': a setup.py that computes the list (`[… for p in glob('src/*.py')]`), which only running it tells. */
  pyModules?: string[] | 'computed';
  packageDir?: Map<string, string>;
}

const SETUP_KEYS = new Set(['packages', 'package_dir', 'py_modules']);
const FIND_FUNCTIONS = new Set(['find_packages', 'find_namespace_packages']);

/** The `setup(...)` keywords that place modules, when every one of them is a literal or find_packages(). */
export function fromSetupPy(text: string): SetuptoolsConfig {
  for (const line of logicalLines(text)) {
    const t = line.tokens;
    const call = t.findIndex((tok, i) => tok.kind === 'name' && tok.text === 'setup' && isOp(t[i + 1], '(') && t[i - 1]?.text !== 'def');
    if (call < 0) continue;
    const config: SetuptoolsConfig = {};
    for (const [a, b] of argumentSpans(t, call + 1)) {
      if (isOp(t[a], '*') || isOp(t[a], '**')) throw new Unreadable();
      if (!(t[a].kind === 'name' && isOp(t[a + 1], '=') && SETUP_KEYS.has(t[a].text))) continue;
      if (t[a].text === 'py_modules') {
        config.pyModules = pyModulesAt(t, a + 2, b);
        continue;
      }
      const value = literal(t, a + 2, b);
      if (t[a].text === 'packages') config.packages = Array.isArray(value) ? value : findCall(value);
      else config.packageDir = value instanceof Map ? value : unreadable();
    }
    return config;
  }
  // No setup(...) call to read: the layout depends on code we do not run.
  throw new Unreadable();
}

/**
 * A literal list of single-file modules, or 'computed': AWS's framework-container template computes
 * it from `glob('src/*.py')`. Such modules are only top-level ones, so the packages stay readable.
 */
function pyModulesAt(t: Token[], a: number, b: number): string[] | 'computed' {
  try {
    const value = literal(t, a, b);
    return Array.isArray(value) ? value : unreadable();
  } catch (error) {
    if (error instanceof Unreadable) return 'computed';
    throw error;
  }
}

function isOp(token: Token | undefined, text: string): boolean {
  return token?.kind === 'op' && token.text === text;
}

/** [start, end) of each argument of the call whose '(' is at `open`. */
function argumentSpans(t: Token[], open: number): Array<[number, number]> {
  const depth = t[open].depth + 1;
  const spans: Array<[number, number]> = [];
  let start = open + 1;
  let i = open + 1;
  for (; i < t.length && t[i].depth >= depth; i++) {
    if (t[i].depth === depth && isOp(t[i], ',')) {
      if (i > start) spans.push([start, i]);
      start = i + 1;
    }
  }
  if (i > start) spans.push([start, i]);
  return spans;
}

interface FindCallValue {
  find: boolean;
  namespaces: boolean;
  args: Array<string | string[]>;
  kwargs: Map<string, string | string[]>;
}

type Literal = string | string[] | Map<string, string> | FindCallValue;

/** A string, a list or tuple of strings, a dict of strings, or a find_packages(...) call in t[a, b). */
function literal(t: Token[], a: number, b: number): Literal {
  if (b - a === 1 && t[a].kind === 'string') return stringToken(t[a]);
  const open = t[a];
  // A bracket must close the value: `['a'] + more` is computed.
  const closed = b - a >= 2 && t[b - 1].kind === 'op' && [')', ']', '}'].includes(t[b - 1].text) && t[b - 1].depth === open.depth;
  if ((isOp(open, '[') || isOp(open, '(') || isOp(open, '{')) && !closed) throw new Unreadable();
  // Items are single string tokens: no recursion into nested brackets, whatever the input.
  const stringAt = (x: number, y: number) => (y - x === 1 && t[x].kind === 'string' ? stringToken(t[x]) : unreadable());
  if (isOp(open, '[') || isOp(open, '(')) return argumentSpans(t, a).map(([x, y]) => stringAt(x, y));
  if (isOp(open, '{')) {
    const map = new Map<string, string>();
    for (const [x, y] of argumentSpans(t, a)) {
      if (!isOp(t[x + 1], ':')) throw new Unreadable();
      map.set(
        stringAt(x, x + 1),
        stringAt(x + 2, y)
          .replace(/^\.\/?/, '')
          .replace(/\/+$/, ''),
      );
    }
    return map;
  }
  // find_packages(...) or setuptools.find_packages(...)
  let name = a;
  if (t[a].kind === 'name' && isOp(t[a + 1], '.') && t[a + 2]?.kind === 'name') name = a + 2;
  if (t[name]?.kind === 'name' && FIND_FUNCTIONS.has(t[name].text) && isOp(t[name + 1], '(')) {
    const value: FindCallValue = { find: true, namespaces: t[name].text === 'find_namespace_packages', args: [], kwargs: new Map() };
    for (const [x, y] of argumentSpans(t, name + 1)) {
      const keyword = t[x].kind === 'name' && isOp(t[x + 1], '=') ? t[x].text : undefined;
      const start = keyword ? x + 2 : x;
      // A string or a list of strings; never another call, so nesting cannot recurse.
      const item = t[start]?.kind === 'string' || isOp(t[start], '[') || isOp(t[start], '(') ? literal(t, start, y) : unreadable();
      if (item instanceof Map || (typeof item === 'object' && !Array.isArray(item))) throw new Unreadable();
      if (keyword) value.kwargs.set(keyword, item);
      else value.args.push(item);
    }
    return value;
  }
  throw new Unreadable();
}

function findCall(value: Literal): FindPackages {
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map) throw new Unreadable();
  const where = value.kwargs.get('where') ?? value.args.at(0) ?? '.';
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  if (typeof where !== 'string') throw new Unreadable();
  return {
    where: [where],
    exclude: list(value.kwargs.get('exclude') ?? value.args[1]),
    include: list(value.kwargs.get('include') ?? value.args[2]),
    namespaces: value.namespaces,
  };
}

function stringToken(token: Token): string {
  const m = /^([rRuU]?)('''|"""|'|")([^]*)\2$/.exec(token.text);
  if (!m || m[3].includes('\\')) throw new Unreadable();
  return m[3];
}

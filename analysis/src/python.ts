// Finds the top-level names a Python module defines, without running it and without any Python
// tooling. "Top level" follows Python: the bodies of if/try/with/for/while/match blocks bind module
// names, def and class bodies do not, and neither does `if __name__ == "__main__":`, which never runs
// when the module is imported. Built for half-typed or invalid code: it returns what it finds.
import { closing, find, isOp, KEYWORDS, lambdaParameters, parameters, split, stringList } from './python-ranges';
import { logicalLines, type Token } from './python-tokens';

export type PythonSymbolKind = 'function' | 'class' | 'assignment' | 'import';

export interface PythonSymbol {
  name: string;
  kind: PythonSymbolKind;
  /** 0-based line of the name. */
  line: number;
  /** 0-based UTF-16 column of the name. */
  character: number;
  /**
   * What a call with no arguments lacks: parameters without a default (positional or keyword-only, not
   * *args/**kwargs). For a def, all of them (a module-level `self` is a parameter like any other); for
   * `name = lambda …:`, the lambda's; for a class, its own `__init__`'s after the first. Absent when
   * unknown: a class without its own `__init__`, or with a metaclass or a decorated `__init__`.
   */
  requiredParameters?: string[];
  /** For functions and classes: true when decorated (the decorator may change the signature). */
  decorated?: boolean;
  /** For functions: `async def`, whose call returns a coroutine and runs nothing until it is awaited. */
  async?: boolean;
}

export interface PythonModuleInfo {
  /** Top-level names, last definition wins for duplicates (like Python). */
  symbols: Map<string, PythonSymbol>;
  /** True when the module has `from x import *` at top level: any name may exist. */
  hasStarImport: boolean;
  /** Names in `__all__` when it is a literal list/tuple of strings, else undefined. */
  dunderAll?: string[];
}

const TRANSPARENT_BLOCKS = new Set(['if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'for', 'while']);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '>>=', '<<=', '**=']);
const MAX_TARGET_NESTING = 20;

interface Block {
  indent: number;
  /** def/class body: nothing in it is top level. */
  opaque: boolean;
  keyword: string;
  /** The body of this top-level class: its `__init__` says what calling the class needs. */
  classSymbol?: PythonSymbol;
}

/** The parameters a call with no arguments (what the training toolkit makes) lacks; none when unknown. */
export function argumentsNeeded(symbol: PythonSymbol): string[] {
  return symbol.decorated ? [] : (symbol.requiredParameters ?? []);
}

export function parsePythonModule(text: string): PythonModuleInfo {
  // Editors do not show the BOM, so positions are counted without it.
  return new ModuleParser(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).parse();
}

class ModuleParser {
  private readonly info: PythonModuleInfo = { symbols: new Map(), hasStarImport: false };
  private readonly lineStarts: number[] = [0];
  private readonly blocks: Block[] = [];
  private t: Token[] = [];
  private indent = 0;
  private decorated = false;

  constructor(private readonly text: string) {}

  parse(): PythonModuleInfo {
    const { text } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.lineStarts.push(i + 1);
    }
    for (const line of logicalLines(text)) {
      while (this.blocks.length > 0 && this.blocks[this.blocks.length - 1].indent >= line.indent) this.blocks.pop();
      const inside = this.blocks.at(-1);
      this.t = line.tokens;
      this.indent = line.indent;
      if (inside?.classSymbol) {
        this.classBodyLine(inside.classSymbol);
        continue;
      }
      if (inside?.opaque) continue;
      if (isOp(this.t[0], '@')) {
        this.decorated = true;
        continue;
      }
      this.statement(0, this.t.length);
      this.decorated = false;
    }
    return this.info;
  }

  private statement(s: number, e: number): void {
    const t = this.t;
    // `(main := make_main())`, `if (n := len(x)) > 1:`: an assignment expression binds in the module, at any depth.
    if (!/^(?:def|class|async)$/.test(t[s].text))
      for (let i = s + 1; i < e; i++) if (isOp(t[i], ':=') && t[i - 1].kind === 'name') this.define(t[i - 1], 'assignment');
    // A loop, not recursion: a header's body may follow on its line (`if x: y = 1`), any number of times.
    for (;;) {
      const k = t[s].text === 'async' && /^(?:def|with|for)$/.test(t[s + 1]?.text ?? '') ? s + 1 : s;
      const keyword = t[k].kind === 'name' ? t[k].text : '';
      if (keyword === 'def' || keyword === 'class') {
        this.definition(k, e, k > s);
        return;
      }
      if (!TRANSPARENT_BLOCKS.has(keyword) && !this.isMatchHeader(keyword, k, e)) break;
      const colon = find(this.t, k + 1, e, ':');
      // `if __name__ == "__main__":` and `if TYPE_CHECKING:` never run when the module is imported: they bind nothing for an importer.
      if (keyword === 'if' && colon > 0 && neverRunsOnImport(t.slice(k + 1, colon))) {
        if (colon === e - 1) this.blocks.push({ indent: this.indent, opaque: true, keyword });
        return;
      }
      if (colon === e - 1) this.blocks.push({ indent: this.indent, opaque: false, keyword });
      if (colon < 0 || colon === e - 1) return;
      s = colon + 1;
    }
    for (const [a, b] of split(this.t, s, e, ';', 0)) if (a < b) this.simpleStatement(a, b);
  }

  /** `match` and `case` are soft keywords: `match = 1` is an assignment. */
  private isMatchHeader(keyword: string, k: number, e: number): boolean {
    const t = this.t;
    if (keyword === 'case') return this.blocks[this.blocks.length - 1]?.keyword === 'match';
    if (keyword !== 'match' || e - k < 3 || !isOp(t[e - 1], ':') || t[e - 1].depth !== 0) return false;
    return !['=', ':', '.'].some((op) => isOp(t[k + 1], op));
  }

  private definition(k: number, e: number, isAsync: boolean): void {
    const t = this.t;
    const name = t[k + 1];
    if (k + 1 >= e || name.kind !== 'name') return;
    const symbol =
      t[k].text === 'class'
        ? this.define(name, 'class', { decorated: this.decorated })
        : this.define(name, 'function', {
            requiredParameters: parameters(this.t, k + 2, e),
            decorated: this.decorated,
            ...(isAsync && { async: true }),
          });
    // Without its colon (half-typed `def f()`), the indented lines below are still its body.
    const colon = find(this.t, k + 2, e, ':');
    if (colon >= 0 && colon !== e - 1) return;
    // Only the body of a top-level class with no metaclass can say what calling it needs.
    const readInit = symbol.kind === 'class' && this.blocks.length === 0 && find(this.t, k + 2, e, 'metaclass', 1) < 0;
    this.blocks.push({ indent: this.indent, opaque: true, keyword: t[k].text, ...(readInit && { classSymbol: symbol }) });
  }

  /** A line directly in a top-level class body: `def __init__` sets what calling the class needs. */
  private classBodyLine(symbol: PythonSymbol): void {
    const t = this.t;
    if (isOp(t[0], '@')) {
      this.decorated = true;
      return;
    }
    const k = t[0].text === 'async' ? 1 : 0;
    const keyword = t.at(k)?.text;
    const definition = keyword === 'def' || keyword === 'class';
    if (keyword === 'def' && t.at(k + 1)?.text === '__init__') {
      // `self` is passed by Python; a decorated __init__ may take anything.
      const required = this.decorated ? undefined : parameters(this.t, k + 2, t.length, 1);
      if (required) symbol.requiredParameters = required;
      else delete symbol.requiredParameters;
    }
    // Any other block's lines (a method's body, an `if`'s) are not directly in the class body.
    const colon = find(this.t, k + 1, t.length, ':');
    if ((definition && colon < 0) || colon === t.length - 1)
      this.blocks.push({ indent: this.indent, opaque: true, keyword: keyword ?? '' });
    this.decorated = false;
  }

  private simpleStatement(a: number, b: number): void {
    const t = this.t;
    const first = t[a];
    if (first.kind === 'name') {
      if (first.text === 'import') {
        this.importStatement(a + 1, b);
        return;
      }
      if (first.text === 'from') {
        this.fromImport(a + 1, b);
        return;
      }
      // PEP 695 `type X = ...` / `type X[T] = ...`
      if (first.text === 'type' && t[a + 1]?.kind === 'name' && (isOp(t[a + 2], '=') || isOp(t[a + 2], '['))) {
        this.define(t[a + 1], 'assignment');
        return;
      }
      if (KEYWORDS.has(first.text)) return;
    }
    this.assignment(a, b);
  }

  private importStatement(s: number, e: number): void {
    for (const [a, b] of split(this.t, s, e, ',', 0)) if (a < b && this.t[a].kind === 'name') this.define(this.alias(a, b), 'import');
  }

  private fromImport(s: number, e: number): void {
    const t = this.t;
    let a = find(this.t, s, e, 'import') + 1;
    if (a === 0) return;
    if (isOp(t[a], '*')) {
      this.info.hasStarImport = true;
      return;
    }
    let b = e;
    const parenthesized = isOp(t[a], '(');
    if (parenthesized) {
      a++;
      if (isOp(t[b - 1], ')') && t[b - 1].depth === 0) b--;
    }
    for (const [x, y] of split(this.t, a, b, ',', parenthesized ? 1 : 0))
      if (x < y && t[x].kind === 'name') this.define(this.alias(x, y), 'import');
  }

  /** The name an import item binds: `c` for `a.b as c`, else the first name. */
  private alias(a: number, b: number): Token {
    const t = this.t;
    return b - a >= 3 && t[b - 2].text === 'as' && t[b - 1].kind === 'name' ? t[b - 1] : t[a];
  }

  private assignment(a: number, b: number): void {
    const t = this.t;
    const first = t[a];
    const second = t.at(a + 1);
    if (first.kind === 'name' && second?.kind === 'op' && (second.text === ':' || AUGMENTED.has(second.text))) {
      this.define(first, 'assignment');
      if (first.text !== '__all__') return;
      if (second.text === ':') {
        const eq = find(this.t, a + 2, b, '=');
        this.info.dunderAll = eq < 0 ? undefined : stringList(this.t, eq + 1, b);
      } else {
        const more = second.text === '+=' ? stringList(this.t, a + 2, b) : undefined;
        // Appended in place: a module that extends `__all__` line by line costs linear time.
        if (more && this.info.dunderAll) for (const name of more) this.info.dunderAll.push(name);
        else this.info.dunderAll = undefined;
      }
      return;
    }
    const parts = split(this.t, a, b, '=', 0);
    if (parts.length === 1) {
      // `__all__.append(...)`, `__all__.extend(...)`: no longer a literal we know.
      if (first.text === '__all__' && isOp(second, '.')) this.info.dunderAll = undefined;
      return;
    }
    const [valueStart, valueEnd] = parts[parts.length - 1];
    const lambda = t[valueStart]?.kind === 'name' && t[valueStart].text === 'lambda';
    for (const [s, e] of parts.slice(0, -1)) {
      this.targets(s, e, 0);
      if (e - s === 1 && t[s].text === '__all__') this.info.dunderAll = stringList(this.t, valueStart, valueEnd);
      // `main = lambda args: …`: called like a def.
      if (lambda && e - s === 1 && t[s].kind === 'name' && !KEYWORDS.has(t[s].text)) {
        const required = lambdaParameters(this.t, valueStart, valueEnd);
        if (required) this.define(t[s], 'assignment', { requiredParameters: required });
      }
      // `main = run`: called as `run` was defined at that point.
      const aliased = valueEnd - valueStart === 1 && t[valueStart].kind === 'name' ? this.info.symbols.get(t[valueStart].text) : undefined;
      if (aliased?.requiredParameters && e - s === 1 && t[s].kind === 'name' && !KEYWORDS.has(t[s].text)) {
        this.define(t[s], 'assignment', { requiredParameters: aliased.requiredParameters, decorated: aliased.decorated });
      }
    }
  }

  /** Binds the plain names of an assignment target: `a`, `a, *b`, `(a, [b, c])`; not `a.b` or `a[0]`. */
  private targets(s: number, e: number, level: number): void {
    const t = this.t;
    if (s >= e || level > MAX_TARGET_NESTING) return;
    for (const [start, b] of split(this.t, s, e, ',', t[s].depth)) {
      const a = isOp(t[start], '*') ? start + 1 : start;
      if (b - a === 1 && t[a].kind === 'name' && !KEYWORDS.has(t[a].text)) {
        this.define(t[a], 'assignment');
        if (t[a].text === '__all__') this.info.dunderAll = undefined;
      } else if (b - a >= 2 && (isOp(t[a], '(') || isOp(t[a], '[')) && closing(this.t, a, b) === b - 1) {
        this.targets(a + 1, b - 1, level + 1);
      }
    }
  }

  private define(token: Token, kind: PythonSymbol['kind'], extra?: Partial<PythonSymbol>): PythonSymbol {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= token.offset) low = mid;
      else high = mid - 1;
    }
    const character = token.offset - this.lineStarts[low];
    const symbol: PythonSymbol = { name: token.text, kind, line: low, character, ...extra };
    this.info.symbols.set(token.text, symbol);
    return symbol;
  }
}

/**
 * A condition that is false whenever the module is imported: `__name__ == "__main__"` (either way round,
 * either quote), and `TYPE_CHECKING` or `typing.TYPE_CHECKING` (true only for a type checker).
 */
function neverRunsOnImport(condition: Token[]): boolean {
  const typeChecking = condition.at(-1);
  if (typeChecking?.kind === 'name' && typeChecking.text === 'TYPE_CHECKING') {
    const prefix = condition
      .slice(0, -1)
      .map((t) => t.text)
      .join('');
    return prefix === '' || prefix === 'typing.';
  }
  if (condition.length !== 3 || condition[1].text !== '==') return false;
  const [left, , right] = condition;
  const isName = (t: Token) => t.kind === 'name' && t.text === '__name__';
  const isMain = (t: Token) => t.kind === 'string' && /^(['"])__main__\1$/.test(t.text);
  return (isName(left) && isMain(right)) || (isMain(left) && isName(right));
}

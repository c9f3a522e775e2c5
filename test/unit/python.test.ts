import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { argumentsNeeded, parsePythonModule, type PythonSymbol } from '../../analysis/src/python';

function names(text: string): string[] {
  return [...parsePythonModule(text).symbols.keys()].sort();
}

function symbol(text: string, name: string): PythonSymbol {
  const found = parsePythonModule(text).symbols.get(name);
  assert.ok(found, `expected ${name} to be found`);
  return found;
}

describe('parsePythonModule: which top-level names are found', () => {
  const cases: Array<{ title: string; source: string; expected: string[] }> = [
    { title: 'def', source: 'def main():\n    pass\n', expected: ['main'] },
    { title: 'async def', source: 'async def main():\n    await x()\n', expected: ['main'] },
    { title: 'class', source: 'class Trainer(Base, metaclass=Meta):\n    x = 1\n', expected: ['Trainer'] },
    { title: 'simple assignment', source: 'x = 1\n', expected: ['x'] },
    { title: 'chained assignment', source: 'a = b = 1\n', expected: ['a', 'b'] },
    { title: 'tuple assignment', source: 'a, b = 1, 2\n', expected: ['a', 'b'] },
    { title: 'parenthesized and nested targets', source: '(a, b) = 1, 2\n[c, (d, *e)] = f()\n', expected: ['a', 'b', 'c', 'd', 'e'] },
    { title: 'starred target', source: 'first, *rest = items\n', expected: ['first', 'rest'] },
    { title: 'annotated assignment', source: 'lr: float = 0.1\n', expected: ['lr'] },
    { title: 'annotation only', source: 'epochs: int\n', expected: ['epochs'] },
    { title: 'annotation with brackets and a default', source: 'cfg: Dict[str, int] = {"a": 1}\n', expected: ['cfg'] },
    { title: 'augmented assignment', source: 'count += 1\ntotal **= 2\n', expected: ['count', 'total'] },
    { title: 'attribute and subscript targets bind nothing', source: 'a.b = 1\nc[d] = 2\ne.f, g[h] = 1, 2\n', expected: [] },
    { title: 'comparison is not assignment', source: 'x == 1\ny <= 2\nf(z=3)\n', expected: [] },
    { title: 'lambda defaults are not targets', source: 'f = lambda a, b=2: a\n', expected: ['f'] },
    { title: 'import a.b.c binds a', source: 'import a.b.c\n', expected: ['a'] },
    { title: 'import as', source: 'import numpy as np, os.path as osp, sys\n', expected: ['np', 'osp', 'sys'] },
    { title: 'from import with alias', source: 'from x import a, b as c\n', expected: ['a', 'c'] },
    {
      title: 'from import in parentheses over lines',
      source: 'from x import (\n    a,\n    b as c,  # comment\n)\n',
      expected: ['a', 'c'],
    },
    { title: 'relative from import', source: 'from . import y\nfrom ..pkg.mod import z\n', expected: ['y', 'z'] },
    { title: 'semicolon-separated statements', source: 'import os; x = 1; def_ = 2\n', expected: ['def_', 'os', 'x'] },
    { title: 'backslash continuation', source: 'x = \\\n    1\ny \\\n = 2\n', expected: ['x', 'y'] },
    { title: 'implicit continuation in brackets', source: 'x = [\n1,\n2]\ny = 3\n', expected: ['x', 'y'] },
    // An importer's __name__ is the module's name: the block never runs, its else does.
    { title: 'if __name__ block', source: 'if __name__ == "__main__":\n    def main():\n        pass\n    main()\n', expected: [] },
    {
      title: "if '__main__' == __name__ on one line, with an else that binds",
      source: "if '__main__' == __name__: run = 1\nelse:\n    def main():\n        pass\nx = 2\n",
      expected: ['main', 'x'],
    },
    // A type checker's view: nothing under it exists when the module runs.
    {
      title: 'if TYPE_CHECKING block, with an else that binds',
      source: 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    def main():\n        pass\nelse:\n    run = 1\n',
      expected: ['TYPE_CHECKING', 'run'],
    },
    {
      title: 'if typing.TYPE_CHECKING block',
      source: 'import typing\nif typing.TYPE_CHECKING:\n    from x import main\n',
      expected: ['typing'],
    },
    { title: 'if not TYPE_CHECKING binds', source: 'if not TYPE_CHECKING:\n    main = 1\n', expected: ['main'] },
    {
      title: 'try/except/else/finally blocks',
      source: 'try:\n    import ujson as json\nexcept ImportError:\n    json = None\nelse:\n    a = 1\nfinally:\n    b = 2\n',
      expected: ['a', 'b', 'json'],
    },
    {
      title: 'with, for and while blocks',
      source: 'with open(p) as f:\n    data = f.read()\nfor i in range(3):\n    c = i\nwhile False:\n    d = 1\n',
      expected: ['c', 'd', 'data'],
    },
    {
      title: 'one-line compound bodies',
      source: 'if x: import os; y = 1\ntry: import z\nexcept Exception: z = None\n',
      expected: ['os', 'y', 'z'],
    },
    {
      title: 'nested blocks',
      source: 'if a:\n    if b:\n        x = 1\n    else:\n        try:\n            y = 2\n        except E:\n            pass\nz = 3\n',
      expected: ['x', 'y', 'z'],
    },
    {
      title: 'def body is not top level',
      source: 'def outer():\n    def inner():\n        pass\n    x = 1\n    import os\n',
      expected: ['outer'],
    },
    {
      title: 'class body is not top level',
      source: 'class A:\n    def method(self):\n        pass\n    attr = 1\nafter = 2\n',
      expected: ['A', 'after'],
    },
    { title: 'one-line def body', source: 'def f(): x = 1; return x\ny = 2\n', expected: ['f', 'y'] },
    { title: 'if inside a def is still inside the def', source: 'def f():\n    if x:\n        g = 1\nh = 2\n', expected: ['f', 'h'] },
    { title: 'string containing def', source: 'x = "def fake():"\ny = \'class Fake:\'\n', expected: ['x', 'y'] },
    {
      title: 'docstring containing class',
      source: '"""Module.\nclass X:\n    pass\ndef fake():\n"""\ndef real():\n    """\nclass Y:\n"""\n',
      expected: ['real'],
    },
    { title: 'single-quoted triple string', source: "x = '''\ndef fake(): pass\n'''\n", expected: ['x'] },
    {
      title: 'string prefixes in any case',
      source: 'a = r"\\d"\nb = B"x"\nc = Rb"x"\nd = fR"{a}"\ne = u"x"\nf = rB"""\ndef fake(): pass\n"""\n',
      expected: ['a', 'b', 'c', 'd', 'e', 'f'],
    },
    { title: 'escaped quotes', source: 'a = "say \\"def fake():\\""\nb = \'it\\\'s\'\n', expected: ['a', 'b'] },
    { title: 'f-string with nested same quotes (3.12)', source: 'a = f"{d["k"]} def fake():"\nb = 1\n', expected: ['a', 'b'] },
    { title: 'f-string with a quote in its format spec', source: 'a = f"{x:\'>10}"\nb = 1\n', expected: ['a', 'b'] },
    { title: 'comments', source: '# def fake():\nx = 1  # y = 2\n', expected: ['x'] },
    {
      title: 'match/case blocks bind module names',
      source: 'match cmd:\n    case "a":\n        x = 1\n    case {"k": v}:\n        y = 2\n    case _: z = 3\n',
      expected: ['x', 'y', 'z'],
    },
    { title: 'match and case as plain names', source: 'match = re.match(p, s)\ncase: int = 1\n', expected: ['case', 'match'] },
    { title: 'type alias statement', source: 'type Vector = list[float]\ntype Pair[T] = tuple[T, T]\n', expected: ['Pair', 'Vector'] },
    { title: 'global and del are ignored', source: 'global x\ndel y\npass\n', expected: [] },
    { title: 'CRLF line endings', source: 'import os\r\ndef main():\r\n    inner = 1\r\nx = 1\r\n', expected: ['main', 'os', 'x'] },
    {
      title: 'tabs for indentation',
      source: 'if x:\n\ty = 1\ndef f():\n\tz = 2\n\tif a:\n\t\tw = 3\nafter = 4\n',
      expected: ['after', 'f', 'y'],
    },
    { title: 'unicode identifiers', source: 'données = 1\ndef étape():\n    pass\n', expected: ['données', 'étape'] },
    {
      title: 'assignment expressions bind in the module at any depth, not inside a function',
      source: '(main := make_main())\nif (n := len(data)) > 1:\n    pass\nprint([y := 2])\ndef f():\n    (z := 3)\n',
      expected: ['f', 'main', 'n', 'y'],
    },
    {
      title: 'unclosed bracket does not hide later definitions',
      source: 'x = foo(\ndef after():\n    pass\nimport os\n',
      expected: ['after', 'os', 'x'],
    },
  ];
  for (const { title, source, expected } of cases) {
    it(title, () => assert.deepEqual(names(source), expected));
  }

  it('reports the kind of each name', () => {
    const info = parsePythonModule('import os\nfrom x import y\ndef f(): pass\nclass C: pass\nv = 1\n');
    const kinds = Object.fromEntries([...info.symbols].map(([name, s]) => [name, s.kind]));
    assert.deepEqual(kinds, { os: 'import', y: 'import', f: 'function', C: 'class', v: 'assignment' });
  });

  it('keeps the last definition of a duplicated name', () => {
    const info = parsePythonModule('def main():\n    pass\nmain = 3\n');
    assert.equal(info.symbols.get('main')?.kind, 'assignment');
    assert.equal(info.symbols.get('main')?.line, 2);
    const back = parsePythonModule('main = 3\nasync def main(a):\n    pass\n').symbols.get('main');
    assert.equal(back?.kind, 'function');
    assert.deepEqual(back.requiredParameters, ['a']);
  });
});

describe('parsePythonModule: positions', () => {
  const cases: Array<{ title: string; source: string; name: string; line: number; character: number }> = [
    { title: 'def at column 0', source: 'import os\n\ndef main():\n    pass\n', name: 'main', line: 2, character: 4 },
    { title: 'async def', source: 'async  def  main():\n    pass\n', name: 'main', line: 0, character: 12 },
    { title: 'inside if block', source: 'if True:\n    class Model:\n        pass\n', name: 'Model', line: 1, character: 10 },
    { title: 'after a multi-line string', source: 'doc = """a\nb\nc"""; x = 1\n', name: 'x', line: 2, character: 6 },
    { title: 'second target of a tuple', source: 'a, b = 1, 2\n', name: 'b', line: 0, character: 3 },
    { title: 'import alias', source: 'import numpy as np\n', name: 'np', line: 0, character: 16 },
    { title: 'parenthesized from import', source: 'from x import (\n    a,\n    b)\n', name: 'b', line: 2, character: 4 },
    { title: 'CRLF', source: 'x = 1\r\n\r\ndef main():\r\n    pass\r\n', name: 'main', line: 2, character: 4 },
    { title: 'lone CR', source: 'x = 1\rdef main(): pass\r', name: 'main', line: 1, character: 4 },
    { title: 'BOM is not counted', source: '\uFEFFdef main():\n    pass\n', name: 'main', line: 0, character: 4 },
    { title: 'UTF-16 columns', source: 'x = "😀"; y = 1\n', name: 'y', line: 0, character: 10 },
    { title: 'decorated def', source: '@app.route("/")\n@other\ndef handler():\n    pass\n', name: 'handler', line: 2, character: 4 },
  ];
  for (const { title, source, name, line, character } of cases) {
    it(title, () => {
      const found = symbol(source, name);
      assert.deepEqual({ line: found.line, character: found.character }, { line, character });
    });
  }
});

describe('parsePythonModule: required parameters', () => {
  const cases: Array<{ signature: string; required: string[] }> = [
    { signature: 'def f():', required: [] },
    { signature: 'def f(a, b=1, *args, c, d=2, **kw):', required: ['a', 'c'] },
    { signature: 'def f(a, /, b):', required: ['a', 'b'] },
    { signature: 'def f(a=1, /, b=2, *, c=3):', required: [] },
    { signature: 'def f(*, key):', required: ['key'] },
    { signature: 'def f(*args, **kwargs):', required: [] },
    { signature: 'def f(self, x):', required: ['self', 'x'] },
    { signature: 'def f(a: int, b: Dict[str, int], c: Optional[int] = None) -> None:', required: ['a', 'b'] },
    { signature: 'def f(a=(1, 2), b=[3, {4: 5}], c=g(h, i=6), d="x, y", e):', required: ['e'] },
    { signature: 'def f(a=lambda x, y: x, b=lambda: (1, 2), c):', required: ['c'] },
    { signature: 'def f(a: Annotated[int, Field(default=1)], b: str = ")"):', required: ['a'] },
    { signature: 'def f(\n    a,  # comment, with comma\n    b: int = 1,\n    *,\n    c: "str",\n):', required: ['a', 'c'] },
    { signature: 'def f[T](x: T, y: list[T] = []) -> T:', required: ['x'] },
    { signature: 'async def f(a, *, b=1):', required: ['a'] },
    { signature: 'def f(a, b', required: ['a', 'b'] },
  ];
  for (const { signature, required } of cases) {
    it(JSON.stringify(signature), () => {
      assert.deepEqual(symbol(`${signature}\n    pass\n`, 'f').requiredParameters, required);
    });
  }

  it('is not given for a class without __init__, other assignments or imports', () => {
    const info = parsePythonModule('class C:\n    pass\nv = 1\nimport os\n');
    for (const name of ['C', 'v', 'os']) assert.equal(info.symbols.get(name)?.requiredParameters, undefined, name);
  });
});

describe('parsePythonModule: what calling a class or a lambda needs', () => {
  const cases: Array<{ title: string; source: string; needed: string[] | undefined }> = [
    {
      title: "a class's own __init__, after self",
      source: 'class C:\n    def __init__(self, config):\n        pass\n',
      needed: ['config'],
    },
    {
      title: 'the last __init__ of the body, not a nested function',
      source:
        'class C:\n    x: int = 1\n    def helper(self, a):\n        def __init__(q):\n            pass\n    def __init__(self, *, epochs=1):\n        pass\n',
      needed: [],
    },
    { title: 'an __init__ on its header line', source: 'class C:\n    def __init__(self, a, b=1): pass\n', needed: ['a'] },
    { title: 'no __init__ of its own: unknown', source: 'class C(Base):\n    pass\n', needed: undefined },
    { title: 'a metaclass: unknown', source: 'class C(Base, metaclass=M):\n    def __init__(self, a):\n        pass\n', needed: undefined },
    {
      title: 'a decorated __init__: unknown',
      source: 'class C:\n    @wraps(f)\n    def __init__(self, a):\n        pass\n',
      needed: undefined,
    },
    {
      title: 'an __init__ under a condition: unknown',
      source: 'class C:\n    if X:\n        def __init__(self, a):\n            pass\n',
      needed: undefined,
    },
    {
      title: 'a nested class is not read',
      source: 'if True:\n    class C:\n        def __init__(self, a):\n            pass\n',
      needed: undefined,
    },
    { title: 'a lambda', source: 'C = lambda a, b=2, *c, **d: a\n', needed: ['a'] },
    { title: 'a lambda without parameters', source: 'C = lambda: 1\n', needed: [] },
    { title: 'each name of a chained assignment', source: 'B = C = lambda q: q\n', needed: ['q'] },
    { title: 'a lambda holding a lambda: unknown', source: 'C = lambda a=lambda x: x: a\n', needed: undefined },
  ];
  for (const { title, source, needed } of cases) {
    it(title, () => assert.deepEqual(symbol(source, 'C').requiredParameters, needed));
  }

  it('a decorated class needs nothing known (a dataclass writes its own __init__)', () => {
    const found = symbol('@dataclass\nclass C:\n    x: int\n    def __init__(self, a):\n        pass\n', 'C');
    assert.equal(found.decorated, true);
    assert.deepEqual(argumentsNeeded(found), []);
  });
});

describe('parsePythonModule: decorated and async flags', () => {
  const cases: Array<{ title: string; source: string; decorated: boolean; isAsync: boolean }> = [
    { title: 'plain def', source: 'def f():\n    pass\n', decorated: false, isAsync: false },
    { title: 'one decorator', source: '@decorator\ndef f():\n    pass\n', decorated: true, isAsync: false },
    {
      title: 'decorator with multi-line arguments',
      source: '@click.option(\n    "--x",\n)\ndef f(x):\n    pass\n',
      decorated: true,
      isAsync: false,
    },
    { title: 'async def', source: 'async def f():\n    pass\n', decorated: false, isAsync: true },
    {
      title: 'async def with decorators and comments',
      source: '@a\n# comment\n@b.c(1)\nasync def f():\n    pass\n',
      decorated: true,
      isAsync: true,
    },
    {
      title: 'decorator applies to the class, not the next def',
      source: '@dataclass\nclass C:\n    x: int\ndef f():\n    pass\n',
      decorated: false,
      isAsync: false,
    },
    { title: 'inside an if block', source: 'if True:\n    @wraps\n    def f():\n        pass\n', decorated: true, isAsync: false },
    {
      title: 'async def in a try block',
      source: 'try:\n    async def f():\n        pass\nexcept Exception:\n    pass\n',
      decorated: false,
      isAsync: true,
    },
    {
      title: 'a decorated method does not leak out',
      source: 'class C:\n    @property\n    def p(self):\n        pass\ndef f():\n    pass\n',
      decorated: false,
      isAsync: false,
    },
    {
      title: 'an async for in the body does not make f async',
      source: 'def f():\n    async for x in y:\n        pass\n',
      decorated: false,
      isAsync: false,
    },
    {
      title: 'a later plain def replaces an async one',
      source: 'async def f():\n    pass\ndef f():\n    pass\n',
      decorated: false,
      isAsync: false,
    },
    { title: "a name starting with 'async' is no marker", source: 'async_ = 1\ndef f():\n    pass\n', decorated: false, isAsync: false },
  ];
  for (const { title, source, decorated, isAsync } of cases) {
    it(title, () => {
      const f = symbol(source, 'f');
      assert.deepEqual({ decorated: f.decorated, isAsync: f.async === true }, { decorated, isAsync });
    });
  }
});

describe('parsePythonModule: star imports and __all__', () => {
  it('sets hasStarImport for a top-level star import', () => {
    assert.equal(parsePythonModule('from os.path import *\n').hasStarImport, true);
    assert.equal(parsePythonModule('try:\n    from fast import *\nexcept ImportError:\n    pass\n').hasStarImport, true);
  });

  it('does not set hasStarImport for other imports or nested ones', () => {
    assert.equal(parsePythonModule('from os import path\nx = a * b\n').hasStarImport, false);
    assert.equal(parsePythonModule('def f():\n    from os import *\n').hasStarImport, false);
  });

  const cases: Array<{ title: string; source: string; expected: string[] | undefined }> = [
    { title: 'list', source: '__all__ = ["main", \'Trainer\']\n', expected: ['main', 'Trainer'] },
    { title: 'tuple over lines with trailing comma', source: '__all__ = (\n    "a",\n    "b",\n)\n', expected: ['a', 'b'] },
    { title: 'bare tuple', source: "__all__ = 'a', 'b'\n", expected: ['a', 'b'] },
    { title: 'empty list', source: '__all__ = []\n', expected: [] },
    { title: 'annotated', source: '__all__: list[str] = ["a"]\n', expected: ['a'] },
    { title: 'extended with +=', source: '__all__ = ["a"]\n__all__ += ["b"]\n', expected: ['a', 'b'] },
    {
      title: 'extended line by line',
      source: `__all__ = ["a"]\n${Array.from({ length: 2000 }, (_, i) => `__all__ += ["f${i}"]\n`).join('')}`,
      expected: ['a', ...Array.from({ length: 2000 }, (_, i) => `f${i}`)],
    },
    { title: 'extended after it became unknown', source: '__all__ = ["a"]\n__all__.append("b")\n__all__ += ["c"]\n', expected: undefined },
    { title: 'changed by another operator', source: '__all__ = ["a"]\n__all__ *= 2\n', expected: undefined },
    { title: 'absent', source: 'x = 1\n', expected: undefined },
    { title: 'computed', source: '__all__ = [n for n in dir() if not n.startswith("_")]\n', expected: undefined },
    { title: 'concatenated', source: '__all__ = ["a"] + other.__all__\n', expected: undefined },
    { title: 'a single parenthesized string is not a tuple', source: '__all__ = ("a")\n', expected: undefined },
    { title: 'f-string element', source: '__all__ = [f"a"]\n', expected: undefined },
    { title: 'modified by a method call', source: '__all__ = ["a"]\n__all__.extend(more)\n', expected: undefined },
    { title: 'later non-literal assignment wins', source: '__all__ = ["a"]\n__all__ = names()\n', expected: undefined },
    { title: 'inside a def is ignored', source: '__all__ = ["a"]\ndef f():\n    __all__ = ["b"]\n', expected: ['a'] },
  ];
  for (const { title, source, expected } of cases) {
    it(`__all__: ${title}`, () => assert.deepEqual(parsePythonModule(source).dunderAll, expected));
  }
});

describe('parsePythonModule: robustness', () => {
  // Deterministic pseudo-random generator (mulberry32) so a failure can be reproduced.
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never throws on random bytes', () => {
    const next = random(42);
    for (let round = 0; round < 200; round++) {
      const length = Math.floor(next() * 2000);
      const text = Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
      assert.ok(parsePythonModule(text).symbols instanceof Map);
    }
  });

  it('never throws on random Python-like fragments', () => {
    const pieces = [
      'def ',
      'class ',
      'async ',
      'import ',
      'from ',
      ' as ',
      '@',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ':',
      ',',
      '=',
      '*',
      '**',
      '/',
      '"',
      "'",
      '"""',
      "'''",
      'f"{',
      '}',
      '\\',
      '\n',
      '\r\n',
      '    ',
      '\t',
      '#',
      ';',
      'x',
      'main',
      'lambda',
      'if ',
      'match ',
      'case ',
      '__all__',
    ];
    const next = random(7);
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: Math.floor(next() * 80) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      assert.ok(parsePythonModule(text).symbols instanceof Map);
    }
  });

  const broken: Array<{ title: string; source: string; expected: string[] }> = [
    { title: 'empty text', source: '', expected: [] },
    { title: 'unterminated one-line string', source: 'x = "abc\ny = 1\n', expected: ['x', 'y'] },
    { title: 'unterminated triple-quoted string', source: 'a = 1\nb = """never closed\ndef hidden(): pass\n', expected: ['a', 'b'] },
    { title: 'unbalanced closing brackets', source: ')]}\nx = 1)\ny = 2\n', expected: ['x', 'y'] },
    { title: 'half-typed def', source: 'def\ndef main(\n', expected: ['main'] },
    { title: 'def missing its colon keeps its body', source: 'def main()\n    inner = 1\nafter = 2\n', expected: ['after', 'main'] },
    { title: 'half-typed import', source: 'from x import\nimport\nfrom\ny = 1\n', expected: ['y'] },
    { title: 'deeply nested brackets', source: `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\ny = 2\n`, expected: ['x', 'y'] },
    { title: 'deeply nested targets', source: `${'('.repeat(5000)}a${')'.repeat(5000)} = 1\n`, expected: [] },
    { title: 'deeply nested f-strings', source: `x = ${'f"{'.repeat(3000)}\ny = 1\n`, expected: ['x', 'y'] },
    { title: 'many one-line headers on one line', source: `${'if x: '.repeat(100_000)}y = 1\n`, expected: ['y'] },
    { title: 'backslash at end of text', source: 'x = 1\\', expected: ['x'] },
    { title: 'NUL and control characters', source: 'x\u0000 = 1\n\u0001def main(): pass\n', expected: [] },
  ];
  for (const { title, source, expected } of broken) {
    it(title, () => assert.deepEqual(names(source), expected));
  }

  it('handles a huge single line', () => {
    const text = `x = [${'1, '.repeat(200_000)}]; def_ = 1\n` + 'def main():\n    pass\n';
    assert.deepEqual(names(text), ['def_', 'main', 'x']);
  });

  it('parses a 100,000-line module and finds a symbol near the end', () => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 100_000; i++) {
      lines.push(`def f${i}(a, b=(1, 2), *args, **kw):`, '    """doc"""', `    return a + ${i}  # comment`, `v${i}: int = ${i}`);
    }
    lines.push('def last_one(x):', '    pass');
    const info = parsePythonModule(lines.join('\n'));
    assert.deepEqual(info.symbols.get('last_one')?.requiredParameters, ['x']);
    assert.equal(info.symbols.get('last_one')?.line, 100_000);
    assert.equal(info.symbols.size, 50_001);
  });
});

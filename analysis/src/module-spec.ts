// Syntax of `dotted.module:function` values (TT trainer.train: `value.split(":")` unpacked into two
// names; SC/gunicorn: `module[:attribute]`). Returns the first problem with the span it concerns.

export const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);

/** A Python 3 identifier (PEP 3131): letters of any script, digits after the first, underscores. */
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** An identifier that is no keyword: a name Python can import or call. */
export const isPythonName = (name: string) => IDENTIFIER.test(name) && !PYTHON_KEYWORDS.has(name);

export type ModuleFix = 'slash-to-dot' | 'drop-py' | 'add-function' | 'split-colon' | 'trim-whitespace';

export interface SpecProblem {
  message: string;
  /** Span [start, end) in the value. */
  start: number;
  end: number;
  fix?: ModuleFix;
}

export interface ModuleSpec {
  module: string;
  attribute?: string;
  /** Offset of the attribute in the value. */
  attributeStart: number;
}

export function splitModuleSpec(value: string): ModuleSpec {
  const colon = value.indexOf(':');
  if (colon < 0) return { module: value, attributeStart: value.length };
  return { module: value.slice(0, colon), attribute: value.slice(colon + 1), attributeStart: colon + 1 };
}

export function checkModuleSpec(value: string, kind: 'training' | 'serving'): SpecProblem | undefined {
  // gunicorn also accepts a factory call `create_app(1, "x")` as the attribute; its arguments are not checked.
  const factoryArgs = kind === 'serving' ? /\(.*\)$/s.exec(value) : null;
  if (factoryArgs) value = value.slice(0, factoryArgs.index);
  const space = value.search(/\s/);
  if (space >= 0) return { message: 'contains whitespace', start: space, end: value.length, fix: 'trim-whitespace' };
  const colons: number[] = [];
  for (let at = value.indexOf(':'); at >= 0; at = value.indexOf(':', at + 1)) colons.push(at);
  if (colons.length > 1) {
    const allowed = kind === 'serving' ? 'at most one' : 'exactly one';
    return { message: `has ${colons.length} ':' but must have ${allowed}`, start: colons[1], end: value.length, fix: 'split-colon' };
  }
  const { module, attribute, attributeStart } = splitModuleSpec(value);
  if (module === '') return { message: "has no module before the ':'", start: 0, end: Math.min(1, value.length) };
  const pathProblem = checkNotAPath(module);
  if (pathProblem) return pathProblem;
  let offset = 0;
  for (const part of module.split('.')) {
    const problem = checkIdentifier(part, offset, 'module name');
    if (problem) return problem;
    offset += part.length + 1;
  }
  if (attribute === undefined) {
    if (kind === 'training')
      return { message: "has no ':function' (the toolkit calls module:function)", start: 0, end: value.length, fix: 'add-function' };
    return undefined;
  }
  if (attribute === '') return { message: "has nothing after the ':'", start: attributeStart - 1, end: value.length, fix: 'add-function' };
  const name = attribute;
  if (name.includes('.'))
    return { message: `'${attribute}' must be a plain name: dots after ':' are not followed`, start: attributeStart, end: value.length };
  return checkIdentifier(name, attributeStart, kind === 'training' ? 'function name' : 'attribute name');
}

function checkNotAPath(module: string): SpecProblem | undefined {
  const slash = module.search(/[/\\]/);
  if (slash >= 0) return { message: 'is a file path, not a dotted module name', start: 0, end: module.length, fix: 'slash-to-dot' };
  if (module.endsWith('.py'))
    return { message: "names a file: drop '.py' to get the module name", start: module.length - 3, end: module.length, fix: 'drop-py' };
  return undefined;
}

function checkIdentifier(part: string, offset: number, what: string): SpecProblem | undefined {
  const end = offset + Math.max(part.length, 1);
  if (part === '') return { message: `has an empty ${what}`, start: Math.max(offset - 1, 0), end };
  if (PYTHON_KEYWORDS.has(part)) return { message: `uses the Python keyword '${part}' as a ${what}`, start: offset, end };
  if (!IDENTIFIER.test(part)) return { message: `'${part}' is not a valid Python ${what}`, start: offset, end };
  return undefined;
}

/** `src/train.py` → `src.train`: the module a path-like value most likely means. */
export function likelyModuleName(module: string, importRoots: readonly string[] = []): string {
  const file = module.trim().replace(/\\/g, '/');
  // Relative to the deepest folder Python imports from that holds it (`/opt/program/pkg/x.py` with /opt/program on PYTHONPATH is `pkg.x`).
  const root = ['/opt/ml/code', ...importRoots]
    .map((r) => r.replace(/\/+$/, ''))
    .filter((r) => r !== '' && file.startsWith(`${r}/`))
    .sort((a, b) => b.length - a.length)[0];
  const parts = (root ? file.slice(root.length + 1) : file).replace(/\.py$/, '').split('/');
  return parts.filter((p) => p !== '' && p !== '.').join('.');
}

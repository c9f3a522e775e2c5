// Where a locally installed Python project keeps its modules, read from its metadata without running
// anything: pyproject.toml (setuptools, hatch, poetry, flit), setup.cfg and a setup.py whose
// `setup(...)` call uses literals and find_packages(). Flat and src/ layouts, package_dir mappings.
// A layout that cannot be read without running code (a dynamic setup.py, an unknown build backend)
// is 'unreadable': then nothing is said about the modules it may provide.
import { logicalLines, type Token } from './python-tokens';


/** The project folder's files, by path relative to it (posix). */
export interface ProjectFiles {
  read(rel: string): string | undefined;
  exists(rel: string): boolean;
}

/** A folder of the project from which top-level names are imported. */
export interface ImportRoot {
  /** Relative to the project folder; '' for the folder itself. */
  dir: string;
  /** `package_dir = {"acme": "lib/acme"}`: `dir` is the package `prefix` itself. */
  prefix?: string;
  /** The only top-level names it provides; undefined: any found there. */
  names?: string[];
  /** find_packages(): a top-level package needs an `__init__.py`. */
  needsInit?: boolean;
  /** find_packages(include=…, exclude=…) patterns, matched against the top-level name. */
  include?: RegExp[];
  exclude?: RegExp[];
}

export type PackageLayout = ImportRoot[];

class Unreadable extends Error {}

/** setuptools' automatic discovery leaves these out of a flat layout. */
const FLAT_EXCLUDED = /^(tests?|docs?|examples?|scripts?|tools?|benchmarks?|build|dist|venv|\.venv|site-packages|setup|conftest)$/;

/** The project's import roots; 'unreadable' when only running code would tell; undefined when it is no Python project. */
export function readPackageLayout(files: ProjectFiles): PackageLayout | 'unreadable' | undefined {
  try {
    return layoutOf(files);
  } catch (error) {
    if (error instanceof Unreadable) return 'unreadable';
    throw error;
  }
}

/** Candidate files (relative to the project folder) for a dotted module name, in the order Python tries them. */
export function moduleCandidates(layout: PackageLayout, moduleName: string, files: ProjectFiles): string[] {
  const parts = moduleName.split('.');
  const candidates: string[] = [];
  for (const root of layout) {
    let rest: string[];
    if (root.prefix !== undefined) {
      const prefix = root.prefix.split('.');
      if (prefix.some((p, i) => parts[i] !== p)) continue;
      rest = parts.slice(prefix.length);
    } else {
      if (!providesTopLevel(root, parts[0])) continue;
      if (root.needsInit && !files.exists(join(root.dir, parts[0], '__init__.py'))) continue;
      rest = parts;
    }
    const base = join(root.dir, ...rest);
    if (rest.length > 0) candidates.push(`${base}.py`);
    candidates.push(join(base, '__init__.py'));
  }
  return candidates;
}

/** Whether the root provides the top-level name (packages or single-file modules). */
export function providesTopLevel(root: ImportRoot, name: string): boolean {
  if (root.prefix !== undefined) return root.prefix.split('.')[0] === name;
  if (root.names && !root.names.includes(name)) return false;
  if (root.include && !root.include.some((re) => re.test(name))) return false;
  if (root.exclude?.some((re) => re.test(name))) return false;
  return root.names !== undefined || root.include !== undefined || root.dir !== '' || !FLAT_EXCLUDED.test(name);
}

const join = (...parts: string[]) => parts.filter((p) => p !== '' && p !== '.').join('/');

function layoutOf(files: ProjectFiles): PackageLayout | undefined {
  const pyprojectText = files.read('pyproject.toml');
  const setupCfg = files.read('setup.cfg');
  const setupPy = files.read('setup.py');
  if (pyprojectText === undefined && setupCfg === undefined && setupPy === undefined) return undefined;
  const pyproject = pyprojectText === undefined ? {} : table(parseTomlOrUnreadable(pyprojectText));
  const backend = str(table(pyproject['build-system'])['build-backend']) ?? '';
  const project = table(pyproject.project);
  const tool = table(pyproject.tool);
  if (backend.startsWith('hatchling')) return hatchLayout(files, table(table(table(table(tool.hatch).build).targets).wheel), str(project.name));
  if (backend.startsWith('poetry')) return poetryLayout(files, table(tool.poetry), str(project.name) ?? str(table(tool.poetry).name));
  if (backend.startsWith('flit')) return flitLayout(files, str(table(table(tool.flit).module).name) ?? normalizedName(str(project.name)));
  if (backend !== '' && !backend.startsWith('setuptools')) throw new Unreadable();
  const config: SetuptoolsConfig = {};
  mergeConfig(config, fromPyproject(table(tool.setuptools)));
  if (setupCfg !== undefined) mergeConfig(config, fromSetupCfg(setupCfg));
  if (setupPy !== undefined) mergeConfig(config, fromSetupPy(setupPy));
  return setuptoolsLayout(files, config);
}

function parseTomlOrUnreadable(text: string): unknown {
  // Loaded when a pyproject.toml is read. smol-toml ships a CommonJS build beside its ES module,
  // but its types describe only the ES module.
  const { parse } = require('smol-toml') as { parse(toml: string): unknown };
  try {
    return parse(text);
  } catch {
    throw new Unreadable();
  }
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
const normalizedName = (name: string | undefined) => name?.toLowerCase().replace(/[-_.]+/g, '_');

/** Where a package of this name sits: `name/` or `name.py`, at the top or under src/. */
function byName(files: ProjectFiles, name: string | undefined): PackageLayout {
  if (!name) throw new Unreadable();
  for (const dir of ['', 'src']) {
    if (files.exists(join(dir, name, '__init__.py')) || files.exists(join(dir, `${name}.py`))) return [{ dir, names: [name] }];
  }
  throw new Unreadable();
}

function hatchLayout(files: ProjectFiles, wheel: Table, projectName: string | undefined): PackageLayout {
  if (wheel.sources !== undefined || wheel['only-include'] !== undefined) throw new Unreadable();
  const packages = strings(wheel.packages);
  if (packages) return packages.map(packageRoot);
  return byName(files, normalizedName(projectName));
}

function poetryLayout(files: ProjectFiles, poetry: Table, projectName: string | undefined): PackageLayout {
  if (poetry.packages === undefined) return byName(files, normalizedName(projectName));
  if (!Array.isArray(poetry.packages)) throw new Unreadable();
  return poetry.packages.map((entry) => {
    const include = str(table(entry).include);
    if (!include || /[*?[]/.test(include)) throw new Unreadable();
    return packageRoot(join(str(table(entry).from) ?? '', include));
  });
}

function flitLayout(files: ProjectFiles, moduleName: string | undefined): PackageLayout {
  return byName(files, moduleName);
}

/** `src/acme` → the folder `src`, providing `acme`. */
function packageRoot(packagePath: string): ImportRoot {
  const parts = packagePath.replace(/\/+$/, '').replace(/\.py$/, '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) throw new Unreadable();
  return { dir: parts.slice(0, -1).join('/'), names: [parts[parts.length - 1]] };
}

interface FindPackages {
  where: string[];
  include?: string[];
  exclude?: string[];
  namespaces: boolean;
}

interface SetuptoolsConfig {
  packages?: string[] | FindPackages;
  pyModules?: string[];
  packageDir?: Map<string, string>;
}

function mergeConfig(into: SetuptoolsConfig, from: SetuptoolsConfig): void {
  if (from.packages !== undefined) into.packages = from.packages;
  if (from.pyModules !== undefined) into.pyModules = from.pyModules;
  if (from.packageDir !== undefined) into.packageDir = from.packageDir;
}

function setuptoolsLayout(files: ProjectFiles, config: SetuptoolsConfig): PackageLayout {
  const dirs = config.packageDir ?? new Map<string, string>();
  const rootDir = dirs.get('') ?? '';
  const roots: ImportRoot[] = [];
  for (const [prefix, dir] of dirs) if (prefix !== '') roots.push({ dir, prefix });
  const { packages, pyModules } = config;
  if (Array.isArray(packages)) {
    const mapped = new Set(dirs.keys());
    const names = [...new Set(packages.map((p) => p.split('.')[0]))].filter((n) => !mapped.has(n));
    if (names.length > 0) roots.push({ dir: rootDir, names });
  } else if (packages) {
    const patterns = (list?: string[]) => list?.map(globToRegExp);
    for (const where of packages.where) {
      roots.push({ dir: join(where), needsInit: !packages.namespaces, include: patterns(packages.include), exclude: patterns(packages.exclude) });
    }
  }
  if (pyModules?.length) roots.push({ dir: rootDir, names: pyModules });
  if (packages !== undefined || pyModules !== undefined) return roots;
  // Automatic discovery (setuptools ≥ 61): src/ layout, else the flat layout without tests, docs, …
  if (rootDir === '' && files.exists('src')) return [...roots, { dir: 'src' }];
  return [...roots, { dir: rootDir }];
}

function globToRegExp(pattern: string): RegExp {
  // Patterns name packages (`acme*`, `tests.*`); only the top-level part is matched.
  const top = pattern.split('.')[0];
  return new RegExp(`^${top.replace(/[\\^$+?.()|{}[\]]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

function fromPyproject(setuptools: Table): SetuptoolsConfig {
  const config: SetuptoolsConfig = {};
  const packages = setuptools.packages;
  if (packages !== undefined) {
    const list = strings(packages);
    if (list) config.packages = list;
    else {
      const find = table(table(packages).find);
      if (Object.keys(table(packages)).length === 0) throw new Unreadable();
      config.packages = {
        where: strings(find.where) ?? ['.'],
        include: strings(find.include),
        exclude: strings(find.exclude),
        namespaces: find.namespaces !== false,
      };
    }
  }
  const modules = setuptools['py-modules'];
  if (modules !== undefined) config.pyModules = strings(modules) ?? unreadable();
  const packageDir = setuptools['package-dir'];
  if (packageDir !== undefined) config.packageDir = stringMap(packageDir);
  return config;
}

const unreadable = (): never => {
  throw new Unreadable();
};

function stringMap(value: unknown): Map<string, string> {
  const entries = Object.entries(table(value));
  if (entries.some(([, v]) => typeof v !== 'string')) throw new Unreadable();
  return new Map(entries.map(([k, v]) => [k, (v as string).replace(/^\.\/?/, '').replace(/\/+$/, '')]));
}

/** configparser's view of setup.cfg: sections of keys, a value continued on indented lines. */
function readIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^\s*[#;]/.test(line) || line.trim() === '') continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = new Map();
      sections.set(header[1].trim(), section);
      key = undefined;
    } else if (/^\s/.test(line) && section && key !== undefined) {
      section.set(key, `${section.get(key)}\n${line.trim()}`);
    } else if (section) {
      const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (!pair) continue;
      key = pair[1].trim().toLowerCase().replace(/-/g, '_');
      section.set(key, pair[2].trim());
    }
  }
  return sections;
}

const listValue = (value: string) => value.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);

function fromSetupCfg(text: string): SetuptoolsConfig {
  const ini = readIni(text);
  const options = ini.get('options') ?? new Map<string, string>();
  const config: SetuptoolsConfig = {};
  const packages = options.get('packages')?.trim();
  if (packages === 'find:' || packages === 'find_namespace:') {
    const find = ini.get('options.packages.find') ?? new Map<string, string>();
    const list = (k: string) => (find.has(k) ? listValue(find.get(k)!) : undefined);
    config.packages = { where: list('where') ?? ['.'], include: list('include'), exclude: list('exclude'), namespaces: packages === 'find_namespace:' };
  } else if (packages !== undefined) {
    if (packages.startsWith('attr:') || packages.includes('{')) throw new Unreadable();
    config.packages = listValue(packages);
  }
  if (options.has('py_modules')) config.pyModules = listValue(options.get('py_modules')!);
  if (options.has('package_dir')) {
    config.packageDir = new Map(
      listValue(options.get('package_dir')!).map((entry) => {
        const [k, v] = entry.split('=').map((s) => s.trim());
        if (v === undefined) throw new Unreadable();
        return [k, v.replace(/^\.\/?/, '').replace(/\/+$/, '')];
      }),
    );
  }
  return config;
}

const SETUP_KEYS = new Set(['packages', 'package_dir', 'py_modules']);
const FIND_FUNCTIONS = new Set(['find_packages', 'find_namespace_packages']);

/** The `setup(...)` keywords that place modules, when every one of them is a literal or find_packages(). */
function fromSetupPy(text: string): SetuptoolsConfig {
  for (const line of logicalLines(text)) {
    const t = line.tokens;
    const call = t.findIndex((tok, i) => tok.kind === 'name' && tok.text === 'setup' && isOp(t[i + 1], '(') && t[i - 1]?.text !== 'def');
    if (call < 0) continue;
    const config: SetuptoolsConfig = {};
    for (const [a, b] of argumentSpans(t, call + 1)) {
      if (isOp(t[a], '*') || isOp(t[a], '**')) throw new Unreadable();
      if (!(t[a].kind === 'name' && isOp(t[a + 1], '=') && SETUP_KEYS.has(t[a].text))) continue;
      const value = literal(t, a + 2, b);
      if (t[a].text === 'packages') config.packages = Array.isArray(value) ? value : findCall(value);
      else if (t[a].text === 'py_modules') config.pyModules = Array.isArray(value) ? value : unreadable();
      else config.packageDir = value instanceof Map ? value : unreadable();
    }
    return config;
  }
  // No setup(...) call to read: the layout depends on code we do not run.
  throw new Unreadable();
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
  if (isOp(open, '[') || isOp(open, '(')) {
    return argumentSpans(t, a).map(([x, y]) => {
      const item = literal(t, x, y);
      return typeof item === 'string' ? item : unreadable();
    });
  }
  if (isOp(open, '{')) {
    const map = new Map<string, string>();
    for (const [x, y] of argumentSpans(t, a)) {
      const colon = t.findIndex((tok, i) => i > x && i < y && isOp(tok, ':') && tok.depth === open.depth + 1);
      const key = colon < 0 ? unreadable() : literal(t, x, colon);
      const value = literal(t, colon + 1, y);
      if (typeof key !== 'string' || typeof value !== 'string') throw new Unreadable();
      map.set(key, value.replace(/^\.\/?/, '').replace(/\/+$/, ''));
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
      const item = literal(t, keyword ? x + 2 : x, y);
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
  const where = value.kwargs.get('where') ?? value.args[0] ?? '.';
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  if (typeof where !== 'string') throw new Unreadable();
  return { where: [where], exclude: list(value.kwargs.get('exclude') ?? value.args[1]), include: list(value.kwargs.get('include') ?? value.args[2]), namespaces: value.namespaces };
}

function stringToken(token: Token): string {
  const m = /^([rRuU]?)('''|"""|'|")([^]*)\2$/.exec(token.text);
  if (!m || m[3].includes('\\')) throw new Unreadable();
  return m[3];
}

// Where a locally installed Python project keeps its modules, read from its metadata without running
// anything: pyproject.toml (setuptools, hatch, poetry, flit), setup.cfg and a setup.py whose
// `setup(...)` call uses literals and find_packages(). Flat and src/ layouts, package_dir mappings.
// A layout that cannot be read without running code (a dynamic setup.py, an unknown build backend)
// is 'unreadable': then nothing is said about the modules it may provide.
import { fromSetupPy, unreadable, Unreadable, type SetuptoolsConfig } from './python-setup-py';

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
  /** Single-file modules a setup.py computes: which top-level names it provides cannot be told. */
  computedModules?: boolean;
  /** find_packages(include=…, exclude=…) patterns, matched against the top-level name. */
  include?: RegExp[];
  exclude?: RegExp[];
}

export type PackageLayout = ImportRoot[];

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

/**
 * Candidate files (relative to the project folder) for a dotted module name, in the order Python tries
 * them; undefined when a top-level name may be one of the single-file modules a setup.py computes.
 */
export function moduleCandidates(layout: PackageLayout, moduleName: string, files: ProjectFiles): string[] | undefined {
  const parts = moduleName.split('.');
  const candidates: string[] = [];
  for (const root of layout) {
    // A single-file module has no submodules: only a top-level name can be one.
    if (root.computedModules) {
      if (parts.length === 1) return undefined;
      continue;
    }
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
    candidates.push(join(base, '__init__.py'));
    if (rest.length > 0) candidates.push(`${base}.py`);
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
  // Poetry's `package-mode = false`: a project of dependencies only, whose own code is installed nowhere.
  if (table(tool.poetry)['package-mode'] === false) return [];
  if (backend.startsWith('hatchling'))
    return hatchLayout(files, table(table(table(table(tool.hatch).build).targets).wheel), str(project.name));
  if (backend.startsWith('poetry')) return poetryLayout(files, table(tool.poetry), str(project.name) ?? str(table(tool.poetry).name));
  if (backend.startsWith('flit')) return flitLayout(files, str(table(table(tool.flit).module).name) ?? normalizedName(str(project.name)));
  if (backend.startsWith('uv_build')) return uvLayout(table(table(tool.uv)['build-backend']), str(project.name));
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
  const { parse } = require('smol-toml') as { parse: (toml: string) => unknown };
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
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
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

/** uv's build backend: the module `module-name` (the project's name by default) under `module-root` (`src`). */
function uvLayout(backend: Table, projectName: string | undefined): PackageLayout {
  const name = str(backend['module-name']) ?? normalizedName(projectName);
  const root = str(backend['module-root']) ?? 'src';
  if (!name || name.includes('.') || backend.namespace === true) throw new Unreadable();
  return [{ dir: join(root), names: [name] }];
}

/** `src/acme` → the folder `src`, providing `acme`. */
function packageRoot(packagePath: string): ImportRoot {
  const parts = packagePath
    .replace(/\/+$/, '')
    .replace(/\.py$/, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) throw new Unreadable();
  return { dir: parts.slice(0, -1).join('/'), names: [parts[parts.length - 1]] };
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
      roots.push({
        dir: join(where),
        needsInit: !packages.namespaces,
        include: patterns(packages.include),
        exclude: patterns(packages.exclude),
      });
    }
  }
  if (pyModules === 'computed') roots.push({ dir: rootDir, computedModules: true });
  else if (pyModules?.length) roots.push({ dir: rootDir, names: pyModules });
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

const listValue = (value: string) =>
  value
    .split(/[\n,]/)
    .map((v) => v.trim())
    .filter(Boolean);

function fromSetupCfg(text: string): SetuptoolsConfig {
  const ini = readIni(text);
  const options = ini.get('options') ?? new Map<string, string>();
  const config: SetuptoolsConfig = {};
  const packages = options.get('packages')?.trim();
  if (packages === 'find:' || packages === 'find_namespace:') {
    const find = ini.get('options.packages.find') ?? new Map<string, string>();
    const list = (k: string) => {
      const value = find.get(k);
      return value === undefined ? undefined : listValue(value);
    };
    config.packages = {
      where: list('where') ?? ['.'],
      include: list('include'),
      exclude: list('exclude'),
      namespaces: packages === 'find_namespace:',
    };
  } else if (packages !== undefined) {
    if (packages.startsWith('attr:') || packages.includes('{')) throw new Unreadable();
    config.packages = listValue(packages);
  }
  const pyModules = options.get('py_modules');
  if (pyModules !== undefined) config.pyModules = listValue(pyModules);
  const packageDir = options.get('package_dir');
  if (packageDir !== undefined) {
    config.packageDir = new Map(
      listValue(packageDir).map((entry) => {
        const parts = entry.split('=').map((s) => s.trim());
        const [k] = parts;
        const v = parts.at(1);
        if (v === undefined) throw new Unreadable();
        return [k, v.replace(/^\.\/?/, '').replace(/\/+$/, '')];
      }),
    );
  }
  return config;
}

// Where Python imports from in the target image, in order: PYTHONPATH; for serving /opt/ml/code and
// the WORKDIR (gunicorn's --pythonpath); the projects that RUN steps install from local folders
// (`pip install <dir>`, `-e`, `setup.py install|develop`, read by python-packages.ts); site-packages
// folders copied from the context. SM104, SM105, hover, definition, links and completion all resolve
// modules here. The training toolkit imports before /opt/ml/code is on sys.path (CONTRACT T4).
import * as path from 'node:path';
import type { BuildContext } from './context';
import type { ImageView, Layer, PackageInstall, StageImages } from './image-files';
import type { DockerfileModel, Stage } from './model';
import {
  moduleCandidates,
  providesTopLevel,
  readPackageLayout,
  type ImportRoot,
  type PackageLayout,
  type ProjectFiles,
} from './python-packages';
import { chainInstalls, chainLayers, CODE_DIR, type ImageModel } from './rules/shared';

export type ModuleKind = 'training' | 'serving';

/** One place on the Python path. */
type PathEntry =
  /** A folder whose files are modules by their path under it. */
  | { kind: 'folder'; root: string }
  /** A folder of an installed project (`root` is its import root, e.g. `/opt/framework/src`). */
  | { kind: 'installed'; root: string; project: string; layout: ImportRoot; install: PackageInstall; view: ImageView }
  /** An installed project whose layout cannot be read: any module may come from it. */
  | { kind: 'unreadable'; project: string; install: PackageInstall };

export interface ResolvedModule {
  /** Context-relative path of the module's file. */
  contextPath: string;
  imagePath: string;
  /** The RUN that installed the project it belongs to. */
  installedBy?: PackageInstall;
}

/** At most this many installs are read (the last ones of the chain): more is no real image. */
const MAX_INSTALLS = 32;
const SITE_PACKAGES = /\/(site|dist)-packages(\/|$)/;
const SITE_PACKAGES_ROOT = /(\/(?:site|dist)-packages)\/.*$/;

const cache = new WeakMap<DockerfileModel, Map<ModuleKind, PathEntry[]>>();

/** The target image's Python path for the training toolkit or for serving. */
function pythonPath(image: ImageModel, kind: ModuleKind): PathEntry[] {
  let byKind = cache.get(image.model);
  if (!byKind) cache.set(image.model, (byKind = new Map<ModuleKind, PathEntry[]>()));
  let entries = byKind.get(kind);
  if (!entries) byKind.set(kind, (entries = buildPythonPath(image, kind)));
  return entries;
}

function buildPythonPath({ model, context, images }: ImageModel, kind: ModuleKind): PathEntry[] {
  const target = model.target;
  if (!target) return [];
  const folders: string[] = [...pythonPathEntries(model, images.get(target).workdir).leading];
  if (kind === 'serving') folders.push(CODE_DIR, images.get(target).workdir ?? '/');
  const entries: PathEntry[] = unique(folders).map((root) => ({ kind: 'folder', root }));
  if (context) entries.push(...installedEntries(images, target, context));
  // A folder copied into site-packages (`COPY fw/ …/site-packages/fw/`): modules are imported from site-packages itself.
  const sitePackages = chainLayers(images, target).filter((l) => l.kind === 'dir' && SITE_PACKAGES.test(l.path));
  for (const root of unique(sitePackages.map((l) => l.path.replace(SITE_PACKAGES_ROOT, '$1')))) entries.push({ kind: 'folder', root });
  return entries;
}

/**
 * The folders PYTHONPATH lists, as far as they can be read. `leading`: the entries before the first
 * one through a variable without a value (`/opt/program:${PYTHONPATH}`, the usual way to append),
 * which is where a module is looked for first; `known`: every entry written out; `complete` when no
 * entry is unknown. A relative entry (`.`) or an empty one (`/opt/x:`) is the working directory when
 * Python starts, which is `workdir` (the toolkit imports before any change of folder); with `workdir`
 * unknown, such an entry is unknown too.
 */
function pythonPathEntries(model: DockerfileModel, workdir: string | undefined): { leading: string[]; known: string[]; complete: boolean } {
  const a = model.effectiveEnv.get('PYTHONPATH');
  if (!a) return { leading: [], known: [], complete: true };
  const resolved = a.expanded.unresolved.length === 0;
  const entries = resolved ? a.expanded.value.split(':') : (a.value?.raw ?? '').replace(/["']/g, '').split(':');
  // An empty PYTHONPATH adds nothing; an empty entry in a longer one is the working directory.
  if (entries.length === 1 && entries[0] === '') return { leading: [], known: [], complete: true };
  const folders = entries.map((entry) => (entry.includes('$') ? undefined : inWorkdir(entry, workdir)));
  const unknownAt = resolved ? -1 : entries.findIndex((entry) => entry.includes('$'));
  const written = (list: (string | undefined)[]) => list.filter((p): p is string => p !== undefined);
  const complete = resolved && folders.every((f) => f !== undefined);
  return { leading: written(unknownAt < 0 ? folders : folders.slice(0, unknownAt)), known: written(folders), complete };
}

/** A PYTHONPATH entry as an image folder: relative ones and '' against the working directory. */
function inWorkdir(entry: string, workdir: string | undefined): string | undefined {
  if (entry.startsWith('/')) return entry;
  return workdir === undefined ? undefined : path.posix.join(workdir, entry || '.');
}

const normal = (p: string) => path.posix.normalize(p).replace(/(.)\/$/, '$1');

/** Whether PYTHONPATH lists `folder` (`/opt/ml/code/` counts for /opt/ml/code); undefined when an entry that cannot be read may be it. */
export function pythonPathLists(model: DockerfileModel, folder: string, workdir: string | undefined): boolean | undefined {
  const { known, complete } = pythonPathEntries(model, workdir);
  if (known.some((entry) => normal(entry) === normal(folder))) return true;
  return complete ? false : undefined;
}
const unique = (paths: string[]) => [...new Set(paths.map(normal))];

/** Installed projects, the latest install first: it replaces what an earlier one put in site-packages. */
function installedEntries(images: StageImages, target: Stage, context: BuildContext): PathEntry[] {
  const installs = chainInstalls(images, target).slice(-MAX_INSTALLS).reverse();
  const seen = new Set<string>();
  const entries: PathEntry[] = [];
  for (const install of installs) {
    if (seen.has(install.dir)) continue;
    seen.add(install.dir);
    // An editable install imports the folder as the image has it at the end; a regular one copies it as it was.
    const view = install.editable ? images.get(target) : install.before;
    const layout = readPackageLayout(projectFiles(view, install.dir, context));
    if (layout === undefined) continue;
    if (layout === 'unreadable') {
      entries.push({ kind: 'unreadable', project: install.dir, install });
      continue;
    }
    for (const root of layout)
      entries.push({ kind: 'installed', root: path.posix.join(install.dir, root.dir), project: install.dir, layout: root, install, view });
  }
  return entries;
}

/** How a `pip install` of the image folder `dir` in the target image would lay out its modules (python-packages.ts). */
export function projectLayout({ model, context, images }: ImageModel, dir: string): PackageLayout | 'unreadable' | undefined {
  if (!model.target || !context) return undefined;
  return readPackageLayout(projectFiles(images.get(model.target), dir, context));
}

/** The files of the image folder `dir`, read from the build context. */
function projectFiles(view: ImageView, dir: string, context: BuildContext): ProjectFiles {
  const contextFile = (rel: string) => {
    const found = view.lookup(path.posix.join(dir, rel));
    return found.status === 'present' && found.contextPath ? found.contextPath : undefined;
  };
  return {
    read(rel) {
      const file = contextFile(rel);
      return file && context.fs.kind(path.join(context.dir, file)) === 'file' ? context.fs.read(path.join(context.dir, file)) : undefined;
    },
    exists(rel) {
      return contextFile(rel) !== undefined || view.folderState(path.posix.join(dir, rel)) === 'dir';
    },
  };
}

/** Where under a folder of the Python path the files that provide `moduleName` are: `a/b.py` and `a/b/__init__.py`. */
export function moduleFileNames(moduleName: string): string[] {
  const rel = moduleName.split('.').join('/');
  // In one folder a package wins over a module of the same name (importlib's FileFinder looks for the folder first).
  return [`${rel}/__init__.py`, `${rel}.py`];
}

/**
 * What a folder of the Python path holds under the top-level name of a dotted module, as Python's path
 * finder tells: a regular package (`a/__init__.py`) or a module (`a.py`) ends the search for `a`, a
 * folder without `__init__.py` is one portion of a namespace package that a later regular package beats.
 */
function topLevelKind(view: ImageView, root: string, top: string): 'regular' | 'module' | 'namespace' | 'none' | 'unknown' {
  const init = view.lookup(path.posix.join(root, top, '__init__.py')).status;
  if (init === 'present') return 'regular';
  const module = view.lookup(path.posix.join(root, `${top}.py`)).status;
  const folder = path.posix.join(root, top);
  const inFolder = view.lookup(folder).status; // a folder of the build context that a folder copy brings
  if (init === 'unknown' || module === 'unknown' || inFolder === 'unknown') return 'unknown';
  if (inFolder === 'present' || view.folderState(folder) === 'dir') return 'namespace';
  return module === 'present' ? 'module' : 'none';
}

/**
 * The build-context file that provides `moduleName` in the target image: undefined when none can be
 * found, when an installed project whose layout cannot be read may provide it first, or when Python
 * would not import it from there (a regular package or a module of that top-level name earlier on the path).
 */
export function resolveModule(image: ImageModel, moduleName: string, kind: ModuleKind): ResolvedModule | undefined {
  const { model, context, images } = image;
  const target = model.target;
  if (!target || !context) return undefined;
  const files = moduleFileNames(moduleName);
  const top = moduleName.includes('.') ? moduleName.slice(0, moduleName.indexOf('.')) : undefined;
  /** Namespace portions met on the way: used only when no regular package of that name follows. */
  const portions: PathEntry[] = [];
  const findIn = (entry: PathEntry): ResolvedModule | 'unreadable' | undefined => {
    if (entry.kind === 'unreadable') return 'unreadable';
    const relative =
      entry.kind === 'folder' ? files : moduleCandidates([entry.layout], moduleName, projectFiles(entry.view, entry.project, context));
    // None: the project's setup.py may provide the name as a module it computes, which cannot be told.
    if (!relative) return 'unreadable';
    const base = entry.kind === 'folder' ? entry.root : entry.project;
    const view = entry.kind === 'folder' ? images.get(target) : entry.view;
    for (const imagePath of relative.map((c) => path.posix.join(base, c))) {
      const found = view.lookup(imagePath);
      if (found.status === 'present' && found.contextPath) {
        return { contextPath: found.contextPath, imagePath, installedBy: entry.kind === 'installed' ? entry.install : undefined };
      }
    }
    return undefined;
  };
  for (const entry of pythonPath(image, kind)) {
    const topKind = top && entry.kind === 'folder' ? topLevelKind(images.get(target), entry.root, top) : 'unknown';
    if (topKind === 'none') continue;
    if (topKind === 'namespace') {
      portions.push(entry);
      continue;
    }
    // Python imports from here or fails: `a.py` has no submodules, and a regular package is searched alone.
    if (topKind === 'module') return undefined;
    const found = findIn(entry);
    if (found === 'unreadable' || (topKind === 'regular' && !found)) return undefined;
    if (found) return found;
  }
  for (const entry of portions) {
    const found = findIn(entry);
    if (found === 'unreadable') return undefined;
    if (found) return found;
  }
  const copied = copiedToSitePackages(image, moduleName);
  return copied?.source ? { contextPath: copied.source, imagePath: copied.path } : undefined;
}

type FileLayer = Extract<Layer, { kind: 'file' }>;

/** The COPY that put `moduleName`'s file straight into a site-packages folder of the target image, if one did. */
export function copiedToSitePackages({ model, images }: ImageModel, moduleName: string): FileLayer | undefined {
  if (!model.target) return undefined;
  const candidates = moduleFileNames(moduleName).map((c) => `/${c}`);
  return chainLayers(images, model.target).find(
    (layer): layer is FileLayer =>
      layer.kind === 'file' && SITE_PACKAGES.test(layer.path) && candidates.some((c) => layer.path.endsWith(c)),
  );
}

/** For completion: the image folder to list and how its files' paths become module names. */
export interface ModuleFolder {
  root: string;
  /** The dotted name of a file path under `root` (without `.py`), or undefined when it is not provided. */
  name(relativeParts: string[]): string | undefined;
}

export function moduleFolders(image: ImageModel, kind: ModuleKind): ModuleFolder[] {
  return pythonPath(image, kind).flatMap((entry): ModuleFolder[] => {
    if (entry.kind === 'unreadable') return [];
    if (entry.kind === 'folder') return [{ root: entry.root, name: (parts) => parts.join('.') }];
    const { layout } = entry;
    const { prefix } = layout;
    if (prefix !== undefined) return [{ root: entry.root, name: (parts) => [prefix, ...parts].join('.') }];
    return [{ root: entry.root, name: (parts) => (providesTopLevel(layout, parts[0]) ? parts.join('.') : undefined) }];
  });
}

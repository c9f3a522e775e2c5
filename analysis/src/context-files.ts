// Files of the build context as the editor features list them: a bounded folder walk, the context
// files that end up under a folder of a stage's image, Python module names and entry-point scripts.
import * as path from 'node:path';
import type { BuildContext } from './context';
import type { StageImages } from './image-files';
import type { Stage } from './model';
import { isPythonName } from './module-spec';
import { chainLayers } from './rules/shared';

export const WALK_LIMITS = { depth: 4, entries: 500 } as const;
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'venv']);
const MAX_STAGE_HOPS = 8;

/** Entries a walk may still visit; shared by the walks of one request so the total stays bounded. */
export interface WalkBudget {
  entries: number;
}

export const walkBudget = (): WalkBudget => ({ entries: WALK_LIMITS.entries });

const join = (...parts: string[]) => parts.filter((p) => p !== '' && p !== '.').join('/');
const isBelow = (p: string, folder: string) => (folder === '/' ? p !== '/' : p.startsWith(`${folder}/`));
const within = (p: string, folder: string) => p === folder || isBelow(p, folder);
const relativeTo = (p: string, folder: string) => (p === folder ? '' : folder === '/' ? p.slice(1) : p.slice(folder.length + 1));

/**
 * Context-relative (posix) paths of the files under `folder` ('' for the context root), without what
 * .dockerignore excludes; skips dot-folders, node_modules and caches, at most WALK_LIMITS deep and long.
 */
export function contextFiles(context: BuildContext, folder: string, budget: WalkBudget = walkBudget()): string[] {
  const files: string[] = [];
  const visit = (rel: string, depth: number) => {
    for (const name of context.fs.list(path.join(context.dir, rel))) {
      if (budget.entries <= 0) return;
      budget.entries--;
      const child = join(rel, name);
      if (context.isIgnored(child)) continue;
      const kind = context.fs.kind(path.join(context.dir, child));
      if (kind === 'file') files.push(child);
      else if (kind === 'dir' && depth < WALK_LIMITS.depth && !name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) visit(child, depth + 1);
    }
  };
  visit(folder, 0);
  return files;
}

export interface PlacedFile {
  /** Absolute path in the image. */
  imagePath: string;
  /** Context-relative path of the file it comes from. */
  contextPath: string;
}

/** The context files that land under the image folder `root` in the image of `stage` (COPY/ADD, `COPY --from`). */
export function placedFilesUnder(
  images: StageImages,
  stage: Stage,
  root: string,
  context: BuildContext,
  budget: WalkBudget = walkBudget(),
  hops = 0,
): PlacedFile[] {
  const placed = new Map<string, string>();
  for (const layer of chainLayers(images, stage)) {
    if (layer.kind === 'file') {
      if (layer.source && isBelow(layer.path, root)) placed.set(layer.path, layer.source);
      continue;
    }
    if (layer.kind !== 'dir' && layer.kind !== 'stage-copy') continue;
    if (layer.kind === 'stage-copy' && !layer.asDir) {
      const found = isBelow(layer.path, root) ? images.get(layer.stage).lookup(layer.source) : undefined;
      if (found?.status === 'present' && found.contextPath) placed.set(layer.path, found.contextPath);
      continue;
    }
    // The folder `layer.source` (of the context, or of an earlier stage) becomes `layer.path`: take the part under `root`.
    const to = within(root, layer.path) ? root : isBelow(layer.path, root) ? layer.path : undefined;
    if (to === undefined) continue;
    const sub = relativeTo(to, layer.path);
    if (layer.kind === 'dir') {
      const from = join(layer.source, sub);
      if (context.fs.kind(path.join(context.dir, from)) !== 'dir') continue;
      for (const file of contextFiles(context, from, budget))
        placed.set(path.posix.join(to, from ? file.slice(from.length + 1) : file), file);
    } else if (hops < MAX_STAGE_HOPS) {
      const from = path.posix.join(layer.source, sub);
      for (const file of placedFilesUnder(images, layer.stage, from, context, budget, hops + 1)) {
        placed.set(path.posix.join(to, relativeTo(file.imagePath, from)), file.contextPath);
      }
    }
  }
  const files = images.get(stage);
  return [...placed]
    .filter(
      ([imagePath, contextPath]) =>
        files.lookup(imagePath).status !== 'absent' && context.fs.kind(path.join(context.dir, contextPath)) === 'file',
    )
    .map(([imagePath, contextPath]) => ({ imagePath, contextPath }));
}

/** `pkg/mod.py` → `pkg.mod`, `pkg/__init__.py` → `pkg`; undefined when the path is not an importable module. */
export function pythonModuleName(relativePath: string): string | undefined {
  if (!relativePath.endsWith('.py')) return undefined;
  const parts = relativePath.slice(0, -3).split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts.length === 0 || !parts.every(isPythonName)) return undefined;
  return parts.join('.');
}

/**
 * Whether a file looks like something SAGEMAKER_PROGRAM could name: `.py`, `.sh`, or an extension-less
 * name starting in lower case (`train`, `serve`; not `Dockerfile`, `LICENSE`). Package markers are left out.
 */
export function isScriptName(file: string): boolean {
  const base = path.posix.basename(file);
  if (base.startsWith('.') || base === '__init__.py' || base === 'setup.py') return false;
  return /\.(py|sh)$/.test(base) || /^[a-z0-9][a-z0-9_-]*$/.test(base);
}

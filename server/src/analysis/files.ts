// The image file model (RULES.md §1): what WORKDIR, COPY/ADD and RUN put at which path of each
// stage's image, with Docker's destination rules. Lookups are lazy: `COPY . /opt/ml/code/` maps
// the folder to the build context and a lookup asks the disk only for the path it needs.
import * as path from 'node:path';
import type { BuildContext } from './context';
import { contextRelative, isGlob } from './context';
import type { Expanded } from './expand';
import type { Instr } from './parse';
import { type DockerfileModel, type FileOp, type Stage, findStage } from './model';
import { pathsTouchedByRun } from './run-paths';

/** One thing an instruction put into the image. Paths are absolute and normalised. */
export type Layer =
  | { kind: 'file'; path: string; source: string; instr: Instr }
  | { kind: 'dir'; path: string; source: string; instr: Instr }
  | { kind: 'stage-copy'; path: string; source: string; stage: Stage; asDir: boolean; instr: Instr }
  | { kind: 'created'; path: string; instr: Instr }
  | { kind: 'unknown'; path: string; instr: Instr };

export type Lookup =
  | { status: 'present'; layer: Layer; contextPath?: string }
  | { status: 'absent' }
  | { status: 'unknown'; layer?: Layer };

export interface ImageFiles {
  layers: Layer[];
  /** WORKDIR after each instruction that depends on it, keyed by the instruction. */
  workdirAt: Map<Instr, string>;
  lookup(imagePath: string): Lookup;
  /** 'dir' when something exists under the path, 'unknown' when a RUN or an outside image may have made it. */
  folderState(imagePath: string, before?: number): 'dir' | 'absent' | 'unknown';
}

const inside = (p: string, folder: string) => folder === '/' || p === folder || p.startsWith(`${folder}/`);

export function imagePath(workdir: string, value: string): string {
  return path.posix.resolve(workdir, value);
}

export function buildImageFiles(stage: Stage, model: DockerfileModel, context: BuildContext | undefined): ImageFiles {
  const layers: Layer[] = [];
  const workdirAt = new Map<Instr, string>();
  const parentFiles = stage.parent?.files;
  let workdir = stage.parent ? lastWorkdir(stage.parent) : '/';

  const files: ImageFiles = {
    layers,
    workdirAt,
    lookup: (p) => lookupIn(files, p, context, parentFiles),
    folderState: (p, before = layers.length) => folderState(layers.slice(0, before), p, parentFiles),
  };
  for (const op of stage.fileOps) {
    if (op.kind === 'workdir') {
      if (op.path.unresolved.length > 0) continue;
      workdir = imagePath(workdir, op.path.value);
      layers.push({ kind: 'created', path: workdir, instr: op.instr });
    } else if (op.kind === 'run') {
      for (const touched of pathsTouchedByRun(op.text, workdir)) layers.push({ kind: 'unknown', path: touched, instr: op.instr });
    } else {
      addCopy(files, op, workdir, (ref) => findStage(model.stages, model.stagesByName, ref, stage.index), context);
    }
    workdirAt.set(op.instr, workdir);
  }
  stage.workdir = workdir;
  return files;
}

function lastWorkdir(stage: Stage): string {
  return stage.workdir ?? '/';
}

function addCopy(
  files: ImageFiles,
  op: Extract<FileOp, { kind: 'copy' }>,
  workdir: string,
  earlierStage: (reference: string) => Stage | undefined,
  context?: BuildContext,
): void {
  const { instr, sources, dest } = op;
  if (dest.unresolved.length > 0) return;
  const destPath = imagePath(workdir, dest.value);
  const unknown = (): void => {
    files.layers.push({ kind: 'unknown', path: destPath, instr });
  };
  const destIsDir =
    dest.value.endsWith('/') || sources.length > 1 || sources.some((s) => isGlob(s.value)) || files.folderState(destPath) === 'dir';
  if (op.from !== undefined) {
    const from = earlierStage(op.from);
    if (!from) return unknown();
    for (const s of sources) {
      if (s.unresolved.length > 0) return unknown();
      const source = path.posix.resolve(lastWorkdir(from), s.value);
      const asDir = s.value.endsWith('/') || from.files?.folderState(source) === 'dir';
      const target = asDir || !destIsDir ? destPath : path.posix.join(destPath, path.posix.basename(source));
      files.layers.push({ kind: 'stage-copy', path: target, source, stage: from, asDir, instr });
    }
    return;
  }
  for (const s of sources) {
    if (s.unresolved.length > 0 || /^[a-z]+:\/\//i.test(s.value)) {
      unknown();
      continue;
    }
    if (s.value.startsWith('<<')) {
      files.layers.push({ kind: 'file', path: destPath, source: '', instr });
      continue;
    }
    addLocalSource(files, instr, s, destPath, destIsDir, context);
  }
}

function addLocalSource(files: ImageFiles, instr: Instr, s: Expanded, destPath: string, destIsDir: boolean, context?: BuildContext): void {
  const rel = contextRelative(s.value);
  const push = (layer: Layer) => files.layers.push(layer);
  const isArchive = instr.keyword === 'ADD' && /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/i.test(rel);
  if (isArchive) return void push({ kind: 'unknown', path: destPath, instr });
  if (isGlob(rel)) {
    if (!context) return void push({ kind: 'unknown', path: destPath, instr });
    // Ignored matches are recorded too, so the rules can tell "excluded" from "missing".
    for (const match of context.match(rel, true)) {
      const kind = context.fs.kind(path.join(context.dir, match));
      if (kind === 'dir') push({ kind: 'dir', path: destPath, source: match, instr });
      else push({ kind: 'file', path: path.posix.join(destPath, path.posix.basename(match)), source: match, instr });
    }
    return;
  }
  const kind = context?.fs.kind(path.join(context.dir, rel));
  const looksLikeDir = rel === '' || s.value.endsWith('/') || kind === 'dir';
  if (looksLikeDir) return void push({ kind: 'dir', path: destPath, source: rel, instr });
  const target = destIsDir ? path.posix.join(destPath, path.posix.basename(rel)) : destPath;
  push({ kind: 'file', path: target, source: rel, instr });
}

function lookupIn(files: ImageFiles, p: string, context: BuildContext | undefined, parentFiles?: ImageFiles): Lookup {
  for (let i = files.layers.length - 1; i >= 0; i--) {
    const layer = files.layers[i];
    switch (layer.kind) {
      case 'file':
        // A source that .dockerignore excludes never reaches the image.
        if (layer.path === p && !(context && layer.source && context.isIgnored(layer.source))) {
          return { status: 'present', layer, contextPath: layer.source || undefined };
        }
        break;
      case 'dir': {
        if (!inside(p, layer.path) || p === layer.path) break;
        if (!context) return { status: 'unknown', layer };
        const rel = path.posix.join(layer.source, path.posix.relative(layer.path, p));
        if (context.fs.kind(path.join(context.dir, rel)) && !context.isIgnored(rel)) return { status: 'present', layer, contextPath: rel };
        break;
      }
      case 'stage-copy': {
        if (!inside(p, layer.path)) break;
        if (p === layer.path && !layer.asDir) return { status: 'present', layer };
        const found = layer.stage.files?.lookup(path.posix.join(layer.source, path.posix.relative(layer.path, p)));
        if (found && found.status !== 'absent') return found;
        break;
      }
      case 'unknown':
        if (inside(p, layer.path)) return { status: 'unknown', layer };
        break;
      case 'created':
        break;
    }
  }
  return parentFiles ? parentFiles.lookup(p) : { status: 'absent' };
}

function folderState(layers: Layer[], p: string, parentFiles?: ImageFiles): 'dir' | 'absent' | 'unknown' {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer.kind === 'unknown' && inside(p, layer.path)) return 'unknown';
    if (layer.path !== p && inside(layer.path, p)) return 'dir';
    if (layer.path === p && (layer.kind === 'dir' || layer.kind === 'created' || (layer.kind === 'stage-copy' && layer.asDir))) return 'dir';
  }
  return parentFiles ? parentFiles.folderState(p) : p === '/' ? 'dir' : 'absent';
}

// The image file model (RULES.md §1): what WORKDIR, COPY/ADD and RUN put at which path of each
// stage's image, with Docker's destination rules. Lookups are lazy: `COPY . /opt/ml/code/` maps
// the folder to the build context and a lookup asks the disk only for the path it needs.
//
// Unknown is not absent: what a RUN touches, what a glob, an archive or a URL brings, what an
// outside image holds, and, without a build context, what a source that may be a folder brings,
// are 'unknown', and rules that would report something missing stay silent.
//
// Each stage's paths live in a persistent map (persistent-map.ts) that extends its parent's, so a
// lookup or folder question costs the depth of the path and the layers placed on it, never the
// length of the chain of stages; lookups that follow `COPY --from` use a stack, not recursion.
import * as path from 'node:path';
import type { BuildContext } from './context';
import { contextRelative, isGlob } from './context';
import type { Expanded } from './expand';
import type { Instr } from './parse';
import { type DockerfileModel, type FileOp, type Stage, findStage } from './model';
import { getIn, setIn, type PersistentMap } from './persistent-map';
import { readRun } from './run-paths';

/** One thing an instruction put into the image. Paths are absolute and normalised. */
export type Layer =
  /** `createsFile`: a single file copied to a path where nothing was yet, without a trailing '/' (SM207). */
  | { kind: 'file'; path: string; source: string; instr: Instr; createsFile?: boolean }
  | { kind: 'dir'; path: string; source: string; instr: Instr }
  | { kind: 'stage-copy'; path: string; source: string; stage: Stage; asDir: boolean; instr: Instr }
  | { kind: 'created'; path: string; instr: Instr }
  | { kind: 'unknown'; path: string; instr: Instr };

export type Lookup =
  | { status: 'present'; layer: Layer; contextPath?: string }
  | { status: 'absent' }
  | { status: 'unknown'; layer?: Layer };

export type FolderState = 'dir' | 'absent' | 'unknown';

/** The image at one point of the build, as lookups see it. */
export interface ImageView {
  lookup(imagePath: string): Lookup;
  /** 'dir' when something exists under the path, 'unknown' when a RUN or an outside image may have made it. */
  folderState(imagePath: string): FolderState;
}

/** A local folder that a RUN installs as a Python package (run-paths.ts). */
export interface PackageInstall {
  dir: string;
  editable: boolean;
  instr: Instr;
  /** The image just before the RUN: what a non-editable install copies. */
  before: ImageView;
}

export interface ImageFiles extends ImageView {
  /** This stage's own layers, oldest first (`chainLayers` adds the parents'). */
  layers: Layer[];
  /** WORKDIR after each instruction that depends on it, keyed by the instruction. */
  workdirAt: Map<Instr, string>;
  /** Folders this stage installs as Python packages, in order. */
  installs: PackageInstall[];
}

/** Layers on one path, newest first. */
interface LayerList {
  layer: Layer;
  seq: number;
  /** The index just before this layer was added. */
  before: PathIndex;
  next?: LayerList;
}

/** What the layers say about one path; sequence numbers grow along the chain of stages, -1 is none. */
interface PathFacts {
  /** Layers placed exactly here that a lookup reads. */
  layers?: LayerList;
  /** Newest layer that makes this path a folder: a folder copy or WORKDIR here, or anything below it. */
  dirSeq: number;
  /** Newest layer that makes this path and what is under it unknown. */
  unknownSeq: number;
}

interface PathIndex {
  map: PersistentMap<PathFacts>;
  /** Sequence number of the next layer. */
  next: number;
  /** Built on a stage whose files could not be modelled: what no layer decides is unknown, not absent. */
  unknownBase?: boolean;
}

/** Work done on image paths, counted for the tests that prove it grows linearly; the analysis never reads it. */
export const imageWork = { pathUpdates: 0, layerVisits: 0, stageFollows: 0 };

const NO_FACTS: PathFacts = { dirSeq: -1, unknownSeq: -1 };
const EMPTY_INDEX: PathIndex = { map: undefined, next: 0 };


/** '/a/b/c' → ['/a/b', '/a', '/']. */
function ancestors(p: string): string[] {
  const result: string[] = [];
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) result.push(p.slice(0, i));
  if (p !== '/') result.push('/');
  return result;
}

const factsAt = (index: PathIndex, p: string): PathFacts => getIn(index.map, p) ?? NO_FACTS;

function addLayer(index: PathIndex, layer: Layer): PathIndex {
  const seq = index.next;
  const own = factsAt(index, layer.path);
  const dirLike = layer.kind === 'dir' || layer.kind === 'created' || (layer.kind === 'stage-copy' && layer.asDir);
  const folders = ancestors(layer.path);
  imageWork.pathUpdates += folders.length + 1;
  let map = setIn(index.map, layer.path, {
    layers: layer.kind === 'created' ? own.layers : { layer, seq, before: index, next: own.layers },
    dirSeq: dirLike ? seq : own.dirSeq,
    unknownSeq: layer.kind === 'unknown' ? seq : own.unknownSeq,
  });
  for (const folder of folders) map = setIn(map, folder, { ...(getIn(map, folder) ?? NO_FACTS), dirSeq: seq });
  return { map, next: seq + 1, unknownBase: index.unknownBase };
}

function folderStateIn(index: PathIndex, p: string): FolderState {
  const own = factsAt(index, p);
  let unknown = own.unknownSeq;
  for (const folder of ancestors(p)) unknown = Math.max(unknown, factsAt(index, folder).unknownSeq);
  if (unknown < 0 && own.dirSeq < 0) return p === '/' ? 'dir' : index.unknownBase ? 'unknown' : 'absent';
  return unknown > own.dirSeq ? 'unknown' : 'dir';
}

/** The newest layer on any of `paths` (a path and the folders above it). */
function newestLayer(index: PathIndex, paths: string[]): LayerList | undefined {
  let newest: LayerList | undefined;
  for (const at of paths) {
    const head = factsAt(index, at).layers;
    if (head && (!newest || head.seq > newest.seq)) newest = head;
  }
  return newest;
}

type Step = Lookup | { status: 'continue' } | { status: 'follow'; stage: Stage; path: string };

function step(layer: Layer, p: string, context: BuildContext | undefined): Step {
  switch (layer.kind) {
    case 'file':
      // A source that .dockerignore excludes never reaches the image.
      if (layer.path === p && !(context && layer.source && context.isIgnored(layer.source))) {
        return { status: 'present', layer, contextPath: layer.source || undefined };
      }
      break;
    case 'dir': {
      if (p === layer.path) break;
      if (!context) return { status: 'unknown', layer };
      const rel = path.posix.join(layer.source, path.posix.relative(layer.path, p));
      if (context.fs.kind(path.join(context.dir, rel)) && !context.isIgnored(rel)) return { status: 'present', layer, contextPath: rel };
      break;
    }
    case 'stage-copy':
      if (p === layer.path && !layer.asDir) return { status: 'present', layer };
      return { status: 'follow', stage: layer.stage, path: path.posix.join(layer.source, path.posix.relative(layer.path, p)) };
    case 'unknown':
      return { status: 'unknown', layer };
    case 'created':
      break;
  }
  return { status: 'continue' };
}

/** Results of lookups, per index version and path: each (version, path) is worked out once. */
const lookupMemo = new WeakMap<PathIndex, Map<string, Lookup>>();
const ABSENT: Lookup = { status: 'absent' };

interface Frame {
  index: PathIndex;
  p: string;
  paths: string[];
  /** Index versions this frame went through: they all share its result. */
  visited: PathIndex[];
}

/**
 * The newest layer that decides `p`. A `COPY --from` layer continues in the other stage; when nothing
 * there has the path, the older layers are asked, as Docker's layering implies. Frames on a stack, not
 * recursion; each (index version, path) is decided once, so long chains of copies cost linear work.
 */
function lookupIn(start: PathIndex, p: string, context: BuildContext | undefined): Lookup {
  const stack: Frame[] = [];
  const open = (index: PathIndex, at: string) => stack.push({ index, p: at, paths: [at, ...ancestors(at)], visited: [] });
  const settle = (frames: Frame[], result: Lookup) => {
    for (const frame of frames) {
      for (const index of frame.visited) {
        let memo = lookupMemo.get(index);
        if (!memo) lookupMemo.set(index, (memo = new Map()));
        memo.set(frame.p, result);
      }
    }
  };
  open(start, p);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    let result = lookupMemo.get(frame.index)?.get(frame.p);
    if (!result) {
      frame.visited.push(frame.index);
      const head = newestLayer(frame.index, frame.paths);
      if (!head) {
        result = frame.index.unknownBase ? { status: 'unknown' } : ABSENT;
      } else {
        imageWork.layerVisits++;
        const found = step(head.layer, frame.p, context);
        if (found.status === 'continue' || found.status === 'follow') {
          // What the older layers say is what the index said before this layer.
          frame.index = head.before;
          if (found.status === 'follow') {
            const other = found.stage.files instanceof StageFiles ? found.stage.files.index : undefined;
            if (!other) {
              result = { status: 'unknown', layer: head.layer };
            } else {
              imageWork.stageFollows++;
              open(other, found.path);
            }
          }
          if (!result) continue;
        } else {
          result = found;
        }
      }
    }
    if (result.status !== 'absent') {
      settle(stack, result);
      return result;
    }
    settle([frame], result);
    stack.pop();
  }
  return ABSENT;
}

/** What a `COPY --from` source is in its stage: 'outside' when no layer put anything there. */
function sourceKind(index: PathIndex, source: string): 'dir' | 'file' | 'unknown' | 'outside' {
  const state = folderStateIn(index, source);
  if (state !== 'absent') return state;
  // The newest layer on the path itself; a folder or unknown one would have made the state 'dir' or 'unknown'.
  return factsAt(index, source).layers ? 'file' : 'outside';
}

class StageFiles implements ImageFiles {
  readonly layers: Layer[] = [];
  readonly workdirAt = new Map<Instr, string>();
  readonly installs: PackageInstall[] = [];

  constructor(
    public index: PathIndex,
    private readonly context: BuildContext | undefined,
  ) {}

  push(layer: Layer): void {
    this.layers.push(layer);
    this.index = addLayer(this.index, layer);
  }

  lookup(p: string): Lookup {
    return lookupIn(this.index, p, this.context);
  }

  folderState(p: string): FolderState {
    return folderStateIn(this.index, p);
  }

  /** The image as it is now, unchanged by later layers. */
  snapshot(): ImageView {
    const { index, context } = this;
    return { lookup: (p) => lookupIn(index, p, context), folderState: (p) => folderStateIn(index, p) };
  }
}

export function imagePath(workdir: string, value: string): string {
  return path.posix.resolve(workdir, value);
}

export function buildImageFiles(stage: Stage, model: DockerfileModel, context: BuildContext | undefined): ImageFiles {
  const parent = stage.parent?.files;
  const base = parent instanceof StageFiles ? parent.index : parent ? { ...EMPTY_INDEX, unknownBase: true } : EMPTY_INDEX;
  const files = new StageFiles(base, context);
  let workdir = stage.parent?.workdir ?? '/';
  for (const op of stage.fileOps) {
    if (op.kind === 'workdir') {
      if (op.path.unresolved.length > 0) continue;
      workdir = imagePath(workdir, op.path.value);
      files.push({ kind: 'created', path: workdir, instr: op.instr });
    } else if (op.kind === 'run') {
      const effects = readRun(op.text, workdir);
      if (effects.installs.length > 0) {
        const before = files.snapshot();
        for (const install of effects.installs) files.installs.push({ ...install, instr: op.instr, before });
      }
      for (const touched of effects.touched) files.push({ kind: 'unknown', path: touched, instr: op.instr });
    } else {
      addCopy(files, op, workdir, (ref) => findStage(model.stages, model.stagesByName, ref, stage.index), context);
    }
    files.workdirAt.set(op.instr, workdir);
  }
  stage.workdir = workdir;
  return files;
}

/**
 * Names that can only be files when there is no build context to ask: a script, text, data or
 * archive extension. Anything else (`code`, `src`, `/bert-topic`) may be a folder whose contents
 * are unknown. The rule pages of SM201 and SM207 list the same extensions.
 */
export const FILE_NAME = /\.(py|pyc|sh|bash|r|jl|js|txt|md|json|jsonl|ya?ml|toml|cfg|ini|conf|env|csv|tsv|parquet|ipynb|pkl|pickle|joblib|pt|pth|onnx|h5|npy|npz|whl|zip|gz|tgz)$/i;

function addCopy(
  files: StageFiles,
  op: Extract<FileOp, { kind: 'copy' }>,
  workdir: string,
  earlierStage: (reference: string) => Stage | undefined,
  context?: BuildContext,
): void {
  const { instr, sources, dest } = op;
  if (dest.unresolved.length > 0) return;
  const destPath = imagePath(workdir, dest.value);
  const unknown = (): void => files.push({ kind: 'unknown', path: destPath, instr });
  const destState = files.folderState(destPath);
  const destIsDir = dest.value.endsWith('/') || sources.length > 1 || sources.some((s) => isGlob(s.value)) || destState === 'dir';
  if (op.from !== undefined) {
    const from = earlierStage(op.from);
    // Another image (`--from=python:3.11`): what it holds is unknown.
    if (!from) return unknown();
    for (const s of sources) {
      if (s.unresolved.length > 0 || !(from.files instanceof StageFiles)) return unknown();
      const source = path.posix.resolve(from.workdir ?? '/', s.value);
      const kind = s.value.endsWith('/') ? 'dir' : sourceKind(from.files.index, source);
      // A RUN or the stage's base image put it there (nothing in the Dockerfile did): what it brings is unknown.
      if (kind === 'unknown' || kind === 'outside') {
        unknown();
        continue;
      }
      const asDir = kind === 'dir';
      const target = asDir || !destIsDir ? destPath : path.posix.join(destPath, path.posix.basename(source));
      files.push({ kind: 'stage-copy', path: target, source, stage: from, asDir, instr });
    }
    return;
  }
  for (const s of sources) {
    if (s.unresolved.length > 0 || /^[a-z]+:\/\//i.test(s.value)) {
      unknown();
      continue;
    }
    if (s.value.startsWith('<<')) {
      files.push({ kind: 'file', path: destPath, source: '', instr, createsFile: !destIsDir && destState === 'absent' });
      continue;
    }
    addLocalSource(files, instr, s, destPath, { isDir: destIsDir, state: destState }, context);
  }
}

function addLocalSource(
  files: StageFiles,
  instr: Instr,
  s: Expanded,
  destPath: string,
  dest: { isDir: boolean; state: FolderState },
  context?: BuildContext,
): void {
  const rel = contextRelative(s.value);
  const isArchive = instr.keyword === 'ADD' && /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/i.test(rel);
  if (isArchive || (isGlob(rel) && !context)) return files.push({ kind: 'unknown', path: destPath, instr });
  if (isGlob(rel)) {
    // Ignored matches are recorded too, so the rules can tell "excluded" from "missing".
    for (const match of context!.match(rel, true)) {
      const kind = context!.fs.kind(path.join(context!.dir, match));
      if (kind === 'dir') files.push({ kind: 'dir', path: destPath, source: match, instr });
      else files.push({ kind: 'file', path: path.posix.join(destPath, path.posix.basename(match)), source: match, instr });
    }
    return;
  }
  const kind = context?.fs.kind(path.join(context.dir, rel));
  if (rel === '' || s.value.endsWith('/') || kind === 'dir') return files.push({ kind: 'dir', path: destPath, source: rel, instr });
  // Without a context, a name that may be a folder brings unknown contents: a file at the destination, or files under it.
  if (!context && !FILE_NAME.test(rel)) return files.push({ kind: 'unknown', path: destPath, instr });
  const target = dest.isDir ? path.posix.join(destPath, path.posix.basename(rel)) : destPath;
  const knownFile = context ? kind === 'file' : true;
  files.push({ kind: 'file', path: target, source: rel, instr, createsFile: knownFile && !dest.isDir && dest.state === 'absent' });
}

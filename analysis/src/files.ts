// The image file model (docs/rules/README.md#image-file-model): what WORKDIR, COPY/ADD and RUN put at which path of each
// stage's image, with Docker's destination rules. Lookups are lazy: `COPY . /opt/ml/code/` maps
// the folder to the build context and a lookup asks the disk only for the path it needs.
//
// Unknown is not absent: what a RUN touches, what a glob, an archive or a URL brings, what an
// outside image holds for `COPY --from`, an image named through a variable without a value
// (`FROM ${BASE}`), and, without a build context, what a source that may be a folder brings,
// are 'unknown', and rules that would report something missing stay silent.
// The layers of each stage are indexed by image-index.ts.
import * as path from 'node:path';
import type { BuildContext } from './context';
import { contextRelative, isGlob, isRemoteSource } from './context';
import type { Expanded } from './expand';
import type { Instr } from './parse';
import { type DockerfileModel, type FileOp, type Stage, findStage } from './model';
import { addLayer, EMPTY_INDEX, folderStateIn, lookupIn, sourceKind, type PathIndex } from './image-index';
import type { EditToken } from './persistent-map';
import type { FolderState, ImageFiles, ImageView, Layer, Lookup, PackageInstall, RequirementsFile, StageImages } from './image-files';
import { imagePath } from './image-path';
import { PathPatterns, rejectedPattern } from './path-patterns';
import { jsonForm } from './read-words';
import { readRun } from './run-paths';
import { bindMounts } from './run-flags';

/** A stage whose files could not be modelled: unknown, never absent, so no rule reports a file missing from it. */
export const UNKNOWN_FILES: ImageFiles = {
  layers: [],
  workdirAt: new Map(),
  workdir: undefined,
  installs: [],
  requirements: [undefined],
  unreadInstalls: 1,
  lookup: () => ({ status: 'unknown' }),
  folderState: () => 'unknown',
};

class StageFiles implements ImageFiles {
  readonly layers: Layer[] = [];
  readonly workdirAt = new Map<Instr, string>();
  readonly installs: PackageInstall[] = [];
  readonly requirements: (RequirementsFile | undefined)[] = [];
  unreadInstalls = 0;
  workdir: string | undefined;
  /** What this stage's own updates of the index may change in place (persistent-map.ts). */
  private edit: EditToken = {};

  constructor(
    public index: PathIndex,
    private readonly context: BuildContext | undefined,
    /** The earlier stages' files, for lookups that follow `COPY --from`. */
    private readonly images: StageImages,
  ) {}

  /** A stage's index; undefined for a stage that could not be modelled. */
  private readonly indexOf = (stage: Stage): PathIndex | undefined => {
    const files = this.images.get(stage);
    return files instanceof StageFiles ? files.index : undefined;
  };

  push(layer: Layer): void {
    this.layers.push(layer);
    this.index = addLayer(this.index, layer, this.edit);
  }

  lookup(p: string): Lookup {
    return lookupIn(this.index, p, this.context, this.indexOf);
  }

  folderState(p: string): FolderState {
    return folderStateIn(this.index, p);
  }

  /** The image as it is now, unchanged by later layers, with `extra` layers that only this view has. */
  snapshot(extra: readonly Layer[] = []): ImageView {
    const { context, indexOf } = this;
    this.edit = {};
    const edit: EditToken = {};
    const index = extra.reduce((at, layer) => addLayer(at, layer, edit), this.index);
    return { lookup: (p) => lookupIn(index, p, context, indexOf), folderState: (p) => folderStateIn(index, p) };
  }

  /** The image as a RUN sees it: as it is now, with the RUN's mounts in place (they leave nothing in the image). */
  duringRun(instr: Instr, workdir: string, escapeChar: string): ImageView {
    const { mounts, unknownTargets } = bindMounts(instr, escapeChar);
    const layers: Layer[] = unknownTargets.map((target) => ({ kind: 'unknown', path: imagePath(workdir, target), instr }));
    for (const mount of mounts) {
      const at = imagePath(workdir, mount.target);
      const source = contextRelative(mount.source);
      const kind = this.context?.fs.kind(path.join(this.context.dir, source));
      layers.push(kind === 'dir' || kind === 'file' ? { kind, path: at, source, instr } : { kind: 'unknown', path: at, instr });
    }
    return this.snapshot(layers);
  }
}

/** One stage's files, built on its parent's; `images` holds the earlier stages' (a stage that failed has unknown ones). */
export function buildImageFiles(stage: Stage, model: DockerfileModel, context: BuildContext | undefined, images: StageImages): ImageFiles {
  const parent = stage.parent && images.get(stage.parent);
  // A parent stage that could not be modelled, or an image named through a variable without a value: unknown, not empty.
  const unknownBase = parent ? !(parent instanceof StageFiles) : stage.imageUnresolved === true;
  const base = parent instanceof StageFiles ? parent.index : unknownBase ? { ...EMPTY_INDEX, unknownBase } : EMPTY_INDEX;
  const files = new StageFiles(base, context, images);
  let workdir = parent?.workdir ?? '/';
  if (stage.parent) for (const layer of onbuildLayers(stage.parent, workdir, model.parsed.escapeChar)) files.push(layer);
  for (const op of stage.fileOps) {
    if (op.kind === 'workdir') {
      if (op.path.unresolved.length > 0) continue;
      workdir = imagePath(workdir, op.path.value);
      files.push({ kind: 'created', path: workdir, instr: op.instr });
    } else if (op.kind === 'run') {
      const effects = readRun(op.text, workdir, model.parsed.escapeChar);
      const before =
        effects.installs.length > 0 || effects.requirements.length > 0
          ? files.duringRun(op.instr, workdir, model.parsed.escapeChar)
          : undefined;
      if (before) for (const install of effects.installs) files.installs.push({ ...install, instr: op.instr, before });
      for (const touched of effects.touched) files.push({ kind: 'unknown', path: touched, instr: op.instr });
      if (before)
        files.requirements.push(...effects.requirements.map((file) => (file === undefined ? undefined : { path: file, view: before })));
      files.unreadInstalls += effects.unread;
    } else {
      addCopy(files, op, workdir, (ref) => findStage(model.stages, model.stagesByName, ref, stage.index), images, context);
    }
    files.workdirAt.set(op.instr, workdir);
  }
  files.workdir = workdir;
  return files;
}

/**
 * What the ONBUILD triggers of a stage of this Dockerfile do in a stage built FROM it, where BuildKit
 * runs them first: a COPY or ADD makes its destination unknown, a RUN the paths it touches.
 */
function onbuildLayers(parent: Stage, workdir: string, escapeChar: string): Layer[] {
  const layers: Layer[] = [];
  for (const instr of parent.instructions) {
    const trigger = instr.keyword === 'ONBUILD' ? /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(instr.text ?? '') : null;
    if (!trigger) continue;
    const keyword = trigger[1].toUpperCase();
    if (keyword === 'COPY' || keyword === 'ADD') {
      // The destination is the last word, of the exec form's array too (`ONBUILD COPY ["a", "/opt/ml/code/"]`).
      const rest = trigger[2].trim();
      const words = (rest.startsWith('[') ? jsonForm(rest) : undefined) ?? rest.split(/\s+/);
      const dest = words.at(-1) ?? '';
      layers.push({ kind: 'unknown', path: dest === '' || dest.includes('$') ? '/' : imagePath(workdir, dest), instr });
    } else if (keyword === 'RUN') {
      for (const touched of readRun(trigger[2], workdir, escapeChar).touched) layers.push({ kind: 'unknown', path: touched, instr });
    }
  }
  return layers;
}

/**
 * Names that can only be files when there is no build context to ask: a script, text, data or
 * archive extension. Anything else (`code`, `src`, `/bert-topic`) may be a folder whose contents
 * are unknown. The rule pages of SM201 and SM207 list the same extensions.
 */
const FILE_NAME =
  /\.(py|pyc|sh|bash|r|jl|js|txt|md|json|jsonl|ya?ml|toml|cfg|ini|conf|env|csv|tsv|parquet|ipynb|pkl|pickle|joblib|pt|pth|onnx|h5|npy|npz|whl|zip|gz|tgz)$/i;

/** Whether a COPY source's name can only be a file (FILE_NAME), not a folder of unknown contents. */
export const canOnlyBeFile = (name: string) => FILE_NAME.test(name);

/**
 * A file that a folder copy put in another stage (`COPY . /src/`, then `COPY --from=build /src/train.py …`):
 * the build context says so, or, without one, its name can only be a file.
 */
function isFileFromFolderCopy(files: ImageFiles, source: string): boolean {
  const found = files.lookup(source);
  return found.status === 'present' || (found.status === 'unknown' && found.layer?.kind === 'dir' && FILE_NAME.test(source));
}

function addCopy(
  files: StageFiles,
  op: Extract<FileOp, { kind: 'copy' }>,
  workdir: string,
  earlierStage: (reference: string) => Stage | undefined,
  images: StageImages,
  context?: BuildContext,
): void {
  const { instr, sources, dest } = op;
  if (dest.unresolved.length > 0) return;
  const destPath = imagePath(workdir, dest.value);
  const unknown = (): void => files.push({ kind: 'unknown', path: destPath, instr });
  const destState = files.folderState(destPath);
  const destIsDir = dest.value.endsWith('/') || sources.length > 1 || sources.some((s) => isGlob(s.value)) || destState === 'dir';
  // `--parents` keeps each source's path under the destination (BuildKit): not modelled, so unknown.
  if (instr.flags.some((f) => f.name.toLowerCase() === 'parents')) {
    unknown();
    return;
  }
  if (op.from !== undefined) {
    const from = earlierStage(op.from);
    // Another image (`--from=python:3.11`): what it holds is unknown.
    if (!from) {
      unknown();
      return;
    }
    const fromFiles = images.get(from);
    for (const s of sources) {
      // A glob (`/build/*.py`) matches what the stage holds, which a RUN or its base image may have added.
      if (s.unresolved.length > 0 || !(fromFiles instanceof StageFiles) || isGlob(s.value)) {
        unknown();
        return;
      }
      const source = imagePath(fromFiles.workdir ?? '/', s.value);
      let kind = s.value.endsWith('/') ? 'dir' : sourceKind(fromFiles.index, source);
      if (kind === 'unknown' && isFileFromFolderCopy(fromFiles, source)) kind = 'file';
      // A RUN or the stage's base image put it there (nothing in the Dockerfile did): what it brings is unknown,
      // only at its own name when that name can only be a file.
      if (kind === 'unknown' || kind === 'outside') {
        const only = destIsDir && FILE_NAME.test(source) ? path.posix.join(destPath, path.posix.basename(source)) : destPath;
        files.push({ kind: 'unknown', path: only, instr });
        continue;
      }
      const asDir = kind === 'dir';
      const target = asDir || !destIsDir ? destPath : path.posix.join(destPath, path.posix.basename(source));
      const createsFile = !asDir && !destIsDir && destState === 'absent';
      files.push({ kind: 'stage-copy', path: target, source, stage: from, asDir, instr, createsFile });
    }
    return;
  }
  const excludes = excludesOf(instr);
  for (const s of sources) {
    if (s.unresolved.length > 0 || isRemoteSource(s.value)) {
      unknown();
      continue;
    }
    if (s.value.startsWith('<<')) {
      // BuildKit writes a heredoc to a file named after its word (`<<train.py`, `<<-"EOF"`), which a folder destination keeps.
      const target = destIsDir ? path.posix.join(destPath, s.value.replace(/^<<-?/, '').replace(/^(["'])(.*)\1$/, '$2')) : destPath;
      files.push({
        kind: 'file',
        path: target,
        source: '',
        instr,
        createsFile: !destIsDir && destState === 'absent',
        namedAfterWord: destIsDir,
      });
      continue;
    }
    addLocalSource(files, instr, s, destPath, { isDir: destIsDir, state: destState }, context, excludes);
  }
}

/**
 * What `COPY --exclude=PATTERN` (BuildKit) leaves out: paths inside each source, matched as
 * .dockerignore patterns are; undefined without the flag or with a pattern that cannot be read.
 */
function excludesOf(instr: Instr): ((inside: string) => boolean) | undefined {
  const patterns = instr.flags.filter((f) => f.name.toLowerCase() === 'exclude').map((f) => f.value?.raw.replace(/^(["'])(.*)\1$/, '$2'));
  if (patterns.length === 0) return undefined;
  if (patterns.some((p) => !p || p.includes('$'))) return () => false;
  if (patterns.some((p) => rejectedPattern(p as string))) return () => false;
  const matcher = new PathPatterns(patterns as string[]);
  return (inside) => inside !== '' && matcher.ignores(inside);
}

function addLocalSource(
  files: StageFiles,
  instr: Instr,
  s: Expanded,
  destPath: string,
  dest: { isDir: boolean; state: FolderState },
  context?: BuildContext,
  excludes?: (inside: string) => boolean,
): void {
  const rel = contextRelative(s.value);
  const isArchive = instr.keyword === 'ADD' && /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/i.test(rel);
  if (isArchive || (isGlob(rel) && !context)) {
    files.push({ kind: 'unknown', path: destPath, instr });
    return;
  }
  if (isGlob(rel) && context) {
    // Ignored matches are recorded too, so the rules can tell "excluded" from "missing".
    for (const match of context.match(rel, true)) {
      const kind = context.fs.kind(path.join(context.dir, match));
      if (kind !== 'dir' && excludes?.(path.posix.basename(match))) continue;
      if (kind === 'dir') files.push({ kind: 'dir', path: destPath, source: match, instr, excludes });
      else files.push({ kind: 'file', path: path.posix.join(destPath, path.posix.basename(match)), source: match, instr });
    }
    return;
  }
  const kind = context?.fs.kind(path.join(context.dir, rel));
  if (rel === '' || s.value.endsWith('/') || kind === 'dir') {
    files.push({ kind: 'dir', path: destPath, source: rel, instr, excludes });
    return;
  }
  if (excludes?.(path.posix.basename(rel))) return;
  // Without a context, a name that may be a folder brings unknown contents: a file at the destination, or files under it.
  if (!context && !FILE_NAME.test(rel)) {
    files.push({ kind: 'unknown', path: destPath, instr });
    return;
  }
  const target = dest.isDir ? path.posix.join(destPath, path.posix.basename(rel)) : destPath;
  const knownFile = context ? kind === 'file' : true;
  files.push({ kind: 'file', path: target, source: rel, instr, createsFile: knownFile && !dest.isDir && dest.state === 'absent' });
}

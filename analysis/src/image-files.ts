// What the image file model answers (files.ts builds it, image-index.ts indexes it): the layers each
// instruction adds, lookups of image paths, and each stage's files.
import type { Stage } from './model';
import type { Instr } from './parse';

/** One thing an instruction put into the image. Paths are absolute and normalised. */
export type Layer =
  /**
   * `source`: the context path, '' for a heredoc. `createsFile`: a single file copied to a path where nothing was yet,
   * without a trailing '/' (SM207). `namedAfterWord`: a heredoc copied into a folder, which names it after its word.
   */
  | { kind: 'file'; path: string; source: string; instr: Instr; createsFile?: boolean; namedAfterWord?: boolean }
  /** `excludes`: what `COPY --exclude` leaves out, by the path inside the copied folder. */
  | { kind: 'dir'; path: string; source: string; instr: Instr; excludes?: (inside: string) => boolean }
  /** `createsFile`: as for 'file', a single file copied from another stage. */
  | { kind: 'stage-copy'; path: string; source: string; stage: Stage; asDir: boolean; instr: Instr; createsFile?: boolean }
  | { kind: 'created'; path: string; instr: Instr }
  | { kind: 'unknown'; path: string; instr: Instr };

export type Lookup =
  { status: 'present'; layer: Layer; contextPath?: string } | { status: 'absent' } | { status: 'unknown'; layer?: Layer };

export type FolderState = 'dir' | 'absent' | 'unknown';

/** The image at one point of the build, as lookups see it. */
export interface ImageView {
  lookup(imagePath: string): Lookup;
  /** 'dir' when something exists under the path, 'unknown' when a RUN or an outside image may have made it. */
  folderState(imagePath: string): FolderState;
}

/** A requirements file a RUN installs from, and the image as that RUN sees it (with its bind mounts). */
export interface RequirementsFile {
  path: string;
  view: ImageView;
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
  readonly layers: readonly Layer[];
  /** WORKDIR after each instruction that depends on it, keyed by the instruction. */
  readonly workdirAt: ReadonlyMap<Instr, string>;
  /** WORKDIR at the end of the stage; undefined when the stage could not be modelled. */
  readonly workdir: string | undefined;
  /** Folders this stage installs as Python packages, in order. */
  readonly installs: readonly PackageInstall[];
  /** The requirements files this stage's RUNs install from (`pip install -r`); undefined for one that cannot be named. */
  readonly requirements: readonly (RequirementsFile | undefined)[];
  /** Installs whose contents the Dockerfile does not show (a wheel, an archive, a value through a variable). */
  readonly unreadInstalls: number;
}

/** The image files of every stage of one model, built once per analysis, oldest stage first. */
export interface StageImages {
  /** A stage's files: unknown ones for a stage that could not be modelled. */
  get(stage: Stage): ImageFiles;
}

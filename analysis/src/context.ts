// The build context on disk: which folder it is (docs/rules/README.md#build-context), what is in it,
// and what `.dockerignore` keeps out of it. Every walk is bounded (CONTEXT_LIMITS), globs never walk
// through symbolic links, and files are read only when regular and small enough.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scopedToContext } from './context-links';
import { PathPatterns, rejectedPattern, segmentMatcher } from './path-patterns';
import { readRegularFile } from './regular-file';
import type { ContextFileSystem } from './types';
import type { DockerfileModel } from './model';

export const CONTEXT_LIMITS = {
  /** Folder entries that the COPY globs of one build context may visit, and context detection in all. */
  entries: 20_000,
  /** Context detection gives up after this long even within the entries, for slow (network) disks. */
  detectionMs: 3_000,
  /** Largest file read from the build context (Python modules, scripts, `.dockerignore`). */
  fileBytes: 4 * 1024 * 1024,
} as const;

/** Work beyond CONTEXT_LIMITS: what needed it is unknown, never taken as absent. */
export class WorkLimitError extends Error {}

/** Entries a walk may still visit, and when it must stop. */
interface Budget {
  entries: number;
  deadline?: number;
}

/** A step of work that can pause: the editor's server yields to other requests between steps. */
export type Steps<T> = Generator<void, T>;

/** Runs steps to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const PAUSE_EVERY = 256;

/** The real disk, memoised for the life of one analysis. */
export function nodeFileSystem(): ContextFileSystem {
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  const links = new Map<string, boolean>();
  const targets = new Map<string, string>();
  const listings = new Map<string, string[]>();
  const isLink = (p: string) => {
    let link = links.get(p);
    if (link === undefined) {
      try {
        link = fs.lstatSync(p).isSymbolicLink();
      } catch {
        link = false;
      }
      links.set(p, link);
    }
    return link;
  };
  return {
    kind(p) {
      if (!kinds.has(p)) {
        let kind: 'file' | 'dir' | undefined;
        try {
          const stat = fs.statSync(p);
          kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
        } catch {
          kind = undefined;
        }
        kinds.set(p, kind);
      }
      return kinds.get(p);
    },
    isLink,
    readLink(p) {
      if (!isLink(p)) return undefined;
      let target = targets.get(p);
      if (target === undefined) {
        try {
          target = fs.readlinkSync(p);
        } catch {
          target = '';
        }
        targets.set(p, target);
      }
      return target === '' ? undefined : target;
    },
    list(p) {
      let names = listings.get(p);
      if (!names) {
        try {
          names = fs.readdirSync(p).sort();
        } catch {
          names = [];
        }
        listings.set(p, names);
      }
      return names;
    },
    read(p) {
      const file = readRegularFile(p, CONTEXT_LIMITS.fileBytes);
      return file.ok ? file.text : undefined;
    },
  };
}

export interface BuildContext {
  dir: string;
  fs: ContextFileSystem;
  /** How the folder was chosen, for hover and `--verbose`. */
  reason: 'configured' | 'dockerfile-folder' | 'ancestor';
  /** True when `.dockerignore` keeps this context-relative path (posix) out of the build. */
  isIgnored(relativePath: string): boolean;
  /** The ignore file that applies: `<Dockerfile>.dockerignore` or the context's `.dockerignore`; undefined when there is none. */
  ignoreFile?: string;
  /**
   * Context-relative paths matching a COPY source pattern (no leading `./`), with or without the ignored
   * ones. Throws WorkLimitError when the globs of this context visit more than CONTEXT_LIMITS.entries.
   */
  match(source: string, includeIgnored?: boolean): string[];
  /** What the user should know about the context itself (a `.dockerignore` pattern Docker rejects). */
  notes: string[];
}

const GLOB_CHARS = /[*?[]/;

export function isGlob(source: string): boolean {
  return GLOB_CHARS.test(source);
}

/** A URL (`https://…`, `git://…`) or a git repository over SSH (`git@host:org/repo.git`): contents from elsewhere. */
const REMOTE_SOURCE = /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+@[\w.-]+:/i;

export const isRemoteSource = (source: string) => REMOTE_SOURCE.test(source);

/** Normalises a COPY source to a context-relative posix path ('' for the context root). */
export function contextRelative(source: string): string {
  const normal = path.posix.normalize(`/${source}`).slice(1);
  return normal.replace(/\/$/, '');
}

export function openContext(dir: string, disk: ContextFileSystem, reason: BuildContext['reason'], dockerfilePath?: string): BuildContext {
  const fs = scopedToContext(dir, disk);
  const { isIgnored, notes, ignoreFile } = readDockerignore(dir, fs, dockerfilePath);
  const budget: Budget = { entries: CONTEXT_LIMITS.entries };
  return {
    dir,
    fs,
    reason,
    isIgnored,
    ignoreFile,
    notes,
    match: (source, includeIgnored = false) => runSteps(matchSource(fs, dir, source, isIgnored, includeIgnored, budget)),
  };
}

/** `<Dockerfile>.dockerignore`, else the context's `.dockerignore`; a pattern Docker rejects is left out with a note. */
function readDockerignore(
  dir: string,
  fs: ContextFileSystem,
  dockerfilePath?: string,
): { isIgnored: (rel: string) => boolean; notes: string[]; ignoreFile?: string } {
  const notes: string[] = [];
  const file = [dockerfilePath && `${dockerfilePath}.dockerignore`, path.join(dir, '.dockerignore')]
    .filter((p): p is string => !!p)
    .map((p) => ({ p, text: fs.read(p) }))
    .find((f) => f.text !== undefined);
  if (!file?.text) return { isIgnored: () => false, notes };
  const valid = file.text.split(/\r\n|\r|\n/).filter((line, index) => {
    if (!rejectedPattern(line)) return true;
    notes.push(
      `${file.p}:${index + 1}: '${line.trim()}' is not a valid pattern (Docker stops the build with "syntax error in pattern"); it is left out`,
    );
    return false;
  });
  const ignorer = new PathPatterns(valid);
  return { isIgnored: (rel) => rel !== '' && ignorer.ignores(rel), notes, ignoreFile: file.p };
}

function spend(budget: Budget, what: string): void {
  budget.entries--;
  if (budget.entries < 0) throw new WorkLimitError(`${what} needs more than ${CONTEXT_LIMITS.entries} folder entries`);
  if (budget.deadline !== undefined && budget.entries % PAUSE_EVERY === 0 && Date.now() > budget.deadline) {
    throw new WorkLimitError(`${what} takes longer than ${CONTEXT_LIMITS.detectionMs / 1000} s`);
  }
}

/** The context-relative paths a COPY source names, walking one segment at a time (no recursion). */
function* matchSource(
  fs: ContextFileSystem,
  root: string,
  source: string,
  isIgnored: (rel: string) => boolean,
  includeIgnored: boolean,
  budget: Budget,
): Steps<string[]> {
  const rel = contextRelative(source);
  const keep = (m: string) => includeIgnored || !isIgnored(m);
  if (!isGlob(rel)) return fs.kind(path.join(root, rel)) && keep(rel) ? [rel] : [];
  const what = `the COPY source '${source}'`;
  const segments = rel.split('/');
  let prefixes = [''];
  for (let index = 0; index < segments.length && prefixes.length > 0; index++) {
    const segment = segments[index];
    const last = index === segments.length - 1;
    const join = (prefix: string, name: string) => (prefix ? `${prefix}/${name}` : name);
    const next: string[] = [];
    const isMatch = isGlob(segment) ? (segmentMatcher(segment) ?? (() => false)) : undefined;
    for (const prefix of prefixes) {
      const names = isMatch ? fs.list(path.join(root, prefix)).filter((name) => isMatch(name)) : [segment];
      for (const name of names) {
        spend(budget, what);
        if (budget.entries % PAUSE_EVERY === 0) yield;
        const found = join(prefix, name);
        const absolute = path.join(root, found);
        if (!isMatch && !fs.kind(absolute)) continue;
        // Docker copies a symbolic link, it does not walk through it: so no loops through `link -> .`.
        if (!last && fs.isLink?.(absolute)) continue;
        next.push(found);
      }
    }
    prefixes = next;
  }
  return prefixes.filter(keep);
}

/** Every local COPY/ADD source of the target chain (no `--from`, no URLs, no heredocs). */
export function localSources(model: DockerfileModel): string[] {
  const sources: string[] = [];
  for (const stage of model.chain) {
    for (const op of stage.fileOps) {
      if (op.kind !== 'copy' || op.from !== undefined) continue;
      for (const s of op.sources) {
        if (s.unresolved.length === 0 && !isRemoteSource(s.value) && !s.value.startsWith('<<')) sources.push(s.value);
      }
    }
  }
  return sources;
}

export interface DetectedContext {
  dir: string;
  reason: BuildContext['reason'];
  /** Set when detection stopped at CONTEXT_LIMITS: says why the Dockerfile's folder was taken. */
  note?: string;
}

/**
 * The Dockerfile's folder, unless its COPY/ADD sources are not all there and all are in an
 * ancestor folder up to the workspace root: then that ancestor. Visits at most CONTEXT_LIMITS.entries
 * folder entries in all, for at most CONTEXT_LIMITS.detectionMs.
 */
export function* detectContext(
  dockerfilePath: string,
  sources: string[],
  fs: ContextFileSystem,
  workspaceRoot?: string,
): Steps<DetectedContext> {
  const own = path.dirname(dockerfilePath);
  const budget: Budget = { entries: CONTEXT_LIMITS.entries, deadline: Date.now() + CONTEXT_LIMITS.detectionMs };
  function* allPresent(dir: string): Steps<boolean> {
    const { isIgnored } = readDockerignore(dir, fs);
    for (const source of sources) {
      if ((yield* matchSource(fs, dir, source, isIgnored, false, budget)).length === 0) return false;
    }
    return true;
  }
  try {
    if (sources.length === 0 || (yield* allPresent(own))) return { dir: own, reason: 'dockerfile-folder' };
    const stop = workspaceRoot ? path.resolve(workspaceRoot) : path.parse(own).root;
    for (let dir = own; isInside(dir, stop) && dir !== path.dirname(dir);) {
      dir = path.dirname(dir);
      if (!isInside(dir, stop)) break;
      if (yield* allPresent(dir)) return { dir, reason: 'ancestor' };
    }
  } catch (error) {
    if (!(error instanceof WorkLimitError)) throw error;
    return {
      dir: own,
      reason: 'dockerfile-folder',
      note: `build context detection stopped: ${error.message}; the Dockerfile's folder is used`,
    };
  }
  return { dir: own, reason: 'dockerfile-folder' };
}

/** Whether `child` is `parent` itself or somewhere below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Whether creating or deleting `changed` can move a detected build context: it is one of the
 * COPY sources seen from the Dockerfile's folder or from an ancestor up to the workspace root.
 */
export function mayMoveDetectedContext(model: DockerfileModel, dockerfilePath: string, changed: string, workspaceRoot?: string): boolean {
  const sources = localSources(model).map(contextRelative);
  const stop = workspaceRoot ? path.resolve(workspaceRoot) : path.parse(dockerfilePath).root;
  for (let dir = path.dirname(dockerfilePath); isInside(dir, stop); dir = path.dirname(dir)) {
    if (isInside(changed, dir)) {
      const rel = path.relative(dir, changed).split(path.sep).join('/');
      if (sources.some((s) => isGlob(s) || s === rel || s === '' || rel.startsWith(`${s}/`))) return true;
    }
    if (dir === path.dirname(dir)) break;
  }
  return false;
}

// The build context on disk: which folder it is (RULES.md §1 "Build context"), what is in it,
// and what `.dockerignore` keeps out of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import picomatch from 'picomatch';
import type { ContextFileSystem } from './types';
import type { DockerfileModel } from './model';

/** The real disk, memoised for the life of one analysis. */
export function nodeFileSystem(): ContextFileSystem {
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  const listings = new Map<string, string[]>();
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
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
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
  /** Context-relative paths matching a COPY source pattern (no leading `./`), with or without the ignored ones. */
  match(source: string, includeIgnored?: boolean): string[];
}

const GLOB_CHARS = /[*?[]/;

export function isGlob(source: string): boolean {
  return GLOB_CHARS.test(source);
}

/** Normalises a COPY source to a context-relative posix path ('' for the context root). */
export function contextRelative(source: string): string {
  const normal = path.posix.normalize(`/${source}`).slice(1);
  return normal.replace(/\/$/, '');
}

export function openContext(dir: string, fs: ContextFileSystem, reason: BuildContext['reason'], dockerfilePath?: string): BuildContext {
  const ignoreFile = [dockerfilePath && `${dockerfilePath}.dockerignore`, path.join(dir, '.dockerignore')]
    .filter((p): p is string => !!p)
    .map((p) => fs.read(p))
    .find((text) => text !== undefined);
  const ignorer = ignoreFile ? ignore().add(ignoreFile) : undefined;
  const ignored = (rel: string) => rel !== '' && !!ignorer?.ignores(rel);
  const context: BuildContext = {
    dir,
    fs,
    reason,
    isIgnored: ignored,
    match(source, includeIgnored = false) {
      const rel = contextRelative(source);
      const keep = (m: string) => includeIgnored || !ignored(m);
      if (!isGlob(rel)) return fs.kind(path.join(dir, rel)) && keep(rel) ? [rel] : [];
      return matchSegments(fs, dir, rel.split('/'), '').filter(keep);
    },
  };
  return context;
}

function matchSegments(fs: ContextFileSystem, root: string, segments: string[], prefix: string): string[] {
  if (segments.length === 0) return [prefix];
  const [segment, ...rest] = segments;
  const join = (name: string) => (prefix ? `${prefix}/${name}` : name);
  if (!isGlob(segment)) {
    const next = join(segment);
    return fs.kind(path.join(root, next)) ? matchSegments(fs, root, rest, next) : [];
  }
  const isMatch = picomatch(segment, { dot: true });
  return fs
    .list(path.join(root, prefix))
    .filter((name) => isMatch(name))
    .flatMap((name) => matchSegments(fs, root, rest, join(name)));
}

/** Every local COPY/ADD source of the target chain (no `--from`, no URLs, no heredocs). */
export function localSources(model: DockerfileModel): string[] {
  const sources: string[] = [];
  for (const stage of model.chain) {
    for (const op of stage.fileOps) {
      if (op.kind !== 'copy' || op.from !== undefined) continue;
      for (const s of op.sources) {
        if (s.unresolved.length === 0 && !/^[a-z]+:\/\//i.test(s.value) && !s.value.startsWith('<<')) sources.push(s.value);
      }
    }
  }
  return sources;
}

/**
 * The Dockerfile's folder, unless its COPY/ADD sources are not all there and all are in an
 * ancestor folder up to the workspace root: then that ancestor.
 */
export function detectContextDir(dockerfilePath: string, sources: string[], fs: ContextFileSystem, workspaceRoot?: string): { dir: string; reason: BuildContext['reason'] } {
  const own = path.dirname(dockerfilePath);
  const allPresent = (dir: string) => sources.every((s) => openContext(dir, fs, 'ancestor').match(s).length > 0);
  if (sources.length === 0 || allPresent(own)) return { dir: own, reason: 'dockerfile-folder' };
  const stop = workspaceRoot ? path.resolve(workspaceRoot) : path.parse(own).root;
  for (let dir = own; isInside(dir, stop) && dir !== path.dirname(dir); ) {
    dir = path.dirname(dir);
    if (!isInside(dir, stop)) break;
    if (allPresent(dir)) return { dir, reason: 'ancestor' };
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

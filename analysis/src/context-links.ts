// Symbolic links in the build context, followed as the builder follows them. BuildKit and the classic
// builder resolve a COPY source inside the context: an absolute link target counts from the context's
// root and `..` stops there, so a link that leads out of the context names nothing there ("not found").
import * as path from 'node:path';
import type { ContextFileSystem } from './types';

/** Links followed for one path before it is taken as a loop (Linux's own limit). */
const MAX_LINKS = 40;

/** `fs` with every path under `dir` resolved as the builder resolves it; other paths as they are. */
export function scopedToContext(dir: string, fs: ContextFileSystem): ContextFileSystem {
  if (!fs.readLink) return fs;
  const resolved = new Map<string, string | undefined>();
  const resolve = (p: string): string | undefined => {
    const relative = path.relative(dir, p);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return p;
    if (!resolved.has(p))
      resolved.set(
        p,
        resolveInside(dir, relative, (at) => fs.readLink?.(at)),
      );
    return resolved.get(p);
  };
  return {
    kind: (p) => {
      const real = resolve(p);
      return real === undefined ? undefined : fs.kind(real);
    },
    list: (p) => {
      const real = resolve(p);
      return real === undefined ? [] : fs.list(real);
    },
    read: (p) => {
      const real = resolve(p);
      return real === undefined ? undefined : fs.read(real);
    },
    isLink: (p) => fs.isLink?.(p) === true,
    readLink: (p) => fs.readLink?.(p),
  };
}

/** `relative` under `dir` with each link on the way replaced by its target, kept inside `dir`; undefined for a loop. */
function resolveInside(dir: string, relative: string, readLink: (p: string) => string | undefined): string | undefined {
  const done: string[] = [];
  const rest = splitPath(relative);
  let links = 0;
  while (rest.length > 0) {
    const name = rest.shift() as string;
    if (name === '.') continue;
    if (name === '..') {
      done.pop();
      continue;
    }
    const target = readLink(path.join(dir, ...done, name));
    if (target === undefined) {
      done.push(name);
      continue;
    }
    if (++links > MAX_LINKS) return undefined;
    if (path.isAbsolute(target)) done.length = 0;
    rest.unshift(...splitPath(target.slice(path.parse(target).root.length)));
  }
  return path.join(dir, ...done);
}

/** The first symbolic link on the way to `relative` under `dir` (itself included), as a context path; undefined when none. */
export function linkOnPath(dir: string, relative: string, fs: ContextFileSystem): string | undefined {
  const parts = splitPath(relative);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i);
    if (fs.isLink?.(path.join(dir, ...prefix))) return prefix.join('/');
  }
  return undefined;
}

const splitPath = (p: string) => p.split(/[\\/]+/).filter((part) => part !== '');

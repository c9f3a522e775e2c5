// The CLI's rules for paths: how a path is shown, and how far up context detection may look.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A path relative to the current folder when it is inside it, else as it is. */
export function shown(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolutePath;
}

/**
 * The upper bound of build context detection for `check`, `run` and `submit` alike, as a workspace folder is
 * in the editor: the nearest folder holding `.git`; else the current folder if it holds the Dockerfile; else
 * the file system root.
 */
export function workspaceRootFor(dockerfile: string, cwd: string): string {
  for (let dir = path.dirname(dockerfile); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const relative = path.relative(cwd, dockerfile);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.parse(dockerfile).root : cwd;
}

export function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

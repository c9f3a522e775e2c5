// Finds the Dockerfiles to check from the command line's FILE and DIR arguments.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFsError } from './errors';

export interface Discovery {
  files: FoundFile[];
  /** One line per argument or folder that could not be read. */
  problems: string[];
}

export interface FoundFile {
  /** The path as given on the command line, or joined from a given folder (never absolutized). */
  displayPath: string;
  absolutePath: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules']);

export function isDockerfileName(name: string): boolean {
  // `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a Dockerfile.
  if (name.endsWith('.dockerignore')) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /^.+\.(Dockerfile|Containerfile)$/.test(name);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDirectory(absolutePath: string): boolean {
  try {
    return fs.statSync(absolutePath).isDirectory();
  } catch {
    return false;
  }
}

function searchFolder(displayDir: string, absoluteDir: string, found: Discovery): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absoluteDir, { withFileTypes: true });
  } catch (err) {
    found.problems.push(`cannot read folder '${displayDir}': ${describeFsError(err)}`);
    return;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  for (const entry of entries) {
    const displayPath = path.join(displayDir, entry.name);
    const absolutePath = path.join(absoluteDir, entry.name);
    // Symlinked folders are not followed (they can form cycles); symlinked files are checked.
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) searchFolder(displayPath, absolutePath, found);
    } else if (isDockerfileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && !isDirectory(absolutePath)))) {
      found.files.push({ displayPath, absolutePath });
    }
  }
}

/**
 * Expands the arguments: a file is taken as is (whatever its name), a folder is searched recursively.
 * A path that cannot be read becomes a problem, and the search goes on. The same file named twice is kept once.
 */
export function discoverDockerfiles(args: readonly string[], cwd: string): Discovery {
  const found: Discovery = { files: [], problems: [] };
  for (const arg of args) {
    const absolutePath = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch (err) {
      found.problems.push(`cannot read '${arg}': ${describeFsError(err)}`);
      continue;
    }
    if (stat.isDirectory()) searchFolder(arg, absolutePath, found);
    else found.files.push({ displayPath: arg, absolutePath });
  }
  const seen = new Set<string>();
  found.files = found.files.filter((f) => !seen.has(f.absolutePath) && seen.add(f.absolutePath));
  return found;
}

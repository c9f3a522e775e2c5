// Finds the Dockerfiles to check from the command line's FILE and DIR arguments.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDirectory } from '../../options/src';
import { errorMessage } from '../../analysis/src';

export interface Discovery {
  files: FoundFile[];
  /** One line per argument or folder that could not be read. */
  problems: string[];
  /** What was skipped on purpose, one line each (a name that is not valid UTF-8). */
  notes: string[];
}

export interface FoundFile {
  /** The path as given on the command line, or joined from a given folder (never absolutized). */
  displayPath: string;
  absolutePath: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules']);

function isDockerfileName(name: string): boolean {
  // `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a Dockerfile.
  if (name.endsWith('.dockerignore')) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /^.+\.(Dockerfile|Containerfile)$/.test(name);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file name as text, or undefined when its bytes are not valid UTF-8 (no string names that file). */
function utf8Name(name: Buffer): string | undefined {
  const text = name.toString('utf8');
  return Buffer.from(text, 'utf8').equals(name) ? text : undefined;
}

/** Printable ASCII as is, every other byte as `\\xNN`. */
function escapedBytes(name: Buffer): string {
  return [...name].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

interface OpenFolder {
  display: string;
  absolute: string;
  entries: Array<{ entry: fs.Dirent<Buffer>; name?: string }>;
  next: number;
}

function openFolder(display: string, absolute: string, found: Discovery): OpenFolder | undefined {
  try {
    const entries = fs
      .readdirSync(absolute, { withFileTypes: true, encoding: 'buffer' })
      .map((entry) => ({ entry, name: utf8Name(entry.name) }));
    entries.sort((a, b) => byCodePoint(a.name ?? '', b.name ?? ''));
    return { display, absolute, entries, next: 0 };
  } catch (err) {
    found.problems.push(`cannot read folder '${display}': ${errorMessage(err)}`);
    return undefined;
  }
}

/** Depth first in name order, with a stack of open folders: the depth of the tree never reaches the call stack. */
function searchFolder(displayDir: string, absoluteDir: string, found: Discovery): void {
  const stack: OpenFolder[] = [];
  const root = openFolder(displayDir, absoluteDir, found);
  if (root) stack.push(root);
  while (stack.length > 0) {
    const folder = stack[stack.length - 1];
    if (folder.next >= folder.entries.length) {
      stack.pop();
      continue;
    }
    const { entry, name } = folder.entries[folder.next++];
    if (name === undefined) {
      found.notes.push(`skipped '${path.join(folder.display, escapedBytes(entry.name))}': its name is not valid UTF-8`);
      continue;
    }
    const displayPath = path.join(folder.display, name);
    const absolutePath = path.join(folder.absolute, name);
    // Symlinked folders are not followed (they can form cycles); symlinked files are checked.
    if (entry.isDirectory()) {
      if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
      const opened = openFolder(displayPath, absolutePath, found);
      if (opened) stack.push(opened);
    } else if (isDockerfileName(name) && (entry.isFile() || (entry.isSymbolicLink() && !isDirectory(absolutePath)))) {
      found.files.push({ displayPath, absolutePath });
    }
  }
}

/**
 * Expands the arguments: a file is taken as is (whatever its name), a folder is searched recursively.
 * A path that cannot be read becomes a problem, and the search goes on. The same file named twice is kept once.
 */
export function discoverDockerfiles(args: readonly string[], cwd: string): Discovery {
  const found: Discovery = { files: [], problems: [], notes: [] };
  for (const arg of args) {
    const absolutePath = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch (err) {
      found.problems.push(`cannot read '${arg}': ${errorMessage(err)}`);
      continue;
    }
    if (stat.isDirectory()) searchFolder(arg, absolutePath, found);
    else found.files.push({ displayPath: arg, absolutePath });
  }
  const seen = new Set<string>();
  found.files = found.files.filter((f) => !seen.has(f.absolutePath) && seen.add(f.absolutePath));
  return found;
}

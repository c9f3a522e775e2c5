// Reading what a container wrote into the job folder. The container is untrusted: any file it left may be a
// symbolic link to a host file, a FIFO that blocks open(2) for good, a device, or huge. So every path is
// checked with lstat component by component from the job folder (no link followed), only regular files
// are opened, with O_NOFOLLOW | O_NONBLOCK, the opened file is checked to be the one inspected and to lie
// inside the job folder, and reads are capped.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type JobFileRead =
  | { kind: 'read'; text: string; size: number; truncated: boolean }
  | { kind: 'absent' }
  /** What it is instead of a regular file; its target or content is never part of the reason. */
  | { kind: 'refused'; reason: string };

export type JobPathCheck = { kind: 'ok'; stat: fs.Stats } | { kind: 'absent' } | { kind: 'refused'; reason: string };

// Windows has neither O_NONBLOCK nor O_NOFOLLOW, though the types list both.
// eslint-disable-next-line @typescript-eslint/no-useless-default-assignment
const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;

function describeType(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link (not followed)';
  if (stat.isFIFO()) return 'a FIFO (not opened)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * lstat of `relative` (with `/` separators) under `root`, every component: none may be a symbolic link,
 * the parents must be folders, and the last one of the wanted kind.
 */
export function checkJobPath(root: string, relative: string, want: 'file' | 'directory'): JobPathCheck {
  const parts = relative.split('/').filter(Boolean);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = path.join(current, parts[i]);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return { kind: 'absent' };
    }
    const last = i === parts.length - 1;
    const fits = last ? (want === 'file' ? stat.isFile() : stat.isDirectory()) : stat.isDirectory();
    if (!fits) return { kind: 'refused', reason: `${parts.slice(0, i + 1).join('/')} is ${describeType(stat)}` };
    if (last) return { kind: 'ok', stat };
  }
  return { kind: 'refused', reason: 'an empty path' };
}

/** Where an open descriptor really points (Linux); undefined where /proc cannot tell. */
function openedPath(fd: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** Reads at most `limit` bytes of `root/relative` as UTF-8, if it is a regular file inside `root`. */
export function readJobFile(root: string, relative: string, limit: number): JobFileRead {
  const checked = checkJobPath(root, relative, 'file');
  if (checked.kind !== 'ok') return checked;
  const file = path.join(root, ...relative.split('/'));
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (err) {
    return { kind: 'refused', reason: `${relative} cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.ino !== checked.stat.ino || stat.dev !== checked.stat.dev)
      return { kind: 'refused', reason: `${relative} changed while it was read` };
    const real = openedPath(fd);
    const realRoot = fs.realpathSync(root);
    if (real !== undefined && !real.startsWith(realRoot + path.sep))
      return { kind: 'refused', reason: `${relative} lies outside the job folder` };
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(stat.size, 0) + 1));
    let length = 0;
    while (length < buffer.length) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    const truncated = length > limit;
    return { kind: 'read', text: buffer.subarray(0, Math.min(length, limit)).toString('utf8'), size: stat.size, truncated };
  } finally {
    fs.closeSync(fd);
  }
}

export type TreeMeasure =
  | { kind: 'measured'; bytes: number; files: number; entries: number }
  | { kind: 'absent' }
  | { kind: 'refused'; reason: string }
  | { kind: 'too-large'; reason: string };

export interface TreeLimits {
  maxBytes: number;
  maxEntries: number;
}

/**
 * Walks the folder `root/relative` without following links (the folder itself and its parents must not be
 * links either) and adds up its regular files, stopping as soon as a limit is passed.
 */
export function measureJobTree(root: string, relative: string, limits: TreeLimits): TreeMeasure {
  const checked = checkJobPath(root, relative, 'directory');
  if (checked.kind !== 'ok') return checked;
  const stack = [path.join(root, ...relative.split('/'))];
  let bytes = 0;
  let files = 0;
  let entries = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return {
        kind: 'refused',
        reason: `${path.relative(root, dir) || relative} cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      };
    }
    for (const entry of names) {
      entries++;
      if (entries > limits.maxEntries) return { kind: 'too-large', reason: `${relative} holds more than ${limits.maxEntries} entries` };
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        files++;
        bytes += fs.lstatSync(full).size;
        if (bytes > limits.maxBytes) return { kind: 'too-large', reason: `${relative} holds more than ${formatBytes(limits.maxBytes)}` };
      }
    }
  }
  return { kind: 'measured', bytes, files, entries };
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// Where job folders go, checked before anything is built: a folder that cannot be written (a read-only
// workspace or file system, no permission, a file in the way) is said at once, not after a long build.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage } from '../../analysis/src';
import { defaultJobsRoot } from './job';

export type FolderCheck = { ok: true } | { ok: false; reason: string };

/** Creates `dir` (and its parents) unless it exists, and proves it writable by making and removing a folder in it. */
export function ensureWritableFolder(dir: string): FolderCheck {
  try {
    // One level at a time: a recursive mkdir reports ENOENT where a parent cannot be made (EROFS, EACCES).
    const missing: string[] = [];
    for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
      missing.unshift(d);
      if (path.dirname(d) === d) break;
    }
    for (const folder of missing) fs.mkdirSync(folder);
    if (!fs.statSync(dir).isDirectory()) return { ok: false, reason: 'not a folder' };
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.write-test-')));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

/** Job folders are mounted with `-v HOST:CONTAINER`, where a ':' in HOST would be taken for the separator. */
function usableJobsRoot(dir: string): FolderCheck {
  if (process.platform !== 'win32' && dir.includes(':')) return { ok: false, reason: "a path with ':' cannot be mounted into a container" };
  return ensureWritableFolder(dir);
}

/** The second place for job folders when the default (in the temporary folder) cannot be written. */
export function fallbackJobsRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(cache, 'sagemaker-entrypoint', 'jobs');
}

export type JobsRoot =
  | { kind: 'ready'; root: string; fallback?: { from: string; reason: string } }
  | { kind: 'unusable'; folder: string; reason: string; explicit: boolean };

/**
 * The folder for this run's job folder. A folder the user chose must be writable; the default falls back to
 * `fallbackJobsRoot()`, and the caller tells the user why.
 */
export function chooseJobsRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): JobsRoot {
  const wanted = explicit ?? defaultJobsRoot();
  const checked = usableJobsRoot(wanted);
  if (checked.ok) return { kind: 'ready', root: wanted };
  if (explicit !== undefined) return { kind: 'unusable', folder: wanted, reason: checked.reason, explicit: true };
  const fallback = fallbackJobsRoot(env);
  const second = usableJobsRoot(fallback);
  if (second.ok) return { kind: 'ready', root: fallback, fallback: { from: wanted, reason: checked.reason } };
  return { kind: 'unusable', folder: wanted, reason: `${checked.reason}; ${fallback}: ${second.reason}`, explicit: false };
}

// Local channel folders to their S3 prefix with lib-storage's Upload (multipart for large files, parts in
// parallel), progress as events. Folders are walked without following folder links (no cycles); a link
// to a file is uploaded as the file, as the SageMaker SDK's upload does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsSdk, formatBytes } from '../../runner/src';
import type { Cancelled } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import type { CloudEventSink } from './events';
import { joinS3, parseS3Uri } from './names';

export interface LocalFile {
  path: string;
  /** Relative to the folder, with '/'. */
  key: string;
  size: number;
}

export interface FolderListing {
  files: LocalFile[];
  bytes: number;
  /** Folder links and what is neither a file nor a folder, relative. */
  skipped: string[];
}

export function listFolder(dir: string): FolderListing {
  const listing: FolderListing = { files: [], bytes: 0, skipped: [] };
  const stack = [''];
  while (stack.length > 0) {
    const relative = stack.pop() as string;
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(dir, rel);
      if (entry.isDirectory()) stack.push(rel);
      else {
        const stat = entry.isFile() || entry.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : undefined;
        if (stat?.isFile()) {
          listing.files.push({ path: full, key: rel, size: stat.size });
          listing.bytes += stat.size;
        } else listing.skipped.push(rel);
      }
    }
  }
  listing.files.sort((a, b) => (a.key < b.key ? -1 : 1));
  return listing;
}

export interface UploadOptions {
  s3: S3Client;
  dir: string;
  /** s3://bucket/prefix/ the folder's files go under. */
  target: string;
  /** For messages: the channel name. */
  label: string;
  signal?: AbortSignal;
  onEvent?: CloudEventSink;
  /** Bytes per part (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
}

export type UploadResult = { kind: 'uploaded'; files: number; bytes: number } | { kind: 'failed'; message: string } | Cancelled;

const PROGRESS_EVERY_MS = 500;

export async function uploadFolder(options: UploadOptions): Promise<UploadResult> {
  const emit = options.onEvent ?? (() => undefined);
  const target = parseS3Uri(options.target);
  if ('problem' in target) return { kind: 'failed', message: target.problem };
  let listing: FolderListing;
  try {
    listing = listFolder(options.dir);
  } catch (error) {
    return { kind: 'failed', message: `cannot read '${options.dir}': ${errorMessage(error)}` };
  }
  for (const skipped of listing.skipped)
    emit({ type: 'warning', message: `${options.label}: '${skipped}' is not a file or folder (or links to a folder): not uploaded` });
  emit({
    type: 'phase',
    phase: 'upload',
    message: `uploading ${options.label}: ${listing.files.length} file${listing.files.length === 1 ? '' : 's'}, ${formatBytes(listing.bytes)} → ${options.target}`,
  });
  let done = 0;
  let lastReport = 0;
  const report = (current: number, force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    emit({ type: 'progress', message: `${options.label}: ${formatBytes(done + current)} of ${formatBytes(listing.bytes)}` });
  };
  for (const file of listing.files) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const upload = new (awsSdk().storage().Upload)({
      client: options.s3,
      params: { Bucket: target.bucket, Key: joinS3(target.key, file.key), Body: fs.createReadStream(file.path) },
      partSize: options.partSize ?? 8 * 1024 * 1024,
      queueSize: 4,
    });
    upload.on('httpUploadProgress', (progress) => report(progress.loaded ?? 0));
    const abort = () => void upload.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await upload.done();
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'cancelled' };
      return { kind: 'failed', message: `uploading ${file.path} to ${joinS3(options.target, file.key)}: ${errorMessage(error)}` };
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    done += file.size;
  }
  report(0, true);
  return { kind: 'uploaded', files: listing.files.length, bytes: listing.bytes };
}

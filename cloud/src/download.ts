// model.tar.gz from S3 to a local folder (GetObject, streamed), written under a temporary name and renamed
// when complete, so a cancelled or failed download never leaves a half-written archive behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsSdk, formatBytes } from '../../runner/src';
import type { Cancelled } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import type { CloudEventSink } from './events';
import { parseS3Uri } from './names';

export type DownloadResult = { kind: 'downloaded'; path: string; bytes: number } | { kind: 'failed'; message: string } | Cancelled;

export async function downloadObject(options: {
  s3: S3Client;
  s3Uri: string;
  dir: string;
  signal?: AbortSignal;
  onEvent?: CloudEventSink;
}): Promise<DownloadResult> {
  const emit = options.onEvent ?? (() => undefined);
  const location = parseS3Uri(options.s3Uri);
  if ('problem' in location) return { kind: 'failed', message: location.problem };
  const name = path.posix.basename(location.key) || 'model.tar.gz';
  fs.mkdirSync(options.dir, { recursive: true });
  const target = path.join(options.dir, name);
  const partial = `${target}.partial-${process.pid}`;
  emit({ type: 'phase', phase: 'download', message: `downloading ${options.s3Uri} → ${target}` });
  try {
    const answer = await options.s3.send(new (awsSdk().s3().GetObjectCommand)({ Bucket: location.bucket, Key: location.key }), {
      abortSignal: options.signal,
    });
    const body = answer.Body as Readable | undefined;
    if (!body) return { kind: 'failed', message: `S3 returned no body for ${options.s3Uri}` };
    let bytes = 0;
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(body, fs.createWriteStream(partial, { flags: 'wx' }), { signal: options.signal });
    fs.renameSync(partial, target);
    emit({ type: 'progress', message: `downloaded ${formatBytes(bytes)}` });
    return { kind: 'downloaded', path: target, bytes };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (options.signal?.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', message: `downloading ${options.s3Uri}: ${errorMessage(error)}` };
  }
}

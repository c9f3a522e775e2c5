// model.tar.gz like the SDK's (`create_tar_file`: each top-level entry added under its own name), and
// extraction of a model archive for serving. Node has no tar, so the host's `tar` (GNU tar on Linux,
// bsdtar on macOS and Windows 10+) runs through the process runner, without a shell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CommandLine } from './commands';
import { runProcess } from './process';

export type ArchiveResult = { kind: 'done'; path: string } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

export interface ArchiveOptions {
  signal?: AbortSignal;
  log?: (text: string) => void;
  /** The tar executable; default `tar` on PATH. */
  tarPath?: string;
}

/** `tar -czf <archive> -C <dir> -- <entries…>`: entries without a `./` prefix, as the SDK writes them. */
export function tarCreateCommand(archive: string, dir: string, entries: readonly string[], tarPath = 'tar'): CommandLine {
  return { command: tarPath, args: ['-czf', archive, '-C', dir, '--', ...entries] };
}

export function tarExtractCommand(archive: string, dir: string, tarPath = 'tar'): CommandLine {
  return { command: tarPath, args: ['-xzf', archive, '-C', dir] };
}

async function runTar(cmd: CommandLine, output: string, options: ArchiveOptions): Promise<ArchiveResult> {
  const stderr: string[] = [];
  const result = await runProcess(cmd, { signal: options.signal, log: options.log, onStderr: (l) => stderr.push(l) });
  if (result.kind === 'cancelled') return result;
  if (result.kind === 'not-found') return { kind: 'failed', message: `'${cmd.command}' was not found` };
  if (result.code !== 0) return { kind: 'failed', message: stderr.filter(Boolean).pop() ?? `tar exited with ${result.code}` };
  return { kind: 'done', path: output };
}

/** Packs the contents of `modelDir` into `archive`. An empty folder gives an empty archive, as Python's tarfile does. */
export async function createModelArchive(modelDir: string, archive: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  const entries = fs.readdirSync(modelDir).sort();
  if (entries.length === 0) {
    // GNU tar refuses to create an empty archive: write the end-of-archive blocks (one 10 KiB record) ourselves.
    fs.writeFileSync(archive, zlib.gzipSync(Buffer.alloc(10240)));
    return { kind: 'done', path: archive };
  }
  return runTar(tarCreateCommand(archive, modelDir, entries, options.tarPath), archive, options);
}

export async function extractArchive(archive: string, dir: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  fs.mkdirSync(dir, { recursive: true });
  return runTar(tarExtractCommand(archive, dir, options.tarPath), dir, options);
}

export function isTarGz(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}

/**
 * Fills a private model folder for serving (R6): a folder's contents are copied and every top-level
 * `.tar.gz` in it extracted in place, as the SDK does; a `.tar.gz` file is extracted.
 */
export async function prepareModelFolder(source: string, target: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  fs.mkdirSync(target, { recursive: true });
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat) return { kind: 'failed', message: `'${source}' does not exist` };
  if (!stat.isDirectory()) {
    if (isTarGz(source)) return extractArchive(source, target, options);
    fs.copyFileSync(source, path.join(target, path.basename(source)));
    return { kind: 'done', path: target };
  }
  fs.cpSync(source, target, { recursive: true });
  for (const name of fs.readdirSync(target).filter(isTarGz)) {
    const result = await extractArchive(path.join(target, name), target, options);
    if (result.kind !== 'done') return result;
  }
  return { kind: 'done', path: target };
}

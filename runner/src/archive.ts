// model.tar.gz like the SDK's (`create_tar_file`: each top-level entry added under its own name), and
// extraction of a model archive for serving. Node has no tar, so the host's `tar` (GNU tar on Linux,
// bsdtar on macOS and Windows 10+) runs through the process runner, without a shell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CommandLine } from './commands';
import { checkJobPath } from './job-files';
import { runProcess } from './process';
import type { Cancelled } from './process';

export type ArchiveResult = { kind: 'done'; path: string } | { kind: 'failed'; message: string } | Cancelled;

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

/**
 * Several folders into one archive (`-C <dir> <entries…>` per folder; later folders win on extraction). Without
 * `--` between them, an entry that starts with `-` is written `./-x` so tar does not take it for an option.
 */
export function tarCreateManyCommand(
  archive: string,
  sources: ReadonlyArray<{ dir: string; entries: readonly string[] }>,
  tarPath = 'tar',
): CommandLine {
  if (sources.length === 1) return tarCreateCommand(archive, sources[0].dir, sources[0].entries, tarPath);
  const args = ['-czf', archive];
  for (const { dir, entries } of sources)
    if (entries.length > 0) args.push('-C', dir, ...entries.map((e) => (e.startsWith('-') ? `./${e}` : e)));
  return { command: tarPath, args };
}

/** Never restores the archive's owners (a container's uid) on the host. */
export function tarExtractCommand(archive: string, dir: string, tarPath = 'tar'): CommandLine {
  return { command: tarPath, args: ['-xzf', archive, '-C', dir, '--no-same-owner'] };
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
  return createArchive([modelDir], archive, options);
}

/**
 * Packs the contents of several folders (one per host) into one archive. tar stores links as links and FIFOs
 * and devices as such: it follows nothing and reads only regular files.
 */
export async function createArchive(dirs: readonly string[], archive: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  const sources = dirs.map((dir) => ({ dir, entries: fs.readdirSync(dir).sort() }));
  if (sources.every((s) => s.entries.length === 0)) {
    // GNU tar refuses to create an empty archive: write the end-of-archive blocks (one 10 KiB record) ourselves.
    fs.writeFileSync(archive, zlib.gzipSync(Buffer.alloc(10240)));
    return { kind: 'done', path: archive };
  }
  return runTar(tarCreateManyCommand(archive, sources, options.tarPath), archive, options);
}

export async function extractArchive(archive: string, dir: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  fs.mkdirSync(dir, { recursive: true });
  return runTar(tarExtractCommand(archive, dir, options.tarPath), dir, options);
}

function isTarGz(file: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(file);
}

/** A training job's folder (its config and its model.tar.gz): serving it means serving that archive. */
export function isJobFolder(dir: string): boolean {
  const config = ['input/config/resourceconfig.json', 'algo-1/input/config/resourceconfig.json'];
  return checkJobPath(dir, 'model.tar.gz', 'file').kind === 'ok' && config.some((file) => checkJobPath(dir, file, 'file').kind === 'ok');
}

/**
 * Fills a private model folder for serving (R6): a job folder's model.tar.gz is extracted; any other folder's
 * contents are copied and every top-level `.tar.gz` in it extracted in place, as the SDK does; a `.tar.gz`
 * file is extracted.
 */
export async function prepareModelFolder(source: string, target: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  fs.mkdirSync(target, { recursive: true });
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat) return { kind: 'failed', message: `'${source}' does not exist` };
  if (stat.isDirectory() && isJobFolder(source)) return extractArchive(path.join(source, 'model.tar.gz'), target, options);
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

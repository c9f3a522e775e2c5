// What a container leaves in the job folder is read with care: no link followed, no FIFO opened, reads capped.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkJobPath, measureJobTree, readJobFile } from '../../runner/src/job-files';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-job-files-')));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SECRET = 'host-secret-7f3a';
const secretFile = path.join(tmp, 'secret.txt');
fs.writeFileSync(secretFile, SECRET, { mode: 0o600 });
const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

/** A job folder with output/ in it. */
function job(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'output'), { recursive: true });
  return dir;
}

describe('readJobFile', () => {
  it('reads a regular file', () => {
    const dir = job('plain');
    fs.writeFileSync(path.join(dir, 'output', 'failure'), 'ExecuteUserScriptError:\nExitCode 1');
    assert.deepEqual(readJobFile(dir, 'output/failure', 1024), {
      kind: 'read',
      text: 'ExecuteUserScriptError:\nExitCode 1',
      size: 34,
      truncated: false,
    });
  });

  it('absent is absent', () => {
    assert.deepEqual(readJobFile(job('absent'), 'output/failure', 1024), { kind: 'absent' });
  });

  it('a symbolic link to a host file is refused, and nothing of the file is in the answer', () => {
    const dir = job('link');
    fs.symlinkSync(secretFile, path.join(dir, 'output', 'failure'));
    const read = readJobFile(dir, 'output/failure', 1024);
    assert.equal(read.kind, 'refused');
    assert.match(read.reason, /output\/failure is a symbolic link \(not followed\)/);
    assert.ok(!JSON.stringify(read).includes(SECRET) && !JSON.stringify(read).includes(secretFile));
  });

  it('a parent folder that is a link is refused too', () => {
    const dir = path.join(tmp, 'parent-link');
    fs.mkdirSync(dir);
    const elsewhere = job('elsewhere');
    fs.writeFileSync(path.join(elsewhere, 'output', 'failure'), SECRET);
    fs.symlinkSync(path.join(elsewhere, 'output'), path.join(dir, 'output'));
    const read = readJobFile(dir, 'output/failure', 1024);
    assert.deepEqual(read, { kind: 'refused', reason: 'output is a symbolic link (not followed)' });
  });

  it('a FIFO is never opened: the call returns at once', { skip: hasMkfifo ? false : 'no mkfifo' }, () => {
    const dir = job('fifo');
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'output', 'failure')]).status, 0);
    assert.deepEqual(readJobFile(dir, 'output/failure', 1024), { kind: 'refused', reason: 'output/failure is a FIFO (not opened)' });
  });

  it('a folder or a device is refused', () => {
    const dir = job('folder');
    fs.mkdirSync(path.join(dir, 'output', 'failure'));
    assert.deepEqual(readJobFile(dir, 'output/failure', 1024), { kind: 'refused', reason: 'output/failure is a folder' });
    if (fs.existsSync('/dev/zero')) {
      const dev = path.join(tmp, 'dev');
      fs.mkdirSync(dev);
      fs.symlinkSync('/dev/zero', path.join(dev, 'zero'));
      assert.equal(readJobFile(dev, 'zero', 1024).kind, 'refused');
    }
  });

  it('a huge (sparse) file: only the cap is read', () => {
    const dir = job('huge');
    const file = path.join(dir, 'output', 'failure');
    fs.writeFileSync(file, 'first line\n');
    fs.truncateSync(file, 10 * 1024 ** 3);
    const read = readJobFile(dir, 'output/failure', 64 * 1024);
    assert.equal(read.kind, 'read');
    assert.equal(read.truncated, true);
    assert.equal(read.size, 10 * 1024 ** 3);
    assert.equal(Buffer.byteLength(read.text), 64 * 1024);
    assert.ok(read.text.startsWith('first line\n'));
  });
});

describe('measureJobTree and checkJobPath', () => {
  it('adds up regular files without following links; links, FIFOs and devices count as entries only', () => {
    const dir = job('tree');
    const model = path.join(dir, 'model');
    fs.mkdirSync(path.join(model, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(model, 'a.bin'), Buffer.alloc(1000));
    fs.writeFileSync(path.join(model, 'sub', 'b.bin'), Buffer.alloc(24));
    fs.symlinkSync('/', path.join(model, 'root'));
    fs.symlinkSync(secretFile, path.join(model, 'secret'));
    assert.deepEqual(measureJobTree(dir, 'model', { maxBytes: 1 << 20, maxEntries: 100 }), {
      kind: 'measured',
      bytes: 1024,
      files: 2,
      entries: 5,
    });
  });

  it('stops at the byte and entry limits', () => {
    const dir = job('limits');
    const model = path.join(dir, 'model');
    fs.mkdirSync(model);
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(model, `f${i}`), Buffer.alloc(100));
    assert.equal(measureJobTree(dir, 'model', { maxBytes: 1000, maxEntries: 100 }).kind, 'too-large');
    assert.equal(measureJobTree(dir, 'model', { maxBytes: 1 << 20, maxEntries: 10 }).kind, 'too-large');
  });

  it('a folder replaced by a link to a host folder is refused', () => {
    const dir = job('data-link');
    fs.symlinkSync(tmp, path.join(dir, 'output', 'data'));
    assert.deepEqual(measureJobTree(dir, 'output/data', { maxBytes: 1 << 20, maxEntries: 100 }), {
      kind: 'refused',
      reason: 'output/data is a symbolic link (not followed)',
    });
    assert.equal(checkJobPath(dir, 'output/data', 'directory').kind, 'refused');
    assert.equal(checkJobPath(dir, 'output', 'directory').kind, 'ok');
  });
});

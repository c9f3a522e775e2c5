// Where job folders go: checked writable before anything is built; the default falls back to the user's cache
// folder, a folder the user chose does not. (A read-only file system is tried against the real engine, in
// test/runner/faults.test.ts; here a file in the way makes a folder that cannot be created.)
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseJobsRoot, ensureWritableFolder, fallbackJobsRoot } from '../../runner/src/job-root';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-job-root-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const aFile = path.join(root, 'a-file');
fs.writeFileSync(aFile, 'not a folder');

describe('ensureWritableFolder', () => {
  it('creates the folder and its parents, and leaves nothing else in it', () => {
    const dir = path.join(root, 'new', 'jobs ö x');
    assert.deepEqual(ensureWritableFolder(dir), { ok: true });
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a file in the way: the real reason, not the ENOENT of a recursive mkdir', () => {
    assert.deepEqual(ensureWritableFolder(path.join(aFile, 'jobs')), { ok: false, reason: 'ENOTDIR: not a directory' });
    assert.deepEqual(ensureWritableFolder(aFile), { ok: false, reason: 'not a folder' });
  });
});

describe('chooseJobsRoot', () => {
  it('a folder the user chose is used when it works, and refused when it does not', () => {
    assert.deepEqual(chooseJobsRoot(path.join(root, 'chosen')), { kind: 'ready', root: path.join(root, 'chosen') });
    assert.deepEqual(chooseJobsRoot(path.join(aFile, 'jobs')), {
      kind: 'unusable',
      folder: path.join(aFile, 'jobs'),
      reason: 'ENOTDIR: not a directory',
      explicit: true,
    });
    assert.deepEqual(chooseJobsRoot(path.join(root, 'a:b')), {
      kind: 'unusable',
      folder: path.join(root, 'a:b'),
      reason: "a path with ':' cannot be mounted into a container",
      explicit: true,
    });
  });

  it('the default cannot be written: the cache folder instead, and why', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = aFile;
    try {
      const env = { XDG_CACHE_HOME: path.join(root, 'cache') };
      assert.equal(fallbackJobsRoot(env), path.join(root, 'cache', 'sagemaker-entrypoint', 'jobs'));
      assert.deepEqual(chooseJobsRoot(undefined, env), {
        kind: 'ready',
        root: path.join(root, 'cache', 'sagemaker-entrypoint', 'jobs'),
        fallback: { from: path.join(aFile, 'sagemaker-entrypoint', 'jobs'), reason: 'ENOTDIR: not a directory' },
      });
      const nowhere = chooseJobsRoot(undefined, { XDG_CACHE_HOME: path.join(aFile, 'cache') });
      assert.equal(nowhere.kind, 'unusable');
      assert.ok(!nowhere.explicit && nowhere.reason.includes(path.join(aFile, 'cache')), JSON.stringify(nowhere));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

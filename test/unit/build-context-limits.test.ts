// Build-context walks are bounded by counted work: a glob over a huge tree, symbolic links to `.`,
// and files that are not regular (a FIFO, a device) or too big. No timing: the tests count calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDockerfile, type ContextFileSystem } from '../../analysis/src';
import { CONTEXT_LIMITS, nodeFileSystem } from '../../analysis/src/context';

/** Counts every call that reaches the disk (or the fake), per method. */
function counting(inner: ContextFileSystem): ContextFileSystem & { calls: Record<string, number> } {
  const calls: Record<string, number> = { kind: 0, list: 0, read: 0, isLink: 0, listed: 0 };
  return {
    calls,
    kind: (p) => (calls.kind++, inner.kind(p)),
    list: (p) => {
      calls.list++;
      const names = inner.list(p);
      calls.listed += names.length;
      return names;
    },
    read: (p) => (calls.read++, inner.read(p)),
    isLink: (p) => (calls.isLink++, inner.isLink?.(p) ?? false),
  };
}

/** A tree eight folders wide and `depth` deep under /w (8^7 ≈ 2.1 million folders at depth 7), made up on demand. */
function wideTree(depth: number): ContextFileSystem {
  const level = (p: string) => (p === '/w' ? 0 : p.startsWith('/w/') ? p.slice(3).split('/').length : -1);
  return {
    kind: (p) => (p.endsWith('/Dockerfile') ? 'file' : level(p) >= 0 && level(p) <= depth ? 'dir' : undefined),
    list: (p) => (level(p) >= 0 && level(p) < depth ? ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'] : []),
    read: () => undefined,
  };
}

const sevenStars = 'FROM a\nCOPY */*/*/*/*/*/*/missing.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=missing.py\n';

test('detection over a 2-million-folder tree at depth 7 stops at the entry limit and keeps the Dockerfile folder', () => {
  const disk = counting(wideTree(7));
  const logs: string[] = [];
  const dockerfilePath = '/w/d0/d0/d0/d0/d0/d0/d0/Dockerfile';
  const analysis = analyzeDockerfile(sevenStars, { dockerfilePath, workspaceRoot: '/w', fs: disk, log: (m) => logs.push(m) });
  assert.equal(analysis.contextDir, path.dirname(dockerfilePath));
  assert.ok(disk.calls.listed <= CONTEXT_LIMITS.entries * 2 + 100, JSON.stringify(disk.calls));
  assert.ok(disk.calls.kind + disk.calls.list <= CONTEXT_LIMITS.entries * 2 + 100, JSON.stringify(disk.calls));
  assert.ok(
    logs.some((m) => /build context detection stopped: the COPY source '.*' needs more than 20000 folder entries/.test(m)),
    logs.join('\n'),
  );
});

test('a configured context whose COPY glob needs more than the limit: that stage is unknown, not missing', () => {
  const disk = counting(wideTree(7));
  const logs: string[] = [];
  const analysis = analyzeDockerfile(sevenStars, {
    dockerfilePath: '/w/Dockerfile',
    context: '/w',
    fs: disk,
    log: (m, failure) => logs.push(failure ? `internal ${m}` : m),
  });
  assert.deepEqual(
    analysis.diagnostics.map((d) => d.code),
    [],
  );
  assert.ok(disk.calls.listed <= CONTEXT_LIMITS.entries * 2 + 100, JSON.stringify(disk.calls));
  assert.deepEqual(logs, [
    "image files of stage 1 (line 1) are unknown: the COPY source '*/*/*/*/*/*/*/missing.py' needs more than 20000 folder entries",
  ]);
});

test('ten symbolic links to . are not walked through: a five-star glob lists a handful of folders', (t) => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-links-')));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'app', 'code'), { recursive: true });
  for (let i = 0; i < 10; i++) fs.symlinkSync('.', path.join(root, `link${i}`));
  fs.writeFileSync(path.join(root, 'app', 'code', 'train.py'), 'print(1)\n');
  const text = 'FROM a\nCOPY */*/*/*/*/missing.py /opt/ml/code/\nCOPY */code/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n';
  fs.writeFileSync(path.join(root, 'app', 'Dockerfile'), text);
  const disk = counting(nodeFileSystem());
  const analysis = analyzeDockerfile(text, { dockerfilePath: path.join(root, 'app', 'Dockerfile'), workspaceRoot: root, fs: disk });
  assert.equal(analysis.contextDir, path.join(root, 'app'));
  // Without links followed: the root's 11 entries and app's 2, a few times over; with them, 11^5 paths.
  assert.ok(disk.calls.listed < 200, JSON.stringify(disk.calls));
});

test('the server reads only regular files of bounded size from the context: a FIFO, a device and a big file are unreadable at once', (t) => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-special-')));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const fifo = path.join(root, 'train.py');
  execFileSync('mkfifo', [fifo]);
  fs.symlinkSync('/dev/zero', path.join(root, '.dockerignore'));
  fs.symlinkSync('/dev/urandom', path.join(root, 'serve.py'));
  fs.writeFileSync(path.join(root, 'big.py'), Buffer.alloc(CONTEXT_LIMITS.fileBytes + 1, 0x61));
  fs.writeFileSync(path.join(root, 'small.py'), 'def main():\n    pass\n');
  const disk = nodeFileSystem();
  for (const name of ['train.py', '.dockerignore', 'serve.py', 'big.py']) assert.equal(disk.read(path.join(root, name)), undefined, name);
  assert.equal(disk.read(path.join(root, 'small.py')), 'def main():\n    pass\n');
  // The whole analysis: SM205-style reads of the FIFO program and the module file end without blocking.
  const text = 'FROM a\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=serve:main\n';
  const analysis = analyzeDockerfile(text, { dockerfilePath: path.join(root, 'Dockerfile'), workspaceRoot: root });
  assert.equal(analysis.contextDir, root);
});

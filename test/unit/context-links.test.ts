// Symbolic links in the build context are followed as the builder follows them: inside the context
// only, an absolute target counted from the context's root (context-links.ts). Real links on disk.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDockerfile } from '../../analysis/src';
import { scopedToContext } from '../../analysis/src/context-links';
import type { ContextFileSystem } from '../../analysis/src/types';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-links-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A build context `name` with `files` (text) and `links` (target as written), checked with `dockerfile`. */
function check(name: string, dockerfile: string, files: Record<string, string>, links: Record<string, string>) {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries({ ...files, Dockerfile: dockerfile })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  for (const [rel, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, rel));
  }
  const dockerfilePath = path.join(dir, 'Dockerfile');
  const result = analyzeDockerfile(dockerfile, { dockerfilePath, context: dir });
  return result.diagnostics.filter((d) => d.code === 'SM202').map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

const outside = path.join(root, 'outside');
fs.mkdirSync(outside);
fs.writeFileSync(path.join(outside, 'train.py'), 'print(1)\n');

const COPY_FILE = 'FROM python:3.11\nRUN pip install sagemaker-training\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n';
const COPY_FOLDER = 'FROM python:3.11\nRUN pip install sagemaker-training\nCOPY code/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n';

describe('SM202 and links in the build context', () => {
  it('a script linked to a file outside the context is missing, and the message says why', () => {
    const messages = check('file-out', COPY_FILE, {}, { 'train.py': path.join(outside, 'train.py') });
    assert.equal(messages.length, 1);
    assert.match(
      messages[0],
      /'train\.py' is not in the build context .*: it is a symbolic link, which the builder resolves inside the build context only/,
    );
  });

  it('a folder linked outside through ../ is missing, and the message names the link', () => {
    const messages = check('folder-out', COPY_FOLDER, {}, { code: '../outside' });
    assert.equal(messages.length, 1);
    assert.match(messages[0], /'code\/train\.py' is not in the build context .*: 'code' is a symbolic link/);
  });

  it('a link to a file inside the context is followed', () => {
    assert.deepEqual(check('file-in', COPY_FILE, { 'src/train.py': '' }, { 'train.py': 'src/train.py' }), []);
  });

  it('an absolute target counts from the context root', () => {
    assert.deepEqual(check('absolute-in', COPY_FILE, { 'src/train.py': '' }, { 'train.py': '/src/train.py' }), []);
  });

  it('a loop of links ends, and names nothing', () => {
    const messages = check('loop', COPY_FILE, {}, { 'train.py': 'a', a: 'train.py' });
    assert.equal(messages.length, 1);
  });
});

describe('scopedToContext', () => {
  // A disk of one context /c: `up` leads out through '..', `abs` names /etc/passwd, `deep/x` lands on /c/y.
  const links: Record<string, string> = { '/c/up': '../../etc', '/c/abs': '/etc/passwd', '/c/deep/x': '../../../y' };
  const files = new Set(['/c/y', '/c/etc/passwd', '/etc/passwd']);
  const disk: ContextFileSystem = {
    kind: (p) => (files.has(p) ? 'file' : undefined),
    list: () => [],
    read: (p) => (files.has(p) ? p : undefined),
    isLink: (p) => p in links,
    readLink: (p) => links[p],
  };
  const scoped = scopedToContext('/c', disk);

  it('keeps .. and absolute targets inside the context', () => {
    assert.equal(scoped.read('/c/abs'), '/c/etc/passwd');
    assert.equal(scoped.read('/c/up/passwd'), '/c/etc/passwd');
    assert.equal(scoped.read('/c/deep/x'), '/c/y');
  });

  it('leaves paths outside the context as they are', () => {
    assert.equal(scoped.read('/etc/passwd'), '/etc/passwd');
  });
});

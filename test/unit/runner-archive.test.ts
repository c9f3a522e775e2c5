// model.tar.gz like the SDK's (top-level entries under their own names) and the model folder for serving.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  createArchive,
  createModelArchive,
  isJobFolder,
  prepareModelFolder,
  tarCreateCommand,
  tarCreateManyCommand,
  tarExtractCommand,
} from '../../runner/src/archive';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-archive-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const hasTar = spawnSync('tar', ['--version']).status === 0;

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('tar command lines', () => {
  it('create: entries named one by one after --, no ./ prefix', () => {
    assert.deepEqual(tarCreateCommand('/j/model.tar.gz', '/j/model', ['a.json', '-weird']), {
      command: 'tar',
      args: ['-czf', '/j/model.tar.gz', '-C', '/j/model', '--', 'a.json', '-weird'],
    });
  });

  it('several folders: -C per folder, an entry starting with - written ./-x', () => {
    assert.deepEqual(
      tarCreateManyCommand('/j/m.tar.gz', [
        { dir: '/j/algo-1/model', entries: ['a', '-b'] },
        { dir: '/j/algo-2/model', entries: [] },
        { dir: '/j/algo-3/model', entries: ['c'] },
      ]).args,
      ['-czf', '/j/m.tar.gz', '-C', '/j/algo-1/model', 'a', './-b', '-C', '/j/algo-3/model', 'c'],
    );
    assert.deepEqual(tarCreateManyCommand('/a.tgz', [{ dir: '/d', entries: ['-x'] }]).args, ['-czf', '/a.tgz', '-C', '/d', '--', '-x']);
  });

  it("extract into a folder, never restoring the archive's owners", () => {
    assert.deepEqual(tarExtractCommand('/m.tar.gz', '/dest', '/bin/tar'), {
      command: '/bin/tar',
      args: ['-xzf', '/m.tar.gz', '-C', '/dest', '--no-same-owner'],
    });
  });
});

describe('createModelArchive', { skip: hasTar ? false : 'no tar on this machine' }, () => {
  it('packs every entry of the model folder; listing matches the SDK (no ./ prefix)', async () => {
    const model = tree('model', { 'model.json': '{}', 'weights/layer0.bin': 'x' });
    const archive = path.join(tmp, 'model.tar.gz');
    assert.deepEqual(await createModelArchive(model, archive), { kind: 'done', path: archive });
    const listing = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual(listing, ['model.json', 'weights/', 'weights/layer0.bin']);
  });

  it('an empty model folder gives a valid empty archive', async () => {
    const archive = path.join(tmp, 'empty.tar.gz');
    const result = await createModelArchive(tree('empty', {}), archive);
    assert.equal(result.kind, 'done');
    assert.equal(zlib.gunzipSync(fs.readFileSync(archive)).length, 10240);
    assert.equal(spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout, '');
  });

  it('several hosts: one archive, later folders win; links are stored as links, never followed', async () => {
    const one = tree('h1', { 'model.json': '1', 'only1.txt': 'x' });
    const two = tree('h2', { 'model.json': '2' });
    fs.symlinkSync('/etc', path.join(two, 'etc-link'));
    const archive = path.join(tmp, 'hosts.tar.gz');
    assert.equal((await createArchive([one, two], archive)).kind, 'done');
    const listing = spawnSync('tar', ['-tvzf', archive], { encoding: 'utf8' }).stdout;
    assert.match(listing, /etc-link -> \/etc/);
    assert.ok(!/passwd|hostname/.test(listing), 'nothing of /etc was packed');
    const out = path.join(tmp, 'hosts-out');
    fs.mkdirSync(out);
    spawnSync('tar', ['-xzf', archive, '-C', out]);
    assert.equal(fs.readFileSync(path.join(out, 'model.json'), 'utf8'), '2');
    assert.equal(fs.readFileSync(path.join(out, 'only1.txt'), 'utf8'), 'x');
  });

  it('a missing tar is a failure value', async () => {
    const result = await createModelArchive(tree('m2', { a: '1' }), path.join(tmp, 'm2.tar.gz'), { tarPath: 'no-such-tar-xyz' });
    assert.equal(result.kind, 'failed');
  });
});

describe('prepareModelFolder', { skip: hasTar ? false : 'no tar on this machine' }, () => {
  it('extracts a model.tar.gz; copies a folder and extracts the archives in it, as the SDK does', async () => {
    const source = tree('src', { 'model.json': '{"a":1}' });
    const archive = path.join(tmp, 'src.tar.gz');
    await createModelArchive(source, archive);
    const fromArchive = path.join(tmp, 'serve1', 'model');
    assert.equal((await prepareModelFolder(archive, fromArchive)).kind, 'done');
    assert.deepEqual(fs.readdirSync(fromArchive), ['model.json']);

    const folder = tree('folder', { 'extra.txt': 'x' });
    fs.copyFileSync(archive, path.join(folder, 'model.tar.gz'));
    const fromFolder = path.join(tmp, 'serve2', 'model');
    assert.equal((await prepareModelFolder(folder, fromFolder)).kind, 'done');
    assert.deepEqual(fs.readdirSync(fromFolder).sort(), ['extra.txt', 'model.json', 'model.tar.gz']);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['extra.txt', 'model.tar.gz'], "the user's folder is left alone");
  });

  it("a training job's folder: its model.tar.gz is extracted, nothing else of the folder", async () => {
    const job = tree('job', { 'input/config/resourceconfig.json': '{}', 'output/success': '', 'model/model.json': '{"m":1}' });
    await createModelArchive(path.join(job, 'model'), path.join(job, 'model.tar.gz'));
    assert.equal(isJobFolder(job), true);
    assert.equal(isJobFolder(path.join(job, 'model')), false);
    const target = path.join(tmp, 'serve-job', 'model');
    assert.equal((await prepareModelFolder(job, target)).kind, 'done');
    assert.deepEqual(fs.readdirSync(target), ['model.json']);
  });

  it('a missing source is a failure value', async () => {
    const result = await prepareModelFolder(path.join(tmp, 'nope'), path.join(tmp, 'serve3'));
    assert.equal(result.kind, 'failed');
  });
});

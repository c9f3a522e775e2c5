// model.tar.gz like the SDK's (top-level entries under their own names) and the model folder for serving.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createModelArchive, prepareModelFolder, tarCreateCommand, tarExtractCommand } from '../../runner/src/archive';

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

  it('extract into a folder', () => {
    assert.deepEqual(tarExtractCommand('/m.tar.gz', '/dest', '/bin/tar'), { command: '/bin/tar', args: ['-xzf', '/m.tar.gz', '-C', '/dest'] });
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

  it('a missing source is a failure value', async () => {
    const result = await prepareModelFolder(path.join(tmp, 'nope'), path.join(tmp, 'serve3'));
    assert.equal(result.kind, 'failed');
  });
});

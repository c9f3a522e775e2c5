// Which files of a channel folder are uploaded, under which keys: nested files with '/', a link to a file
// as the file, a link to a folder skipped (no cycles), in a stable order.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFolder } from '../../cloud/src/upload';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cloud-upload-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

it('lists regular files and links to files; skips links to folders', () => {
  const dir = path.join(root, 'data');
  fs.mkdirSync(path.join(dir, 'b', 'c'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'z.csv'), '12345');
  fs.writeFileSync(path.join(dir, 'b', 'c', 'deep.bin'), 'xy');
  fs.writeFileSync(path.join(root, 'outside.txt'), 'abc');
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(dir, 'linked.txt'));
  fs.symlinkSync(dir, path.join(dir, 'b', 'loop'));
  const listing = listFolder(dir);
  assert.deepEqual(
    listing.files.map((f) => [f.key, f.size]),
    [
      ['b/c/deep.bin', 2],
      ['linked.txt', 3],
      ['z.csv', 5],
    ],
  );
  assert.equal(listing.bytes, 10);
  assert.deepEqual(listing.skipped, ['b/loop']);
});

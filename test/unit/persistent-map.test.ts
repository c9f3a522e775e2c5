// The image-path map: every version answers like a plain Map of its own, updates under one edit token
// change only the nodes that token made, and keys whose hashes are equal (FNV-1a: '/p/35zx' and
// '/p/apcd') live side by side.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getIn, updateIn, type PersistentMap } from '../../analysis/src/persistent-map';

const set = (map: PersistentMap<number>, key: string, value: number, edit?: object) => updateIn(map, key, () => value, edit);

describe('persistent map', () => {
  it('answers like a Map for thousands of keys, with updates of keys already there', () => {
    let map: PersistentMap<number>;
    const expected = new Map<string, number>();
    const edit = {};
    for (let i = 0; i < 5_000; i++) {
      const key = `/opt/ml/code/${(i * 7919) % 3_001}`;
      map = updateIn(map, key, (old) => (old ?? 0) + i, edit);
      expected.set(key, (expected.get(key) ?? 0) + i);
    }
    for (const [key, value] of expected) assert.equal(getIn(map, key), value, key);
    assert.equal(getIn(map, '/opt/ml/code/not-there'), undefined);
    assert.equal(getIn(undefined, '/anything'), undefined);
  });

  it('keeps keys whose hashes are equal apart, in every order and through updates', () => {
    for (const [first, second] of [
      ['/p/35zx', '/p/apcd'],
      ['/p/apcd', '/p/35zx'],
    ]) {
      const one = set(undefined, first, 1);
      const both = set(one, second, 2);
      assert.equal(getIn(one, second), undefined, 'the older version does not see the newer key');
      assert.deepEqual([getIn(both, first), getIn(both, second)], [1, 2]);
      const updated = set(both, first, 3);
      assert.deepEqual([getIn(updated, first), getIn(updated, second)], [3, 2]);
      assert.deepEqual([getIn(both, first), getIn(both, second)], [1, 2], 'the version updated without its token is unchanged');
      // Beside a key of another hash, one level down.
      const three = set(updated, '/p/other', 4);
      assert.deepEqual([getIn(three, first), getIn(three, second), getIn(three, '/p/other')], [3, 2, 4]);
    }
  });

  it('changes in place only what its own edit token made', () => {
    const parentEdit = {};
    let parent: PersistentMap<number>;
    for (let i = 0; i < 200; i++) parent = set(parent, `/a/${i}`, i, parentEdit);
    const childEdit = {};
    let child = parent;
    for (let i = 0; i < 200; i += 2) child = set(child, `/a/${i}`, -i, childEdit);
    child = set(child, '/p/35zx', 1, childEdit);
    child = set(child, '/p/apcd', 2, childEdit);
    child = set(child, '/p/35zx', 5, childEdit);
    for (let i = 0; i < 200; i++) {
      assert.equal(getIn(parent, `/a/${i}`), i, 'the parent keeps its values');
      assert.equal(getIn(child, `/a/${i}`), i % 2 === 0 ? -i : i);
    }
    assert.deepEqual([getIn(parent, '/p/35zx'), getIn(child, '/p/35zx'), getIn(child, '/p/apcd')], [undefined, 5, 2]);
  });
});

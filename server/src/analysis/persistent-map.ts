// An immutable map from strings to values (a hash array mapped trie): `updateIn` returns a new map that
// shares everything it did not change. Each stage of a Dockerfile extends its parent's map of image
// paths this way, so a thousand chained stages cost a thousand small updates, not a thousand copies.

const BITS = 5;
const MASK = (1 << BITS) - 1;

interface Bucket<V> {
  readonly hash: number;
  readonly keys: readonly string[];
  readonly values: readonly V[];
}

interface Branch<V> {
  readonly bitmap: number;
  readonly children: ReadonlyArray<Node<V>>;
}

type Node<V> = Bucket<V> | Branch<V>;

/** A map value; `undefined` is the empty map. */
export type PersistentMap<V> = Node<V> | undefined;

const isBranch = <V>(node: Node<V>): node is Branch<V> => 'bitmap' in node;

function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function getIn<V>(map: PersistentMap<V>, key: string): V | undefined {
  const hash = hashOf(key);
  let node = map;
  for (let shift = 0; node; shift += BITS) {
    if (!isBranch(node)) {
      if (node.hash !== hash) return undefined;
      const i = node.keys.indexOf(key);
      return i < 0 ? undefined : node.values[i];
    }
    const bit = 1 << ((hash >>> shift) & MASK);
    if (!(node.bitmap & bit)) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

/** The map with `key` set to `update(its current value)`, in one walk down the trie. */
export function updateIn<V>(map: PersistentMap<V>, key: string, update: (old: V | undefined) => V): Node<V> {
  return insert(map, hashOf(key), 0, key, update);
}

// Recursion depth is at most 32 / BITS + 1, whatever the input.
function insert<V>(node: Node<V> | undefined, hash: number, shift: number, key: string, update: (old: V | undefined) => V): Node<V> {
  if (!node) return { hash, keys: [key], values: [update(undefined)] };
  if (!isBranch(node)) {
    if (node.hash === hash) {
      const i = node.keys.indexOf(key);
      if (i < 0) return { hash, keys: [...node.keys, key], values: [...node.values, update(undefined)] };
      const values = node.values.slice();
      values[i] = update(values[i]);
      return { hash, keys: node.keys, values };
    }
    // Two different hashes: push the bucket one level down and insert beside it.
    const branch: Branch<V> = { bitmap: 1 << ((node.hash >>> shift) & MASK), children: [node] };
    return insert(branch, hash, shift, key, update);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if (node.bitmap & bit) {
    children[index] = insert(children[index], hash, shift + BITS, key, update);
    return { bitmap: node.bitmap, children };
  }
  children.splice(index, 0, { hash, keys: [key], values: [update(undefined)] });
  return { bitmap: node.bitmap | bit, children };
}

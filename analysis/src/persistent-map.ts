// An immutable map from strings to values (a hash array mapped trie): `updateIn` returns a new map that
// shares everything it did not change. Each stage of a Dockerfile extends its parent's map of image
// paths this way, so a thousand chained stages cost a thousand small updates, not a thousand copies.
//
// Updates made under one edit token change the nodes that token made in place (as Clojure's transients
// do): a stage adding its layers copies each node once, not once per layer. A map another holder keeps
// (a parent stage's, a snapshot) must not be updated under the token that made it: start a new token.

const BITS = 5;
const MASK = (1 << BITS) - 1;

/** Marks the nodes made by one run of updates; any object. */
export type EditToken = object;

/** One key: what almost every slot of an image-path map holds. */
interface Leaf<V> {
  hash: number;
  key: string;
  value: V;
  edit?: EditToken;
}

/** Keys whose hashes are equal. */
interface Collision<V> {
  hash: number;
  keys: string[];
  values: V[];
  edit?: EditToken;
}

interface Branch<V> {
  bitmap: number;
  children: Array<Node<V>>;
  edit?: EditToken;
}

type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

/** A map value; `undefined` is the empty map. */
export type PersistentMap<V> = Node<V> | undefined;

const isBranch = <V>(node: Node<V>): node is Branch<V> => 'bitmap' in node;
const isLeaf = <V>(node: Leaf<V> | Collision<V>): node is Leaf<V> => 'key' in node;

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
      if (isLeaf(node)) return node.key === key ? node.value : undefined;
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
export function updateIn<V>(map: PersistentMap<V>, key: string, update: (old: V | undefined) => V, edit?: EditToken): Node<V> {
  return insert(map, hashOf(key), 0, key, update, edit);
}

// Recursion depth is at most 32 / BITS + 1, whatever the input.
function insert<V>(
  node: Node<V> | undefined,
  hash: number,
  shift: number,
  key: string,
  update: (old: V | undefined) => V,
  edit: EditToken | undefined,
): Node<V> {
  if (!node) return { hash, key, value: update(undefined), edit };
  const own = edit !== undefined && node.edit === edit;
  if (!isBranch(node)) {
    if (node.hash === hash) return updateSameHash(node, own, key, update, edit);
    // Two different hashes: push the leaf or collision one level down and insert beside it.
    const branch: Branch<V> = { bitmap: 1 << ((node.hash >>> shift) & MASK), children: [node], edit };
    return insert(branch, hash, shift, key, update, edit);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if (!(node.bitmap & bit)) {
    const children = withInserted(node.children, index, { hash, key, value: update(undefined), edit });
    if (!own) return { bitmap: node.bitmap | bit, children, edit };
    node.bitmap |= bit;
    node.children = children;
    return node;
  }
  const branch = own ? node : { bitmap: node.bitmap, children: node.children.slice(), edit };
  branch.children[index] = insert(branch.children[index], hash, shift + BITS, key, update, edit);
  return branch;
}

function updateSameHash<V>(
  node: Leaf<V> | Collision<V>,
  own: boolean,
  key: string,
  update: (old: V | undefined) => V,
  edit: EditToken | undefined,
): Leaf<V> | Collision<V> {
  if (isLeaf(node)) {
    if (node.key !== key) return { hash: node.hash, keys: [node.key, key], values: [node.value, update(undefined)], edit };
    const value = update(node.value);
    if (!own) return { hash: node.hash, key, value, edit };
    node.value = value;
    return node;
  }
  const i = node.keys.indexOf(key);
  const bucket = own ? node : { hash: node.hash, keys: node.keys.slice(), values: node.values.slice(), edit };
  if (i < 0) {
    bucket.keys.push(key);
    bucket.values.push(update(undefined));
  } else {
    bucket.values[i] = update(bucket.values[i]);
  }
  return bucket;
}

/** A copy of `items` with `item` at `index`, at its final size (splice would leave room for more in every node). */
function withInserted<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = new Array<T>(items.length + 1);
  for (let i = 0; i < index; i++) copy[i] = items[i];
  copy[index] = item;
  for (let i = index; i < items.length; i++) copy[i + 1] = items[i];
  return copy;
}

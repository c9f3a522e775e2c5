// The index of one stage's image paths: what the layers say about each path, in a persistent map
// (persistent-map.ts) that extends the parent stage's, so a lookup or folder question costs the
// depth of the path and the layers placed on it, never the length of the chain of stages. Lookups
// follow `COPY --from` with a stack of frames, not recursion, and decide each (index version, path)
// once. files.ts builds the layers; this file answers questions about them.
import * as path from 'node:path';
import type { BuildContext } from './context';
import type { FolderState, Layer, Lookup } from './image-files';
import type { Stage } from './model';
import { getIn, updateIn, type EditToken, type PersistentMap } from './persistent-map';

/** Layers on one path, newest first. */
interface LayerList {
  layer: Layer;
  seq: number;
  next?: LayerList;
}

/** What the layers say about one path; sequence numbers grow along the chain of stages, -1 is none. */
interface PathFacts {
  /** Layers placed exactly here that a lookup reads. */
  layers?: LayerList;
  /** Newest layer that makes this path a folder: a folder copy or WORKDIR here, or anything below it. */
  dirSeq: number;
  /** Newest layer that makes this path and what is under it unknown. */
  unknownSeq: number;
  /** The edit that made these facts: that edit may change them in place. */
  edit?: EditToken;
}

export interface PathIndex {
  map: PersistentMap<PathFacts>;
  /** Sequence number of the next layer. */
  next: number;
  /** Built on a stage whose files could not be modelled: what no layer decides is unknown, not absent. */
  unknownBase?: boolean;
}

/** Work done on image paths, counted for the tests that prove it grows linearly; the analysis never reads it. */
export const imageWork = { pathUpdates: 0, layerVisits: 0, stageFollows: 0 };

const NO_FACTS: PathFacts = { dirSeq: -1, unknownSeq: -1 };
export const EMPTY_INDEX: PathIndex = { map: undefined, next: 0 };

/** Ancestors of the paths seen lately: the same few folders come back for every layer and lookup. */
const ancestorCache = new Map<string, readonly string[]>();

/** '/a/b/c' → ['/a/b', '/a', '/']. */
function ancestors(p: string): readonly string[] {
  let result = ancestorCache.get(p);
  if (result) return result;
  const found: string[] = [];
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) found.push(p.slice(0, i));
  if (p !== '/') found.push('/');
  if (ancestorCache.size >= 10_000) ancestorCache.clear();
  ancestorCache.set(p, (result = found));
  return result;
}

const factsAt = (map: PersistentMap<PathFacts>, p: string): PathFacts => getIn(map, p) ?? NO_FACTS;

/** The index with one more layer. Facts and trie nodes made under `edit` are changed in place (persistent-map.ts). */
export function addLayer(index: PathIndex, layer: Layer, edit: EditToken): PathIndex {
  const seq = index.next;
  const dirLike = layer.kind === 'dir' || layer.kind === 'created' || (layer.kind === 'stage-copy' && layer.asDir);
  const folders = ancestors(layer.path);
  const writable = (old: PathFacts | undefined): PathFacts =>
    old?.edit === edit ? old : { layers: old?.layers, dirSeq: old?.dirSeq ?? -1, unknownSeq: old?.unknownSeq ?? -1, edit };
  const marked = (old: PathFacts | undefined): PathFacts => {
    const facts = writable(old);
    facts.dirSeq = seq;
    return facts;
  };
  // From '/' down, each folder is marked as one. A folder already marked after every unknown layer on it
  // or above it gives the same answers if it is marked again (only those layers' seq is ever compared
  // with its dirSeq): it is skipped, and so is a WORKDIR (a 'created' layer) on such a path.
  let map = index.map;
  let unknownAbove = -1;
  for (let i = folders.length - 1; i >= 0; i--) {
    const facts = factsAt(map, folders[i]);
    unknownAbove = Math.max(unknownAbove, facts.unknownSeq);
    if (facts.dirSeq > unknownAbove) continue;
    imageWork.pathUpdates++;
    map = updateIn(map, folders[i], marked, edit);
  }
  const own = factsAt(map, layer.path);
  if (layer.kind === 'created' && own.dirSeq > Math.max(unknownAbove, own.unknownSeq)) {
    return { map, next: seq + 1, unknownBase: index.unknownBase };
  }
  imageWork.pathUpdates++;
  map = updateIn(
    map,
    layer.path,
    (old) => {
      const facts = writable(old);
      if (layer.kind !== 'created') facts.layers = { layer, seq, next: facts.layers };
      if (dirLike) facts.dirSeq = seq;
      if (layer.kind === 'unknown') facts.unknownSeq = seq;
      return facts;
    },
    edit,
  );
  return { map, next: seq + 1, unknownBase: index.unknownBase };
}

export function folderStateIn(index: PathIndex, p: string): FolderState {
  const own = factsAt(index.map, p);
  let unknown = own.unknownSeq;
  for (const folder of ancestors(p)) unknown = Math.max(unknown, factsAt(index.map, folder).unknownSeq);
  if (unknown < 0 && own.dirSeq < 0) return p === '/' ? 'dir' : index.unknownBase ? 'unknown' : 'absent';
  return unknown > own.dirSeq ? 'unknown' : 'dir';
}

type Step = Lookup | { status: 'continue' } | { status: 'follow'; stage: Stage; path: string };

function step(layer: Layer, p: string, context: BuildContext | undefined): Step {
  switch (layer.kind) {
    case 'file':
      // A source that .dockerignore excludes never reaches the image.
      if (layer.path === p && !(context && layer.source && context.isIgnored(layer.source))) {
        return { status: 'present', layer, contextPath: layer.source || undefined };
      }
      break;
    case 'dir': {
      if (p === layer.path) break;
      if (!context) return { status: 'unknown', layer };
      const inside = path.posix.relative(layer.path, p);
      const rel = path.posix.join(layer.source, inside);
      if (context.fs.kind(path.join(context.dir, rel)) && !context.isIgnored(rel) && !layer.excludes?.(inside)) {
        return { status: 'present', layer, contextPath: rel };
      }
      break;
    }
    case 'stage-copy':
      if (p === layer.path && !layer.asDir) return { status: 'present', layer };
      return { status: 'follow', stage: layer.stage, path: path.posix.join(layer.source, path.posix.relative(layer.path, p)) };
    case 'unknown':
      return { status: 'unknown', layer };
    case 'created':
      break;
  }
  return { status: 'continue' };
}

/**
 * Results of lookups per state and path. A state is where a lookup stands: at the start of an index,
 * or just past a layer. Past a layer, what is left is that layer's history, the same in every index
 * that holds it, so the state is keyed by the layer's list node.
 */
const lookupMemo = new WeakMap<object, Map<string, Lookup>>();
const ABSENT: Lookup = { status: 'absent' };

interface Frame {
  p: string;
  /** Per path (`p`, then its folders): the next layer on it, newest first. */
  heads: Array<LayerList | undefined>;
  /** The current state: the index, or the last layer taken. */
  state: object;
  unknownBase: boolean;
  /** States this frame went through: they all share its result. */
  visited: object[];
}

/** Takes the newest layer among the frame's paths. */
function takeNewest(frame: Frame): LayerList | undefined {
  let best: LayerList | undefined;
  let bestAt = -1;
  for (let i = 0; i < frame.heads.length; i++) {
    const head = frame.heads[i];
    if (head && (!best || head.seq > best.seq)) {
      best = head;
      bestAt = i;
    }
  }
  if (!best) return undefined;
  frame.heads[bestAt] = best.next;
  return best;
}

/**
 * The newest layer that decides `p`. A `COPY --from` layer continues in the other stage; when nothing
 * there has the path, the older layers are asked, as Docker's layering implies. Frames on a stack, not
 * recursion; each state is decided once per path, so long chains of copies cost linear work.
 */
export function lookupIn(
  start: PathIndex,
  p: string,
  context: BuildContext | undefined,
  indexOf: (stage: Stage) => PathIndex | undefined,
): Lookup {
  const stack: Frame[] = [];
  const open = (index: PathIndex, at: string) =>
    stack.push({
      p: at,
      heads: [at, ...ancestors(at)].map((x) => factsAt(index.map, x).layers),
      state: index,
      unknownBase: !!index.unknownBase,
      visited: [],
    });
  const settle = (frames: Frame[], result: Lookup) => {
    for (const frame of frames) {
      for (const state of frame.visited) {
        let memo = lookupMemo.get(state);
        if (!memo) lookupMemo.set(state, (memo = new Map<string, Lookup>()));
        memo.set(frame.p, result);
      }
    }
  };
  open(start, p);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    let result = lookupMemo.get(frame.state)?.get(frame.p);
    if (!result) {
      frame.visited.push(frame.state);
      const head = takeNewest(frame);
      if (!head) {
        result = frame.unknownBase ? { status: 'unknown' } : ABSENT;
      } else {
        imageWork.layerVisits++;
        frame.state = head;
        const found = step(head.layer, frame.p, context);
        if (found.status === 'follow') {
          const other = indexOf(found.stage);
          if (!other) {
            result = { status: 'unknown', layer: head.layer };
          } else {
            imageWork.stageFollows++;
            open(other, found.path);
            continue;
          }
        } else if (found.status === 'continue') {
          continue;
        } else {
          result = found;
        }
      }
    }
    if (result.status !== 'absent') {
      settle(stack, result);
      return result;
    }
    settle([frame], result);
    stack.pop();
  }
  return ABSENT;
}

/** What a `COPY --from` source is in its stage: 'outside' when no layer put anything there. */
export function sourceKind(index: PathIndex, source: string): 'dir' | 'file' | 'unknown' | 'outside' {
  const state = folderStateIn(index, source);
  if (state !== 'absent') return state;
  // The newest layer on the path itself; a folder or unknown one would have made the state 'dir' or 'unknown'.
  return factsAt(index.map, source).layers ? 'file' : 'outside';
}

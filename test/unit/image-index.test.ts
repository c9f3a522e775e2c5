// The image-path index against the plain reading of its layers: on random layers over a small tree of
// paths, added across stages (each stage extends the previous stage's index under a token of its own), the
// folder state of every path is what scanning all the layers says. The index skips work the scan does (it
// stops marking folders that are already marked after the newest unknown layer); the answers must not move.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addLayer, EMPTY_INDEX, folderStateIn, type PathIndex } from '../../analysis/src/image-index';
import type { FolderState, Layer } from '../../analysis/src/image-files';
import type { Instr } from '../../analysis/src/parse';

const PATHS = ['/', '/a', '/a/b', '/a/b/c', '/a/b/c/d', '/a/x', '/opt', '/opt/ml', '/opt/ml/code', '/opt/ml/code/train.py'];
const KINDS = ['file', 'dir', 'created', 'unknown'] as const;
const instr = {} as Instr;

const isBelow = (p: string, folder: string) => p !== folder && (folder === '/' ? p.startsWith('/') : p.startsWith(`${folder}/`));

/** The folder state as a scan of every layer reads it (oldest first, the index's sequence numbers). */
function scanned(layers: readonly Layer[], p: string, unknownBase: boolean): FolderState {
  let unknown = -1;
  let dir = -1;
  layers.forEach((layer, seq) => {
    if (layer.kind === 'unknown' && (layer.path === p || isBelow(p, layer.path))) unknown = seq;
    if (layer.path === p && (layer.kind === 'dir' || layer.kind === 'created')) dir = seq;
    if (isBelow(layer.path, p)) dir = seq;
  });
  if (unknown < 0 && dir < 0) return p === '/' ? 'dir' : unknownBase ? 'unknown' : 'absent';
  return unknown > dir ? 'unknown' : 'dir';
}

function layerOf(kind: (typeof KINDS)[number], at: string): Layer {
  return kind === 'file' || kind === 'dir' ? { kind, path: at, source: 'src', instr } : { kind, path: at, instr };
}

const stages = fc.array(fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.constantFrom(...PATHS)), { maxLength: 12 }), {
  minLength: 1,
  maxLength: 6,
});

describe('image index', () => {
  it('answers every folder question as a scan of its layers does, across stages', () => {
    fc.assert(
      fc.property(stages, fc.boolean(), (stageLayers, unknownBase) => {
        let index: PathIndex = unknownBase ? { ...EMPTY_INDEX, unknownBase } : EMPTY_INDEX;
        const layers: Layer[] = [];
        const snapshots: Array<{ index: PathIndex; count: number }> = [];
        for (const own of stageLayers) {
          const edit = {};
          for (const [kind, at] of own) {
            const layer = layerOf(kind, at);
            index = addLayer(index, layer, edit);
            layers.push(layer);
          }
          snapshots.push({ index, count: layers.length });
        }
        // Every stage's index still answers for its own layers after the later stages were added.
        for (const { index: stageIndex, count } of snapshots) {
          for (const p of PATHS) {
            assert.equal(folderStateIn(stageIndex, p), scanned(layers.slice(0, count), p, unknownBase), `${p} after ${count} layers`);
          }
        }
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });
});

// Image files are built for the stages something asks about, and for what those are built from: the
// rules ask about the target chain, so the other stages of a many-stage file cost nothing. Counted,
// not timed, by wrapping buildImageFiles; and a property test holds the answers to those of stages built in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDockerfile } from '../../analysis/src';
import * as files from '../../analysis/src/files';

/** Runs `body` while counting the stages whose image files are built, by index. */
function countingBuilds<T>(body: (built: number[]) => T): T {
  const original = files.buildImageFiles;
  const patched = files as { buildImageFiles: typeof files.buildImageFiles };
  const built: number[] = [];
  patched.buildImageFiles = (stage, model, context, images) => {
    built.push(stage.index);
    return original(stage, model, context, images);
  };
  try {
    return body(built);
  } finally {
    patched.buildImageFiles = original;
  }
}

/** 1,000 unrelated stages, then a target built on stage 10 that copies from stage 500, which copies from stage 3. */
function manyStages(): string {
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(`FROM python:3.11 AS s${i}`, `COPY ${i === 500 ? '--from=s3 /opt/lib' : `lib${i}.py`} /opt/lib/`);
  }
  lines.push('FROM s10', 'COPY --from=s500 /opt/lib /opt/ml/code/lib', 'ENV SAGEMAKER_PROGRAM=train.py');
  return `${lines.join('\n')}\n`;
}

test('an analysis builds the image files of the target and of the stages it is built from, oldest first', () => {
  countingBuilds((built) => {
    const analysis = analyzeDockerfile(manyStages(), { context: null });
    assert.deepEqual(built, [3, 10, 500, 1000]);
    // SM201 still looks through both copies: lib3.py came in through stage 500.
    const target = analysis.model.stages[1000];
    assert.equal(analysis.images.get(target).lookup('/opt/ml/code/lib/lib3.py').status, 'present');
    assert.equal(analysis.images.get(target).lookup('/opt/ml/code/lib/lib4.py').status, 'absent');
    assert.deepEqual(built, [3, 10, 500, 1000], 'asking again builds nothing');
  });
});

test('a stage asked about later is built then, once, with the same answers as when built first', () => {
  const text = manyStages();
  const asked = countingBuilds((built) => {
    const analysis = analyzeDockerfile(text, { context: null });
    const stage = analysis.model.stages[700];
    const first = analysis.images.get(stage).lookup('/opt/lib/lib700.py');
    analysis.images.get(stage);
    return { built: [...built], status: first.status };
  });
  assert.deepEqual(asked, { built: [3, 10, 500, 1000, 700], status: 'present' });
});

test('a chain of 5,000 stages is built without recursion when its last stage is asked about first', () => {
  const lines = ['FROM python:3.11 AS s0', 'COPY a.py /opt/ml/code/'];
  for (let i = 1; i < 5000; i++) lines.push(`FROM s${i - 1} AS s${i}`, `WORKDIR /w${i}`);
  lines.push('ENV SAGEMAKER_PROGRAM=a.py');
  countingBuilds((built) => {
    const analysis = analyzeDockerfile(`${lines.join('\n')}\n`, { context: null });
    assert.equal(built.length, 5000);
    assert.ok(built.every((index, i) => index === i));
    // Only SM403 (python:3.11 has no `train`), after every stage's files were read.
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      ['SM403'],
    );
    assert.equal(analysis.images.get(analysis.model.stages[4999]).lookup('/opt/ml/code/a.py').status, 'present');
  });
});

/** A stage of the generated files: its base, then instructions that copy, create and change paths. */
const STEPS = [
  'COPY train.py /opt/ml/code/',
  'COPY lib/ /opt/ml/code/lib/',
  'WORKDIR /opt/ml/code',
  'RUN mkdir -p /opt/ml/code/out',
  'COPY serve.py /opt/program/serve.py',
  'COPY *.yaml /opt/ml/code/conf/',
] as const;
const PATHS = [
  '/opt/ml/code',
  '/opt/ml/code/train.py',
  '/opt/ml/code/lib/x.py',
  '/opt/ml/code/out/y',
  '/opt/program/serve.py',
  '/opt/app0/train.py',
];

const stageSpecs = fc.array(
  fc.record({
    base: fc.nat(6),
    from: fc.option(fc.nat(6), { nil: undefined }),
    steps: fc.array(fc.constantFrom(...STEPS), { maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function generated(specs: Array<{ base: number; from?: number; steps: readonly string[] }>): string {
  return specs
    .map(({ base, from, steps }, i) => {
      const lines = [`FROM ${base < i ? `s${base}` : 'python:3.11'} AS s${i}`, ...steps];
      if (from !== undefined && from < i) lines.push(`COPY --from=s${from} /opt/ml/code /opt/app${i % 2}/`);
      return lines.join('\n');
    })
    .join('\n');
}

test('the answers do not depend on the order in which stages are asked about', () => {
  fc.assert(
    fc.property(stageSpecs, fc.infiniteStream(fc.nat()), (specs, picks) => {
      const text = `${generated(specs)}\n`;
      const answers = (order: number[]) => {
        const analysis = analyzeDockerfile(text, { context: null });
        const stages = analysis.model.stages;
        const seen = new Map<number, string[]>();
        for (const index of order) {
          const files = analysis.images.get(stages[index]);
          seen.set(
            index,
            PATHS.map((p) => `${p}: ${files.lookup(p).status} ${files.folderState(p)}`),
          );
        }
        return [...seen.entries()].sort((a, b) => a[0] - b[0]);
      };
      const inOrder = specs.map((_, i) => i);
      const shuffled = [...inOrder];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = picks.next().value % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      assert.deepEqual(answers(shuffled.reverse()), answers(inOrder));
    }),
    { numRuns: 300, seed: 20261207 },
  );
});

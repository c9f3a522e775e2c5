// No rule or lookup is quadratic: the work the analysis does on a chain of stages is counted (paths
// indexed, layers visited, stages followed through COPY --from, reads of the build context, regular
// expression scans of the whole text) and must grow like the number of stages. And thousands of
// chained stages are analysed without a stack overflow: SM201 is still reported.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, type ContextFileSystem } from '../../analysis/src';
import { imageWork } from '../../analysis/src/image-index';
import { analyze, CTX, DOCKERFILE, memoryFs, only, pairsOf } from './helpers';

/** Stages that set and override the entry-point keys, copy folders and files between stages, WORKDIR and install. */
function chainedStages(count: number): string {
  const lines = ['FROM python:3.11 AS s0'];
  for (let i = 0; i < count - 1; i++) {
    lines.push(
      `FROM s${i} AS s${i + 1}`,
      `ENV SAGEMAKER_PROGRAM=train_${i}.py`,
      `COPY src${i % 10}/ /opt/ml/code/`,
      `WORKDIR /opt/ml/code/w${i % 10}`,
      `COPY --from=s${i} /opt/ml/code/lib/ /opt/ml/code/lib/`,
      `COPY --from=s${Math.floor(i / 2)} /opt/ml/code/w${i % 10} /opt/app${i % 3}/`,
      `ENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=pkg.mod:main SAGEMAKER_SERVING_MODULE=pkg.mod:app PYTHONPATH=/opt/app${i % 3}:/opt/ml/code/lib`,
      'RUN pip install -e /opt/ml/code',
      `COPY conf /etc/conf${i % 3}`,
      `# $SAGEMAKER_PROGRAM \${V${i}:-x}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

interface Work {
  pathUpdates: number;
  layerVisits: number;
  stageFollows: number;
  contextReads: number;
  wholeTextScans: number;
  diagnostics: number;
}

/** Counts every call to the context's disk. */
function countingFs(fs: ContextFileSystem, counter: { reads: number }): ContextFileSystem {
  return {
    kind: (p) => (counter.reads++, fs.kind(p)),
    list: (p) => (counter.reads++, fs.list(p)),
    read: (p) => (counter.reads++, fs.read(p)),
  };
}

function measure(stages: number): Work {
  const text = chainedStages(stages);
  const files: Record<string, string> = {
    Dockerfile: text,
    conf: 'x=1\n',
    'pyproject.toml': '[project]\nname = "pkg"\n',
    'pkg/__init__.py': '',
    'pkg/mod.py': 'def main():\n    pass\n',
  };
  for (let i = 0; i < 10; i++) files[`src${i}/util_${i}.py`] = '';
  const counter = { reads: 0 };
  const fs = countingFs(memoryFs(files), counter);
  // A scan of the whole text is a regular expression run that starts at its beginning.
  let scans = 0;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with the wrapper's `this`
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    if (typeof input === 'string' && input.length >= text.length / 2 && this.lastIndex === 0) scans++;
    return exec.call(this, input);
  };
  const before = { ...imageWork };
  try {
    const result = analyzeDockerfile(text, {
      dockerfilePath: DOCKERFILE,
      context: CTX,
      workspaceRoot: CTX,
      fs,
      log: (m) => assert.fail(m),
    });
    return {
      pathUpdates: imageWork.pathUpdates - before.pathUpdates,
      layerVisits: imageWork.layerVisits - before.layerVisits,
      stageFollows: imageWork.stageFollows - before.stageFollows,
      contextReads: counter.reads,
      wholeTextScans: scans,
      diagnostics: result.diagnostics.length,
    };
  } finally {
    RegExp.prototype.exec = exec;
  }
}

describe('work grows linearly with the number of stages', () => {
  const small = measure(500);
  const large = measure(1000);

  for (const key of ['pathUpdates', 'layerVisits', 'stageFollows', 'contextReads', 'diagnostics'] as const) {
    it(`${key}: 1,000 stages cost at most 2.2 times 500 stages (quadratic would be 4)`, () => {
      assert.ok(small[key] > 0, `${key} counted nothing`);
      assert.ok(large[key] <= 2.2 * small[key], `${key}: ${small[key]} at 500 stages, ${large[key]} at 1,000`);
    });
  }

  it('per stage: a bounded number of paths indexed, layers visited and context reads', () => {
    for (const key of ['pathUpdates', 'layerVisits', 'contextReads'] as const)
      assert.ok(large[key] / 1000 < 60, `${key}: ${large[key]} for 1,000 stages`);
  });

  it('the whole text is scanned a fixed number of times, not once per overridden assignment', () => {
    // SM006 reports ~2,000 overridden assignments here; each used to scan the text for a reference.
    assert.ok(large.diagnostics > 1500, `diagnostics: ${large.diagnostics}`);
    assert.equal(large.wholeTextScans, small.wholeTextScans);
    assert.ok(large.wholeTextScans <= 5, `whole-text scans: ${large.wholeTextScans}`);
  });
});

describe('thousands of chained FROM stages', () => {
  for (const count of [4000, 10000]) {
    it(`${count.toLocaleString('en-US')} stages: SM201 still reported, nothing thrown`, () => {
      const lines = ['FROM python:3.11 AS s0', 'COPY train.py /opt/program/'];
      // Every lookup of /opt/ml/code/train.py follows the copies back through every stage.
      for (let i = 0; i < count - 1; i++)
        lines.push(
          `FROM s${i} AS s${i + 1}`,
          `COPY --from=s${i} /opt/ml/code/ /opt/ml/code/`,
          `COPY --from=s${i} /opt/program/ /opt/program/`,
        );
      lines.push('ENV SAGEMAKER_PROGRAM=train.py');
      const result = analyze(`${lines.join('\n')}\n`, { 'train.py': '' });
      const d = only(result, 'SM201');
      assert.equal(d.range.start.line, lines.length - 1);
      assert.deepEqual(pairsOf(result, 'SM201'), [['SM201', 'train.py']]);
    });
  }
});

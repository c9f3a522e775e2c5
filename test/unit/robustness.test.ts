import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDockerfile } from '../../analysis/src';
import type { ContextFileSystem } from '../../analysis/src';
import { RULE_CHECKS } from '../../analysis/src/rules';

/** A small deterministic generator so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FRAGMENTS = [
  'FROM ',
  'FROM a AS b',
  'ENV ',
  'SAGEMAKER_PROGRAM',
  '=',
  '"',
  "'",
  '$',
  '${',
  '}',
  ':-',
  '\\',
  '`',
  '\n',
  '\r\n',
  ' ',
  'COPY ',
  '--from=',
  '<<EOF',
  'EOF',
  '[',
  ']',
  '"x"',
  ',',
  'RUN ',
  'WORKDIR ',
  'ARG ',
  '# escape=`',
  '#',
  'ENTRYPOINT ',
  'SAGEMAKER_TRAINING_MODULE',
  'a.b:c',
  ':',
  '/opt/ml/code/',
  '.',
  '*',
  '..',
  'ONBUILD ',
  'HEALTHCHECK ',
  '\t',
  '\u00e9',
  '\ud83d\ude00',
];

test('random fragments and random bytes never throw', () => {
  const next = random(42);
  for (let round = 0; round < 400; round++) {
    let text = '';
    const length = Math.floor(next() * 60);
    for (let i = 0; i < length; i++) {
      text += next() < 0.8 ? FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] : String.fromCharCode(Math.floor(next() * 0xffff));
    }
    const result = analyzeDockerfile(text, { context: null });
    assert.ok(Array.isArray(result.diagnostics), `round ${round}`);
  }
});

test('half-typed instructions give diagnostics or nothing', () => {
  const inputs = [
    'FROM',
    'ENV',
    'ENV SAGEMAKER_PROGRAM',
    'ENV SAGEMAKER_PROGRAM=',
    'ENV SAGEMAKER_TRAINING_MODULE=a:',
    'COPY',
    'COPY --from=',
    'WORKDIR',
    'ARG',
    'ENV A="unterminated',
    'ENV B=${',
    'RUN <<EOF',
    'ENTRYPOINT ["python"',
    'FROM a\nENV SAGEMAKER_PROGRAM \\',
  ];
  for (const text of inputs) {
    const result = analyzeDockerfile(text, { context: null });
    for (const d of result.diagnostics) assert.match(String(d.code), /^SM\d{3}$/, text);
  }
  const partial = analyzeDockerfile('FROM a\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:', { context: null });
  assert.deepEqual(
    partial.diagnostics.map((d) => d.code),
    ['SM101'],
  );
});

test('huge lines and many stages are handled', () => {
  const long = `FROM a\nENV SAGEMAKER_PROGRAM ${'x'.repeat(200_000)} y\n`;
  assert.deepEqual(
    analyzeDockerfile(long, { context: null }).diagnostics.map((d) => d.code),
    ['SM204'],
  );
  const stages = Array.from({ length: 2000 }, (_, i) => `FROM ${i ? `s${i - 1}` : 'a'} AS s${i}\nENV V${i}=$V${Math.max(i - 1, 0)}x`).join(
    '\n',
  );
  const result = analyzeDockerfile(stages, { context: null });
  assert.equal(result.model.chain.length, 2000);
});

test('a rule that throws is logged and the other rules still report', () => {
  const checks = RULE_CHECKS as Array<(typeof RULE_CHECKS)[number]>;
  checks.unshift([
    'exploding-rule',
    () => {
      throw new Error('rule on fire');
    },
  ]);
  try {
    const logged: string[] = [];
    const result = analyzeDockerfile('FROM a\nENV SAGEMAKER_TRAINING_MODULE=nocolon\n', { context: null, log: (m) => logged.push(m) });
    assert.ok(
      logged.some((m) => /exploding-rule failed: rule on fire/.test(m)),
      logged.join('\n'),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['SM101'],
    );
  } finally {
    checks.shift();
  }
});

test('a file system that throws costs the context, not the analysis', () => {
  const failingFs: ContextFileSystem = {
    kind: () => {
      throw new Error('disk on fire');
    },
    list: () => {
      throw new Error('disk on fire');
    },
    read: () => {
      throw new Error('disk on fire');
    },
  };
  const logged: string[] = [];
  const text = 'FROM a\nCOPY train.sh /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.sh\nENV SAGEMAKER_TRAINING_MODULE=nocolon\n';
  const result = analyzeDockerfile(text, { dockerfilePath: '/ctx/Dockerfile', fs: failingFs, log: (m) => logged.push(m) });
  assert.ok(
    logged.some((m) => m.includes('disk on fire')),
    logged.join('\n'),
  );
  assert.ok(result.diagnostics.some((d) => d.code === 'SM101'));
});

// Severity overrides and defaults from --config FILE or a .sagemaker-entrypoint.json found upwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FINDING, checkJson, codes, dockerfile, makeTree, runCli } from './helpers';

const TWO_FINDINGS = dockerfile(FINDING.trainingModuleNoColon, FINDING.misspeltProgram);

test('--config FILE changes a severity and turns a rule off', () => {
  const root = makeTree({
    Dockerfile: TWO_FINDINGS,
    'lint/strict.json': JSON.stringify({ rules: { SM001: 'error', SM101: 'off' } }),
  });
  const findings = checkJson(['--config', 'lint/strict.json'], { cwd: root });
  assert.ok(!codes(findings).includes('SM101'), JSON.stringify(findings));
  assert.equal(findings.find((f) => f.code === 'SM001')?.severity, 'error');
  assert.equal(findings.result.status, 1);
});

test('.sagemaker-entrypoint.json is found in an ancestor of the Dockerfile; --config replaces it', () => {
  const root = makeTree({
    'svc/train/Dockerfile': dockerfile(FINDING.trainingModuleNoColon),
    '.sagemaker-entrypoint.json': JSON.stringify({ rules: { SM101: 'warning' } }),
    'empty.json': '{}',
  });
  const found = checkJson([], { cwd: root });
  assert.equal(found.find((f) => f.code === 'SM101')?.severity, 'warning');
  assert.equal(found.result.status, 0);

  const explicit = checkJson(['--config', 'empty.json'], { cwd: root });
  assert.equal(explicit.find((f) => f.code === 'SM101')?.severity, 'error');
});

test('a nearer config wins over one further up', () => {
  const root = makeTree({
    'a/Dockerfile': dockerfile(FINDING.trainingModuleNoColon),
    'a/.sagemaker-entrypoint.json': JSON.stringify({ rules: { SM101: 'info' } }),
    'b/Dockerfile': dockerfile(FINDING.trainingModuleNoColon),
    '.sagemaker-entrypoint.json': JSON.stringify({ rules: { SM101: 'hint' } }),
  });
  const findings = checkJson([], { cwd: root }).filter((f) => f.code === 'SM101');
  assert.deepEqual(
    findings.map((f) => [f.file, f.severity]),
    [
      ['a/Dockerfile', 'info'],
      ['b/Dockerfile', 'hint'],
    ],
  );
});

test('config target, buildArgs and context are defaults that flags override', () => {
  const root = makeTree({
    'docker/Dockerfile': [
      'FROM python:3.11 AS base',
      'ARG P',
      'COPY train.py /opt/ml/code/',
      'ENV SAGEMAKER_PROGRAM=$P',
      'FROM base AS serve',
      FINDING.shellEntrypoint,
      '',
    ].join('\n'),
    'docker/.sagemaker-entrypoint.json': JSON.stringify({ target: 'base', buildArgs: { P: 'train.py' }, context: '../src' }),
    'src/train.py': 'print(1)\n',
  });
  const defaults = checkJson([], { cwd: root });
  assert.deepEqual(codes(defaults), [], 'target base has no ENTRYPOINT, P resolves, train.py is in ../src');

  const otherStageAndContext = codes(checkJson(['--target', 'serve', '--context', 'docker'], { cwd: root }));
  assert.ok(otherStageAndContext.includes('SM401') && otherStageAndContext.includes('SM202'), otherStageAndContext.join());
  const otherArg = codes(checkJson(['--build-arg', 'P=train.py --epochs 3'], { cwd: root }));
  assert.ok(otherArg.includes('SM204'), otherArg.join());
});

const BROKEN_CONFIGS: Array<[string, string, RegExp]> = [
  ['a JSON syntax error, with its line and column', '{\n  "rules": { "SM101": "off", }\n}', /invalid JSON in '.*bad\.json' at line 2, column \d+/],
  ['an unknown severity word', JSON.stringify({ rules: { SM101: 'fatal' } }), /rules\.SM101: "fatal" is not one of error, warning, info, hint, off/],
  ['an unknown rule ID', JSON.stringify({ rules: { SM999: 'off' } }), /unknown rule ID 'SM999'/],
  ['an unknown key', JSON.stringify({ rule: {} }), /unknown key 'rule'/],
  ['a non-object', '[]', /expected a JSON object/],
];

for (const [what, content, pattern] of BROKEN_CONFIGS) {
  test(`exit 2 naming the file for a config with ${what}`, () => {
    const root = makeTree({ Dockerfile: TWO_FINDINGS, 'bad.json': content, 'sub/Dockerfile': TWO_FINDINGS });
    const explicit = runCli(['check', '--config', 'bad.json'], { cwd: root });
    assert.equal(explicit.status, 2);
    assert.equal(explicit.stdout, '');
    assert.equal(explicit.stderr.trimEnd().split('\n').length, 1, explicit.stderr);
    assert.match(explicit.stderr, pattern);
  });
}

test('a broken .sagemaker-entrypoint.json found upwards is also exit 2', () => {
  const root = makeTree({ 'svc/Dockerfile': TWO_FINDINGS, '.sagemaker-entrypoint.json': '{"rules": {"SM101": "loud"}}' });
  const result = runCli(['check'], { cwd: root });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /invalid config '\.sagemaker-entrypoint\.json': rules\.SM101/);
});

test('a missing --config file is exit 2', () => {
  const root = makeTree({ Dockerfile: TWO_FINDINGS });
  const result = runCli(['check', '--config', 'nope.json'], { cwd: root });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read config 'nope\.json': ENOENT/);
});

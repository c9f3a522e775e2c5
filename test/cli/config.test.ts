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
      'RUN pip install sagemaker-training',
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

test('a config that is not JSON is exit 2, naming the file with the line and column', () => {
  const root = makeTree({ Dockerfile: TWO_FINDINGS, 'bad.json': '{\n  "rules": { "SM101": "off", }\n}' });
  const explicit = runCli(['check', '--config', 'bad.json'], { cwd: root });
  assert.equal(explicit.status, 2);
  assert.equal(explicit.stdout, '');
  assert.equal(explicit.stderr.trimEnd().split('\n').length, 1, explicit.stderr);
  assert.match(explicit.stderr, /invalid JSON in '.*bad\.json' at line 2, column \d+/);
});

// What is wrong inside a config is read by the same rules as the editor's settings: the value falls back to
// its default, a warning names the file and the key, and the check goes on.
const WRONG_VALUES: Array<[string, unknown, RegExp]> = [
  [
    'an unknown severity word',
    { rules: { SM101: 'fatal', SM001: 'error' } },
    /warning: config 'bad\.json': rules\.SM101: expected error\|warning\|info\|hint\|off, got "fatal"; left out/,
  ],
  [
    'an unknown rule ID',
    { rules: { SM999: 'off', SM001: 'error' } },
    /warning: config 'bad\.json': rules\.SM999: unknown rule ID 'SM999'; left out/,
  ],
  [
    'an unknown key',
    { rule: {}, rules: { SM001: 'error' } },
    /warning: config 'bad\.json': rule: unknown key \(expected rules, target, buildArgs, context\); ignored/,
  ],
  ['a non-object', [], /warning: config 'bad\.json': expected a JSON object, got an array; using the defaults/],
];

for (const [what, content, pattern] of WRONG_VALUES) {
  test(`a config with ${what}: a warning naming the file and the key, and the rest applies`, () => {
    const root = makeTree({ Dockerfile: TWO_FINDINGS, 'bad.json': JSON.stringify(content) });
    const findings = checkJson(['--config', 'bad.json'], { cwd: root });
    assert.equal(findings.result.status, 1, 'SM101 stays an error');
    assert.equal(findings.find((f) => f.code === 'SM101')?.severity, 'error');
    assert.equal(
      findings.find((f) => f.code === 'SM001')?.severity,
      Array.isArray(content) ? 'warning' : 'error',
      'the valid entries apply',
    );
    assert.equal(findings.result.stderr.trimEnd().split('\n').length, 1, findings.result.stderr);
    assert.match(findings.result.stderr, pattern);
  });
}

test('rule IDs and severity words in a config are read as in the editor: trimmed, in any case', () => {
  const root = makeTree({
    Dockerfile: TWO_FINDINGS,
    '.sagemaker-entrypoint.json': JSON.stringify({ rules: { ' sm101 ': 'Warning', SM001: ' OFF' }, buildArgs: { EPOCHS: 3 } }),
  });
  const findings = checkJson([], { cwd: root });
  assert.equal(findings.result.stderr, '');
  assert.equal(findings.find((f) => f.code === 'SM101')?.severity, 'warning');
  assert.ok(!codes(findings).includes('SM001'), JSON.stringify(findings));
});

test('a config found upwards with a wrong value warns once, however many Dockerfiles it serves', () => {
  const root = makeTree({
    'svc/Dockerfile': TWO_FINDINGS,
    'svc/b/Dockerfile': TWO_FINDINGS,
    '.sagemaker-entrypoint.json': '{"rules": {"SM101": "loud"}}',
  });
  const result = runCli(['check'], { cwd: root });
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr,
    `sagemaker-entrypoint: warning: config '.sagemaker-entrypoint.json': rules.SM101: expected error|warning|info|hint|off, got "loud"; left out\n`,
  );
});

test('a missing --config file is exit 2', () => {
  const root = makeTree({ Dockerfile: TWO_FINDINGS });
  const result = runCli(['check', '--config', 'nope.json'], { cwd: root });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read config 'nope\.json': ENOENT/);
});

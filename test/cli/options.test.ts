// --context / --no-context, --target, --build-arg and --verbose.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { FINDING, checkJson, codes, dockerfile, makeTree, runCli } from './helpers';

const COPIES_MISSING_SCRIPT = dockerfile('COPY train.py /opt/ml/code/', 'ENV SAGEMAKER_PROGRAM train.py');

test('a script missing from the build context is SM202 (error); --no-context skips that rule', () => {
  const root = makeTree({ Dockerfile: COPIES_MISSING_SCRIPT });
  const normal = checkJson([], { cwd: root });
  const sm202 = normal.find((f) => f.code === 'SM202');
  assert.ok(sm202, JSON.stringify(normal));
  assert.equal(sm202.severity, 'error');
  assert.equal(normal.result.status, 1);

  const noContext = checkJson(['--no-context'], { cwd: root });
  assert.ok(!codes(noContext).includes('SM202'), JSON.stringify(noContext));
  assert.ok(noContext.every((f) => f.severity !== 'error'));
  assert.equal(noContext.result.status, 0);
});

test('--context DIR (relative to the current folder) is the build context', () => {
  const root = makeTree({ 'docker/Dockerfile': COPIES_MISSING_SCRIPT, 'src/train.py': 'print(1)\n' });
  assert.ok(codes(checkJson(['docker/Dockerfile', '--context', 'docker'], { cwd: root })).includes('SM202'));
  const withContext = checkJson(['docker/Dockerfile', '--context', 'src'], { cwd: root });
  assert.ok(!codes(withContext).includes('SM202'), JSON.stringify(withContext));
});

test('--verbose states the build context and the target stage of each file on stderr', () => {
  const root = makeTree({ Dockerfile: COPIES_MISSING_SCRIPT, 'train.py': 'print(1)\n' });
  const detected = runCli(['check', '--verbose'], { cwd: root });
  assert.ok(detected.stderr.includes(`Dockerfile: build context: ${root}\n`), detected.stderr);
  assert.match(detected.stderr, /^Dockerfile: target stage: .*last stage/m);
  assert.doesNotMatch(detected.stdout, /build context/, 'verbose output stays off stdout');

  const named = makeTree({ Dockerfile: COPIES_MISSING_SCRIPT.replace(/^FROM (\S+)/, 'FROM $1 AS train'), 'train.py': 'print(1)\n' });
  const none = runCli(['check', '--verbose', '--no-context', '--target', 'train'], { cwd: named });
  assert.match(none.stderr, /^Dockerfile: no build context: rules that read files were skipped$/m);
  assert.match(none.stderr, /^Dockerfile: target stage: train$/m);
});

test('--target picks the stage whose ENTRYPOINT is checked (default: the last stage)', () => {
  const root = makeTree({
    Dockerfile: [
      'FROM python:3.11 AS train',
      'ENV SAGEMAKER_PROGRAM train.py',
      'FROM python:3.11 AS serve',
      FINDING.shellEntrypoint,
      '',
    ].join('\n'),
  });
  const sm401 = checkJson(['--no-context'], { cwd: root }).find((f) => f.code === 'SM401');
  assert.ok(sm401);
  assert.equal(sm401.line, 4);
  assert.ok(!codes(checkJson(['--no-context', '--target', 'train'], { cwd: root })).includes('SM401'));
  assert.ok(codes(checkJson(['--no-context', '--target', 'serve'], { cwd: root })).includes('SM401'));
});

test('a --target no stage has stops with exit 2 and names the stages, as docker build would; other files are still checked', () => {
  const stages = ['FROM python:3.11 AS train', 'ENV SAGEMAKER_PROGRAM train.py', 'FROM python:3.11 AS serve', FINDING.shellEntrypoint, ''];
  const root = makeTree({
    'a/Dockerfile': stages.join('\n'),
    'b/Dockerfile': ['FROM python:3.11 AS nosuch', FINDING.shellEntrypoint, ''].join('\n'),
  });
  const result = runCli(['check', '--no-context', '--format', 'json', '--target', 'nosuch', 'a', 'b'], { cwd: root });
  assert.equal(result.status, 2);
  assert.equal(
    result.stderr,
    `sagemaker-entrypoint: '${path.join('a', 'Dockerfile')}': no stage 'nosuch' to target (the named stages are train, serve)\n`,
  );
  const printed = JSON.parse(result.stdout) as Array<{ file: string; code: string }>;
  assert.deepEqual(
    [...new Set(printed.map((f) => f.file))],
    [path.join('b', 'Dockerfile')],
    'the findings of the file that has the stage, none about a stage the build would not make',
  );
  assert.ok(printed.some((f) => f.code === 'SM401'));
});

test('--build-arg resolves ARG values; without it the value is unresolved (SM004)', () => {
  const root = makeTree({ Dockerfile: dockerfile('ARG P', 'ENV SAGEMAKER_PROGRAM=$P') });
  const unresolved = checkJson(['--no-context'], { cwd: root }).find((f) => f.code === 'SM004');
  assert.ok(unresolved);
  assert.match(unresolved.message, /\bP\b/);

  assert.ok(!codes(checkJson(['--no-context', '--build-arg', 'P=train.py'], { cwd: root })).includes('SM004'));
  // The supplied value is really used: arguments in it are SM204.
  const withArgs = checkJson(['--no-context', '--build-arg', 'P=train.py --epochs 3'], { cwd: root });
  assert.deepEqual(
    codes(withArgs).filter((c) => c === 'SM004' || c === 'SM204'),
    ['SM204'],
  );
});

test("--build-arg K alone takes K's value from the environment, like docker build", () => {
  const root = makeTree({ Dockerfile: dockerfile('ARG P', 'ENV SAGEMAKER_PROGRAM=$P') });
  const fromEnv = checkJson(['--no-context', '--build-arg', 'P'], { cwd: root, env: { P: 'train.py --epochs 3' } });
  assert.ok(codes(fromEnv).includes('SM204'), JSON.stringify(fromEnv));
  assert.ok(!codes(fromEnv).includes('SM004'));
  const unset = checkJson(['--no-context', '--build-arg', 'P'], { cwd: root, env: { P: undefined } });
  assert.ok(codes(unset).includes('SM004'), JSON.stringify(unset));
});

test('the build context is detected next to the Dockerfile, not in the current folder', () => {
  const root = makeTree({ 'a/b/Dockerfile': COPIES_MISSING_SCRIPT, 'a/b/train.py': 'print(1)\n' });
  const fromElsewhere = checkJson([path.join(root, 'a', 'b')], { cwd: path.join(root, 'a') });
  assert.ok(!codes(fromElsewhere).includes('SM202'), JSON.stringify(fromElsewhere));
  assert.equal(fromElsewhere.result.status, 0);
});

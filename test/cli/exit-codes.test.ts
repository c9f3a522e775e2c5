// Exit codes 0/1/2, --fail-on, bad usage and unreadable input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FINDING, checkJson, codes, dockerfile, makeTree, repoRoot, runCli } from './helpers';

function assertOneLineError(result: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^sagemaker-entrypoint: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

test('exit 0 and an empty array for a Dockerfile with nothing to report', () => {
  const root = makeTree({
    Dockerfile: dockerfile('COPY train.py /opt/ml/code/train.py', 'ENV SAGEMAKER_PROGRAM train.py'),
    'train.py': 'print("hi")\n',
  });
  const findings = checkJson([], { cwd: root });
  assert.deepEqual([...findings], []);
  assert.equal(findings.result.status, 0);
  assert.equal(runCli(['check'], { cwd: root }).status, 0);
});

test('exit 1 when an error is found', () => {
  const root = makeTree({ Dockerfile: dockerfile(FINDING.programWithArguments) });
  const findings = checkJson([], { cwd: root });
  assert.ok(codes(findings).includes('SM204'));
  assert.equal(findings.result.status, 1);
});

test('--fail-on warning turns a warning-only file into exit 1; the default (error) does not', () => {
  const root = makeTree({ Dockerfile: dockerfile(FINDING.misspeltProgram) });
  const findings = checkJson([], { cwd: root });
  assert.ok(codes(findings).includes('SM001'));
  assert.ok(
    findings.every((f) => f.severity !== 'error'),
    JSON.stringify(findings),
  );
  assert.equal(findings.result.status, 0);
  assert.equal(runCli(['check', '--fail-on', 'warning'], { cwd: root }).status, 1);
  assert.equal(runCli(['check', '--fail-on', 'error'], { cwd: root }).status, 0);
});

test('--fail-on info counts an info finding; warning does not', () => {
  const root = makeTree({ Dockerfile: dockerfile('ARG P', 'ENV SAGEMAKER_PROGRAM=$P') });
  const findings = checkJson([], { cwd: root });
  assert.ok(codes(findings).includes('SM004'), JSON.stringify(findings));
  assert.ok(
    findings.every((f) => f.severity === 'info' || f.severity === 'hint'),
    JSON.stringify(findings),
  );
  assert.equal(runCli(['check', '--fail-on', 'warning'], { cwd: root }).status, 0);
  assert.equal(runCli(['check', '--fail-on', 'info'], { cwd: root }).status, 1);
});

const BAD_USAGE: Array<[string, string[], RegExp]> = [
  ['an unknown flag', ['check', '--frobnicate'], /unknown option '--frobnicate'.*check --help/],
  ['a bad --format', ['check', '--format', 'xml'], /--format .*'xml'/],
  ['--format without a value', ['check', '--format'], /--format/],
  ['a bad --fail-on', ['check', '--fail-on', 'hint'], /--fail-on/],
  ['a malformed --build-arg', ['check', '--build-arg', '=oops'], /--build-arg '=oops'/],
  ['--context with --no-context', ['check', '--context', '.', '--no-context'], /--context and --no-context/],
  ['an unknown command', ['lint'], /unknown command 'lint'.*--help/],
];

for (const [what, args, pattern] of BAD_USAGE) {
  test(`exit 2 with one line on stderr for ${what}`, () => {
    assertOneLineError(runCli(args), pattern);
  });
}

test('exit 2 for a --context folder that does not exist', () => {
  const root = makeTree({ Dockerfile: dockerfile() });
  assertOneLineError(runCli(['check', '--context', 'nowhere'], { cwd: root }), /'nowhere'/);
});

test('exit 2 naming a missing file', () => {
  const root = makeTree({});
  const result = runCli(['check', 'x/Dockerfile'], { cwd: root });
  assertOneLineError(result, /cannot read 'x\/Dockerfile': ENOENT/);
});

test('an unreadable Dockerfile gives exit 2, and the other files are still reported', () => {
  const root = makeTree({ 'good/Dockerfile': dockerfile(FINDING.programWithArguments) });
  fs.mkdirSync(path.join(root, 'broken'));
  // A dangling link: unreadable even for root, which ignores file permissions.
  fs.symlinkSync(path.join(root, 'gone'), path.join(root, 'broken', 'Dockerfile'));
  const findings = checkJson([], { cwd: root });
  assert.equal(findings.result.status, 2);
  assert.ok(findings.some((f) => f.file === 'good/Dockerfile' && f.code === 'SM204'));
  assert.match(findings.result.stderr, /^sagemaker-entrypoint: cannot read 'broken\/Dockerfile': ENOENT/);
});

test('--help and --version print to stdout and exit 0', () => {
  const checkHelp = runCli(['check', '--help']);
  assert.equal(checkHelp.status, 0);
  assert.match(checkHelp.stdout, /^Usage: sagemaker-entrypoint check/);
  assert.match(checkHelp.stdout, /--fail-on/);
  assert.equal(runCli(['check', '-h']).stdout, checkHelp.stdout);

  const topHelp = runCli(['--help']);
  assert.equal(topHelp.status, 0);
  assert.match(topHelp.stdout, /^\s+check\s/m);

  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const versionRun = runCli(['--version']);
  assert.equal(versionRun.status, 0);
  assert.equal(versionRun.stdout.trim(), version);
});

test('no command at all is bad usage: help on stderr, exit 2', () => {
  const result = runCli([]);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /Usage: sagemaker-entrypoint <command>/);
});

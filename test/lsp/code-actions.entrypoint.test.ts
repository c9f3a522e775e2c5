// The SM401 fix's reading of shell commands: which become a plain exec-form array, which keep the shell
// with "$@" after the last command, and which get no fix because "$@" has no sensible place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execForm } from '../../server/src/features/fixes/entrypoint';

const sh = (script: string) => ({ array: ['/bin/sh', '-c', script, 'sh'], direct: false });
const direct = (...array: string[]) => ({ array, direct: true });

const CASES: [command: string, expected: ReturnType<typeof execForm>][] = [
  ['python /opt/program/train.py', direct('python', '/opt/program/train.py')],
  ['  python   train.py  ', direct('python', 'train.py')],
  [`python -c 'print("hi")'`, direct('python', '-c', 'print("hi")')],
  ['python "a \\"b\\" \\\\ c" d\\ e', direct('python', 'a "b" \\ c', 'd e')],
  ["python 'it'\\''s'", direct('python', "it's")],
  ['exec python train.py', direct('python', 'train.py')],
  ['serve --port=8080', direct('serve', '--port=8080')],
  ['python train.py $ARGS', sh('exec python train.py $ARGS "$@"')],
  ['python "${SCRIPT}"', sh('exec python "${SCRIPT}" "$@"')],
  ['~/bin/run', sh('exec ~/bin/run "$@"')],
  ['python *.py', sh('exec python *.py "$@"')],
  ['cd /app && python serve.py', sh('cd /app && exec python serve.py "$@"')],
  ['cd /app; python serve.py', sh('cd /app; exec python serve.py "$@"')],
  ['setup.sh || exec python serve.py', sh('setup.sh || exec python serve.py "$@"')],
  ['FOO=1 python serve.py', sh('FOO=1 python serve.py "$@"')],
  ['python serve.py "$@"', sh('python serve.py "$@"')],
  ['python serve.py # the server', direct('python', 'serve.py')],
  ['cd /app', sh('cd /app "$@"')],
  ['python serve.py | tee /tmp/log', undefined],
  ['python serve.py > /tmp/log 2>&1', undefined],
  ['python serve.py &', undefined],
  ['(cd /app && python serve.py)', undefined],
  ['python "unterminated', undefined],
  ['cd /app &&', undefined],
];

describe('SM401: exec form of a shell command', () => {
  for (const [command, expected] of CASES) {
    it(command, () => assert.deepEqual(execForm(command), expected));
  }
});

describe('SM401: exec form in the shell SHELL sets', () => {
  const bash = ['/bin/bash', '-o', 'pipefail', '-c'];
  it('a wrapper keeps that shell, named after it', () =>
    assert.deepEqual(execForm('cd /app && python serve.py', bash), {
      array: [...bash, 'cd /app && exec python serve.py "$@"', 'bash'],
      direct: false,
    }));
  it('a plain command needs no shell', () => assert.deepEqual(execForm('python serve.py', bash), direct('python', 'serve.py')));
  it('no wrapper for a shell that is not a POSIX shell', () =>
    assert.equal(execForm('cd /app; python serve.py', ['powershell', '-Command']), undefined));
  // Backslashes are no escapes for PowerShell and cmd: a Windows path keeps them.
  it('PowerShell and cmd: plain words as written, backslashes kept', () => {
    assert.deepEqual(execForm('python C:\\app\\train.py', ['powershell', '-Command']), direct('python', 'C:\\app\\train.py'));
    assert.deepEqual(execForm('python  C:\\app\\train.py ', ['cmd', '/S', '/C']), direct('python', 'C:\\app\\train.py'));
  });
  it('PowerShell and cmd: no fix for quotes, variables or operators, which they read otherwise', () => {
    for (const command of ['python "C:\\my app\\train.py"', 'python train.py $env:X', 'python a.py & b', 'python %X%'])
      assert.equal(execForm(command, ['powershell', '-Command']), undefined, command);
  });
});

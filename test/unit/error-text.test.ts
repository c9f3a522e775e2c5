// Turning a caught value into text: one line for messages, the stack for logs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage, errorWithStack } from '../../analysis/src';

/** What Node throws for a missing file: "ENOENT: no such file or directory, open '<path>'". */
function missingFileError(): unknown {
  try {
    fs.readFileSync(path.join(os.tmpdir(), `sm-error-text-${process.pid}`, 'missing.json'));
  } catch (error) {
    return error;
  }
  throw new Error('reading a missing file did not fail');
}

class AccessDeniedException extends Error {
  override name = 'AccessDeniedException';
}

describe('errorMessage', () => {
  const cases: [string, unknown, string][] = [
    ['an ErrnoException: the code and reason, without the path', missingFileError(), 'ENOENT: no such file or directory'],
    [
      'an errno error made by hand, with a rename',
      Object.assign(new Error("EXDEV: cross-device link not permitted, rename 'a' -> 'b'"), { code: 'EXDEV' }),
      'EXDEV: cross-device link not permitted',
    ],
    ['a code without a message', { code: 'EACCES' }, 'EACCES'],
    [
      'a named error: its name first',
      new AccessDeniedException('not allowed to call CreateTrainingJob'),
      'AccessDeniedException: not allowed to call CreateTrainingJob',
    ],
    ['a built-in named error', new TypeError('x is not a function'), 'TypeError: x is not a function'],
    ['a plain Error: the message alone', new Error('rule on fire'), 'rule on fire'],
    [
      'a coded error whose message is not errno form keeps its message',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      'connect ECONNREFUSED 127.0.0.1:9',
    ],
    ['a string', 'just text', 'just text'],
    ['undefined', undefined, 'undefined'],
    ['an object', { reason: 'x' }, '[object Object]'],
  ];
  for (const [name, error, expected] of cases) it(name, () => assert.equal(errorMessage(error), expected));

  it('the path really is in what Node threw, so it is the one dropped', () => {
    const error = missingFileError();
    assert.ok(error instanceof Error);
    assert.match(error.message, /^ENOENT: no such file or directory, open '.*missing\.json'$/);
  });
});

describe('errorWithStack', () => {
  it('an Error: its stack, which starts with name and message', () => {
    const text = errorWithStack(new RangeError('too deep'));
    assert.match(text, /^RangeError: too deep\n\s+at /);
  });
  it('an Error without a stack: its message', () => {
    const error = new AccessDeniedException('no');
    error.stack = undefined;
    assert.equal(errorWithStack(error), 'AccessDeniedException: no');
  });
  it('not an Error: as errorMessage', () => assert.equal(errorWithStack('plain'), 'plain'));
});

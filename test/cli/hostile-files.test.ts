// Special files and failures in the CLI: a FIFO, a device or a huge file is refused with exit 2 instead
// of hanging or exhausting memory; a name that is not UTF-8 is skipped; a file the tool fails on costs
// only that file's findings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as analyze from '../../analysis/src/analyze';
import { RULE_CHECKS } from '../../analysis/src/rules';
import { runCheck, MAX_DOCKERFILE_BYTES, type CliIO } from '../../cli/src/check';
import { cliPath, dockerfile, FINDING, makeTree } from './helpers';

/** Runs `check` with a time limit: a hang fails the test instead of stalling the suite. */
function check(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cliPath, 'check', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.error, undefined, `the CLI did not finish: ${String(result.error)}`);
  return result;
}

function jsonOf(stdout: string): Array<{ file: string; code: string }> {
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed), stdout);
  return parsed as Array<{ file: string; code: string }>;
}

describe('special files', () => {
  const root = makeTree({ 'good/Dockerfile': dockerfile(FINDING.trainingModuleNoColon) });
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  fs.mkdirSync(path.join(root, 'folder'));
  fs.symlinkSync('../fifo', path.join(root, 'folder', 'Dockerfile'));
  fs.symlinkSync('/dev/urandom', path.join(root, 'Dockerfile.random'));

  const refused: Array<[string, string[], RegExp]> = [
    ['a FIFO as the argument', ['fifo'], /cannot read 'fifo': not a regular file \(a FIFO\)/],
    ['a Dockerfile symlink to a FIFO in a folder', ['folder'], /cannot read 'folder\/Dockerfile': not a regular file \(a FIFO\)/],
    ['/dev/zero', ['/dev/zero'], /cannot read '\/dev\/zero': not a regular file \(a character device\)/],
    ['a symlink to /dev/urandom', ['Dockerfile.random'], /cannot read 'Dockerfile.random': not a regular file \(a character device\)/],
    ['a FIFO as --config', ['good', '--config', 'fifo'], /cannot read config 'fifo': not a regular file \(a FIFO\)/],
  ];
  for (const [name, args, message] of refused) {
    it(`${name}: exit 2 with "not a regular file", no hang`, () => {
      const result = check(args, root);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it('a special file among good ones: the good findings are printed, JSON stays one array, exit 2', () => {
    const result = check(['--format', 'json', 'good', 'fifo', 'Dockerfile.random'], root);
    assert.equal(result.status, 2, result.stderr);
    assert.deepEqual(
      jsonOf(result.stdout).map((f) => [f.file, f.code]),
      [['good/Dockerfile', 'SM101']],
    );
    assert.equal(result.stderr.split('\n').filter((l) => l.includes('not a regular file')).length, 2, result.stderr);
  });

  it(`a Dockerfile over ${MAX_DOCKERFILE_BYTES / 1024 / 1024} MiB is refused with the limit in the message`, () => {
    const big = makeTree({});
    fs.writeFileSync(path.join(big, 'Dockerfile'), Buffer.alloc(MAX_DOCKERFILE_BYTES + 1, 0x20));
    const result = check(['Dockerfile'], big);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /cannot read 'Dockerfile': larger than the 16 MiB limit \(16777217 bytes\)/);
  });
});

describe('file names that are not valid UTF-8', () => {
  it('are skipped with a message; the other files are checked (was ENOENT, exit 2)', () => {
    const root = makeTree({ Dockerfile: dockerfile(FINDING.obsoleteRequirements) });
    fs.writeFileSync(
      Buffer.concat([Buffer.from(`${root}/Dockerfile.`), Buffer.from([0xff, 0xfe])]),
      dockerfile(FINDING.trainingModuleNoColon),
    );
    fs.mkdirSync(Buffer.concat([Buffer.from(`${root}/dir`), Buffer.from([0xc3])]));
    const result = check(['--format', 'json', '.'], root);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      jsonOf(result.stdout).map((f) => f.code),
      ['SM304'],
    );
    assert.match(result.stderr, /skipped 'Dockerfile\.\\xff\\xfe': its name is not valid UTF-8/);
    assert.match(result.stderr, /skipped 'dir\\xc3': its name is not valid UTF-8/);
  });
});

describe('a file the tool fails on', () => {
  /** Runs the check in this process with the analysis failing for files whose text contains `explode`. */
  function checkWithFailure(args: string[], cwd: string, error: Error) {
    const original = analyze.analyzeDockerfile;
    const patched = analyze as { analyzeDockerfile: typeof analyze.analyzeDockerfile };
    patched.analyzeDockerfile = (text, options) => {
      if (text.includes('explode')) throw error;
      return original(text, options);
    };
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTTY: false };
    try {
      const code = runCheck(args, io);
      return { code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      patched.analyzeDockerfile = original;
    }
  }

  const root = makeTree({
    'a/Dockerfile': dockerfile(FINDING.trainingModuleNoColon),
    'b/Dockerfile': dockerfile('RUN explode'),
    'c/Dockerfile': dockerfile(FINDING.obsoleteRequirements),
  });
  const overflow = new RangeError('Maximum call stack size exceeded');

  it('costs only its own findings: the others are printed, JSON is one array, the failure is one line on stderr, exit 2', () => {
    const result = checkWithFailure(['--format', 'json', '.'], root, overflow);
    assert.equal(result.code, 2);
    assert.deepEqual(
      jsonOf(result.stdout).map((f) => [f.file, f.code]),
      [
        ['a/Dockerfile', 'SM101'],
        ['c/Dockerfile', 'SM304'],
      ],
    );
    assert.equal(
      result.stderr,
      "sagemaker-entrypoint: internal error while checking 'b/Dockerfile': RangeError: Maximum call stack size exceeded\n",
    );
  });

  it('prints the stack trace only with --verbose', () => {
    const result = checkWithFailure(['--verbose', 'b'], root, overflow);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /internal error while checking 'b\/Dockerfile': RangeError: Maximum call stack size exceeded\nRangeError: Maximum call stack size exceeded\n\s+at /,
    );
  });

  it('a rule that fails: one line without --verbose, exit 2, the other rules still report', () => {
    const checks = RULE_CHECKS as Array<(typeof RULE_CHECKS)[number]>;
    checks.unshift([
      'exploding-rule',
      () => {
        throw new Error('rule on fire');
      },
    ]);
    try {
      const quiet = checkWithFailure(['--format', 'json', 'a'], root, overflow);
      assert.equal(quiet.code, 2);
      assert.deepEqual(
        jsonOf(quiet.stdout).map((f) => f.code),
        ['SM101'],
      );
      assert.equal(
        quiet.stderr,
        "sagemaker-entrypoint: internal error while checking 'a/Dockerfile': rule exploding-rule failed: rule on fire\n",
      );
      const verbose = checkWithFailure(['--verbose', 'a'], root, overflow);
      assert.match(verbose.stderr, /rule exploding-rule failed: rule on fire\nError: rule on fire\n\s+at /);
    } finally {
      checks.shift();
    }
  });
});

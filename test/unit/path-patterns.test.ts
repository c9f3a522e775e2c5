// .dockerignore and `COPY --exclude` patterns: the same answers as the dockerignore port Docker's rules come
// from, in work that grows with the path times the pattern (its regular expressions backtracked for minutes).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ignore from '@balena/dockerignore';
import { PathPatterns, patternWork, rejectedPattern, segmentMatcher } from '../../analysis/src/path-patterns';

const PATTERNS = [
  '*.md',
  'tests',
  'tests/',
  '/build',
  'docs/**',
  '**/*.pyc',
  '**/__pycache__',
  'src/**/test_*.py',
  '**',
  '*',
  '!src/train.py',
  'data/?/x',
  'data/[a-c]*',
  'data/[^a-c]*',
  'a\\*b',
  '.git',
  './notes.txt',
  'dir/../other',
  'Train.PY',
  '*/*/deep',
  '**/a/**/b',
  'x**y',
];
const PATHS = [
  'README.md',
  'docs/guide.md',
  'tests',
  'tests/test_train.py',
  'build/out.bin',
  'src/build',
  'src/__pycache__/train.cpython-311.pyc',
  'src/train.py',
  'src/pkg/test_unit.py',
  'src/pkg/sub/test_deep.py',
  'data/b/x',
  'data/bb/x',
  'data/apple',
  'data/zebra',
  'a*b',
  'axb',
  '.git/config',
  'notes.txt',
  'other/file',
  'train.py',
  'one/two/deep',
  'one/two/three/deep',
  'q/a/r/s/b',
  'xay',
  'x/y',
];

describe('path patterns', () => {
  it('answer as the dockerignore port does, for each pattern alone, after a negation, and all together', () => {
    const sets = [...PATTERNS.map((p) => [p]), ...PATTERNS.map((p) => ['**/*.py', p]), PATTERNS];
    let compared = 0;
    for (const lines of sets) {
      const ours = new PathPatterns(lines);
      const theirs = ignore().add(lines);
      for (const file of PATHS) {
        assert.equal(ours.ignores(file), theirs.ignores(file), `${JSON.stringify(lines)} on ${file}`);
        compared++;
      }
    }
    assert.equal(compared, (2 * PATTERNS.length + 1) * PATHS.length);
  });

  it('rejects what Docker rejects: an unclosed [ and what its regular expressions cannot compile', () => {
    assert.deepEqual(
      ['data/[ab', 'c++', '*.py', 'a[b]c'].map((line) => rejectedPattern(line)),
      [true, true, false, false],
    );
  });

  it('matches a pattern of many stars in work linear in the path (the regular expression took minutes)', () => {
    const pattern = `${'*a'.repeat(14)}b`;
    const counts = [100, 1_000].map((length) => {
      patternWork.steps = 0;
      assert.equal(new PathPatterns([pattern]).ignores(`${'a'.repeat(length)}.py`), false);
      return patternWork.steps;
    });
    // 29 tokens, so at most 2 × 30 states per character.
    assert.ok(counts[0] <= 60 * 103, `${counts[0]} steps for 100 characters`);
    assert.ok(counts[1] <= 10.5 * counts[0], `${counts[1]} steps for 1,000 characters against ${counts[0]} for 100`);
  });

  it("match one segment of a COPY source as Go's filepath.Match does", () => {
    const rows: Array<[string, string, boolean]> = [
      ['*.py', 'train.py', true],
      ['*.py', '.hidden.py', true],
      ['*.py', 'Train.PY', false],
      ['t?ain.py', 'train.py', true],
      ['[a-c]x', 'bx', true],
      ['[^a-c]x', 'bx', false],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axb', false],
      ['a**b', 'axyb', true],
      ['{a,b}.py', 'a.py', false],
      ['{a,b}.py', '{a,b}.py', true],
    ];
    for (const [glob, name, expected] of rows) assert.equal(segmentMatcher(glob)?.(name), expected, `${glob} on ${name}`);
    assert.equal(segmentMatcher('data[ab'), undefined);
  });
});

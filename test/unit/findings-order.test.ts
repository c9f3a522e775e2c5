// The order `check` prints findings in: by line, then column, then code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byPosition, type Finding } from '../../cli/src/findings';

const finding = (line: number, column: number, code: string): Finding => ({
  file: 'Dockerfile',
  code,
  severity: 'warning',
  message: code,
  line,
  column,
  endLine: line,
  endColumn: column + 1,
});

describe('byPosition', () => {
  const cases: Array<{ title: string; input: Array<[number, number, string]>; expected: string[] }> = [
    {
      title: 'an earlier line first',
      input: [
        [3, 1, 'SM101'],
        [1, 9, 'SM201'],
      ],
      expected: ['SM201', 'SM101'],
    },
    {
      title: 'on one line, the earlier column first',
      input: [
        [2, 7, 'SM101'],
        [2, 3, 'SM403'],
      ],
      expected: ['SM403', 'SM101'],
    },
    {
      title: 'at one position, codes in order',
      input: [
        [1, 1, 'SM403'],
        [1, 1, 'SM006'],
        [1, 1, 'SM106'],
        [1, 1, 'SM106'],
      ],
      expected: ['SM006', 'SM106', 'SM106', 'SM403'],
    },
    {
      title: 'an empty code before any other',
      input: [
        [4, 2, 'SM001'],
        [4, 2, ''],
      ],
      expected: ['', 'SM001'],
    },
  ];
  for (const { title, input, expected } of cases) {
    it(title, () => {
      const sorted = input.map(([line, column, code]) => finding(line, column, code)).sort(byPosition);
      assert.deepEqual(
        sorted.map((f) => f.code),
        expected,
      );
    });
  }
});

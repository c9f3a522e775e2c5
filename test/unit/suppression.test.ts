// Suppression comments and per-rule severities (docs/rules/README.md#silencing-and-severities).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { analyze, dataOf, only, pairs, pairsOf, ERROR, HINT, INFO, WARNING } from './helpers';

const TRAIN = { 'train.py': 'print(1)\n' };

describe('ignore= above an instruction', () => {
  const cases: Array<{
    title: string;
    dockerfile: string;
    files?: Record<string, string>;
    expected: Array<[string, string]>;
    codes: string[];
  }> = [
    {
      title: 'silences the named rule on the instruction below',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201 code comes from S3\nENV SAGEMAKER_PROGRAM=train.py\n',
      expected: [],
      codes: ['SM201', 'SM000'],
    },
    {
      title: 'other rules on the same instruction still report',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      expected: [['SM301', 'INFO']],
      codes: ['SM201', 'SM301'],
    },
    {
      title: 'several IDs separated by commas, then a reason',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201,SM301 both intended\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      expected: [],
      codes: ['SM201', 'SM301', 'SM000'],
    },
    {
      title: 'only the instruction directly below',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM301\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\nENV SAGEMAKER_STARTUP_TIMEOUT=soon\n',
      expected: [['SM301', 'soon']],
      codes: ['SM301'],
    },
    {
      title: 'several suppression lines stacked above one instruction',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201 code from S3\n# sagemaker-entrypoint ignore=SM301 legacy value\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      expected: [],
      codes: ['SM201', 'SM301'],
    },
    {
      title: 'a blank line in between: not directly above',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201\n\nENV SAGEMAKER_PROGRAM=train.py\n',
      expected: [['SM201', 'train.py']],
      codes: ['SM201'],
    },
    {
      title: 'a different ID does not silence',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM204\nENV SAGEMAKER_PROGRAM=train.py\n',
      expected: [['SM201', 'train.py']],
      codes: ['SM201'],
    },
    {
      title: 'covers findings on continuation lines of the instruction',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM301\nENV A=1 \\\n    B=2 \\\n    SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      expected: [],
      codes: ['SM301'],
    },
    {
      title: 'on a COPY (SM207) and an ENTRYPOINT (SM401)',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM207\nCOPY train.py /opt/ml/code\n# sagemaker-entrypoint ignore=SM401\nENTRYPOINT python x.py\n',
      files: TRAIN,
      expected: [],
      codes: ['SM207', 'SM401'],
    },
    {
      title: 'a comment that only mentions the tool does not silence',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint reports SM201 here, ignore it\nENV SAGEMAKER_PROGRAM=train.py\n',
      expected: [['SM201', 'train.py']],
      codes: ['SM201'],
    },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(pairsOf(analyze(c.dockerfile, c.files), ...c.codes), c.expected));
  }
});

describe('global ignore=', () => {
  it('silences the rule everywhere in the file, wherever the comment is', () => {
    const text =
      'FROM python:3.11 AS a\nENV SAGEMAKER_STARTUP_TIMEOUT=soon\nFROM a\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\nENV SAGEMAKER_PROGRAM=train.py\n# sagemaker-entrypoint global ignore=SM301 legacy values\n';
    const r = analyze(text);
    assert.deepEqual(pairsOf(r, 'SM301', 'SM000'), []);
    assert.deepEqual(pairsOf(r, 'SM201'), [['SM201', 'train.py']]);
  });

  it('several IDs', () => {
    const text =
      '# sagemaker-entrypoint global ignore=SM201,SM301\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\nENTRYPOINT python x.py\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM201', 'SM301', 'SM401'), [['SM401', 'python x.py']]);
  });
});

describe('unknown IDs in suppression comments (SM000)', () => {
  it('reports the unknown ID as a hint and still honours the known one', () => {
    const text = 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM999,SM201 reason\nENV SAGEMAKER_PROGRAM=train.py\n';
    const r = analyze(text);
    assert.deepEqual(pairsOf(r, 'SM000', 'SM201'), [['SM000', 'SM999']]);
    const d = only(r, 'SM000');
    assert.equal(d.severity, HINT);
    assert.equal(d.range.start.line, 1);
    assert.equal(dataOf(d).id, 'SM999');
  });

  it('in a global comment', () => {
    const text = 'FROM python:3.11\n# sagemaker-entrypoint global ignore=SM9999,SM301\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM000', 'SM301'), [['SM000', 'SM9999']]);
  });

  it('each unknown ID is reported', () => {
    const text = 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM777,SM888\nENV A=1\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM000'), [
      ['SM000', 'SM777'],
      ['SM000', 'SM888'],
    ]);
  });
});

describe('severity per rule', () => {
  const program = 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n';
  for (const [setting, lsp] of [
    ['error', ERROR],
    ['warning', WARNING],
    ['info', INFO],
    ['hint', HINT],
  ] as const) {
    it(`SM201 set to ${setting}`, () => {
      const d = only(analyze(program, {}, { severities: { SM201: setting } }), 'SM201');
      assert.equal(d.severity, lsp);
    });
  }

  it("'off' removes the rule's diagnostics and nothing else", () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nENV SAGEMAKER_PROGRAM=train.py\n';
    const on = analyze(text);
    assert.deepEqual(pairsOf(on, 'SM006', 'SM201'), [
      ['SM006', 'SAGEMAKER_PROGRAM=old.py'],
      ['SM201', 'train.py'],
    ]);
    const off = analyze(text, {}, { severities: { SM006: 'off' } });
    assert.deepEqual(pairsOf(off, 'SM006', 'SM201'), [['SM201', 'train.py']]);
  });

  it('a setting wins over a per-finding severity (SM203 inside /opt/ml/code is info by default)', () => {
    const text = 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=/opt/ml/code/train.py\n';
    assert.equal(only(analyze(text, TRAIN), 'SM203').severity, INFO);
    assert.equal(only(analyze(text, TRAIN, { severities: { SM203: 'error' } }), 'SM203').severity, ERROR);
  });

  it('SM006 keeps its Unnecessary tag at another severity', () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n';
    const d = only(analyze(text, TRAIN, { severities: { SM006: 'warning' } }), 'SM006');
    assert.equal(d.severity, WARNING);
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
  });

  it('SM000 can be turned off or raised', () => {
    const text = 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM999\nENV A=1\n';
    assert.deepEqual(pairsOf(analyze(text, {}, { severities: { SM000: 'off' } }), 'SM000'), []);
    assert.equal(only(analyze(text, {}, { severities: { SM000: 'warning' } }), 'SM000').severity, WARNING);
  });

  it('settings for other rules change nothing', () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n';
    const d = only(analyze(text, {}, { severities: { SM201: 'off', SM302: 'hint' } }), 'SM301');
    assert.equal(d.severity, ERROR);
  });

  it('a suppressed finding stays suppressed whatever its severity', () => {
    const text = 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201\nENV SAGEMAKER_PROGRAM=train.py\n';
    // SM403: python:3.11 has no `train`; it is not what this test silences.
    assert.deepEqual(pairs(analyze(text, {}, { severities: { SM201: 'error' } })), [['SM403', 'SAGEMAKER_PROGRAM']]);
  });
});

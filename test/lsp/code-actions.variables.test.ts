// Quick fixes for where SageMaker variables are set: SM003 (ARG only → ENV), SM006 (overridden) and
// SM305 (platform-provided) removals. Same shape as code-actions.test.ts: apply, compare the exact text,
// check the diagnostic is gone and which action is preferred.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sessionInTemporaryFolder } from './harness';
import { applyFix, project, SNIPPET_CAPABILITIES } from './code-actions.helpers';

const TIMEOUT = { timeout: 20_000 };

interface FixCase {
  title: string;
  code: string;
  dockerfile: string;
  /** Title of the action to apply; default: the preferred one. */
  action?: string;
  expected: string;
  /** Title of the one preferred action; null: none; default: the applied one. */
  preferred?: string | null;
}

const SET = 'Set SAGEMAKER_PROGRAM with ENV';
const ENV_FROM_ARG = 'ENV SAGEMAKER_PROGRAM=$SAGEMAKER_PROGRAM';
const REMOVE = 'Remove the overridden assignment';

const CASES: FixCase[] = [
  {
    title: 'SM003 turns an ARG with a default into an ENV (preferred)',
    code: 'SM003',
    dockerfile: 'FROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\nRUN true\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nRUN true\n',
  },
  {
    title: "SM003 adds 'ENV X=$X' after an ARG without a default (not preferred)",
    code: 'SM003',
    dockerfile: 'FROM python:3.11\nARG SAGEMAKER_PROGRAM\nRUN true\n',
    action: SET,
    preferred: null,
    expected: `FROM python:3.11\nARG SAGEMAKER_PROGRAM\n${ENV_FROM_ARG}\nRUN true\n`,
  },
  {
    title: "SM003 adds 'ENV X=$X' at the end of a file without a final newline",
    code: 'SM003',
    dockerfile: 'FROM python:3.11\nARG SAGEMAKER_PROGRAM',
    action: SET,
    preferred: null,
    expected: `FROM python:3.11\nARG SAGEMAKER_PROGRAM\n${ENV_FROM_ARG}`,
  },
  {
    title: 'SM003 keeps an ARG of several pairs and adds the ENV after its continuation lines',
    code: 'SM003',
    dockerfile: 'FROM python:3.11\n  ARG A=1 \\\n      SAGEMAKER_PROGRAM=train.py\nRUN true\n',
    expected: `FROM python:3.11\n  ARG A=1 \\\n      SAGEMAKER_PROGRAM=train.py\n  ${ENV_FROM_ARG}\nRUN true\n`,
  },
  {
    title: 'SM003 re-declares an ARG from before the first FROM in the stage',
    code: 'SM003',
    dockerfile: 'ARG SAGEMAKER_PROGRAM=train.py\nFROM python:3.11\nRUN true\n',
    expected: `ARG SAGEMAKER_PROGRAM=train.py\nFROM python:3.11\nARG SAGEMAKER_PROGRAM\n${ENV_FROM_ARG}\nRUN true\n`,
  },
  {
    title: 'SM003 keeps CRLF line endings',
    code: 'SM003',
    dockerfile: 'FROM python:3.11\r\nARG SAGEMAKER_PROGRAM\r\n',
    action: SET,
    preferred: null,
    expected: `FROM python:3.11\r\nARG SAGEMAKER_PROGRAM\r\n${ENV_FROM_ARG}\r\n`,
  },
  {
    title: 'SM006 removes the replaced ENV with its line (preferred)',
    code: 'SM006',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nENV SAGEMAKER_PROGRAM=train.py\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
  // A comment line inside an ENV belongs to the pair below it.
  {
    title: "SM006 removes a pair on lines of its own with the comment above it, and keeps the next pair's comment",
    code: 'SM006',
    dockerfile:
      'FROM python:3.11\nENV PYTHONUNBUFFERED=1 \\\n    # old entry point\n    SAGEMAKER_PROGRAM=train.py \\\n    # keep bytecode off\n    PYTHONDONTWRITEBYTECODE=1\nENV SAGEMAKER_PROGRAM=evaluate.py\n',
    expected:
      'FROM python:3.11\nENV PYTHONUNBUFFERED=1 \\\n    # keep bytecode off\n    PYTHONDONTWRITEBYTECODE=1\nENV SAGEMAKER_PROGRAM=evaluate.py\n',
  },
  {
    title: 'SM006 removes the first pair and keeps the comment of the next one',
    code: 'SM006',
    dockerfile:
      'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py \\\n    # keep unbuffered\n    PYTHONUNBUFFERED=TRUE\nENV SAGEMAKER_PROGRAM=evaluate.py\n',
    expected: 'FROM python:3.11\nENV \\\n    # keep unbuffered\n    PYTHONUNBUFFERED=TRUE\nENV SAGEMAKER_PROGRAM=evaluate.py\n',
  },
  {
    title: 'SM006 removes one pair of several across a continuation line',
    code: 'SM006',
    dockerfile: 'FROM python:3.11\nENV A=1 SAGEMAKER_PROGRAM="old.py" \\\n    B=2\nENV SAGEMAKER_PROGRAM=train.py\n',
    expected: 'FROM python:3.11\nENV A=1 B=2\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
  {
    title: 'SM006 removes the last pair',
    code: 'SM006',
    dockerfile: 'FROM python:3.11\nENV A=1 SAGEMAKER_TRAINING_MODULE=old:main\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
    expected: 'FROM python:3.11\nENV A=1\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
  },
  {
    title: 'SM006 in a base stage is offered but not preferred (the base may be built on its own)',
    code: 'SM006',
    dockerfile: 'FROM python:3.11 AS base\nENV SAGEMAKER_PROGRAM=old.py\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\n',
    action: REMOVE,
    preferred: null,
    expected: 'FROM python:3.11 AS base\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
  {
    title: 'SM006 is not preferred when something reads the old value',
    code: 'SM006',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nRUN echo ${SAGEMAKER_PROGRAM}\nENV SAGEMAKER_PROGRAM=train.py\n',
    action: REMOVE,
    preferred: null,
    expected: 'FROM python:3.11\nRUN echo ${SAGEMAKER_PROGRAM}\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
  {
    title: 'SM305 removes the platform-provided variable (not preferred)',
    code: 'SM305',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_BIND_TO_PORT=8080\nENV A=1\n',
    action: 'Remove SAGEMAKER_BIND_TO_PORT (the platform sets it)',
    preferred: null,
    expected: 'FROM python:3.11\nENV A=1\n',
  },
  {
    title: 'SM305 removes one pair of several',
    code: 'SM305',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_MULTI_MODEL=true A=1',
    action: 'Remove SAGEMAKER_MULTI_MODEL (the platform sets it)',
    preferred: null,
    expected: 'FROM python:3.11\nENV A=1',
  },
];

describe('quick fixes for where variables are set', TIMEOUT, () => {
  const on = sessionInTemporaryFolder(SNIPPET_CAPABILITIES);

  CASES.forEach((c, index) => {
    it(c.title, async () => {
      const uri = project(join(on.folder, `case${index}`), c.dockerfile);
      const { text, actions, action } = await applyFix(on.session, uri, c.dockerfile, c.code, c.action);
      assert.equal(text, c.expected);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes(`Ignore ${c.code} in this file`), 'a file-wide ignore action is offered');
      const preferred = c.preferred === undefined ? [action.title] : c.preferred === null ? [] : [c.preferred];
      assert.deepEqual(
        actions.filter((a) => a.isPreferred).map((a) => a.title),
        preferred,
        'the preferred fix',
      );
      assert.ok(actions.every((a) => a.kind === 'quickfix'));
    });
  });
});

// Edge cases found while writing the rule pages.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyze, pairsOf } from './helpers';

test('SM002: an emptied entry point is fine while another one is set, an error when none is', () => {
  const copied = 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n';
  const cleared = analyze(`${copied}ENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=\n`, { 'train.py': '' });
  assert.deepEqual(pairsOf(cleared, 'SM002'), []);
  const nothing = analyze(`${copied}ENV SAGEMAKER_TRAINING_MODULE=\n`, { 'train.py': '' });
  assert.deepEqual(pairsOf(nothing, 'SM002'), [['SM002', 'SAGEMAKER_TRAINING_MODULE=']]);
});

test('SM205: a byte-order mark before #! defeats the shebang', () => {
  const text = 'FROM python:3.11\nCOPY train.sh /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.sh\n';
  assert.deepEqual(pairsOf(analyze(text, { 'train.sh': '\uFEFF#!/bin/sh\necho hi\n' }), 'SM205'), [['SM205', 'train.sh']]);
  assert.deepEqual(pairsOf(analyze(text, { 'train.sh': '#!/bin/sh\necho hi\n' }), 'SM205'), []);
});

test('SM000: a mistyped rule ID (letter O for zero) is reported, the reason after the IDs is not', () => {
  const text = 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM2O1 Script mounted at run time\nENV SAGEMAKER_PROGRAM=train.py\n';
  assert.deepEqual(pairsOf(analyze(text, {}, { context: null }), 'SM000'), [['SM000', 'SM2O1']]);
});

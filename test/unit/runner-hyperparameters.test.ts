// Hyperparameters as the user wrote them: no number re-printed, JSON for toolkit images, plain strings otherwise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Hyperparameter,
  chooseEncoding,
  encodeHyperparameters,
  parseHyperparameterFile,
  pythonJson,
} from '../../runner/src/hyperparameters';

describe('a command line value is kept as written', () => {
  const rows: Array<[string, string, string]> = [
    // typed, hyperparameters.json with json, with raw
    ['12345678901234567890', '12345678901234567890', '12345678901234567890'],
    ['1.0', '1.0', '1.0'],
    ['1e-5', '1e-5', '1e-5'],
    ['3', '3', '3'],
    ['true', 'true', 'true'],
    ['[1,2]', '[1,2]', '[1,2]'],
    ['{"a": 1}', '{"a": 1}', '{"a": 1}'],
    ['entropy', '"entropy"', 'entropy'],
    ['"3"', '"3"', '3'],
    ['café', '"caf\\u00e9"', 'café'],
    ['a b', '"a b"', 'a b'],
    ['', '""', ''],
    ['NaN', '"NaN"', 'NaN'],
  ];
  for (const [typed, json, raw] of rows) {
    it(`${typed || '(empty)'} → json ${json}, raw ${raw}`, () => {
      const h = Hyperparameter.fromText(typed);
      assert.equal(h.json, json);
      assert.equal(h.text, raw);
    });
  }
});

describe('values that were already parsed (settings) are encoded like json.dumps', () => {
  const rows: Array<[unknown, string]> = [
    [3, '3'],
    [0.01, '0.01'],
    ['adam', '"adam"'],
    [true, 'true'],
    [null, 'null'],
    [[1, 2], '[1, 2]'],
    [{ b: 1, a: 'x' }, '{"b": 1, "a": "x"}'],
    ['say "hi"', '"say \\"hi\\""'],
  ];
  for (const [value, encoded] of rows) it(`${JSON.stringify(value)} → ${encoded}`, () => assert.equal(pythonJson(value), encoded));

  it('encodes each value of the object, json or raw', () => {
    assert.deepEqual(encodeHyperparameters({ epochs: 3, optimizer: 'adam' }), { epochs: '3', optimizer: '"adam"' });
    assert.deepEqual(encodeHyperparameters({ epochs: 3, optimizer: 'adam' }, 'raw'), { epochs: '3', optimizer: 'adam' });
    assert.deepEqual(encodeHyperparameters({ lr: Hyperparameter.fromText('1.0') }, 'json'), { lr: '1.0' });
  });
});

describe("a hyperparameters file keeps its values' types and spelling", () => {
  it('numbers, strings, booleans, arrays and objects, as JSON has them', () => {
    const file =
      '\n{ "seed": 12345678901234567890, "lr" :1.0,"wd": 1e-5, "name": "a,b}", "flag": true,\n "layers": [1, [2, "]"]], "opts": {"k": "v"}, "none": null }\n';
    const table = parseHyperparameterFile(file);
    assert.deepEqual(encodeHyperparameters(table, 'json'), {
      seed: '12345678901234567890',
      lr: '1.0',
      wd: '1e-5',
      name: '"a,b}"',
      flag: 'true',
      layers: '[1, [2, "]"]]',
      opts: '{"k": "v"}',
      none: 'null',
    });
    assert.equal(table.name.text, 'a,b}');
    assert.equal(table.lr.text, '1.0');
  });

  it('escaped quotes in keys and values; the last of a repeated key wins, as JSON.parse does', () => {
    const table = parseHyperparameterFile('{"k\\"ey": "v\\"al", "x": 1, "x": 2}');
    assert.deepEqual(Object.keys(table), ['k"ey', 'x']);
    assert.equal(table['k"ey'].text, 'v"al');
    assert.equal(table.x.json, '2');
  });

  it('a key named __proto__ is an ordinary hyperparameter', () => {
    const table = parseHyperparameterFile('{"__proto__": 5}');
    assert.deepEqual(Object.keys(table), ['__proto__']);
    assert.deepEqual(encodeHyperparameters(table), Object.fromEntries([['__proto__', '5']]));
  });

  for (const bad of ['[1, 2]', '"x"', '3', '{"a": }', '']) {
    it(`not a JSON object: ${bad || '(empty)'}`, () => assert.throws(() => parseHyperparameterFile(bad), SyntaxError));
  }
});

describe('which encoding, and why', () => {
  it('auto: JSON when an entry-point variable is set, with the variable in the reason', () => {
    const decided = chooseEncoding('auto', { SAGEMAKER_PROGRAM: 'train.py', PATH: '/bin' }, 'the image');
    assert.equal(decided.encoding, 'json');
    assert.match(decided.reason, /the image sets SAGEMAKER_PROGRAM=train\.py: SageMaker's training toolkit JSON-decodes each value/);
    assert.equal(chooseEncoding('auto', { SAGEMAKER_TRAINING_MODULE: 'a.b:main' }, 'the image').encoding, 'json');
  });

  it('auto: raw for a bring-your-own image (no entry-point variable, or an empty one)', () => {
    const decided = chooseEncoding('auto', { SAGEMAKER_PROGRAM: '', PATH: '/bin' }, 'the image');
    assert.equal(decided.encoding, 'raw');
    assert.match(decided.reason, /neither SAGEMAKER_PROGRAM nor SAGEMAKER_TRAINING_MODULE: a bring-your-own image/);
  });

  it('a chosen encoding wins', () => {
    assert.deepEqual(chooseEncoding('raw', { SAGEMAKER_PROGRAM: 'train.py' }, 'the image'), { encoding: 'raw', reason: 'chosen (raw)' });
  });
});

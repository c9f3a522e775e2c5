// SM000 (suppression comments naming unknown rules) and SM001–SM006: which variables are set
// where, how their values resolve (docs/rules/README.md#recognition, #stages,
// #variables-and-values).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticTag } from 'vscode-languageserver-types';
import {
  analyze,
  assertFires,
  assertQuiet,
  dataOf,
  HINT,
  INFO,
  only,
  pairsOf,
  rangeText,
  WARNING,
  ERROR,
  type FireCase,
  type QuietCase,
} from './helpers';

const TRAIN = { 'train.py': 'print("training")\n' };

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(code, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

table(
  'SM000',
  HINT,
  [
    {
      title: 'unknown ID in an ignore comment',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM999 reason\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      range: 'SM999',
      data: { id: 'SM999' },
    },
    {
      title: 'unknown ID next to a known one',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201,SM42 code comes from S3\nENV SAGEMAKER_PROGRAM=train.py\n',
      range: 'SM42',
      data: { id: 'SM42' },
    },
    {
      title: 'unknown ID in a global ignore comment',
      dockerfile: 'FROM python:3.11\n# sagemaker-entrypoint global ignore=SM9999\n',
      range: 'SM9999',
    },
  ],
  [
    {
      title: 'known IDs only',
      dockerfile:
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM201,SM204 reason SM999 in the reason text\nENV SAGEMAKER_PROGRAM=train.py\n',
    },
    {
      title: 'a comment that is not a suppression comment',
      dockerfile: 'FROM python:3.11\n# ignore=SM999\n# see SM999 in the docs\nENV A=1\n',
    },
  ],
);

table(
  'SM001',
  WARNING,
  [
    {
      title: 'one letter too many',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAMM=train.py\n',
      range: 'SAGEMAKER_PROGRAMM',
      data: { suggestion: 'SAGEMAKER_PROGRAM' },
      message: ['SAGEMAKER_PROGRAM'],
    },
    {
      title: 'one letter missing',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGAM=train.py\n',
      range: 'SAGEMAKER_PROGAM',
      data: { suggestion: 'SAGEMAKER_PROGRAM' },
    },
    {
      title: 'two edits away',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODUL=pkg.mod:main\n',
      range: 'SAGEMAKER_TRAINING_MODUL',
      data: { suggestion: 'SAGEMAKER_TRAINING_MODULE' },
    },
    {
      title: 'different case',
      dockerfile: 'FROM python:3.11\nENV Sagemaker_Program=train.py\n',
      range: 'Sagemaker_Program',
      data: { suggestion: 'SAGEMAKER_PROGRAM' },
    },
    {
      title: 'hyperparameter spelling sagemaker_program',
      dockerfile: 'FROM python:3.11\nENV sagemaker_program=train.py\n',
      range: 'sagemaker_program',
      data: { suggestion: 'SAGEMAKER_PROGRAM' },
    },
    {
      title: 'second pair of a multi-pair ENV',
      dockerfile: 'FROM python:3.11\nENV A=1 SAGEMAKER_CONTAINER_LOG_LEVL=20\n',
      range: 'SAGEMAKER_CONTAINER_LOG_LEVL',
      data: { suggestion: 'SAGEMAKER_CONTAINER_LOG_LEVEL' },
    },
    {
      title: 'key after a comment line inside a continued ENV',
      dockerfile: 'FROM python:3.11\nENV A=1 \\\n# explain the next line\n    SAGEMAKER_PROGRAMM=train.py\n',
      range: 'SAGEMAKER_PROGRAMM',
    },
    {
      title: 'backtick continuation with # escape=`',
      dockerfile: '# escape=`\nFROM python:3.11\nENV A=C:\\data `\n    SAGEMAKER_PROGRAMM=train.py\n',
      range: 'SAGEMAKER_PROGRAMM',
    },
    {
      title: 'no final newline',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAMM=train.py',
      range: 'SAGEMAKER_PROGRAMM',
    },
  ],
  [
    {
      title: 'exact catalogue name',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    { title: 'private SAGEMAKER_ key of an image', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SKLEARN_VERSION=1.2-1\n' },
    { title: 'a value that looks like a variable', dockerfile: 'FROM python:3.11\nENV NODE_TYPE SAGEMAKER_TRAINING_WORKER\n' },
    { title: 'a LABEL key', dockerfile: 'FROM python:3.11\nLABEL SAGEMAKER_PROGRAMM=x sagemaker_program=y\n' },
    { title: 'a comment', dockerfile: 'FROM python:3.11\n# ENV SAGEMAKER_PROGRAMM=train.py\n' },
    { title: 'text inside a RUN heredoc', dockerfile: 'FROM python:3.11\nRUN <<EOF\necho "ENV SAGEMAKER_PROGRAMM=x"\nEOF\n' },
  ],
);

table(
  'SM002',
  ERROR,
  [
    { title: 'empty quoted SAGEMAKER_PROGRAM', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=""\n', range: '""' },
    { title: 'blank SAGEMAKER_SERVING_MODULE', dockerfile: "FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=' '\n", range: "' '" },
    { title: 'empty through an ARG default', dockerfile: 'FROM python:3.11\nARG P=""\nENV SAGEMAKER_PROGRAM=$P\n', range: '$P' },
    {
      title: 'empty effective value after a non-empty one',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\nENV SAGEMAKER_TRAINING_MODULE=""\n',
      range: '""',
    },
  ],
  [
    {
      title: 'empty value replaced by a later one',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=""\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'empty value in a stage the target does not build on',
      dockerfile:
        'FROM python:3.11 AS other\nENV SAGEMAKER_PROGRAM=""\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    { title: 'unresolved is not empty', dockerfile: 'FROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=$P\n' },
    { title: 'an empty non-entry-point variable', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_REGION=""\n' },
  ],
);

describe('SM002 with ENV K= (nothing after =)', () => {
  it('fires on the ENV line', () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=\n';
    const d = only(analyze(text), 'SM002');
    assert.equal(d.severity, ERROR);
    assert.equal(d.range.start.line, 1);
  });
});

table(
  'SM003',
  WARNING,
  [
    {
      title: 'ARG in the target stage',
      dockerfile: 'FROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\n',
      range: 'SAGEMAKER_PROGRAM',
      data: { name: 'SAGEMAKER_PROGRAM' },
    },
    {
      title: 'global ARG before FROM',
      dockerfile: 'ARG SAGEMAKER_TRAINING_MODULE=pkg.mod:main\nFROM python:3.11\n',
      range: 'SAGEMAKER_TRAINING_MODULE',
      data: { name: 'SAGEMAKER_TRAINING_MODULE' },
    },
    {
      title: 'ARG of a non-entry-point catalogue name',
      dockerfile: 'FROM python:3.11\nARG SAGEMAKER_CONTAINER_LOG_LEVEL=20\n',
      range: 'SAGEMAKER_CONTAINER_LOG_LEVEL',
    },
    {
      title: 'ARG in the target, ENV only in another stage',
      dockerfile: 'FROM python:3.11 AS other\nENV SAGEMAKER_PROGRAM=train.py\nFROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\n',
      range: 'SAGEMAKER_PROGRAM',
    },
  ],
  [
    {
      title: 'ARG copied into ENV',
      dockerfile:
        'FROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\nENV SAGEMAKER_PROGRAM=$SAGEMAKER_PROGRAM\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'global ARG and ENV in the parent stage',
      dockerfile:
        'ARG SAGEMAKER_PROGRAM=train.py\nFROM python:3.11 AS base\nENV SAGEMAKER_PROGRAM=train.py\nFROM base\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'ARG of a name outside the catalogue',
      dockerfile: 'FROM python:3.11\nARG PROGRAM=train.py\nARG SAGEMAKER_SKLEARN_VERSION=1.2\n',
    },
  ],
);

table(
  'SM004',
  INFO,
  [
    {
      title: 'a variable set in the same ENV instruction: Docker expands with the values from before it',
      dockerfile: 'FROM python:3.11\nENV CODE_DIR=/opt/ml/code \\\n    ENTRY=fit.py \\\n    SAGEMAKER_PROGRAM=${ENTRY}\n',
      range: '${ENTRY}',
      data: { variable: 'ENTRY' },
      message: ['ENTRY gets its value in this same ENV instruction', 'set SAGEMAKER_PROGRAM in an ENV of its own after it'],
    },
    ...['${ENTRY#src/}', '${ENTRY##*/}', '${ENTRY/src\\//}', '${ENTRY:?}'].map((form) => ({
      title: `${form}: a substitution that is not evaluated, though ENTRY has a value`,
      dockerfile: `FROM python:3.11\nARG ENTRY=src/train.py\nENV SAGEMAKER_PROGRAM=${form}\n`,
      range: form,
      data: { variable: 'ENTRY' },
      message: [`'${form}' uses a substitution the checker does not evaluate`],
    })),
    {
      title: 'ARG without default and no build-arg',
      dockerfile: 'FROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=$P\n',
      range: '$P',
      data: { variable: 'P' },
      message: ['P', 'skipped'],
    },
    {
      title: 'ARG TARGETARCH in the stage: the builder sets it for the platform it builds for',
      dockerfile: 'FROM python:3.11\nARG TARGETARCH\nENV SAGEMAKER_PROGRAM=${TARGETARCH}/train.py\n',
      range: '${TARGETARCH}/train.py',
      data: { variable: 'TARGETARCH' },
      message: ['the builder sets TARGETARCH for the platform it builds for', '--build-arg TARGETARCH='],
    },
    {
      title: 'TARGETOS not declared in the stage: the builder sets it only where ARG declares it',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=${TARGETOS}.py\n',
      range: '${TARGETOS}.py',
      data: { variable: 'TARGETOS' },
      message: ["add 'ARG TARGETOS' to the stage"],
    },
    {
      title: 'variable defined nowhere',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=${PKG}.train:main\n',
      range: '${PKG}.train:main',
      data: { variable: 'PKG' },
    },
    {
      title: 'global ARG not re-declared in the stage',
      dockerfile: 'ARG P=train.py\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=$P\n',
      range: '$P',
      data: { variable: 'P' },
    },
    {
      title: 'ENV A=x B=$A: A has no value before the instruction',
      dockerfile: 'FROM python:3.11\nENV P=train.py SAGEMAKER_PROGRAM=$P\n',
      range: '$P',
      data: { variable: 'P' },
    },
    {
      title: '${X:-default} where X has no value in this Dockerfile',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=${P:-train.py}\n',
      range: '${P:-train.py}',
      data: { variable: 'P' },
    },
    {
      title: 'an ENV whose value has none because of an ARG without a value: the message names both',
      dockerfile: 'FROM python:3.11\nARG X\nENV A=$X/train.py\nENV SAGEMAKER_PROGRAM=$A\n',
      range: '$A',
      data: { variable: 'X' },
      message: ['depends on $A, whose value depends on $X, but ARG X has no value'],
    },
    {
      title: 'values that double at each step stop at the length Linux passes to a program',
      dockerfile: `FROM python:3.11\nENV A0=x\n${Array.from({ length: 40 }, (_, i) => `ENV A${i + 1}=\${A${i}}\${A${i}}\n`).join('')}ENV SAGEMAKER_PROGRAM=\${A40}\n`,
      range: '${A40}',
      data: { variable: 'A17' },
      message: ['depends on $A40, whose value depends on $A17 through 22 other variables', 'the value of A18 would be longer than 128 KiB'],
    },
  ],
  [
    {
      title: 'ARG with a default',
      dockerfile: 'FROM python:3.11\nARG P=train.py\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'ARG declared in the stage this one is built FROM (BuildKit passes it on)',
      dockerfile: 'FROM python:3.11 AS base\nARG P=train.py\nFROM base\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=$P\n',
      files: TRAIN,
    },
    {
      title: 'ARG without a value and a default in the value',
      dockerfile: 'FROM python:3.11\nARG P\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=${P:-train.py}\n',
      files: TRAIN,
    },
    {
      title: 'ARG supplied as a build argument',
      dockerfile: 'FROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=${P}\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      options: { buildArgs: { P: 'train.py' } },
    },
    {
      title: 'bare ARG re-declaration takes the global default',
      dockerfile: 'ARG P=train.py\nFROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'global ARG with a build argument, re-declared',
      dockerfile: 'ARG P\nFROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      options: { buildArgs: { P: 'train.py' } },
    },
    {
      title: 'ENV from the parent stage',
      dockerfile: 'FROM python:3.11 AS base\nENV P=train.py\nFROM base\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: '${X:+alt} with X set',
      dockerfile: 'FROM python:3.11\nENV X=1\nENV SAGEMAKER_PROGRAM=${X:+train.py}\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    { title: 'escaped dollar is literal text', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=\\$P.py\n' },
    { title: 'unresolved non-entry-point variable', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_REGION=$REGION\n' },
  ],
);

table(
  'SM005',
  WARNING,
  [
    {
      title: 'a build stage the target copies from sets it, while the target has another entry point',
      dockerfile:
        'FROM python:3.11 AS build\nENV SAGEMAKER_PROGRAM=train.py\nRUN pip wheel -w /wheels numpy\nFROM python:3.11\nCOPY --from=build /wheels /wheels\nENV SAGEMAKER_SERVING_MODULE=app:app\n',
      range: 'SAGEMAKER_PROGRAM',
      data: { stage: 'build' },
    },
    {
      title: 'FROM 0 names the image 0, not stage 0 (only COPY --from takes an index)',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nFROM 0 AS mid\nFROM mid\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      range: 'SAGEMAKER_PROGRAM',
    },
    {
      title: 'set only in a stage the last stage does not build on',
      dockerfile:
        'FROM python:3.11 AS a\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\nFROM python:3.11 AS b\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      range: 'SAGEMAKER_PROGRAM',
      data: { stage: 'a' },
    },
    {
      title: 'configured target does not build on the setting stage',
      dockerfile: 'FROM python:3.11 AS a\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\nFROM python:3.11 AS b\nFROM python:3.11 AS c\n',
      options: { target: 'b' },
      range: 'SAGEMAKER_TRAINING_MODULE',
      data: { stage: 'a' },
    },
  ],
  [
    {
      title: 'one final stage per job: the serve target does not inherit the train stage, and is not meant to',
      dockerfile:
        'FROM python:3.11-slim AS common\nRUN pip install numpy\nFROM common AS train\nENV SAGEMAKER_PROGRAM=train.py\nFROM common AS serve\nENV SAGEMAKER_SERVING_MODULE=wsgi:app\n',
    },
    {
      title: 'a stage built on the target is another image (`FROM ec2 AS sagemaker` with --target ec2)',
      dockerfile:
        'FROM python:3.11 AS ec2\nRUN pip install torch\nFROM ec2 AS sagemaker\nENV SAGEMAKER_SERVING_MODULE=sagemaker_pytorch_serving_container.serving:main\n',
      options: { target: 'ec2' },
    },
    {
      title: 'one final stage per job, the serve target an AWS inference image with no entry-point variable',
      dockerfile:
        'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-cpu-py310 AS train\nENV SAGEMAKER_PROGRAM=train.py\nFROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310 AS serve\n',
      options: { target: 'serve' },
    },
    {
      title: 'one final stage per job, the serve target with an ENTRYPOINT of its own',
      dockerfile:
        'FROM python:3.11 AS train\nENV SAGEMAKER_PROGRAM=train.py\nFROM python:3.11 AS serve\nENTRYPOINT ["python", "/opt/program/serve.py"]\n',
    },
    {
      title: 'one final stage per job, with --target train',
      dockerfile:
        'FROM python:3.11-slim AS common\nRUN pip install numpy\nFROM common AS train\nENV SAGEMAKER_PROGRAM=train.py\nFROM common AS serve\nENV SAGEMAKER_SERVING_MODULE=wsgi:app\n',
      options: { target: 'train' },
    },
    {
      title: '--target selects the stage that sets it',
      dockerfile: 'FROM python:3.11 AS a\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\nFROM python:3.11 AS b\n',
      files: TRAIN,
      options: { target: 'a' },
    },
    {
      title: 'target built FROM the stage by name',
      dockerfile: 'FROM python:3.11 AS a\nENV SAGEMAKER_PROGRAM=train.py\nFROM a AS b\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'target built FROM the stage by name, transitively',
      dockerfile: 'FROM python:3.11 AS first\nENV SAGEMAKER_PROGRAM=train.py\nFROM first AS mid\nFROM mid\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'the target sets it too',
      dockerfile:
        'FROM python:3.11 AS a\nENV SAGEMAKER_PROGRAM=old.py\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'a non-entry-point variable in another stage',
      dockerfile: 'FROM python:3.11 AS a\nENV SAGEMAKER_REGION=us-east-1\nFROM python:3.11\n',
    },
  ],
);

table(
  'SM006',
  HINT,
  [
    {
      title: 'replaced later in the same stage',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      range: 'SAGEMAKER_PROGRAM=old.py',
      message: ['replaced by the one on line 3'],
    },
    {
      title: 'replaced in the same ENV instruction',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
      range: 'SAGEMAKER_PROGRAM=old.py',
      message: ['replaced by a later pair of this ENV'],
    },
    {
      title: 'replaced by the child stage',
      dockerfile: 'FROM python:3.11 AS base\nENV SAGEMAKER_TRAINING_MODULE=a.b:main\nFROM base\nENV SAGEMAKER_TRAINING_MODULE=c.d:main\n',
      range: 'SAGEMAKER_TRAINING_MODULE=a.b:main',
    },
  ],
  [
    {
      title: 'only one assignment',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'earlier assignment in a stage outside the target chain',
      dockerfile:
        'FROM python:3.11 AS other\nENV SAGEMAKER_PROGRAM=old.py\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n',
      files: TRAIN,
    },
    {
      title: 'a non-entry-point variable set twice',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=10\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=20\n',
    },
  ],
);

describe('SM006 carries the Unnecessary tag', () => {
  it('tags the replaced assignment', () => {
    const d = only(
      analyze('FROM python:3.11\nENV SAGEMAKER_PROGRAM=old.py\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\n', TRAIN),
      'SM006',
    );
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
  });
});

// How values resolve (docs/rules/README.md#variables-and-values): observed through the rules that read the value.
describe('value resolution', () => {
  it('ENV A=x B=$A uses the value A had before the instruction (Docker semantics)', () => {
    const text = 'FROM python:3.11\nENV M=bad/path.py:main\nENV M=good.mod:main SAGEMAKER_TRAINING_MODULE=$M\n';
    const d = only(analyze(text), 'SM101');
    assert.equal(dataOf(d).value, 'bad/path.py:main');
  });

  it('ENV A=x B=$A: the program is the previous value, and that one is missing from /opt/ml/code', () => {
    const text = 'FROM python:3.11\nENV P=old.py\nENV P=train.py SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n';
    const d = only(analyze(text, TRAIN), 'SM201');
    assert.equal(dataOf(d).program, 'old.py');
    assert.equal(rangeText(text, d), '$P');
  });

  it('ARG P=train.py + ENV SAGEMAKER_PROGRAM=$P resolves: no SM004, SM201 or SM202', () => {
    const r = analyze('FROM python:3.11\nARG P=train.py\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n', TRAIN);
    assert.deepEqual(pairsOf(r, 'SM004', 'SM201', 'SM202'), []);
  });

  it('the build argument wins over the ARG default', () => {
    const text = 'FROM python:3.11\nARG M=good.mod:main\nENV SAGEMAKER_TRAINING_MODULE=$M\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM101'), []);
    const d = only(analyze(text, {}, { buildArgs: { M: 'bad/path.py:main' } }), 'SM101');
    assert.equal(dataOf(d).value, 'bad/path.py:main');
  });

  it('quoted value ENV SAGEMAKER_PROGRAM="train.py" is train.py', () => {
    const r = analyze('FROM python:3.11\nENV SAGEMAKER_PROGRAM="train.py"\nCOPY train.py /opt/ml/code/\n', TRAIN);
    assert.deepEqual(pairsOf(r, 'SM201', 'SM202', 'SM204'), []);
  });

  it('legacy form ENV K v takes the rest of the line as the value', () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL  verbose mode\n';
    const d = only(analyze(text), 'SM301');
    assert.equal(rangeText(text, d), 'verbose mode');
  });

  it('several pairs on one instruction, continued over lines with comment lines inside', () => {
    const text =
      'FROM python:3.11\nENV A=1 \\\n# first comment\n    SAGEMAKER_PROGRAM=train.py \\\n    # indented comment\n    SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\nCOPY train.py /opt/ml/code/\n';
    const r = analyze(text, TRAIN);
    assert.deepEqual(pairsOf(r, 'SM201', 'SM202', 'SM301'), [['SM301', 'INFO']]);
  });

  it('backtick continuations with # escape=` (backslash is a plain character)', () => {
    const text =
      '# escape=`\nFROM python:3.11\nCOPY train.py /opt/ml/code/\nENV A=1 `\n    SAGEMAKER_PROGRAM=train.py `\n    SAGEMAKER_TRAINING_MODULE=train\\entry:main\n';
    const r = analyze(text, TRAIN);
    assert.deepEqual(pairsOf(r, 'SM101', 'SM201', 'SM202'), [['SM101', 'train\\entry']]);
  });

  it('a missing final newline', () => {
    const text = 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=INFO';
    assert.deepEqual(pairsOf(analyze(text, TRAIN), 'SM201', 'SM301'), [['SM301', 'INFO']]);
  });

  it('a Dockerfile with CRLF line endings', () => {
    const text =
      'FROM python:3.11\r\nCOPY train.py /opt/ml/code/\r\nENV SAGEMAKER_PROGRAM=train.py\r\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\r\n';
    assert.deepEqual(pairsOf(analyze(text, TRAIN), 'SM201', 'SM202', 'SM204', 'SM301'), [['SM301', 'INFO']]);
  });

  it('columns are UTF-16 code units (non-ASCII text before the value)', () => {
    const text = 'FROM python:3.11\nENV E="🚀 données" SAGEMAKER_TRAINING_MODULE=a/b.py:main SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM101', 'SM301'), [
      ['SM101', 'a/b.py'],
      ['SM301', 'INFO'],
    ]);
  });

  it('tabs as separators in the legacy form', () => {
    assert.deepEqual(pairsOf(analyze('FROM python:3.11\nENV\tSAGEMAKER_CONTAINER_LOG_LEVEL\tINFO\n'), 'SM301'), [['SM301', 'INFO']]);
  });

  it('a line continuation inside a value joins the lines', () => {
    const r = analyze('FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=tra\\\nin.py\n', TRAIN);
    assert.deepEqual(pairsOf(r, 'SM201', 'SM202'), []);
  });

  it('# escape= after the first instruction is a plain comment', () => {
    // Backslash stays the escape character: `a\b` is `ab`, a valid module name.
    const text = 'FROM python:3.11\n# escape=`\nENV SAGEMAKER_TRAINING_MODULE=a\\b:main\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM101'), []);
  });

  it('# escape=` after another parser directive', () => {
    const text = '# syntax=docker/dockerfile:1\n# escape=`\nFROM python:3.11\nENV A=1 `\n  SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n';
    assert.deepEqual(pairsOf(analyze(text), 'SM301'), [['SM301', 'INFO']]);
  });

  it('an ENV wins over an ARG of the same name', () => {
    const r = analyze('FROM python:3.11\nENV P=train.py\nARG P=other.py\nENV SAGEMAKER_PROGRAM=$P\nCOPY train.py /opt/ml/code/\n', TRAIN);
    assert.deepEqual(pairsOf(r, 'SM201', 'SM202', 'SM004'), []);
  });

  it('LABEL and comments mentioning SAGEMAKER_PROGRAM set nothing', () => {
    const text = 'FROM python:3.11\n# ENV SAGEMAKER_PROGRAM=train.py\nLABEL SAGEMAKER_PROGRAM=train.py\nENV NODE_TYPE SAGEMAKER_PROGRAM\n';
    const r = analyze(text);
    assert.equal(r.model.effectiveEnv.has('SAGEMAKER_PROGRAM'), false);
    assert.deepEqual(pairsOf(r, 'SM001', 'SM002', 'SM201', 'SM204'), []);
  });
});

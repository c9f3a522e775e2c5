// Unknown is not absent: what a folder copy without a build context, a glob, an archive, a URL, a
// RUN or another image brings is unknown, and the rules that read image files stay silent about it.
// The Dockerfiles are minimal cases of patterns seen in public SageMaker Dockerfiles, checked the
// way CI checks them when the build context is not beside the file (`--no-context`).
import { describe, it } from 'node:test';
import { assertFires, assertQuiet, ERROR, WARNING, type FireCase, type QuietCase } from './helpers';

const F = 'FROM python:3.11\n';
const NO_CONTEXT = { context: null } as const;

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(`${code}: unknown is not absent`, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

table(
  'SM207',
  WARNING,
  [
    {
      title: 'no context: a requirements file copied onto the code folder through a variable',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY /opt/ml/code\nCOPY src/requirements.txt \${SAGEMAKER_SUBMIT_DIRECTORY}\n`,
      options: NO_CONTEXT,
      range: '${SAGEMAKER_SUBMIT_DIRECTORY}',
    },
    {
      title: 'no context: a .py name can only be a file',
      dockerfile: `${F}COPY train.py /opt/ml/code\n`,
      options: NO_CONTEXT,
      range: '/opt/ml/code',
    },
    { title: 'no context: a .sh name', dockerfile: `${F}COPY scripts/run.sh /opt/ml/code\n`, options: NO_CONTEXT, range: '/opt/ml/code' },
    {
      title: 'a heredoc is a file',
      dockerfile: `${F}COPY <<EOF /opt/ml/code\nprint(1)\nEOF\n`,
      options: NO_CONTEXT,
      range: '/opt/ml/code',
    },
    {
      title: 'with a context: an extension-less name that is a file there',
      dockerfile: `${F}COPY code /opt/ml/code\n`,
      files: { code: '#!/bin/sh\n' },
      range: '/opt/ml/code',
    },
  ],
  [
    {
      title: 'FROM a variable without a value: its image may have the folder',
      dockerfile: 'ARG BASE_DOCKER\nFROM ${BASE_DOCKER}\nCOPY train.py /opt/ml/code\nENV SAGEMAKER_PROGRAM train.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY /bert-topic /opt/ml/code',
      dockerfile: `${F}COPY /bert-topic /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY code /opt/ml/code',
      dockerfile: `${F}COPY code /opt/ml/code\nWORKDIR /opt/ml/code\nENV SAGEMAKER_PROGRAM train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY ./src $CODE_PATH',
      dockerfile: `${F}ENV CODE_PATH=/opt/ml/code\nCOPY ./src $CODE_PATH\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY script /opt/ml/code then WORKDIR and chmod',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM="main.py"\nCOPY script /opt/ml/code\nWORKDIR /opt/ml/code\nRUN chmod -R +x /opt/ml/code\n`,
      options: NO_CONTEXT,
    },
    { title: 'with a context: the source is a folder there', dockerfile: `${F}COPY code /opt/ml/code\n`, files: { 'code/train.py': '' } },
    {
      title: 'with a context: the source is missing (the build fails; SM202 says why)',
      dockerfile: `${F}COPY code /opt/ml/code\n`,
      files: {},
    },
    { title: 'no context: a glob', dockerfile: `${F}COPY *.py /opt/ml/code\n`, options: NO_CONTEXT },
    { title: 'no context: ADD of a URL', dockerfile: `${F}ADD https://example.com/train.py /opt/ml/code\n`, options: NO_CONTEXT },
    {
      title: 'no context: a folder copy made the folder first',
      dockerfile: `${F}COPY src /opt/ml/code\nCOPY train.py /opt/ml/code\n`,
      options: NO_CONTEXT,
    },
  ],
);

table(
  'SM201',
  WARNING,
  [
    {
      title: 'no context: the script is copied to another folder by name',
      dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY serve.py /opt/program/serve.py\nENV SAGEMAKER_PROGRAM=serve.py\n`,
      options: NO_CONTEXT,
      range: 'serve.py',
      data: { landedAt: '/opt/program/serve.py' },
    },
    {
      title: 'FROM a variable whose default names the image: that image is known',
      dockerfile: 'ARG BASE_DOCKER=python:3.11\nFROM ${BASE_DOCKER}\nENV SAGEMAKER_PROGRAM train.py\n',
      options: NO_CONTEXT,
      range: 'train.py',
    },
    {
      title: 'FROM a variable given as a build argument',
      dockerfile: 'ARG BASE_DOCKER\nFROM ${BASE_DOCKER}\nENV SAGEMAKER_PROGRAM train.py\n',
      options: { context: null, buildArgs: { BASE_DOCKER: 'python:3.11' } },
      range: 'train.py',
    },
    {
      title: 'no context: a folder copied elsewhere does not reach /opt/ml/code',
      dockerfile: `${F}COPY src /opt/program\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
      range: 'train.py',
    },
  ],
  [
    {
      title: 'no context: COPY app $CODEPATH/app/ then app/train_multi_node.py',
      dockerfile: `${F}ENV CODEPATH=/opt/ml/code\nCOPY app $CODEPATH/app/\nENV SAGEMAKER_PROGRAM=app/train_multi_node.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY ./src /opt/ml/code/src/ then an absolute program path',
      dockerfile: `${F}COPY ./src /opt/ml/code/src/\nENV SAGEMAKER_PROGRAM /opt/ml/code/src/train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'with a context: the copied folder has the script',
      dockerfile: `${F}ENV CODEPATH=/opt/ml/code\nCOPY app $CODEPATH/app/\nENV SAGEMAKER_PROGRAM=app/train_multi_node.py\n`,
      files: { 'app/train_multi_node.py': '' },
    },
    {
      title: 'no context: COPY code /opt/ml/code',
      dockerfile: `${F}COPY code /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: COPY . /opt/ml/code',
      dockerfile: `${F}COPY . /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: a glob into the folder',
      dockerfile: `${F}COPY src/*.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'no context: ADD of an archive',
      dockerfile: `${F}ADD code.tar.gz /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'COPY --from another image',
      dockerfile: `${F}COPY --from=ghcr.io/example/code:1 /src /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'COPY --from a stage whose folder a RUN filled',
      dockerfile:
        'FROM python:3.11 AS build\nRUN git clone https://example.com/code.git /src\nFROM python:3.11\nCOPY --from=build /src /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n',
    },
    {
      title: 'COPY --from a stage of a folder only its base image has',
      dockerfile:
        'FROM node:20 AS web\nRUN npm --version\nFROM python:3.11\nCOPY --from=web /usr/src/app /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    },
    {
      title: 'COPY --from a stage of a folder copied without a context',
      dockerfile:
        'FROM python:3.11 AS build\nCOPY code /src\nFROM python:3.11\nCOPY --from=build /src /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'FROM a variable without a value: the base image, a build of its own, may hold the script',
      dockerfile: 'ARG BASE_DOCKER\nFROM ${BASE_DOCKER}\nENV SAGEMAKER_PROGRAM train.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'FROM a variable without a value, then a stage built on it',
      dockerfile: 'ARG BASE\nFROM $BASE AS base\nRUN pip install sagemaker-training\nFROM base\nENV SAGEMAKER_PROGRAM train.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'the code folder installed by pip from a folder copy stays known-unknown',
      dockerfile: `${F}COPY code /opt/ml/code\nRUN pip install -e /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'COPY --parents keeps the source path under the destination, which is not modelled',
      dockerfile: `# syntax=docker/dockerfile:1.7-labs\n${F}COPY --parents code/inference.py /opt/ml/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { 'code/inference.py': '' },
    },
  ],
);

describe('SM202: with a context, a copied folder is read', () => {
  it('fires: the folder has no such script', () => {
    assertFires('SM202', ERROR, {
      title: 'SM202',
      dockerfile: `${F}ENV CODEPATH=/opt/ml/code\nCOPY app $CODEPATH/app/\nENV SAGEMAKER_PROGRAM=app/train_multi_node.py\n`,
      files: { 'app/train.py': '' },
      range: 'app/train_multi_node.py',
      data: { source: 'app/train_multi_node.py', excluded: false },
    });
  });
});

// The other rules that read image files only speak about what is known to be there.
describe('rules that read files stay silent on unknown placement', () => {
  const shellScript = { 'train.sh': 'echo hi\r\n' };
  it('SM205/SM206: program brought by an archive', () => {
    for (const code of ['SM205', 'SM206']) {
      assertQuiet(code, {
        title: code,
        dockerfile: `${F}ADD code.tar.gz /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.sh\n`,
        files: { ...shellScript, 'code.tar.gz': '' },
      });
    }
  });
  it('SM205/SM206: program under a folder a RUN changed', () => {
    for (const code of ['SM205', 'SM206']) {
      assertQuiet(code, {
        title: code,
        dockerfile: `${F}COPY . /opt/ml/code/\nRUN sed -i 's/a/b/' /opt/ml/code/train.sh\nENV SAGEMAKER_PROGRAM=train.sh\n`,
        files: shellScript,
      });
    }
  });
  it('SM208: setup.py that only an archive may bring', () => {
    assertQuiet('SM208', {
      title: 'SM208',
      dockerfile: `${F}ADD code.tar.gz /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'code.tar.gz': '', 'setup.py': '' },
    });
  });
  it('SM104/SM105: module under a folder from another image', () => {
    for (const code of ['SM104', 'SM105']) {
      assertQuiet(code, {
        title: code,
        dockerfile: `${F}COPY --from=ghcr.io/example/code:1 /src /opt/code/\nENV PYTHONPATH=/opt/code\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`,
        files: { 'trainer/entry.py': 'def other(x):\n    pass\n' },
      });
    }
  });
});

// SM403: SageMaker starts the image with `train` or `serve`; on a plain public base image without an
// ENTRYPOINT, something in the Dockerfile must bring that command (CONTRACT SM033). Minimal cases of our
// own, after the ways public images write it: some install the toolkit, some copy their own `train`,
// some set an ENTRYPOINT, and some copy `train.py` next to `PATH="/opt/ml/code:${PATH}"` and nothing else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFires, assertQuiet, dataOf, diagnosticsOf, offsetAt, WARNING, type FireCase, type QuietCase } from './helpers';

const NO_CONTEXT = { context: null } as const;
const PROGRAM = 'COPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n';

const fires: FireCase[] = [
  // PATH is searched one folder deep: a file a RUN writes or a folder copied inside a PATH folder brings no other name.
  {
    title: "a RUN writes its own serve into /usr/bin: still nothing answers 'train'",
    dockerfile: `FROM python:3.10-slim\nRUN pip install fastapi uvicorn\nRUN printf '#!/bin/sh\\nexec uvicorn app:app\\n' > /usr/bin/serve && chmod +x /usr/bin/serve\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
  },
  {
    title: 'COPY serve /usr/local/bin/serve without a context: a folder there would not be on PATH either',
    dockerfile: `FROM python:3.10-slim\nCOPY serve /usr/local/bin/serve\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
  },
  {
    title: 'a requirements file in the context that names no toolkit',
    dockerfile: `FROM python:3.11-slim\nCOPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\n${PROGRAM}`,
    files: { 'requirements.txt': 'numpy==1.26.4\npandas  # sagemaker-training comes later\n', 'train.py': '' },
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train', install: 'sagemaker-training' },
  },
  {
    title: 'a requirements file bind-mounted for the RUN (docker init) that names no toolkit',
    dockerfile: `FROM python:3.11-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n    python -m pip install -r requirements.txt\n${PROGRAM}`,
    files: { 'requirements.txt': 'numpy\n', 'train.py': '' },
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
  },
  // The SDK (`sagemaker`, whose one command is sagemaker-upgrade-v2) and other mentions of SageMaker bring no `train`.
  ...[
    'pip install sagemaker boto3',
    'pip install torch==${TORCH_VERSION} numpy',
    'pip install torch==2.* numpy',
    'pip install sagemaker-experiments smdebug',
    'useradd -m sagemaker-user',
    'echo "built for SageMaker" > /etc/motd',
  ].map((run) => ({
    title: `RUN ${run}: no toolkit`,
    dockerfile: `FROM python:3.11-slim\nRUN ${run}\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
  })),
  ...['uv pip sync --system /tmp/req.txt', 'pip-sync /tmp/req.txt', 'pip install -r/tmp/req.txt', 'pip install -qr /tmp/req.txt'].map(
    (install) => ({
      title: `${install}: the file, read from the context, names no toolkit`,
      dockerfile: `FROM python:3.11-slim\nCOPY req.txt /tmp/\nRUN ${install} && rm -rf /root/.cache\n${PROGRAM}`,
      files: { 'req.txt': 'numpy\n', 'train.py': '' },
      range: 'SAGEMAKER_PROGRAM',
      data: { command: 'train' },
    }),
  ),
  {
    title: 'a serving image of its own with a serve script on PATH: only a training job fails, and the message says so',
    dockerfile:
      'FROM python:3.10-slim\nRUN pip install --no-cache-dir flask gunicorn\nCOPY --chmod=755 serve /opt/program/\nCOPY predictor.py wsgi.py /opt/program/\nENV PATH="/opt/program:${PATH}"\nENV SAGEMAKER_PROGRAM=predictor.py\n',
    files: { serve: '#!/bin/sh\nexec gunicorn wsgi:app\n', 'predictor.py': '', 'wsgi.py': '' },
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
    message: ["It may answer 'serve' only, so a training job with this image does not start"],
  },
  {
    title: 'a folder whose name only starts like a PATH folder, and a file whose name only ends in train',
    dockerfile: `FROM python:3.11\nCOPY tools /usr/local/binaries\nCOPY mytrain /opt/tools/mytrain\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train' },
  },
  {
    title: 'train.py copied to /opt/ml/code, which PATH lists: a script named train.py is no `train` command',
    dockerfile:
      'FROM python:3.8-slim\nENV PATH="/opt/ml/code:${PATH}"\nCOPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM train.py\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'train', base: 'python:3.8-slim', install: 'sagemaker-training', insertAt: { line: 1, character: 0 } },
    message: ["'docker run <image> train'", 'pip install sagemaker-training', 'executable file not found'],
  },
  {
    title: 'packages from PyPI by name bring no toolkit',
    dockerfile: `FROM public.ecr.aws/docker/library/python:3.11\nRUN pip install --no-cache-dir numpy==1.26.4 "pandas>=2" scikit-learn\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
  },
  {
    title: 'a training module on ubuntu: no fix, the base has no pip',
    dockerfile:
      'FROM docker.io/library/ubuntu:22.04\nRUN apt-get update && apt-get install -y python3\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_TRAINING_MODULE',
    data: { command: 'train', insertAt: undefined },
  },
  {
    title: 'a chain of stages that starts from python',
    dockerfile: `FROM python:3.11 AS base\nRUN pip install numpy\nFROM base AS train\n${PROGRAM}`,
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { insertAt: { line: 1, character: 0 } },
  },
  {
    title: 'a serving module: nothing answers `serve`',
    dockerfile: 'FROM python:3.11\nRUN pip install flask gunicorn\nCOPY app.py /opt/program/\nENV SAGEMAKER_SERVING_MODULE=app:app\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_SERVING_MODULE',
    data: { command: 'serve', install: 'sagemaker-containers' },
  },
  {
    title: 'the training toolkit brings `train` only, not the `serve` a serving module needs',
    dockerfile:
      'FROM python:3.11-slim\nRUN pip install --no-cache-dir sagemaker-training flask gunicorn\nCOPY web_app.py /srv/web_app.py\nENV PYTHONPATH=/srv\nENV SAGEMAKER_SERVING_MODULE=web_app:app\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_SERVING_MODULE',
    data: { command: 'serve', install: 'sagemaker-containers', insertAt: { line: 1, character: 0 } },
    message: ["the training toolkit installs 'train' only", 'pip install sagemaker-containers'],
  },
  {
    title: 'the inference toolkit and Multi Model Server install no `serve`: no fix, the ENTRYPOINT must start the server',
    dockerfile: 'FROM python:3.10\nRUN pip install multi-model-server sagemaker-inference\nENV SAGEMAKER_PROGRAM=inference.py\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_PROGRAM',
    data: { command: 'serve', insertAt: undefined },
    message: ["install no 'serve' command", 'start the model server from their ENTRYPOINT'],
  },
  {
    title: 'the inference toolkit brings no `train` either',
    dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-inference\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n',
    options: NO_CONTEXT,
    range: 'SAGEMAKER_TRAINING_MODULE',
    data: { command: 'train', install: 'sagemaker-training' },
  },
];

const quiet: QuietCase[] = [
  // Wheels built in another stage, installed by a glob of paths.
  ...['pip install --no-cache-dir /wheels/* && rm -rf /wheels', 'pip install dist/*', 'pip install ./dist/sagemaker*'].map((install) => ({
    title: `a glob of paths: ${install}`,
    dockerfile: `FROM python:3.11-slim\nRUN ${install}\n${PROGRAM}`,
    options: NO_CONTEXT,
  })),
  // The packages come through a variable: what it installs is unknown, whatever the value (a build argument may replace it).
  ...[
    'ARG TOOLKIT=sagemaker-training\nRUN pip install "${TOOLKIT}"',
    'ARG PKGS\nRUN pip install --no-cache-dir $PKGS',
    'RUN pip install ${PIP_ARGS} numpy',
  ].map((run) => ({
    title: `packages through a variable: ${run.replace('\n', ', ')}`,
    dockerfile: `FROM python:3.11-slim\n${run}\n${PROGRAM}`,
    options: NO_CONTEXT,
  })),
  // A virtualenv from a builder stage, put on PATH through a variable: PATH is read with its variables' values.
  ...['ENV PATH="$VIRTUAL_ENV/bin:$PATH"', 'ENV PATH=${VIRTUAL_ENV}/bin/:/usr/local/bin:/usr/bin:/bin'].map((path) => ({
    title: `a virtualenv copied from a builder stage, ${path}`,
    dockerfile: `FROM python:3.11-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install sagemaker-training\nFROM python:3.11-slim\nENV VIRTUAL_ENV=/opt/venv\nCOPY --from=builder /opt/venv /opt/venv\n${path}\n${PROGRAM}`,
    options: NO_CONTEXT,
  })),
  {
    title: 'a bind-mounted requirements file that brings the training toolkit',
    dockerfile: `FROM python:3.11-slim\nRUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt\n${PROGRAM}`,
    files: { 'requirements.txt': 'sagemaker-training\n', 'train.py': '' },
  },
  {
    title: 'the training toolkit is installed',
    dockerfile: `FROM python:3.11\nRUN pip install --no-cache-dir sagemaker-training\n${PROGRAM}`,
  },
  { title: 'the legacy toolkit is installed', dockerfile: `FROM python:3.7\nRUN pip3 install sagemaker-containers\n${PROGRAM}` },
  {
    title: 'a requirements file may hold the toolkit (without a context it cannot be read)',
    dockerfile: `FROM python:3.11\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${PROGRAM}`,
    options: NO_CONTEXT,
  },
  ...[
    'uv pip sync --system /tmp/req.txt',
    'pip-sync /tmp/req.txt',
    'pip install -r/tmp/req.txt',
    'conda install -y --file /tmp/req.txt',
    'rye sync',
  ].flatMap((install) => [
    {
      title: `${install}: without a context the file may hold the toolkit`,
      dockerfile: `FROM python:3.11\nCOPY req.txt /tmp/\nRUN ${install}\n${PROGRAM}`,
      options: NO_CONTEXT,
    },
    {
      title: `${install}: a file in the context that names the toolkit`,
      dockerfile: `FROM python:3.11\nCOPY req.txt /tmp/\nRUN ${install}\n${PROGRAM}`,
      files: { 'req.txt': 'sagemaker-training\n', 'train.py': '' },
    },
  ]),
  {
    title: 'a requirements file in the context that installs the toolkit',
    dockerfile: `FROM python:3.11\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n${PROGRAM}`,
    files: { 'requirements.txt': 'numpy\nsagemaker-training>=4  # the toolkit\n', 'train.py': '' },
  },
  {
    title: 'a requirements file in the context that names another one',
    dockerfile: `FROM python:3.11\nCOPY requirements.txt base.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\n${PROGRAM}`,
    files: { 'requirements.txt': '-r base.txt\n', 'base.txt': 'numpy\n', 'train.py': '' },
  },
  {
    title: 'a local project is installed: it may declare `train` as a console script',
    dockerfile: `FROM python:3.11\nCOPY framework/ /opt/framework/\nRUN pip install --no-cache-dir /opt/framework\n${PROGRAM}`,
    options: NO_CONTEXT,
  },
  {
    title: 'a conda environment file',
    dockerfile: `FROM continuumio/miniconda3\nCOPY environment.yml .\nRUN conda env create -f environment.yml\n${PROGRAM}`,
  },
  {
    title: 'an exec-form ENTRYPOINT runs the script',
    dockerfile: `FROM python:3.11\n${PROGRAM}ENTRYPOINT ["python", "/opt/ml/code/train.py"]\n`,
  },
  { title: 'a file named train is copied', dockerfile: `FROM python:3.11\nCOPY train /usr/local/bin/train\n${PROGRAM}` },
  {
    title: 'a RUN links a train command',
    dockerfile: `FROM python:3.11\nCOPY program/ /opt/program/\nRUN ln -s /opt/program/train /usr/local/bin/train\n${PROGRAM}`,
  },
  {
    title: 'a folder copied into a folder that PATH lists may hold train',
    dockerfile: `FROM python:3.11\nCOPY program /opt/program\nENV PATH=/opt/program:$PATH\n${PROGRAM}`,
    options: NO_CONTEXT,
  },
  {
    title: 'a folder copied onto / may hold /usr/local/bin/train',
    dockerfile: `FROM python:3.11\nCOPY rootfs/ /\n${PROGRAM}`,
    options: NO_CONTEXT,
  },
  {
    title: 'a folder copied to /usr may hold local/bin/train',
    dockerfile: `FROM python:3.11\nCOPY overlay /usr\n${PROGRAM}`,
    options: NO_CONTEXT,
  },
  {
    title: 'an AWS framework image has `train`',
    dockerfile: `FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310\n${PROGRAM}`,
  },
  { title: "another organisation's python image may have it", dockerfile: `FROM mycompany/python:3.11\n${PROGRAM}` },
  { title: 'a base image through a variable without a value', dockerfile: `ARG BASE\nFROM \${BASE}\n${PROGRAM}` },
  {
    title: 'the inference toolkit with an ENTRYPOINT that starts the model server',
    dockerfile:
      'FROM python:3.10\nRUN pip install multi-model-server sagemaker-inference\nCOPY serve.py /usr/local/bin/serve.py\nENTRYPOINT ["python", "/usr/local/bin/serve.py"]\nENV SAGEMAKER_PROGRAM=inference.py\n',
  },
  {
    title: 'the legacy toolkit brings `serve`',
    dockerfile:
      'FROM python:3.7\nRUN pip install sagemaker-containers flask\nCOPY app.py /srv/app.py\nENV SAGEMAKER_SERVING_MODULE=app:app\n',
  },
  {
    title: 'a framework training toolkit brings `train`',
    dockerfile: `FROM python:3.10\nRUN pip install sagemaker-pytorch-training\n${PROGRAM}`,
  },
  { title: 'no SageMaker variable: not a SageMaker image', dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n' },
];

describe('SM403', () => {
  for (const c of fires) it(`fires: ${c.title}`, () => void assertFires('SM403', WARNING, c));
  for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet('SM403', c));

  it('the fix installs the toolkit after the FROM, and the finding goes', () => {
    const text = `FROM python:3.11-slim\n${PROGRAM}`;
    const [d] = diagnosticsOf(analyze(text, {}, NO_CONTEXT), 'SM403');
    assert.ok(d);
    const at = dataOf(d).insertAt as { line: number; character: number };
    const offset = offsetAt(text, at.line, at.character);
    const fixed = `${text.slice(0, offset)}RUN pip install --no-cache-dir sagemaker-training\n${text.slice(offset)}`;
    assert.equal(fixed, `FROM python:3.11-slim\nRUN pip install --no-cache-dir sagemaker-training\n${PROGRAM}`);
    assert.deepEqual(diagnosticsOf(analyze(fixed, {}, NO_CONTEXT), 'SM403'), []);
  });
});

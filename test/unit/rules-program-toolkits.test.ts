// SM201/SM202/SM209 against how public SageMaker Dockerfiles are written (minimal cases of our own): which
// toolkit reads SAGEMAKER_PROGRAM, and from where (docs/sagemaker-contract.md T6, T7, T12, The inference toolkit).
//  - `ENV SAGEMAKER_SUBMIT_DIRECTORY /opt/ml/code`, boilerplate of many training images, brings no code;
//  - with setup.py at the root of /opt/ml/code the program runs as `python -m <module>`;
//  - an inference-toolkit image imports the program from /opt/ml/model/code (the model archive): SM201
//    is silent there, and SM209 reports a script baked into /opt/ml/code instead.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFires, assertQuiet, ERROR, INFO, WARNING, type FireCase, type QuietCase } from './helpers';

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(code, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

const F = 'FROM python:3.11\nRUN pip install --no-cache-dir sagemaker-training\n';
const TRAIN = { 'train.py': 'def main():\n    pass\n' };
const FLAT = 'from setuptools import setup, find_packages\nsetup(name="mypkg", packages=find_packages())\n';
const SRC = 'from setuptools import setup, find_packages\nsetup(name="mypkg", package_dir={"": "src"}, packages=find_packages("src"))\n';
const PACKAGE = { 'setup.py': FLAT, 'mypkg/__init__.py': '', 'mypkg/train.py': 'def main():\n    pass\n' };
const NO_CONTEXT = { context: null } as const;
const DLC_INFERENCE = 'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310-cu118-ubuntu20.04-sagemaker\n';

table(
  'SM201',
  WARNING,
  [
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY is /opt/ml/code: it brings no code, the script is still missing',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY /opt/ml/code\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM train.py\n`,
      files: TRAIN,
      range: 'train.py',
      message: ['/opt/ml/code/train.py', '/opt/program/train.py'],
    },
    {
      title: 'its own train on PATH beside the training toolkit: the toolkit may still read SAGEMAKER_PROGRAM',
      dockerfile:
        'FROM python:3.10-slim\nRUN pip install sagemaker-training\nENV PATH="/opt/program:${PATH}"\nCOPY train predictor.py /opt/program/\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      files: { train: '', 'predictor.py': '' },
      range: 'predictor.py',
    },
    {
      title: 'no toolkit shows and the requirements file, read from the build context, names none',
      dockerfile:
        'FROM python:3.10-slim\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: { 'requirements.txt': 'numpy\n' },
      range: 'train.py',
    },
    {
      title: 'no toolkit, without a build context: a folder copied to a folder not on PATH brings no train',
      dockerfile: 'FROM python:3.10-slim\nCOPY decision_trees /opt/app\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      options: NO_CONTEXT,
      range: 'predictor.py',
    },
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY=/opt/ml/code/ with a trailing slash, without a context',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY=/opt/ml/code/\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: NO_CONTEXT,
      range: 'train.py',
    },
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY=file:///opt/ml/code',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY=file:///opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'the training toolkit replaces SAGEMAKER_SUBMIT_DIRECTORY: another folder brings no code either',
      dockerfile: `${F}COPY train.py /opt/program/\nENV SAGEMAKER_SUBMIT_DIRECTORY=/opt/program\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'an image named like an inference image that is not an AWS framework image',
      dockerfile: 'FROM mycompany/churn-inference:1.0\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'a framework inference image whose own ENTRYPOINT replaces the toolkit',
      dockerfile: `${DLC_INFERENCE}COPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["/opt/program/start.sh"]\n`,
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'inference toolkit installed, and a requirements file in the context that brings the training toolkit',
      dockerfile:
        'FROM python:3.10\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\nRUN pip install multi-model-server sagemaker-inference\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: { ...TRAIN, 'requirements.txt': 'sagemaker-training==4.7.0\n' },
      range: 'train.py',
    },
    {
      title: 'inference toolkit installed, and a file `uv pip sync` installs brings the training toolkit',
      dockerfile:
        'FROM python:3.10\nCOPY requirements.txt /tmp/\nRUN uv pip sync --system /tmp/requirements.txt\nRUN pip install multi-model-server sagemaker-inference\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: { ...TRAIN, 'requirements.txt': 'sagemaker-training==4.7.0\n' },
      range: 'train.py',
    },
    {
      title: 'an inference DLC whose requirements file (--requirement=) brings the legacy toolkit is held to the training rules',
      dockerfile: `${DLC_INFERENCE}WORKDIR /srv\nCOPY reqs.txt ./\nRUN pip install --requirement=reqs.txt\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { ...TRAIN, 'reqs.txt': 'flask\nsagemaker_containers==2.8.6\n' },
      range: 'train.py',
    },
    {
      title: 'package mode: the module is missing from a flat project at /opt/ml/code',
      dockerfile: `${F}COPY setup.py train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=trian\n`,
      files: { 'setup.py': FLAT, ...TRAIN },
      range: 'trian',
      data: { program: 'trian' },
      message: ['/opt/ml/code/trian.py', "python -m trian'"],
    },
    {
      title: 'an ARG-templated program with a default: after `ARG ENTRY`, the default is what the image gets',
      dockerfile: `${F}ARG ENTRY\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=\${ENTRY:-trian.py}\n`,
      files: TRAIN,
      range: '${ENTRY:-trian.py}',
      message: ['/opt/ml/code/trian.py'],
    },
    {
      title: 'an image that installs both toolkits is held to the training toolkit',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-training sagemaker-inference\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'a training DLC base',
      dockerfile:
        'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
      range: 'train.py',
    },
  ],
  [
    {
      title: 'an inference DLC extended with `pip install -r`: the file in the context brings no training toolkit',
      dockerfile: `${DLC_INFERENCE}COPY extra.txt /tmp/\nRUN pip3 install -r /tmp/extra.txt\nENV SAGEMAKER_PROGRAM predict.py\n`,
      files: { 'extra.txt': 'transformers==4.30.0\nsentencepiece  # tokenizer; not sagemaker-training\n' },
    },
    {
      title: 'the same with `uv pip sync` and with `-rFILE`: the files are read alike',
      dockerfile: `${DLC_INFERENCE}COPY extra.txt more.txt /tmp/\nRUN uv pip sync --system /tmp/extra.txt && pip install -r/tmp/more.txt\nENV SAGEMAKER_PROGRAM predict.py\n`,
      files: { 'extra.txt': 'transformers==4.30.0\n', 'more.txt': 'sentencepiece\n' },
    },
    {
      title: 'an inference DLC extended with `uv pip sync`, without a context: which toolkit runs is unknown',
      dockerfile: `${DLC_INFERENCE}COPY extra.txt /tmp/\nRUN uv pip sync --system /tmp/extra.txt\nENV SAGEMAKER_PROGRAM predict.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'an inference DLC extended with `pip install -r`, without a context: which toolkit runs is unknown',
      dockerfile: `${DLC_INFERENCE}COPY extra.txt /tmp/\nRUN pip3 install -r /tmp/extra.txt\nENV SAGEMAKER_PROGRAM predict.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'the inference toolkit and a requirements file that names another one: unknown',
      dockerfile:
        'FROM python:3.10\nCOPY requirements.txt base.txt /tmp/\nRUN pip install multi-model-server sagemaker-inference && pip install -r /tmp/requirements.txt\nENV SAGEMAKER_PROGRAM=predict.py\n',
      files: { 'requirements.txt': '-r base.txt\nnumpy\n', 'base.txt': 'sagemaker-training\n' },
    },
    ...[
      'stabilityai-pytorch-inference:2.0.1-sgm0.1.0-gpu-py310-cu118-ubuntu20.04-sagemaker',
      'huggingface-pytorch-tgi-inference:2.1.1-tgi1.4.0-gpu-py310-cu121-ubuntu22.04',
      'djl-inference:0.27.0-deepspeed0.12.6-cu121',
    ].map((image) => ({
      title: `an AWS serving image whose entry point the Dockerfile keeps: ${image.split(':')[0]}`,
      dockerfile: `FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/${image}\nRUN pip install --no-cache-dir controlnet-aux\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      options: NO_CONTEXT,
    })),
    {
      title: 'no toolkit shows and the requirements file is not read (no build context): it may bring the inference toolkit',
      dockerfile:
        'FROM python:3.10-slim\nCOPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nENV SAGEMAKER_PROGRAM=inference.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'no toolkit shows and the requirements file includes another (-r base.txt): it may bring the inference toolkit',
      dockerfile:
        'FROM python:3.10-slim\nCOPY requirements.txt base.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nENV SAGEMAKER_PROGRAM=inference.py\n',
      files: { 'requirements.txt': '-r base.txt\ntorch\n', 'base.txt': 'sagemaker-inference\nmulti-model-server\n' },
    },
    {
      title: 'the inference toolkit named only in a requirements file the build context shows: imported from /opt/ml/model/code',
      dockerfile:
        'FROM python:3.10-slim\nCOPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nENV SAGEMAKER_PROGRAM=inference.py\n',
      files: { 'requirements.txt': 'multi-model-server\nsagemaker-inference\n' },
    },
    // scikit_bring_your_own: `train` and `serve` of the image's own on PATH, no toolkit: nothing reads SAGEMAKER_PROGRAM.
    {
      title: 'its own train and serve copied into a PATH folder, no toolkit',
      dockerfile:
        'FROM python:3.10-slim\nRUN pip install flask gunicorn\nENV PATH="/opt/program:${PATH}"\nCOPY train serve predictor.py /opt/program/\nWORKDIR /opt/program\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      files: { train: '#!/usr/bin/env python\n', serve: '#!/usr/bin/env python\n', 'predictor.py': '' },
    },
    {
      title: 'the same without a build context: sources named train and serve',
      dockerfile:
        'FROM python:3.10-slim\nENV PATH="/opt/program:${PATH}"\nCOPY train serve predictor.py /opt/program/\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      options: NO_CONTEXT,
    },
    ...['COPY bin/ /usr/local/bin/', 'ENV PATH="/opt/program:${PATH}"\nCOPY decision_trees/ /opt/program/', 'COPY rootfs/ /'].map(
      (copy) => ({
        title: `no toolkit, without a build context: a folder copied onto PATH may hold train and serve (${copy.replace('\n', ', ')})`,
        dockerfile: `FROM python:3.11-slim\nRUN pip install flask gunicorn\n${copy}\nENV SAGEMAKER_PROGRAM=train.py\n`,
        options: NO_CONTEXT,
      }),
    ),
    {
      title: 'the same without a build context: a folder copied to a PATH folder may hold train and serve',
      dockerfile:
        'FROM python:3.10-slim\nENV PATH="/opt/program:${PATH}"\nCOPY decision_trees /opt/program\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'a folder holding train and serve copied to a PATH folder, read from the build context',
      dockerfile:
        'FROM python:3.10-slim\nENV PATH="/opt/program:${PATH}"\nCOPY decision_trees /opt/program\nENV SAGEMAKER_PROGRAM=predictor.py\n',
      files: { 'decision_trees/train': '', 'decision_trees/serve': '', 'decision_trees/predictor.py': '' },
    },
    {
      title: 'a serve script a RUN writes into /usr/bin, no toolkit',
      dockerfile:
        "FROM python:3.10-slim\nCOPY serve/ /opt/program/serve/\nRUN printf '#!/bin/sh\\nexec uvicorn serve.app:app\\n' > /usr/bin/serve && chmod +x /usr/bin/serve\nENV SAGEMAKER_PROGRAM=app.py\n",
      files: { 'serve/app.py': '' },
    },
    {
      title: 'the inference toolkit and a requirements file a RUN writes: unknown',
      dockerfile:
        'FROM python:3.10\nRUN pip install sagemaker-inference && cp /opt/defaults/req.txt /tmp/req.txt && pip install -r /tmp/req.txt\nENV SAGEMAKER_PROGRAM=predict.py\n',
      files: {},
    },
    {
      title: 'an image that shows no toolkit: SAGEMAKER_SUBMIT_DIRECTORY through a variable with no value may name any place',
      dockerfile: `FROM python:3.11\nARG CODE_URI\nENV SAGEMAKER_SUBMIT_DIRECTORY=\${CODE_URI}\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'the legacy toolkit serves code from SAGEMAKER_SUBMIT_DIRECTORY',
      dockerfile: `FROM python:3.8\nRUN pip install sagemaker-containers\nENV SAGEMAKER_SUBMIT_DIRECTORY=/opt/program\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'package mode: a dotted module copied into its package',
      dockerfile: `${F}COPY setup.py /opt/ml/code/\nCOPY mypkg/ /opt/ml/code/mypkg/\nENV SAGEMAKER_PROGRAM=mypkg.train\n`,
      files: PACKAGE,
    },
    {
      title: 'package mode: the name without .py',
      dockerfile: `${F}COPY setup.py train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train\n`,
      files: { 'setup.py': FLAT, ...TRAIN },
    },
    {
      title: 'package mode without a context: the name without .py',
      dockerfile: `${F}COPY setup.py train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'package mode: a src/ layout installs the module from another folder',
      dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=mypkg.train\n`,
      files: { 'setup.py': SRC, 'src/mypkg/__init__.py': '', 'src/mypkg/train.py': '' },
    },
    {
      title: 'package mode: a setup.py only running code can read',
      dockerfile: `${F}COPY setup.py train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=trian\n`,
      files: { 'setup.py': 'from setuptools import setup\nsetup(**load_config())\n', ...TRAIN },
    },
    {
      title: 'package mode: a package run through its __main__.py',
      dockerfile: `${F}COPY setup.py /opt/ml/code/\nCOPY mypkg/ /opt/ml/code/mypkg/\nENV SAGEMAKER_PROGRAM=mypkg\n`,
      files: { ...PACKAGE, 'mypkg/__main__.py': '' },
    },
    {
      title: 'a framework inference image imports the program from the model archive',
      dockerfile: `${DLC_INFERENCE}ENV SAGEMAKER_PROGRAM inference.py\n`,
    },
    {
      title: 'an image that installs the inference toolkit and Multi Model Server',
      dockerfile:
        'FROM python:3.10\nRUN pip install --no-cache-dir multi-model-server sagemaker-inference\nENV SAGEMAKER_PROGRAM inference.py\nENTRYPOINT ["python", "/usr/local/bin/dockerd-entrypoint.py"]\nCMD ["serve"]\n',
      options: NO_CONTEXT,
    },
    {
      title: 'the program copied to /opt/ml/model/code, where the inference toolkit looks',
      dockerfile: 'FROM python:3.10\nCOPY inference.py /opt/ml/model/code/inference.py\nENV SAGEMAKER_PROGRAM inference.py\n',
      files: { 'inference.py': 'def model_fn(model_dir):\n    return None\n' },
    },
  ],
);

table(
  'SM202',
  ERROR,
  [
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY is /opt/ml/code and the folder copied there lacks the script',
      dockerfile:
        'FROM python:3.10\nCOPY simple_pose /opt/ml/code\nENV SAGEMAKER_SUBMIT_DIRECTORY /opt/ml/code\nENV SAGEMAKER_PROGRAM train_pose.py\n',
      files: { 'simple_pose/train.py': '' },
      range: 'train_pose.py',
      data: { source: 'simple_pose/train_pose.py' },
    },
    {
      title: 'an inference-toolkit image whose COPY source is missing: docker build fails',
      dockerfile: `${DLC_INFERENCE}COPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { 'other.py': '' },
      range: 'inference.py',
      data: { source: 'inference.py' },
    },
    {
      title: 'package mode: a misspelt module in a copied package offers module names',
      dockerfile: `${F}COPY setup.py /opt/ml/code/\nCOPY mypkg/ /opt/ml/code/mypkg/\nENV SAGEMAKER_PROGRAM=mypkg.trian\n`,
      files: PACKAGE,
      range: 'mypkg.trian',
      data: { source: 'mypkg/trian.py', similar: ['mypkg.train'] },
    },
  ],
  [
    {
      title: 'package mode: the whole project copied, then the module into its package (public template)',
      dockerfile: `${F}COPY . /opt/ml/code\nCOPY entry.py /opt/ml/code/app/\nWORKDIR /opt/ml/code\nRUN pip install -e .\nENV SAGEMAKER_PROGRAM app.entry\n`,
      files: { 'setup.py': FLAT, 'app/__init__.py': '', 'entry.py': 'def main():\n    pass\n' },
    },
  ],
);

const INFERENCE_SCRIPT = { 'inference.py': 'def model_fn(model_dir):\n    return None\n' };

table(
  'SM209',
  WARNING,
  [
    {
      title: 'a framework inference image with the script baked into /opt/ml/code',
      dockerfile: `${DLC_INFERENCE}ENV SAGEMAKER_PROGRAM inference.py\nCOPY inference.py /opt/ml/code/inference.py\n`,
      options: NO_CONTEXT,
      range: 'inference.py',
      data: { program: 'inference.py', copyLine: 2 },
      message: ['/opt/ml/model/code', 'line 3'],
    },
    {
      title: 'SAGEMAKER_PROGRAM not set: the toolkit imports inference.py',
      dockerfile: `${DLC_INFERENCE}COPY inference.py /opt/ml/code/inference.py\n`,
      options: NO_CONTEXT,
      range: '/opt/ml/code/inference.py',
      data: { program: 'inference.py', copyLine: 1 },
      message: ['not set, so inference.py'],
    },
    {
      title: 'a framework inference image with a requirements file the build context shows holds no toolkit',
      dockerfile: `${DLC_INFERENCE}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { ...INFERENCE_SCRIPT, 'requirements.txt': 'numpy==1.26.4\n' },
      range: 'inference.py',
    },
    {
      title: 'a requirements file bind-mounted for the RUN (docker init), which holds no toolkit',
      dockerfile: `${DLC_INFERENCE}WORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n    python -m pip install -r requirements.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { ...INFERENCE_SCRIPT, 'requirements.txt': 'numpy\n' },
      range: 'inference.py',
    },
    {
      title: 'the inference toolkit named in a requirements file, and an ENTRYPOINT of its own',
      dockerfile:
        'FROM python:3.10-slim\nCOPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nCOPY entrypoint.sh /usr/local/bin/\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]\n',
      files: { ...INFERENCE_SCRIPT, 'entrypoint.sh': '#!/bin/sh\n', 'requirements.txt': 'multi-model-server\nsagemaker-inference\n' },
      range: 'inference.py',
    },
    {
      title: 'an image that installs the inference toolkit, with a build context',
      dockerfile:
        'FROM python:3.10\nRUN pip install --no-cache-dir multi-model-server sagemaker-inference\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n',
      files: INFERENCE_SCRIPT,
      range: 'inference.py',
    },
  ],
  [
    {
      title: 'the script in /opt/ml/model/code too',
      dockerfile: `${DLC_INFERENCE}COPY inference.py /opt/ml/code/\nCOPY inference.py /opt/ml/model/code/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: INFERENCE_SCRIPT,
    },
    {
      title: 'PYTHONPATH lists /opt/ml/code',
      dockerfile: `${DLC_INFERENCE}ENV PYTHONPATH=/opt/ml/code/:/usr/lib/python3\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: INFERENCE_SCRIPT,
    },
    {
      title: 'PYTHONPATH through a variable with no value',
      dockerfile: `${DLC_INFERENCE}ARG EXTRA\nENV PYTHONPATH=\${EXTRA}\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: INFERENCE_SCRIPT,
    },
    {
      title: 'a framework inference image whose requirements file brings the training toolkit',
      dockerfile: `${DLC_INFERENCE}COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { ...INFERENCE_SCRIPT, 'requirements.txt': 'sagemaker-training\n' },
    },
    {
      title: 'a bind-mounted requirements file that brings the training toolkit',
      dockerfile: `${DLC_INFERENCE}RUN --mount=type=bind,src=reqs/train.txt,dst=/tmp/r.txt pip install -r /tmp/r.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { ...INFERENCE_SCRIPT, 'reqs/train.txt': 'sagemaker-training\n' },
    },
    {
      title: 'a requirements file in a cache mount: unknown',
      dockerfile: `${DLC_INFERENCE}RUN --mount=type=cache,target=/cache pip install -r /cache/r.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      files: { ...INFERENCE_SCRIPT, 'cache/r.txt': 'numpy\n' },
    },
    {
      title: 'a framework inference image with a requirements file and no build context: unknown',
      dockerfile: `${DLC_INFERENCE}COPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'an image for both train and serve',
      dockerfile:
        'FROM python:3.10\nRUN pip install sagemaker-training sagemaker-inference\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n',
      files: INFERENCE_SCRIPT,
    },
    {
      title: 'an image that shows no toolkit',
      dockerfile: 'FROM python:3.10\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n',
      files: INFERENCE_SCRIPT,
    },
    {
      title: 'the script is not in /opt/ml/code',
      dockerfile: `${DLC_INFERENCE}ENV SAGEMAKER_PROGRAM=inference.py\n`,
    },
    {
      title: 'PYTHONPATH appends the inherited value, which may hold /opt/ml/code',
      dockerfile: `${DLC_INFERENCE}ENV PYTHONPATH="/opt/program:\${PYTHONPATH}"\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'PYTHONPATH puts /opt/ml/code before the inherited value',
      dockerfile: `${DLC_INFERENCE}ENV PYTHONPATH=/opt/ml/code:$PYTHONPATH\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n`,
      options: NO_CONTEXT,
    },
    {
      title: 'a TensorFlow Serving image loads /opt/ml/code/inference.py itself on a multi-model endpoint',
      dockerfile:
        'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.13-cpu\nLABEL com.amazonaws.sagemaker.capabilities.multi-models=true\nCOPY inference.py /opt/ml/code/inference.py\nENV SAGEMAKER_PROGRAM=inference.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'a framework inference image whose own ENTRYPOINT runs the code from /opt/ml/code',
      dockerfile: `${DLC_INFERENCE}COPY inference.py serve.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\nENTRYPOINT ["python", "/opt/ml/code/serve.py"]\n`,
      options: NO_CONTEXT,
    },
    {
      title: "SageMaker's XGBoost image serves through the legacy toolkit, from /opt/ml/code",
      dockerfile:
        'FROM 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1\nRUN pip install sagemaker-inference\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n',
      options: NO_CONTEXT,
    },
    {
      title: 'a requirements file may hold the training toolkit',
      dockerfile:
        'FROM python:3.10\nRUN pip install -r /tmp/requirements.txt && pip install multi-model-server sagemaker-inference\nCOPY inference.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=inference.py\n',
      options: NO_CONTEXT,
    },
  ],
);

// SM104 reads the module that PYTHONPATH finds first: entries written before an inherited value decide.
table(
  'SM104',
  WARNING,
  [
    {
      title: 'PYTHONPATH="/opt/program:${PYTHONPATH}", the usual way to append',
      dockerfile: `${F}COPY src/ /opt/program/\nENV PYTHONPATH="/opt/program:\${PYTHONPATH}"\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`,
      files: { 'src/trainer/__init__.py': '', 'src/trainer/entry.py': 'def train():\n    pass\n' },
      range: 'main',
      message: ["'main' is not defined in src/trainer/entry.py"],
    },
  ],
  [
    {
      title: 'a module-level __getattr__ answers any name (PEP 562)',
      dockerfile: `${F}COPY src/ /opt/program/\nENV PYTHONPATH=/opt/program\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`,
      files: { 'src/trainer/__init__.py': '', 'src/trainer/entry.py': 'def __getattr__(name):\n    return lambda: None\n' },
    },
    {
      title: 'the module only after the inherited value: an earlier folder may shadow it',
      dockerfile: `${F}COPY src/ /opt/program/\nENV PYTHONPATH="\${PYTHONPATH}:/opt/program"\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`,
      files: { 'src/trainer/__init__.py': '', 'src/trainer/entry.py': 'def train():\n    pass\n' },
    },
  ],
);

describe('package mode and SM208 agree', () => {
  it('a dotted module that is there gets only the package-mode info', () => {
    const dockerfile = `${F}COPY setup.py /opt/ml/code/\nCOPY mypkg/ /opt/ml/code/mypkg/\nENV SAGEMAKER_PROGRAM=mypkg.train\n`;
    assertFires('SM208', INFO, { title: '', dockerfile, files: PACKAGE, range: 'mypkg.train', message: ["python -m mypkg.train'"] });
    assert.deepEqual(
      analyze(dockerfile, PACKAGE).diagnostics.map((d) => d.code),
      ['SM208'],
    );
  });
});

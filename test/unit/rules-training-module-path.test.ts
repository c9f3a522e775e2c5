// SM106 and SM107: the training toolkit imports SAGEMAKER_TRAINING_MODULE before /opt/ml/code is on sys.path, and
// its `train` command does not import from the WORKDIR (CONTRACT T4). Minimal cases of our own, after the
// ways public images write it: some copy the module to /opt/ml/code and forget PYTHONPATH, others add it
// (`ENV PYTHONPATH /opt/ml/code/:$PYTHONPATH`), install the module, or start something else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFires, assertQuiet, dataOf, diagnosticsOf, offsetAt, WARNING, type FireCase, type QuietCase } from './helpers';

const F = 'FROM python:3.11\nRUN pip install --no-cache-dir sagemaker-training\n';
const BOOT = { 'bootstrap.py': 'def train():\n    pass\n' };
const NO_CONTEXT = { context: null } as const;

const fires: FireCase[] = [
  {
    title: 'PYTHONPATH=. with another WORKDIR: `.` is /srv, not /opt/ml/code',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nWORKDIR /srv\nENV PYTHONPATH=.\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    range: 'bootstrap',
  },
  {
    title: 'an empty PYTHONPATH adds nothing',
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY bootstrap.py .\nENV PYTHONPATH=\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    range: 'bootstrap',
  },
  {
    title: 'the module is copied to /opt/ml/code and nothing puts that folder on the path',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
    range: 'bootstrap',
    data: { module: 'bootstrap', imagePath: '/opt/ml/code/bootstrap.py', folder: '/opt/ml/code' },
    message: ['/opt/ml/code/bootstrap.py', 'ModuleNotFoundError', 'PYTHONPATH'],
  },
  {
    title: 'the same without a build context: a name with an extension is a file',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/bootstrap.py\nENV SAGEMAKER_TRAINING_MODULE bootstrap:train\n`,
    options: NO_CONTEXT,
    range: 'bootstrap',
  },
  {
    title: 'a requirements file, read from the context, that installs no project: still only in /opt/ml/code',
    dockerfile: `${F}COPY bootstrap.py requirements.txt /opt/ml/code/\nRUN pip install -r /opt/ml/code/requirements.txt\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { ...BOOT, 'requirements.txt': 'numpy==1.26.4\n' },
    range: 'bootstrap',
  },
  {
    title: 'a package in the WORKDIR: `train` does not import from the working directory',
    dockerfile: `${F}WORKDIR /app\nCOPY trainer/ trainer/\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`,
    files: { 'trainer/__init__.py': '', 'trainer/entry.py': 'def main():\n    pass\n' },
    range: 'trainer.entry',
    data: { imagePath: '/app/trainer/entry.py', folder: '/app' },
  },
  {
    title: 'PYTHONPATH names other folders only',
    dockerfile: `${F}ENV PYTHONPATH=/opt/program\nCOPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
    range: 'bootstrap',
  },
  {
    title: 'the module comes from a variable',
    dockerfile: `${F}ARG ENTRY=bootstrap\nCOPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=\${ENTRY}:train\n`,
    files: BOOT,
    range: '${ENTRY}:train',
  },
];

const quiet: QuietCase[] = [
  // Python's site module adds the folders a .pth file in site-packages names.
  ...[
    'RUN echo "/opt/ml/code" > /usr/local/lib/python3.11/site-packages/code.pth',
    'COPY code.pth /usr/local/lib/python3.11/site-packages/',
  ].map((line) => ({
    title: `a .pth file puts the folder on the path: ${line}`,
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\n${line}\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { 'bootstrap.py': 'def train():\n    pass\n', 'code.pth': '/opt/ml/code\n' },
  })),
  {
    title: 'PYTHONPATH=. with WORKDIR /opt/ml/code: Python starts there, so `.` is that folder',
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY bootstrap.py .\nENV PYTHONPATH=.\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
  },
  {
    title: 'an empty PYTHONPATH entry (a trailing colon) is the working directory too',
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY bootstrap.py .\nENV PYTHONPATH=/opt/other:\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
  },
  {
    title: 'a relative PYTHONPATH entry against the WORKDIR',
    dockerfile: `${F}WORKDIR /opt/ml\nCOPY bootstrap.py code/\nENV PYTHONPATH=code\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
  },
  {
    title: 'PYTHONPATH puts /opt/ml/code first, with a trailing slash',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV PYTHONPATH /opt/ml/code/:/opt/amazon/:$PYTHONPATH\nENV SAGEMAKER_TRAINING_MODULE bootstrap:train\n`,
    files: BOOT,
  },
  {
    title: 'PYTHONPATH appends /opt/ml/code to the inherited value',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV PYTHONPATH="\${PYTHONPATH}:/opt/ml/code"\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
  },
  {
    title: 'PYTHONPATH through a variable that cannot be read',
    dockerfile: `${F}ARG EXTRA\nENV PYTHONPATH=$EXTRA\nCOPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
  },
  {
    title: 'the module is installed as well (`pip install .` in /opt/ml/code)',
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY . .\nRUN pip install .\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { ...BOOT, 'setup.py': 'from setuptools import setup\nsetup(name="boot", py_modules=["bootstrap"])\n' },
  },
  // The install as shells write it: after an assignment, env, sudo, `then`, inside `sh -c`, after pip's own options.
  ...[
    'cd /opt/ml/code && PIP_NO_CACHE_DIR=1 pip install .',
    'env PIP_NO_CACHE_DIR=1 pip install .',
    'sudo -E A=1 B=2 python -m pip install .',
    "sh -c 'cd /opt/ml/code && pip install -e .'",
    'if [ -f setup.py ]; then pip install .; fi',
    'pip3 --no-cache-dir install .',
  ].map((install) => ({
    title: `the module is installed as well: ${install}`,
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY . .\nRUN ${install}\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { ...BOOT, 'setup.py': 'from setuptools import setup\nsetup(name="boot", py_modules=["bootstrap"])\n' },
  })),
  // Installs the Dockerfile does not show the contents of: the module may come from them.
  ...[
    'python -m build --wheel && pip install dist/*.whl',
    'pip install /tmp/boot-1.0.tar.gz',
    'pip install "$(pwd)"',
    'PIP="pip install" && $PIP .',
    'pip install -r requirements.txt',
  ].map((install) => ({
    title: `an install whose contents are not shown: ${install}`,
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY . .\nRUN ${install}\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { ...BOOT, 'requirements.txt': '-e .\n' },
  })),
  {
    title: 'a requirements file that names the project folder',
    dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY . .\nRUN pip install -r requirements.txt\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: { ...BOOT, 'requirements.txt': 'numpy\n.\n' },
  },
  {
    title: 'a framework module from the base image, with user code in /opt/ml/code',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=sagemaker_pytorch_container.training:main\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': 'print(1)\n' },
  },
  {
    title: 'the module is also copied into site-packages',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nCOPY bootstrap.py /usr/local/lib/python3.11/site-packages/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
  },
  {
    title: 'an ENTRYPOINT of its own: the toolkit may not be what starts',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\nENTRYPOINT ["python", "-m", "sagemaker_training.cli.train"]\n`,
    files: BOOT,
  },
  {
    title: 'a folder copy without a context: what it brings is unknown',
    dockerfile: `${F}COPY src /opt/ml/code\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    options: NO_CONTEXT,
  },
  {
    title: 'the value is not a valid module spec (SM101 reports it)',
    dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap.py\n`,
    files: BOOT,
  },
  {
    title: 'WORKDIR / is not a folder the module is looked for in',
    dockerfile: `${F}WORKDIR /\nCOPY bootstrap.py ./\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    files: BOOT,
  },
];

describe('SM106', () => {
  for (const c of fires) it(`fires: ${c.title}`, () => void assertFires('SM106', WARNING, c));
  for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet('SM106', c));
});

/** Writes the fix's text where its data says, as the quick fix does. */
function applyFix(text: string, data: Record<string, unknown>): string {
  const at = data.insertAt as { line: number; character: number };
  const offset = offsetAt(text, at.line, at.character);
  return text.slice(0, offset) + String(data.text) + text.slice(offset);
}

describe('SM106 fix', () => {
  const cases = [
    {
      title: 'a new ENV line before the training module, keeping an inherited PYTHONPATH',
      dockerfile: `${F}COPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
      fixed: `${F}COPY bootstrap.py /opt/ml/code/\nENV PYTHONPATH="/opt/ml/code:\${PYTHONPATH}"\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    },
    {
      title: 'the folder first in the PYTHONPATH the container sees, inside its quotes',
      dockerfile: `${F}ENV PYTHONPATH="/opt/program"\nCOPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
      fixed: `${F}ENV PYTHONPATH="/opt/ml/code:/opt/program"\nCOPY bootstrap.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:train\n`,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const [d] = diagnosticsOf(analyze(c.dockerfile, BOOT), 'SM106');
      assert.ok(d, 'SM106 fires before the fix');
      const fixed = applyFix(c.dockerfile, dataOf(d));
      assert.equal(fixed, c.fixed);
      const after = analyze(fixed, { 'bootstrap.py': 'def main():\n    pass\n' });
      assert.deepEqual(diagnosticsOf(after, 'SM106'), []);
      // The module now resolves: SM104 reads it and finds no `train`.
      assert.equal(diagnosticsOf(after, 'SM104').length, 1, 'SM104 reads the module once it is on the path');
    });
  }
});

// SM107: the toolkit calls the training function and does not await it (trainer.train: `entrypoint()`).
const ENTRY = `${F}COPY trainer/ /opt/program/trainer/\nENV PYTHONPATH=/opt/program SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n`;
const entry = (source: string) => ({ 'trainer/__init__.py': '', 'trainer/entry.py': source });

describe('SM107', () => {
  const fire: FireCase[] = [
    {
      title: 'async def main',
      dockerfile: ENTRY,
      files: entry('import asyncio\n\n\nasync def main():\n    await asyncio.sleep(0)\n'),
      range: 'main',
      data: { function: 'main', file: 'trainer/entry.py', line: 3 },
      message: ["'async def'", 'never awaits'],
    },
    {
      title: 'async def inside a top-level if block still binds the module name',
      dockerfile: ENTRY,
      files: entry('import sys\nif sys.version_info >= (3, 8):\n    async def main(epochs=1):\n        pass\n'),
      range: 'main',
    },
  ];
  const calm: QuietCase[] = [
    {
      title: 'def main that runs a coroutine itself',
      dockerfile: ENTRY,
      files: entry('import asyncio\n\nasync def _main():\n    pass\n\ndef main():\n    asyncio.run(_main())\n'),
    },
    {
      title: 'a decorated async def (the decorator may run it)',
      dockerfile: ENTRY,
      files: entry('from tools import sync\n\n@sync\nasync def main():\n    pass\n'),
    },
    {
      title: 'async def of the same name inside a class',
      dockerfile: ENTRY,
      files: entry('class Job:\n    async def main(self):\n        pass\n\ndef main():\n    pass\n'),
    },
    {
      title: 'a later def replaces the async one',
      dockerfile: ENTRY,
      files: entry('async def main():\n    pass\n\ndef main():\n    pass\n'),
    },
    { title: 'without a build context the file is not read', dockerfile: ENTRY, options: NO_CONTEXT },
  ];
  for (const c of fire) it(`fires: ${c.title}`, () => void assertFires('SM107', WARNING, c));
  for (const c of calm) it(`quiet: ${c.title}`, () => assertQuiet('SM107', c));
});

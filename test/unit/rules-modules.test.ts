// SM101–SM105 and SM402: `dotted.module:function` values (docs/sagemaker-contract.md#framework-module, #legacy-serving).
import { describe, it } from 'node:test';
import { analyze, assertFires, assertNone, assertQuiet, INFO, WARNING, ERROR, type FireCase, type QuietCase } from './helpers';

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(code, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

/** An image whose exec-form ENTRYPOINT runs its own serve.py (the context holds it). */
const OWN_SERVER = (value: string) =>
  `FROM python:3.11\nWORKDIR /opt/program\nCOPY serve.py ./\nENV SAGEMAKER_SERVING_MODULE=${value}\nENTRYPOINT ["python", "serve.py"]\n`;
const training = (value: string) => `FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=${value}\n`;
const serving = (value: string) => `FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=${value}\n`;

table(
  'SM101',
  ERROR,
  [
    {
      title: 'a file path',
      dockerfile: training('train/entry.py:main'),
      range: 'train/entry.py',
      data: { value: 'train/entry.py:main', fix: 'slash-to-dot' },
    },
    { title: 'a Windows-style path', dockerfile: training('train\\\\entry:main'), range: 'train\\\\entry' },
    {
      title: 'module ending in .py',
      dockerfile: training('train.entry.py:main'),
      range: '.py',
      data: { fix: 'drop-py', module: 'train.entry.py' },
    },
    { title: 'no colon', dockerfile: training('train.entry'), range: 'train.entry', data: { fix: 'add-function' } },
    {
      title: 'two colons',
      dockerfile: training('train.entry:main:run'),
      range: ':run',
      data: { fix: 'split-colon' },
      message: ["has 2 ':' but must have exactly one"],
    },
    { title: 'nothing after the colon', dockerfile: training('train.entry:'), range: ':' },
    { title: 'nothing before the colon', dockerfile: training(':main'), range: ':' },
    { title: 'empty module part between dots', dockerfile: training('train..entry:main'), range: '..' },
    { title: 'leading dot', dockerfile: training('.entry:main'), range: '.' },
    {
      title: 'whitespace (legacy ENV form keeps the rest of the line)',
      dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE train.entry:main --epochs 3\n',
      range: /^\s?--epochs 3$/,
      data: { fix: 'trim-whitespace' },
    },
    { title: 'a hyphen in the module', dockerfile: training('my-pkg.entry:main'), range: 'my-pkg' },
    { title: 'a module part starting with a digit', dockerfile: training('pkg.2nd:main'), range: '2nd' },
    { title: 'a Python keyword as module part', dockerfile: training('pkg.class:main'), range: 'class' },
    { title: 'a Python keyword as function', dockerfile: training('pkg.entry:def'), range: 'def' },
    { title: 'dotted function (getattr does not follow dots)', dockerfile: training('pkg.entry:Trainer.run'), range: 'Trainer.run' },
    { title: 'the bad segment inside quotes', dockerfile: training('"train/entry.py:main"'), range: 'train/entry.py' },
    {
      title: 'value from an ARG: range is the variable reference',
      dockerfile: 'FROM python:3.11\nARG M=train/entry.py:main\nENV SAGEMAKER_TRAINING_MODULE=$M\n',
      range: '$M',
      data: { value: 'train/entry.py:main' },
    },
    {
      title: 'partly from an ARG: range is the literal bad segment',
      dockerfile: 'FROM python:3.11\nARG PKG=train\nENV SAGEMAKER_TRAINING_MODULE=${PKG}.entry.py:main\n',
      range: '.py',
    },
    {
      title: 'with # escape=` a backslash is a path separator',
      dockerfile: '# escape=`\nFROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=train\\entry:main\n',
      range: 'train\\entry',
    },
  ],
  [
    { title: 'framework hook', dockerfile: training('sagemaker_pytorch_container.training:main') },
    { title: 'single module and underscore names', dockerfile: training('_train:_main2') },
    { title: 'names in other scripts than Latin (PEP 3131)', dockerfile: training('módulo.训练:principal') },
    { title: 'quoted valid value', dockerfile: training('"pkg.entry:main"') },
    { title: 'unresolved value is not checked', dockerfile: 'FROM python:3.11\nARG M\nENV SAGEMAKER_TRAINING_MODULE=$M\n' },
    { title: 'empty value is SM002, not SM101', dockerfile: training('""') },
    { title: 'a serving-module value with no colon is not a training module', dockerfile: serving('app.wsgi') },
    { title: 'the text in a LABEL', dockerfile: 'FROM python:3.11\nLABEL SAGEMAKER_TRAINING_MODULE=train/entry.py\n' },
  ],
);

table(
  'SM102',
  ERROR,
  [
    { title: 'a file path', dockerfile: serving('app/wsgi.py:app'), range: 'app/wsgi.py', data: { fix: 'slash-to-dot' } },
    { title: 'module ending in .py without attribute', dockerfile: serving('wsgi.py'), range: '.py', data: { fix: 'drop-py' } },
    {
      title: 'two colons: a serving module has at most one',
      dockerfile: serving('app.wsgi:app:x'),
      range: ':x',
      message: ['but must have at most one'],
    },
    { title: 'hyphen in the module', dockerfile: serving('my-app.wsgi:app'), range: 'my-app' },
    { title: 'nothing after the colon', dockerfile: serving('app.wsgi:'), range: ':' },
    { title: 'keyword as attribute', dockerfile: serving('app.wsgi:lambda'), range: 'lambda' },
    {
      title: 'an ENTRYPOINT program of its own that reads the variable (its file names it)',
      dockerfile: OWN_SERVER('/opt/ml/code/serving:main'),
      files: { 'serve.py': 'import os\nmodule = os.environ["SAGEMAKER_SERVING_MODULE"]\n' },
      range: '/opt/ml/code/serving',
    },
    {
      title: 'an ENTRYPOINT program of its own whose file is not known (no build context)',
      dockerfile: OWN_SERVER('/opt/ml/code/serving:main'),
      options: { context: null },
      range: '/opt/ml/code/serving',
    },
  ],
  [
    { title: 'module:attribute', dockerfile: serving('sagemaker_mxnet_container.serving:main') },
    { title: 'module without attribute is SM103, not SM102', dockerfile: serving('app.wsgi') },
    { title: 'factory call without arguments', dockerfile: serving('app.wsgi:create_app()') },
    { title: 'a module name with an accented letter', dockerfile: serving('módulo:app') },
    { title: 'factory call with literal arguments (gunicorn accepts them)', dockerfile: serving('\'app.wsgi:create_app(1, "x")\'') },
    { title: 'unresolved value', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=${APP}\n' },
    {
      title: 'an ENTRYPOINT program of its own that never names the variable: nothing reads it',
      dockerfile: OWN_SERVER('/opt/ml/code/serving:main'),
      files: { 'serve.py': 'from sagemaker_inference import model_server\nmodel_server.start_model_server()\n' },
    },
  ],
);

table(
  'SM103',
  WARNING,
  [
    { title: 'no attribute', dockerfile: serving('app.wsgi'), range: 'app.wsgi', data: { module: 'app.wsgi' }, message: ['application'] },
    { title: 'no attribute, quoted', dockerfile: serving('"app"'), range: '"app"', data: { module: 'app' } },
  ],
  [
    { title: 'with attribute', dockerfile: serving('app.wsgi:app') },
    { title: 'invalid value is SM102 only', dockerfile: serving('app/wsgi.py') },
    { title: 'a training module without colon is SM101, not SM103', dockerfile: training('train.entry') },
    {
      title: "the module defines 'application', which gunicorn finds",
      dockerfile: 'FROM python:3.11\nCOPY wsgi.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=wsgi\n',
      files: { 'wsgi.py': 'from app import create_app\n\napplication = create_app()\n' },
    },
    {
      title: 'an image that serves with the inference toolkit, which does not read the variable',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-inference multi-model-server\nENV SAGEMAKER_SERVING_MODULE=inference\n',
      options: { context: null },
    },
  ],
);

// SM104 and SM105 read the module's file from the build context.
const hook = (value: string, extra = '') =>
  `FROM python:3.11\nCOPY train/ /opt/ml/code/train/\nENV PYTHONPATH=/opt/ml/code\n${extra}ENV SAGEMAKER_TRAINING_MODULE=${value}\n`;
const entry = (source: string) => ({ 'train/__init__.py': '', 'train/entry.py': source });

const sm104Fires: FireCase[] = [
  {
    title: 'def main only under if __name__ == "__main__": the toolkit imports the module, so it is never defined',
    dockerfile: hook('train.entry:main'),
    files: entry('import sys\n\nif __name__ == "__main__":\n    def main():\n        pass\n    main()\n'),
    range: 'main',
  },
  {
    title: 'def main only under if TYPE_CHECKING: it exists for a type checker, not when the toolkit imports the module',
    dockerfile: hook('train.entry:main'),
    files: entry('from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    def main() -> None: ...\n'),
    range: 'main',
  },
  {
    title: 'namespace portions only: the first that holds the module is read',
    dockerfile:
      'FROM python:3.11\nCOPY a/ /opt/a/\nCOPY b/ /opt/b/\nENV PYTHONPATH=/opt/a:/opt/b\nENV SAGEMAKER_TRAINING_MODULE=acme.training:main\n',
    files: { 'a/acme/other.py': '', 'b/acme/training.py': 'def train():\n    pass\n' },
    range: 'main',
    message: ["'main' is not defined in b/acme/training.py"],
  },
  {
    title: 'a package folder copied into site-packages is imported from there',
    dockerfile:
      'FROM python:3.11\nCOPY train /usr/local/lib/python3.11/site-packages/train\nENV SAGEMAKER_TRAINING_MODULE=train.entry:main\n',
    files: entry('def run():\n    pass\n'),
    range: 'main',
    message: ["'main' is not defined in train/entry.py"],
  },
  {
    title: 'a package beside a module of the same name: Python imports the package, which lacks it',
    dockerfile: hook('train.entry:main'),
    files: { ...entry('def main():\n    pass\n'), 'train/entry/__init__.py': 'def run():\n    pass\n' },
    range: 'main',
    message: ['train/entry/__init__.py'],
  },
  {
    title: 'the module defines other functions only',
    dockerfile: hook('train.entry:main'),
    files: entry('def run():\n    pass\n\ndef helper(x):\n    return x\n'),
    range: 'main',
    data: { function: 'main', file: 'train/entry.py' },
    message: ['main', 'run'],
  },
  {
    title: 'main only defined inside another function',
    dockerfile: hook('train.entry:main'),
    files: entry('def outer():\n    def main():\n        pass\n    return main\n'),
    range: 'main',
    data: { function: 'main' },
  },
  {
    title: 'main only a method of a class',
    dockerfile: hook('train.entry:main'),
    files: entry('class Trainer:\n    def main(self):\n        pass\n'),
    range: 'main',
  },
  {
    title: 'main only mentioned in a comment and a string',
    dockerfile: hook('train.entry:main'),
    files: entry('# def main():\n"""def main(): pass"""\ndef run():\n    pass\n'),
    range: 'main',
  },
  {
    title: 'package __init__ without the function',
    dockerfile: hook('train:main'),
    files: { 'train/__init__.py': 'VERSION = "1"\n', 'train/entry.py': 'def main():\n    pass\n' },
    range: 'main',
    data: { file: 'train/__init__.py' },
  },
  {
    title: 'module copied with COPY . into a folder on PYTHONPATH',
    dockerfile: 'FROM python:3.11\nCOPY . /srv/code/\nENV PYTHONPATH=/srv/code\nENV SAGEMAKER_TRAINING_MODULE=entry:main\n',
    files: { 'entry.py': 'def train():\n    pass\n' },
    range: 'main',
    data: { file: 'entry.py' },
  },
  {
    title: 'serving module: attribute missing',
    dockerfile: 'FROM python:3.11\nCOPY app/ /srv/app/\nENV PYTHONPATH=/srv\nENV SAGEMAKER_SERVING_MODULE=app.wsgi:app\n',
    files: { 'app/__init__.py': '', 'app/wsgi.py': 'def application(environ, start_response):\n    pass\n' },
    range: 'app',
    data: { function: 'app', file: 'app/wsgi.py' },
  },
  {
    title: 'serving module: the message names the WSGI object first, not only the functions',
    dockerfile: 'FROM python:3.11\nCOPY app/ /srv/app/\nENV PYTHONPATH=/srv\nENV SAGEMAKER_SERVING_MODULE=app.wsgi:application\n',
    files: { 'app/__init__.py': '', 'app/wsgi.py': 'from flask import Flask\n\ndef helper():\n    pass\n\napp = Flask(__name__)\n' },
    range: 'application',
    message: ["'application' is not defined in app/wsgi.py (it defines app, helper)."],
  },
];

table('SM104', WARNING, sm104Fires, [
  {
    title: 'an ENTRYPOINT that runs its own train.py, which never names the variable: the toolkit never imports the module',
    dockerfile: hook('train.entry:main', 'COPY fit.py /opt/program/\nENTRYPOINT ["python", "/opt/program/fit.py"]\n'),
    files: { ...entry('def run():\n    pass\n'), 'fit.py': 'print("fitting")\n' },
  },
  // Python's path finder: a regular package of the top-level name beats a namespace portion (a folder
  // without __init__.py) earlier on the path, and a regular package earlier on it is searched alone.
  {
    title: 'a namespace portion earlier on PYTHONPATH, a regular package with main later: Python imports the package',
    dockerfile:
      'FROM python:3.11\nCOPY a/ /opt/a/\nCOPY b/ /opt/b/\nENV PYTHONPATH=/opt/a:/opt/b\nENV SAGEMAKER_TRAINING_MODULE=acme.training:main\n',
    files: { 'a/acme/training.py': 'def helper():\n    pass\n', 'b/acme/__init__.py': '', 'b/acme/training.py': 'def main():\n    pass\n' },
  },
  {
    title: 'a regular package earlier on PYTHONPATH without the submodule: Python fails to import it, no file names the function',
    dockerfile:
      'FROM python:3.11\nCOPY a/ /opt/a/\nCOPY b/ /opt/b/\nENV PYTHONPATH=/opt/a:/opt/b\nENV SAGEMAKER_TRAINING_MODULE=acme.training:main\n',
    files: { 'a/acme/__init__.py': '', 'b/acme/__init__.py': '', 'b/acme/training.py': 'def train():\n    pass\n' },
  },
  {
    title: 'a package beside a module of the same name: the package has it, the module does not',
    dockerfile: hook('train.entry:main'),
    files: { ...entry('def run():\n    pass\n'), 'train/entry/__init__.py': 'def main():\n    pass\n' },
  },
  { title: 'def main()', dockerfile: hook('train.entry:main'), files: entry('def main():\n    pass\n') },
  { title: 'async def main()', dockerfile: hook('train.entry:main'), files: entry('async def main():\n    pass\n') },
  { title: 'from x import main', dockerfile: hook('train.entry:main'), files: entry('from train.core import main\n') },
  { title: 'from x import run as main', dockerfile: hook('train.entry:main'), files: entry('from train.core import run as main\n') },
  { title: 'relative from-import', dockerfile: hook('train.entry:main'), files: entry('from .core import main\n') },
  { title: 'import main', dockerfile: hook('train.entry:main'), files: entry('import main\n') },
  { title: 'main = make()', dockerfile: hook('train.entry:main'), files: entry('def make():\n    return lambda: None\n\nmain = make()\n') },
  { title: 'main = lambda', dockerfile: hook('train.entry:main'), files: entry('main = lambda: None\n') },
  {
    title: 'def main in try/except',
    dockerfile: hook('train.entry:main'),
    files: entry('try:\n    from fast import main\nexcept ImportError:\n    def main():\n        pass\n'),
  },
  { title: 'class Main', dockerfile: hook('train.entry:Main'), files: entry('class Main:\n    pass\n') },
  { title: 'star import: anything may exist', dockerfile: hook('train.entry:main'), files: entry('from train.core import *\n') },
  {
    title: 'package __init__ re-exports it',
    dockerfile: hook('train:main'),
    files: { 'train/__init__.py': 'from .entry import main\n', 'train/entry.py': 'def main():\n    pass\n' },
  },
  {
    title: 'module not in the build context (installed package)',
    dockerfile: hook('sagemaker_pytorch_container.training:main'),
    files: entry('def run():\n    pass\n'),
  },
  {
    title: 'module file in the context but not copied into the image',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=entry:main\n',
    files: { 'entry.py': 'def run():\n    pass\n' },
  },
  {
    title: 'module file excluded by .dockerignore does not reach the image',
    dockerfile: 'FROM python:3.11\nCOPY . /srv/code/\nENV PYTHONPATH=/srv/code\nENV SAGEMAKER_TRAINING_MODULE=entry:main\n',
    files: { 'entry.py': 'def run():\n    pass\n', '.dockerignore': 'entry.py\n' },
  },
  {
    title: 'serving module with the default attribute application',
    dockerfile: 'FROM python:3.11\nCOPY app/ /srv/app/\nENV PYTHONPATH=/srv\nENV SAGEMAKER_SERVING_MODULE=app.wsgi\n',
    files: { 'app/__init__.py': '', 'app/wsgi.py': 'application = make_app()\n' },
  },
  { title: 'invalid value is SM101 only', dockerfile: hook('train/entry.py:main'), files: entry('def run():\n    pass\n') },
]);

const sm105Fires: FireCase[] = [
  {
    title: 'main = run: called as run is',
    dockerfile: hook('train.entry:main'),
    files: entry('def run(env):\n    pass\n\nmain = run\n'),
    range: 'main',
    data: { function: 'main', parameters: ['env'], line: 3 },
  },
  {
    title: 'def main(args)',
    dockerfile: hook('train.entry:main'),
    files: entry('def main(args):\n    pass\n'),
    range: 'main',
    data: { function: 'main', file: 'train/entry.py', parameters: ['args'], line: 0 },
  },
  {
    title: 'async def with two required parameters',
    dockerfile: hook('train.entry:train'),
    files: entry('import os\n\nasync def train(env, hps, verbose=False):\n    pass\n'),
    range: 'train',
    data: { parameters: ['env', 'hps'], line: 2 },
  },
  {
    title: 'required keyword-only parameter',
    dockerfile: hook('train.entry:main'),
    files: entry('def main(*, epochs):\n    pass\n'),
    range: 'main',
    data: { parameters: ['epochs'] },
  },
  {
    title: 'parameters over several lines',
    dockerfile: hook('train.entry:main'),
    files: entry('def main(\n    epochs,\n    lr=0.1,\n):\n    pass\n'),
    range: 'main',
    data: { parameters: ['epochs'] },
  },
  {
    title: 'annotated required parameter',
    dockerfile: hook('train.entry:main'),
    files: entry('def main(args: dict[str, int]) -> None:\n    pass\n'),
    range: 'main',
    data: { parameters: ['args'] },
  },
  {
    title: "a class whose own __init__ needs more than self: the toolkit's call builds an instance",
    dockerfile: hook('train.entry:Trainer'),
    files: entry(
      'class Trainer(object):\n    # Runs the job.\n\n    def __init__(self, config_path, epochs=3):\n        self.config_path = config_path\n',
    ),
    range: 'Trainer',
    data: { parameters: ['config_path'], line: 0 },
  },
  {
    title: 'a lambda with a required parameter',
    dockerfile: hook('train.entry:main'),
    files: entry('import sys\n\nmain = lambda argv, verbose=False: run(argv)\n'),
    range: 'main',
    data: { parameters: ['argv'], line: 2 },
  },
];

table('SM105', WARNING, sm105Fires, [
  { title: 'def main(args=None)', dockerfile: hook('train.entry:main'), files: entry('def main(args=None):\n    pass\n') },
  {
    title: 'annotated default',
    dockerfile: hook('train.entry:main'),
    files: entry('def main(args: list[str] | None = None) -> None:\n    pass\n'),
  },
  { title: 'def main(*args, **kwargs)', dockerfile: hook('train.entry:main'), files: entry('def main(*args, **kwargs):\n    pass\n') },
  { title: 'def main()', dockerfile: hook('train.entry:main'), files: entry('def main():\n    pass\n') },
  {
    title: 'decorated: the decorator may change the signature',
    dockerfile: hook('train.entry:main'),
    files: entry('import click\n\n@click.command()\ndef main(epochs):\n    pass\n'),
  },
  {
    title: 'rebound later to a zero-argument callable',
    dockerfile: hook('train.entry:main'),
    files: entry('import functools\n\ndef main(args):\n    pass\n\nmain = functools.partial(main, None)\n'),
  },
  {
    title: 'a serving module is not called with no arguments by the toolkit',
    dockerfile: 'FROM python:3.11\nCOPY app/ /srv/app/\nENV PYTHONPATH=/srv\nENV SAGEMAKER_SERVING_MODULE=app.wsgi:app\n',
    files: { 'app/__init__.py': '', 'app/wsgi.py': 'def app(environ, start_response):\n    pass\n' },
  },
  {
    title: 'an imported function cannot be inspected',
    dockerfile: hook('train.entry:main'),
    files: entry('from train.core import main\n'),
  },
  {
    title: 'a class without its own __init__: its base decides',
    dockerfile: hook('train.entry:Trainer'),
    files: entry('class Trainer(Base):\n    def fit(self, data):\n        pass\n'),
  },
  {
    title: 'a class whose __init__ takes only self',
    dockerfile: hook('train.entry:Trainer'),
    files: entry('class Trainer:\n    def __init__(self):\n        self.run(1)\n\n    def run(self, epochs):\n        pass\n'),
  },
  {
    title: 'a decorated class (a dataclass makes its own __init__)',
    dockerfile: hook('train.entry:Trainer'),
    files: entry(
      'from dataclasses import dataclass\n\n@dataclass\nclass Trainer:\n    epochs: int = 3\n\n    def __init__(self, a):\n        pass\n',
    ),
  },
  {
    title: 'a class with a metaclass, which may call __init__ its own way',
    dockerfile: hook('train.entry:Trainer'),
    files: entry('class Trainer(metaclass=Registry):\n    def __init__(self, a):\n        pass\n'),
  },
  {
    title: 'an __init__ defined only under a condition',
    dockerfile: hook('train.entry:Trainer'),
    files: entry('class Trainer:\n    if LEGACY:\n        def __init__(self, a):\n            pass\n'),
  },
  {
    title: 'a lambda without required parameters',
    dockerfile: hook('train.entry:main'),
    files: entry('main = lambda *argv, **options: run(argv)\n'),
  },
]);

describe('SM104 and SM105 need a build context', () => {
  for (const c of [...sm104Fires.map((c) => ['SM104', c] as const), ...sm105Fires.map((c) => ['SM105', c] as const)]) {
    it(`${c[0]} quiet with context: null: ${c[1].title}`, () =>
      assertQuiet(c[0], { ...c[1], options: { ...c[1].options, context: null } }));
  }
  it('quiet for an unsaved buffer (no path, context not configured)', () => {
    const c = sm105Fires[0];
    assertNone(analyze(c.dockerfile, c.files, { dockerfilePath: undefined, context: undefined }), 'SM104', 'SM105');
  });
});

table(
  'SM402',
  INFO,
  [
    {
      title: 'both set in one ENV',
      dockerfile:
        'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=sagemaker_pytorch_container.training:main\n',
      files: { 'train.py': '' },
      range: 'SAGEMAKER_TRAINING_MODULE',
      message: ["AWS's PyTorch training function, which runs train.py as the job's entry point"],
    },
    {
      title: 'program from the parent stage, training module in the target',
      dockerfile:
        'FROM python:3.11 AS base\nENV SAGEMAKER_PROGRAM=train.py\nFROM base\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\n',
      files: { 'train.py': '' },
      range: 'SAGEMAKER_TRAINING_MODULE',
      message: ['train.py runs only if that function runs it'],
    },
  ],
  [
    { title: 'only the training module', dockerfile: training('pkg.mod:main') },
    { title: 'program is empty', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=""\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\n' },
    {
      title: 'training module is empty',
      dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=\n',
      files: { 'train.py': '' },
    },
    {
      title: 'program set in a stage the target does not build on',
      dockerfile:
        'FROM python:3.11 AS other\nENV SAGEMAKER_PROGRAM=train.py\nFROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\n',
    },
    {
      title: 'program and serving module',
      dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_SERVING_MODULE=app:app\n',
      files: { 'train.py': '' },
    },
  ],
);

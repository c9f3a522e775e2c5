// Modules of locally installed projects (pip install <dir>, -e, pip install . in a WORKDIR, setup.py
// install|develop, poetry install) are on the Python path: SM104 and SM105 read them. Layouts from
// pyproject.toml (setuptools, hatch, poetry, flit), setup.cfg and setup.py, flat and src/, package_dir.
// A layout only running code would tell says nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFires, assertQuiet, dataOf, only, WARNING } from './helpers';
import { readPackageLayout, moduleCandidates, type ProjectFiles } from '../../analysis/src/python-packages';

const MISSING_MAIN = 'def run():\n    pass\n';
const NEEDS_ARGUMENT = 'def main(config_path):\n    pass\n';
const SETUPTOOLS =
  '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "acme-trainer"\nversion = "1.0"\n';

/** The framework-image pattern: metadata and package copied into a folder, then installed from it. */
function framework(install: string, metadata: Record<string, string>, pkgDir = 'acme_trainer', copies?: string): string {
  const copyLines =
    copies ??
    `${Object.keys(metadata)
      .map((f) => `COPY ${f} /opt/framework/${f}`)
      .join('\n')}\nCOPY ${pkgDir}/ /opt/framework/${pkgDir}/`;
  return `FROM python:3.11\n${copyLines}\n${install}\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n`;
}

interface InstalledCase {
  title: string;
  dockerfile: string;
  files: Record<string, string>;
  /** The module file the rules must have read (context-relative). */
  file: string;
}

/** The setup.py of AWS's framework containers (and of the training toolkit itself), in our own words. */
const AWS_TEMPLATE = `import os
from glob import glob

from setuptools import find_packages, setup

setup(
    name="acme-trainer",
    packages=find_packages(where="src", exclude=("test",)),
    package_dir={"": "src"},
    py_modules=[os.path.splitext(os.path.basename(path))[0] for path in glob("src/*.py")],
)
`;

const body = (dir: string, text: string) => ({ [`${dir}/__init__.py`]: '', [`${dir}/bootstrap.py`]: text });

function cases(text: string): InstalledCase[] {
  return [
    {
      title: 'pip install <dir> with pyproject.toml (setuptools, flat layout)',
      dockerfile: framework('RUN pip install --no-cache-dir /opt/framework', { 'pyproject.toml': SETUPTOOLS }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'pip3 with its own option before install, after an assignment (`PIP_NO_CACHE_DIR=1 pip3 --no-cache-dir install <dir>`)',
      dockerfile: framework('RUN PIP_NO_CACHE_DIR=1 pip3 --no-cache-dir install "/opt/framework"', { 'pyproject.toml': SETUPTOOLS }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'after BuildKit flags on lines of their own (`RUN --mount=type=cache,… \\ pip install <dir>`)',
      dockerfile: framework('RUN --mount=type=cache,target=/root/.cache/pip \\\n    --network=default \\\n    pip install /opt/framework', {
        'pyproject.toml': SETUPTOOLS,
      }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'from a bind mount of the build context (`RUN --mount=type=bind,source=.,target=/src pip install /src`)',
      dockerfile:
        'FROM python:3.11\nRUN --mount=type=bind,target=/src pip install --no-cache-dir /src\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'through `conda run -n train pip install <dir>`, in exec form',
      dockerfile: framework('RUN ["conda", "run", "-n", "train", "pip", "install", "/opt/framework"]', { 'pyproject.toml': SETUPTOOLS }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: "`uv sync` after `uv sync --no-install-project`, a project of uv's own build backend (src layout)",
      dockerfile:
        'FROM python:3.11\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN uv sync --frozen --no-install-project\nCOPY src ./src\nRUN uv sync --frozen\nENV PATH=/app/.venv/bin:$PATH\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml':
          '[project]\nname = "acme-trainer"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["uv_build"]\nbuild-backend = "uv_build"\n',
        ...body('src/acme_trainer', text),
      },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'inside `bash -c "…"` after `then`',
      dockerfile: framework('RUN bash -c "if true; then pip install /opt/framework; fi"', { 'pyproject.toml': SETUPTOOLS }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'pip install -e <dir>',
      dockerfile: framework('RUN pip install -e /opt/framework', { 'pyproject.toml': SETUPTOOLS }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'pip install . in a WORKDIR after COPY . .',
      dockerfile:
        'FROM python:3.11\nWORKDIR /opt/framework\nCOPY . .\nRUN pip install .\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'setup.py': 'from setuptools import setup, find_packages\nsetup(name="acme", packages=find_packages())\n',
        ...body('acme_trainer', text),
      },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'cd <dir> && python -m pip install .[extra], then the source is removed',
      dockerfile: framework('RUN cd /opt/framework && python3 -m pip install ".[gpu]" && rm -rf /opt/framework', {
        'pyproject.toml': SETUPTOOLS,
      }),
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'python setup.py install with package_dir={"": "src"}',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN cd /opt/framework && python setup.py install\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'setup.py':
          'import setuptools\n\nsetuptools.setup(\n    name="acme",\n    package_dir={"": "src"},\n    packages=setuptools.find_packages("src"),\n)\n',
        ...body('src/acme_trainer', text),
      },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: "AWS's framework-container setup.py: py_modules computed from glob('src/*.py'), the packages literal",
      dockerfile: framework('RUN pip install --no-cache-dir /opt/framework', { 'setup.py': AWS_TEMPLATE }, 'src/acme_trainer'),
      files: { 'setup.py': AWS_TEMPLATE, ...body('src/acme_trainer', text) },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'python setup.py develop with setup.cfg (find: in src)',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nWORKDIR /opt/framework\nRUN python setup.py develop\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'setup.py': 'from setuptools import setup\nsetup()\n',
        'setup.cfg':
          '[metadata]\nname = acme\n\n[options]\npackage_dir =\n    =src\npackages = find:\n\n[options.packages.find]\nwhere = src\n',
        ...body('src/acme_trainer', text),
      },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'pyproject.toml with [tool.setuptools.packages.find] where = ["src"]',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: { 'pyproject.toml': `${SETUPTOOLS}\n[tool.setuptools.packages.find]\nwhere = ["src"]\n`, ...body('src/acme_trainer', text) },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'pyproject.toml with no layout at all: src/ found automatically',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: { 'pyproject.toml': SETUPTOOLS, ...body('src/acme_trainer', text) },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'package-dir mapping a package to another folder',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml': `${SETUPTOOLS}\n[tool.setuptools]\npackages = ["acme_trainer"]\npackage-dir = {"acme_trainer" = "lib/trainer"}\n`,
        ...body('lib/trainer', text),
      },
      file: 'lib/trainer/bootstrap.py',
    },
    {
      title: 'hatch with explicit packages',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml':
          '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "whatever"\n[tool.hatch.build.targets.wheel]\npackages = ["src/acme_trainer"]\n',
        ...body('src/acme_trainer', text),
      },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'hatch by project name',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "acme-trainer"\n',
        ...body('acme_trainer', text),
      },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'poetry with packages from src, installed by poetry install',
      dockerfile:
        'FROM python:3.11\nWORKDIR /app\nCOPY pyproject.toml ./\nCOPY src ./src\nRUN poetry config virtualenvs.create false && poetry install --only main\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml':
          '[tool.poetry]\nname = "acme"\nversion = "1.0"\npackages = [{ include = "acme_trainer", from = "src" }]\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
        ...body('src/acme_trainer', text),
      },
      file: 'src/acme_trainer/bootstrap.py',
    },
    {
      title: 'flit by module name',
      dockerfile:
        'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: {
        'pyproject.toml':
          '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "acme"\n[tool.flit.module]\nname = "acme_trainer"\n',
        ...body('acme_trainer', text),
      },
      file: 'acme_trainer/bootstrap.py',
    },
    {
      title: 'installed in a parent stage',
      dockerfile:
        'FROM python:3.11 AS base\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nFROM base\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files: { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', text) },
      file: 'acme_trainer/bootstrap.py',
    },
  ];
}

describe('SM104 reads installed projects', () => {
  for (const c of cases(MISSING_MAIN)) {
    it(c.title, () => {
      const d = assertFires('SM104', WARNING, {
        title: c.title,
        dockerfile: c.dockerfile,
        files: c.files,
        range: 'main',
        data: { file: c.file, function: 'main' },
      });
      assert.deepEqual(dataOf(d).functions, ['run']);
    });
  }
});

describe('SM105 reads installed projects', () => {
  for (const c of cases(NEEDS_ARGUMENT)) {
    it(
      c.title,
      () =>
        void assertFires('SM105', WARNING, {
          title: c.title,
          dockerfile: c.dockerfile,
          files: c.files,
          range: 'main',
          data: { file: c.file, parameters: ['config_path'] },
        }),
    );
  }
});

describe('short options run together, as pip reads them', () => {
  // The module is replaced after the install: an editable install imports the new file, a copy the old one.
  const files = { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', MISSING_MAIN), 'fixed.py': 'def main():\n    pass\n' };
  const dockerfile = (install: string) =>
    `FROM python:3.11\nCOPY . /build\nRUN ${install}\nCOPY fixed.py /build/acme_trainer/bootstrap.py\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n`;
  it('pip install -Ue /build is editable: the file as it ends up is read', () =>
    assertQuiet('SM104', { title: '-Ue', dockerfile: dockerfile('pip install -Ue /build'), files }));
  it('pip install -qqe/build (the value joined on) installs the project', () =>
    void assertFires('SM104', WARNING, {
      title: '-qqe/build',
      dockerfile:
        'FROM python:3.11\nCOPY . /build\nRUN pip install -qqe/build\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
      files,
      range: 'main',
    }));
  it('pip install -Uq /build copies: the file from before the install is read', () =>
    void assertFires('SM104', WARNING, { title: 'copy', dockerfile: dockerfile('pip install -Uq /build'), files, range: 'main' }));
});

describe('installed projects: what says nothing', () => {
  const quiet = (title: string, dockerfile: string, files: Record<string, string>, options?: { context: null }) => {
    it(title, () => {
      for (const code of ['SM104', 'SM105']) assertQuiet(code, { title, dockerfile, files, options });
    });
  };
  const install =
    'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n';
  quiet('a dynamic setup.py (packages from a variable)', install, {
    'setup.py': 'from setuptools import setup\nPACKAGES = ["acme_trainer"]\nsetup(name="acme", packages=PACKAGES)\n',
    ...body('acme_trainer', NEEDS_ARGUMENT),
  });
  quiet(
    'a top-level module of a setup.py that computes py_modules: which modules it installs cannot be told',
    'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=bootstrap:main\n',
    { 'setup.py': AWS_TEMPLATE, 'src/bootstrap.py': NEEDS_ARGUMENT, 'src/acme_trainer/__init__.py': '' },
  );
  quiet('setup(**options)', install, {
    'setup.py': 'from setuptools import setup\nsetup(**options)\n',
    ...body('acme_trainer', NEEDS_ARGUMENT),
  });
  quiet('an unknown build backend', install, {
    'pyproject.toml': '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n',
    ...body('acme_trainer', NEEDS_ARGUMENT),
  });
  quiet('the package is not among the listed ones', install, {
    'pyproject.toml': `${SETUPTOOLS}\n[tool.setuptools]\npackages = ["other"]\n`,
    ...body('acme_trainer', NEEDS_ARGUMENT),
  });
  quiet(
    'an archive built elsewhere is installed',
    'FROM python:3.11\nCOPY dist/acme-*.tar.gz /acme.tar.gz\nRUN pip install --no-cache-dir /acme.tar.gz && rm /acme.tar.gz\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
    {
      'dist/acme-1.0.tar.gz': '',
      ...body('acme_trainer', NEEDS_ARGUMENT),
    },
  );
  quiet(
    'pip install --target puts it off the path',
    'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install --target /opt/libs /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n',
    {
      'pyproject.toml': SETUPTOOLS,
      ...body('acme_trainer', NEEDS_ARGUMENT),
    },
  );
  quiet('no build context', install, { 'pyproject.toml': SETUPTOOLS, ...body('acme_trainer', NEEDS_ARGUMENT) }, { context: null });
  it('an unreadable project before the module hides it', () => {
    const text =
      'FROM python:3.11\nCOPY good/ /opt/good/\nCOPY dyn/ /opt/dyn/\nRUN pip install /opt/good /opt/dyn\nENV SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n';
    const files = {
      'good/pyproject.toml': SETUPTOOLS,
      'good/acme_trainer/__init__.py': '',
      'good/acme_trainer/bootstrap.py': NEEDS_ARGUMENT,
      'dyn/setup.py': 'import setuptools\nsetuptools.setup(**cfg)\n',
    };
    assertQuiet('SM105', { title: 'unreadable', dockerfile: text, files });
  });
  it('the module on PYTHONPATH wins over the installed one', () => {
    const text =
      'FROM python:3.11\nCOPY . /opt/framework/\nRUN pip install /opt/framework\nCOPY over/ /opt/over/\nENV PYTHONPATH=/opt/over SAGEMAKER_TRAINING_MODULE=acme_trainer.bootstrap:main\n';
    const result = analyze(text, {
      'pyproject.toml': SETUPTOOLS,
      ...body('acme_trainer', NEEDS_ARGUMENT),
      'over/acme_trainer/__init__.py': '',
      'over/acme_trainer/bootstrap.py': MISSING_MAIN,
    });
    assert.equal(dataOf(only(result, 'SM104')).file, 'over/acme_trainer/bootstrap.py');
  });
});

describe('readPackageLayout', () => {
  const project = (files: Record<string, string>): ProjectFiles => ({
    read: (rel) => files[rel],
    exists: (rel) => rel in files || Object.keys(files).some((f) => f.startsWith(`${rel}/`)),
  });
  const candidates = (files: Record<string, string>, module: string) => {
    const layout = readPackageLayout(project(files));
    assert.ok(Array.isArray(layout), `layout: ${JSON.stringify(layout)}`);
    return moduleCandidates(layout, module, project(files));
  };
  // In the order Python tries them: a package before a module of the same name.
  it('setup.py py_modules', () => {
    assert.deepEqual(candidates({ 'setup.py': 'from setuptools import setup\nsetup(py_modules=["train"])\n', 'train.py': '' }, 'train'), [
      'train/__init__.py',
      'train.py',
    ]);
  });
  it("poetry's package-mode = false installs none of the project's own code", () => {
    const pyproject = '[tool.poetry]\nname = "acme"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.11"\n';
    assert.deepEqual(candidates({ 'pyproject.toml': pyproject, 'acme/__init__.py': '', 'acme/training.py': '' }, 'acme.training'), []);
  });
  it('find_packages(exclude=...) leaves the excluded package out', () => {
    const files = {
      'setup.py': 'from setuptools import setup, find_packages\nsetup(packages=find_packages(exclude=["tests", "tests.*"]))\n',
      'tests/__init__.py': '',
      'acme/__init__.py': '',
    };
    assert.deepEqual(candidates(files, 'tests.x'), []);
    assert.deepEqual(candidates(files, 'acme.x'), ['acme/x/__init__.py', 'acme/x.py']);
  });
  it('find_packages() needs __init__.py; find_namespace_packages() does not', () => {
    assert.deepEqual(
      candidates({ 'setup.py': 'from setuptools import setup, find_packages\nsetup(packages=find_packages())\n', 'ns/x.py': '' }, 'ns.x'),
      [],
    );
    assert.deepEqual(
      candidates(
        { 'setup.py': 'from setuptools import setup, find_namespace_packages\nsetup(packages=find_namespace_packages())\n', 'ns/x.py': '' },
        'ns.x',
      ),
      ['ns/x/__init__.py', 'ns/x.py'],
    );
  });
  it('flat automatic discovery leaves tests and docs out', () => {
    assert.deepEqual(candidates({ 'pyproject.toml': SETUPTOOLS, 'tests/x.py': '' }, 'tests.x'), []);
  });
  it('invalid TOML is unreadable, no metadata is no project', () => {
    assert.equal(readPackageLayout(project({ 'pyproject.toml': '[project\nname=' })), 'unreadable');
    assert.equal(readPackageLayout(project({ 'acme/__init__.py': '' })), undefined);
  });
  it('a computed setup.py value is unreadable; deep nesting is refused without recursion', () => {
    const setup = (packages: string) => project({ 'setup.py': `from setuptools import setup\nsetup(packages=${packages})\n` });
    assert.equal(readPackageLayout(setup('["a"] + EXTRA')), 'unreadable');
    assert.equal(readPackageLayout(setup(`${'['.repeat(50_000)}"a"${']'.repeat(50_000)}`)), 'unreadable');
    assert.equal(readPackageLayout(setup(`${'find_packages('.repeat(5_000)}${')'.repeat(5_000)}`)), 'unreadable');
    assert.ok(Array.isArray(readPackageLayout(setup('("a", "b")'))));
  });
  it('setup.cfg with an attr: value is unreadable', () => {
    assert.equal(readPackageLayout(project({ 'setup.cfg': '[options]\npackages = attr: acme.PACKAGES\n' })), 'unreadable');
  });
});

// How a RUN's text is read for installs (run-paths.ts): pip's options as pip reads them, and which RUNs
// are read again for requirements files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { installsFromRequirements, readRun } from '../../analysis/src/run-paths';

describe('installsFromRequirements', () => {
  const cases: Array<[string, boolean]> = [
    ['pip install -r requirements.txt', true],
    ['pip install -qr /tmp/r.txt', true],
    ['pip install -rrequirements.txt', true],
    ['pip install --requirement=r.txt', true],
    ['uv pip sync r.txt', true],
    // Options that only contain an `r` do not make a RUN worth reading again.
    ['pip install --no-cache-dir pkg==1.0 && echo done', false],
    ['pip install --upgrade --force-reinstall pkg', false],
    ['echo -r', false],
  ];
  for (const [text, expected] of cases) it(text, () => assert.equal(installsFromRequirements(text), expected));
});

describe('pip options as pip reads them', () => {
  const installs = (text: string) => readRun(text, '/w').installs;
  it('short options run together: -Ue DIR is editable', () =>
    assert.deepEqual(installs('pip install -Ue /b'), [{ dir: '/b', editable: true }]));
  it('the value joined on: -e/b and -qqe/b', () => {
    assert.deepEqual(installs('pip install -e/b'), [{ dir: '/b', editable: true }]);
    assert.deepEqual(installs('pip install -qqe/b'), [{ dir: '/b', editable: true }]);
  });
  it('options without a value stay options: -Uq DIR copies', () =>
    assert.deepEqual(installs('pip install -Uq /b'), [{ dir: '/b', editable: false }]));
  it('-qr FILE names a requirements file', () => assert.deepEqual(readRun('pip install -qr r.txt', '/w').requirements, ['/w/r.txt']));
});

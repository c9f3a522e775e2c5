// Searching folders for Dockerfiles: names, skipped folders, order.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { FINDING, checkJson, dockerfile, makeTree, runCli } from './helpers';

const BROKEN = dockerfile(FINDING.trainingModuleNoColon);

function filesWithFindings(args: string[], cwd: string): string[] {
  return [...new Set(checkJson(args, { cwd }).map((f) => f.file))];
}

test('a folder is searched recursively for all Dockerfile names, in a stable order, skipping node_modules and dot-folders', () => {
  const root = makeTree({
    Dockerfile: BROKEN,
    'Dockerfile.gpu': BROKEN,
    'api.Dockerfile': BROKEN,
    'svc/train/Dockerfile': BROKEN,
    'svc/serve/Containerfile': BROKEN,
    'svc/serve/Containerfile.arm64': BROKEN,
    'svc/batch/job.Containerfile': BROKEN,
    'node_modules/pkg/Dockerfile': BROKEN,
    '.devcontainer/Dockerfile': BROKEN,
    'Dockerfile.dockerignore': 'FROM-looking text that is an ignore file\n',
    'notes.txt': BROKEN,
  });
  const expected = [
    'Dockerfile',
    'Dockerfile.gpu',
    'api.Dockerfile',
    'svc/batch/job.Containerfile',
    'svc/serve/Containerfile',
    'svc/serve/Containerfile.arm64',
    'svc/train/Dockerfile',
  ];
  assert.deepEqual(filesWithFindings([], root), expected);
  assert.deepEqual(filesWithFindings(['.'], root), expected);
  assert.match(runCli(['check'], { cwd: root }).stdout, /in 7 files\n$/);
});

test('a folder argument keeps its prefix in the reported paths', () => {
  const root = makeTree({ 'svc/train/Dockerfile': BROKEN, 'svc/serve/Dockerfile': BROKEN, 'other/Dockerfile': BROKEN });
  assert.deepEqual(filesWithFindings(['svc'], root), ['svc/serve/Dockerfile', 'svc/train/Dockerfile']);
  assert.deepEqual(filesWithFindings([path.join(root, 'other')], root), [path.join(root, 'other', 'Dockerfile')]);
});

test('a file named on the command line is checked whatever its name, and only once', () => {
  const root = makeTree({ 'build/image.txt': BROKEN, Dockerfile: BROKEN });
  assert.deepEqual(filesWithFindings(['build/image.txt', 'Dockerfile', '.'], root), ['build/image.txt', 'Dockerfile']);
});

test('a folder without Dockerfiles is fine: exit 0, and the text format says so on stderr', () => {
  const root = makeTree({ 'README.md': '# nothing here\n', 'node_modules/x/Dockerfile': BROKEN });
  const text = runCli(['check'], { cwd: root });
  assert.equal(text.status, 0);
  assert.equal(text.stdout, '');
  assert.match(text.stderr, /no Dockerfiles found/);
  const json = checkJson([], { cwd: root });
  assert.deepEqual([...json], []);
  assert.equal(json.result.status, 0);
});

// The cloud side is plain Node with one entrance: it never imports `vscode`, reaches the runner only
// through runner/src/index.ts and the analysis only through analysis/src/index.ts, and everyone
// else reaches it only through cloud/src/index.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');
const compiled = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or requires, resolved to a path relative to the repository (or the bare name). */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((spec) => (spec.startsWith('.') ? path.relative(repo, path.resolve(path.dirname(file), spec)) : spec));
}

const cloudFiles = sources(path.join(repo, 'cloud', 'src'));

test('cloud/src imports no vscode, and the runner and the analysis only through their entrances', () => {
  assert.ok(cloudFiles.length >= 10, `found only ${cloudFiles.length} files`);
  const offenders = cloudFiles.flatMap((file) =>
    imports(file)
      .filter(
        (target) =>
          target === 'vscode' ||
          (target.startsWith('runner/') && target !== 'runner/src') ||
          (target.startsWith('analysis/') && target !== 'analysis/src') ||
          target.startsWith('server/'),
      )
      .map((target) => `${path.relative(repo, file)} → ${target}`),
  );
  assert.deepEqual(offenders, []);
});

test('outside cloud/src, only its index is imported', () => {
  const others = ['cli/src', 'client/src', 'runner/src', 'server/src'].flatMap((dir) => sources(path.join(repo, dir)));
  const offenders = others.flatMap((file) =>
    imports(file)
      .filter((target) => target.startsWith('cloud/') && target !== 'cloud/src')
      .map((target) => `${path.relative(repo, file)} → ${target}`),
  );
  assert.deepEqual(offenders, []);
});

test('every compiled cloud module loads under plain Node', () => {
  for (const file of cloudFiles) {
    const js = path.join(compiled, path.relative(repo, file)).replace(/\.ts$/, '.js');
    assert.doesNotThrow(() => require(js), path.relative(repo, file));
  }
});

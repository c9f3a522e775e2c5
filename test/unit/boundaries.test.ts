// The analysis, the server, the runner and the CLI must run under plain Node: none may import `vscode`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');
const compiled = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const PLAIN_NODE_FOLDERS = ['server/src', 'cli/src', 'runner/src'];

test('no module of the analysis, server, runner or CLI imports vscode', () => {
  const files = PLAIN_NODE_FOLDERS.flatMap((folder) => sources(path.join(repo, folder)));
  assert.ok(files.length > 10, `found only ${files.length} source files`);
  const offenders = files.filter((file) => /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(fs.readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('every compiled module of those folders loads under plain Node', () => {
  const modules = PLAIN_NODE_FOLDERS.flatMap((folder) => sources(path.join(repo, folder)))
    .filter((file) => !/[/\\]main\.ts$/.test(file))
    .map((file) => path.join(compiled, path.relative(repo, file)).replace(/\.ts$/, '.js'));
  for (const file of modules) {
    assert.doesNotThrow(() => require(file), `loading ${path.relative(compiled, file)}`);
  }
  assert.throws(() => require('vscode'), /Cannot find module 'vscode'/, 'the vscode module must not be resolvable here');
});

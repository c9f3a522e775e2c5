// The analysis, the server, the runner, the options and the CLI must run under plain Node: none may import
// `vscode`. And each program reaches another only through that program's entrance, as the table says.
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

const PLAIN_NODE_FOLDERS = ['server/src', 'cli/src', 'runner/src', 'options/src'];

test('no module of the analysis, server, runner, options or CLI imports vscode', () => {
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

/**
 * The programs, most specific folder first, with their entrance: the folder whose index.ts the others
 * import. The server, the CLI and the client are entered as processes (server/src/main.ts, cli/src/main.ts,
 * client/src/extension.ts) and no program imports them.
 */
const PROGRAMS: Array<{ name: string; folder: string; entrance?: string }> = [
  { name: 'analysis', folder: 'analysis/src', entrance: 'analysis/src' },
  { name: 'server', folder: 'server/src' },
  { name: 'runner', folder: 'runner/src', entrance: 'runner/src' },
  { name: 'cloud', folder: 'cloud/src', entrance: 'cloud/src' },
  { name: 'options', folder: 'options/src', entrance: 'options/src' },
  { name: 'cli', folder: 'cli/src' },
  { name: 'client', folder: 'client/src' },
];

/** Which programs each may import (values and types alike), always through the entrance. ARCHITECTURE.md shows it. */
const MAY_IMPORT: Record<string, string[]> = {
  analysis: [],
  runner: ['analysis'],
  cloud: ['analysis', 'runner'],
  options: ['analysis', 'runner', 'cloud'],
  server: ['analysis', 'options'],
  cli: ['analysis', 'runner', 'cloud', 'options'],
  client: ['runner', 'cloud', 'options'],
};

function programOf(file: string): (typeof PROGRAMS)[number] | undefined {
  return PROGRAMS.find((program) => file === program.folder || file.startsWith(`${program.folder}/`));
}

/** Every relative module a source imports, exports from or requires, as a path from the repository. */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|^import\s+)['"](\.[^'"]*)['"]/gm)].map((m) => m[1]);
  return specs.map((spec) =>
    path
      .relative(repo, path.resolve(path.dirname(file), spec))
      .split(path.sep)
      .join('/'),
  );
}

test('each program reaches another only through its entrance, and only the programs the table allows', () => {
  const files = PROGRAMS.flatMap((program) => sources(path.join(repo, program.folder)));
  const edges = new Set<string>();
  const offenders: string[] = [];
  for (const file of new Set(files)) {
    const from = programOf(path.relative(repo, file).split(path.sep).join('/'));
    if (!from) continue;
    for (const target of relativeImports(file)) {
      const to = programOf(target);
      if (!to || to === from) continue;
      edges.add(`${from.name} -> ${to.name}`);
      const where = `${path.relative(repo, file)} -> ${target}`;
      if (!MAY_IMPORT[from.name].includes(to.name)) offenders.push(`${where}: ${from.name} may not import ${to.name}`);
      else if (target !== to.entrance) offenders.push(`${where}: not the entrance ${to.entrance}`);
    }
  }
  assert.deepEqual(offenders, []);
  // The table is not wider than the code: every allowed pair is used.
  const allowed = Object.entries(MAY_IMPORT).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${to}`));
  assert.deepEqual([...edges].sort(), allowed.sort());
});

test('the table has no circle: the programs stand in layers', () => {
  const placed: string[] = [];
  while (placed.length < PROGRAMS.length) {
    const next = PROGRAMS.find((p) => !placed.includes(p.name) && MAY_IMPORT[p.name].every((to) => placed.includes(to)));
    assert.ok(
      next,
      `a circle among ${PROGRAMS.map((p) => p.name)
        .filter((n) => !placed.includes(n))
        .join(', ')}`,
    );
    placed.push(next.name);
  }
});

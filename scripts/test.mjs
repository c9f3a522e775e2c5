// Runs the compiled tests (out/test) with Node's test runner, one layer after another.
// Layers are folders under test/; pass folder names to run a subset: `node scripts/test.mjs unit lsp`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const allLayers = ['unit', 'lsp', 'cli'];
const layers = process.argv.slice(2).length ? process.argv.slice(2) : allLayers;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = layers.flatMap((layer) => testFiles(join('out', 'test', layer)));
if (files.length === 0) {
  console.error(`no compiled tests found for: ${layers.join(', ')} (run \`npm run compile-tests\` first)`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

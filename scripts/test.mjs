// Runs the compiled tests (out/test) with Node's test runner, one layer after another.
// Layers are folders under test/; pass folder names to run a subset: `node scripts/test.mjs unit lsp`.
// `neovim` needs nvim and `runner` a container engine (scripts/provision-engine.sh): without them their tests
// skip, or fail when CI is set.
// The last layer, e2e, runs in a real VS Code through scripts/run-vscode-tests.js (not node --test): the suite
// with the extension from the repository, then the smoke suite with the .vsix that `npm run package` builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const allLayers = ['unit', 'lsp', 'cli', 'neovim', 'runner', 'e2e'];
const layers = process.argv.slice(2).length ? process.argv.slice(2) : allLayers;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const nodeLayers = layers.filter((layer) => layer !== 'e2e');
let status = 0;
if (nodeLayers.length > 0) {
  const files = nodeLayers.flatMap((layer) => testFiles(join('out', 'test', layer)));
  if (files.length === 0) {
    console.error(`no compiled tests found for: ${nodeLayers.join(', ')} (run \`npm run compile-tests\` first)`);
    process.exit(1);
  }
  // The engine tests share one container engine and clean up after cancelled builds: one file at a time.
  const isEngineTest = (file) => file.startsWith(join('out', 'test', 'runner'));
  for (const [group, extra] of [
    [files.filter((f) => !isEngineTest(f)), []],
    [files.filter(isEngineTest), ['--test-concurrency=1']],
  ]) {
    if (group.length === 0) continue;
    const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...group], { stdio: 'inherit' });
    status = Math.max(status, result.status ?? 1);
  }
}
if (layers.includes('e2e')) status = Math.max(status, e2e());
process.exit(status);

/** The e2e layer: skipped locally when code-server or Chromium is missing, a failure in CI. */
function e2e() {
  const launcher = fileURLToPath(new URL('./run-vscode-tests.js', import.meta.url));
  const { missing } = createRequire(import.meta.url)(launcher).prerequisites();
  if (missing.length > 0) {
    const ci = Boolean(process.env.CI) && !['false', '0'].includes(process.env.CI.toLowerCase());
    if (ci) {
      console.error(`e2e: cannot run in CI, missing ${missing.join('; ')} (.ci/run installs them with scripts/install-code-server.sh)`);
      console.log('e2e: 0 passed, 1 failed');
      return 1;
    }
    console.log(`e2e: skipped, missing ${missing.join('; ')}`);
    return 0;
  }
  console.log('\n== e2e: the extension in VS Code (code-server + headless Chromium)');
  const dev = spawnSync(process.execPath, [launcher, '--suite', 'dev'], { stdio: 'inherit' }).status ?? 1;
  console.log('\n== e2e: the packaged .vsix, installed into VS Code (smoke test)');
  const { packageVsix } = createRequire(import.meta.url)('./e2e-runs.js');
  let vsix;
  try {
    vsix = packageVsix();
  } catch (error) {
    console.error(`e2e: ${error.message}`);
    return 1;
  }
  const smoke = spawnSync(process.execPath, [launcher, '--suite', 'smoke', '--vsix', vsix], { stdio: 'inherit' }).status ?? 1;
  return Math.max(dev, smoke);
}

// Smoke test of what users install: the .vsix built by `npm run package`, installed into VS Code with
// --install-extension (the development extension of this run is an empty host). It activates, shows
// diagnostics, the quick fix works and Run trains; a file missing from the package fails it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { activationCase, diagnosticsCase, extension, quickFixCase, REPO_ROOT, trainCase } from '../suite/cases';
import { runTests, type TestCase } from '../suite/runner';

interface Manifest {
  main: string;
  icon?: string;
  contributes: { grammars?: { path: string }[]; snippets?: { path: string }[] };
}

const packageCase: TestCase = {
  name: 'the installed extension comes from the package and holds every file it needs',
  // eslint-disable-next-line @typescript-eslint/require-await -- every case returns a promise; this one has nothing to wait for
  run: async () => {
    const installed = extension();
    const relative = path.relative(REPO_ROOT, installed.extensionPath);
    assert.ok(
      relative.startsWith('..') || path.isAbsolute(relative),
      `loaded from the extensions folder, not the repository: ${installed.extensionPath}`,
    );
    const manifest = installed.packageJSON as Manifest;
    const needed = [
      manifest.main.endsWith('.js') ? manifest.main : `${manifest.main}.js`,
      'dist/server.js', // the language server the client starts
      ...(manifest.icon ? [manifest.icon] : []),
      ...(manifest.contributes.grammars ?? []).map((g) => g.path),
      ...(manifest.contributes.snippets ?? []).map((s) => s.path),
      // Every rule page a diagnostic can link to.
      ...fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).map((page) => `docs/rules/${page}`),
    ];
    const missing = needed.filter((file) => !fs.existsSync(path.join(installed.extensionPath, file)));
    assert.deepEqual(missing, [], 'files missing from the installed package');
  },
};

export async function run(): Promise<void> {
  const summary = await runTests('SageMaker Entry Points installed from the .vsix', [
    activationCase,
    packageCase,
    diagnosticsCase,
    quickFixCase,
    trainCase(),
  ]);
  if (summary.failed > 0) throw new Error(`${summary.failed} smoke test(s) failed`);
}

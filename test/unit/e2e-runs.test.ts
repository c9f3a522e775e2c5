// The arguments the desktop VS Code launcher (scripts/run-vscode-electron.js) hands to @vscode/test-electron,
// checked as a table and through the real runTests with a stand-in VS Code that records what it was given.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTests } from '@vscode/test-electron';

interface RunOptions {
  version: string;
  vscodeExecutablePath?: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  launchArgs: string[];
  extensionTestsEnv: Record<string, string>;
}
interface E2eRuns {
  REPO: string;
  VSCODE_VERSION: string;
  suite(kind: string): { extensionDevelopmentPath: string; extensionTestsPath: string };
  electronRunOptions(options: Record<string, unknown>): RunOptions;
  installVsixArgs(options: { vsix: string; userDataDir: string; extensionsDir: string }): string[];
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const runs = require(path.join(repoRoot, 'scripts', 'e2e-runs.js')) as E2eRuns;

const dirs = { workspace: '/w/workspace', userDataDir: '/w/user-data', extensionsDir: '/w/extensions' };

describe('the test-electron launcher', () => {
  it('runs the development suite with the extension from the repository', () => {
    const options = runs.electronRunOptions({ kind: 'dev', ...dirs });
    assert.equal(runs.REPO, repoRoot);
    assert.deepEqual(options, {
      version: '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js'),
      launchArgs: ['/w/workspace', '--user-data-dir=/w/user-data', '--extensions-dir=/w/extensions', '--disable-gpu'],
      extensionTestsEnv: {},
    });
  });

  it('runs the smoke suite with an empty host, so the extension under test is the installed .vsix', () => {
    const options = runs.electronRunOptions({ kind: 'smoke', ...dirs, vscodeExecutablePath: '/vscode/code', version: '1.101.0' });
    assert.equal(options.extensionDevelopmentPath, path.join(repoRoot, 'test', 'e2e', 'smoke-host'));
    assert.equal(options.extensionTestsPath, path.join(repoRoot, 'out', 'test', 'e2e', 'smoke', 'index.js'));
    assert.equal(options.vscodeExecutablePath, '/vscode/code');
    assert.equal(options.version, '1.101.0');
    const host = JSON.parse(fs.readFileSync(path.join(options.extensionDevelopmentPath, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(host.main, undefined, 'the host has no code of its own');
    assert.notEqual(host.name, 'sagemaker-entrypoint');
  });

  it('installs the .vsix into the same profile the smoke run opens', () => {
    assert.deepEqual(runs.installVsixArgs({ vsix: '/r/x.vsix', userDataDir: '/w/user-data', extensionsDir: '/w/extensions' }), [
      '--install-extension',
      '/r/x.vsix',
      '--user-data-dir=/w/user-data',
      '--extensions-dir=/w/extensions',
      '--force',
    ]);
  });

  it('rejects an unknown suite', () => {
    assert.throws(() => runs.suite('nightly'), /unknown suite: nightly/);
  });

  it('is what runTests really passes to VS Code', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-electron-args-'));
    try {
      // A stand-in VS Code executable: records its arguments and the test environment, exits 0.
      const standIn = path.join(scratch, 'code');
      fs.writeFileSync(
        standIn,
        `#!${process.execPath}\nrequire('fs').writeFileSync(process.env.RECORD_TO, JSON.stringify(process.argv.slice(2)));\n`,
        { mode: 0o755 },
      );
      const record = path.join(scratch, 'argv.json');
      const options = runs.electronRunOptions({ kind: 'dev', ...dirs, vscodeExecutablePath: standIn });
      await runTests({ ...options, extensionTestsEnv: { RECORD_TO: record } });
      const argv = JSON.parse(fs.readFileSync(record, 'utf8')) as string[];
      assert.equal(argv[0], '/w/workspace', 'the workspace opens as the folder');
      for (const expected of [
        `--extensionDevelopmentPath=${repoRoot}`,
        `--extensionTestsPath=${path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js')}`,
        '--user-data-dir=/w/user-data',
        '--extensions-dir=/w/extensions',
        '--disable-workspace-trust',
        '--no-sandbox',
      ]) {
        assert.ok(argv.includes(expected), `${expected} in ${JSON.stringify(argv)}`);
      }
      assert.equal(argv.filter((arg) => arg.startsWith('--user-data-dir')).length, 1, 'our profile, not a second default one');
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

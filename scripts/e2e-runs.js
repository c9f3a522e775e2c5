// What the end-to-end runs load, shared by both launchers: scripts/run-vscode-tests.js (code-server and
// headless Chromium, the one CI here requires) and scripts/run-vscode-electron.js (a desktop VS Code that
// @vscode/test-electron downloads). The argument builders are pure: test/unit/e2e-runs.test.ts checks them.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
/** The VS Code inside code-server 4.100.3, so both launchers test the same workbench and extension host. */
const VSCODE_VERSION = '1.100.3';
/** What `npm run package` (and `npm run demo`) writes. */
const VSIX = path.join(REPO, 'sagemaker-entrypoint.vsix');

/**
 * The two suites. `dev` loads the extension from the repository (the development path); `smoke` loads an
 * empty host extension as the development path, so the extension under test is the .vsix installed beside it.
 */
function suite(kind, repo = REPO) {
  if (kind === 'dev') {
    return { extensionDevelopmentPath: repo, extensionTestsPath: path.join(repo, 'out', 'test', 'e2e', 'suite', 'index.js') };
  }
  if (kind === 'smoke') {
    return {
      extensionDevelopmentPath: path.join(repo, 'test', 'e2e', 'smoke-host'),
      extensionTestsPath: path.join(repo, 'out', 'test', 'e2e', 'smoke', 'index.js'),
    };
  }
  throw new Error(`unknown suite: ${kind} (dev or smoke)`);
}

/**
 * The folder the window opens: a copy of test/e2e/workspace (the tests edit files) with the engine tests'
 * fixtures under runner/ (the Run tests build them). Returns `dest`.
 */
function prepareWorkspace(dest, repo = REPO) {
  fs.cpSync(path.join(repo, 'test', 'e2e', 'workspace'), dest, { recursive: true });
  fs.cpSync(path.join(repo, 'test', 'fixtures', 'runner'), path.join(dest, 'runner'), { recursive: true });
  return dest;
}

/** User settings of the run's fresh profile: nothing unrelated to the tests pops up (and into the pictures). */
function writeUserSettings(userDir) {
  fs.mkdirSync(userDir, { recursive: true });
  const settings = {
    'git.openRepositoryInParentFolders': 'never',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
  };
  fs.writeFileSync(path.join(userDir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Per-run folders: a fresh profile and extensions folder, never the user's own. */
function profileArgs({ userDataDir, extensionsDir }) {
  return [`--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`];
}

/** The options for @vscode/test-electron's runTests: the workspace opens as the window's folder. */
function electronRunOptions({
  kind,
  workspace,
  userDataDir,
  extensionsDir,
  vscodeExecutablePath,
  version = VSCODE_VERSION,
  env = {},
  repo = REPO,
}) {
  return {
    version,
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    ...suite(kind, repo),
    launchArgs: [workspace, ...profileArgs({ userDataDir, extensionsDir }), '--disable-gpu'],
    extensionTestsEnv: env,
  };
}

/** The VS Code command line (after the CLI path) that installs the .vsix into the run's extensions folder. */
function installVsixArgs({ vsix, userDataDir, extensionsDir }) {
  return ['--install-extension', vsix, ...profileArgs({ userDataDir, extensionsDir }), '--force'];
}

/** Builds the .vsix the way users get it (`npm run package`); returns its path, or throws. */
function packageVsix() {
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run package failed (${result.status ?? result.signal})`);
  return VSIX;
}

module.exports = {
  REPO,
  VSCODE_VERSION,
  VSIX,
  suite,
  prepareWorkspace,
  writeUserSettings,
  electronRunOptions,
  installVsixArgs,
  packageVsix,
};

#!/usr/bin/env node
// Runs the end-to-end suites in a desktop VS Code that @vscode/test-electron downloads (`npm run test:vscode`),
// for machines that can download it (.github/workflows/ci.yml runs it under Xvfb). The same two runs as
// scripts/run-vscode-tests.js: the suite with the extension from the repository, then the smoke suite with
// the .vsix from `npm run package` installed through VS Code's --install-extension. Pictures and page probes
// need the code-server launcher: here those tests report themselves pending.
//
// usage: node scripts/run-vscode-electron.js [--vscode-version V] [--vscode-executable PATH] [--suite dev|smoke|all]
//   --vscode-version     the VS Code to download (default: the one inside code-server, see scripts/e2e-runs.js)
//   --vscode-executable  use this VS Code instead of downloading one (also $VSCODE_EXECUTABLE)
// Exit code: 0 when every suite passed, 1 when a test failed, 2 when VS Code could not be had.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  VSCODE_VERSION,
  electronRunOptions,
  installVsixArgs,
  packageVsix,
  prepareWorkspace,
  suite,
  writeUserSettings,
} = require('./e2e-runs');

function parseArgs(argv) {
  const options = { version: VSCODE_VERSION, executable: process.env.VSCODE_EXECUTABLE || undefined, suites: ['dev', 'smoke'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--vscode-version') options.version = argv[++i];
    else if (arg === '--vscode-executable') options.executable = path.resolve(argv[++i]);
    else if (arg === '--suite') {
      const name = argv[++i];
      options.suites = name === 'all' ? ['dev', 'smoke'] : [name];
    } else throw new Error(`unknown argument: ${arg}`);
  }
  options.suites.forEach((kind) => suite(kind)); // throws for an unknown name
  return options;
}

/** One run in a fresh profile and workspace copy; resolves with true when its tests passed. */
async function runSuite(kind, executable, version) {
  const { runTests, resolveCliArgsFromVSCodeExecutablePath } = require('@vscode/test-electron');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `sagemaker-entrypoint-electron-${kind}-`));
  const dirs = { userDataDir: path.join(scratch, 'user-data'), extensionsDir: path.join(scratch, 'extensions') };
  writeUserSettings(path.join(dirs.userDataDir, 'User'));
  const workspace = prepareWorkspace(path.join(scratch, 'workspace'));
  if (kind === 'smoke') {
    const vsix = packageVsix();
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const install = spawnSync(cli, [...cliArgs, ...installVsixArgs({ vsix, ...dirs })], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed (${install.status ?? install.signal})`);
  }
  try {
    await runTests(electronRunOptions({ kind, workspace, ...dirs, vscodeExecutablePath: executable, version }));
    fs.rmSync(scratch, { recursive: true, force: true });
    return true;
  } catch (error) {
    console.error(`${kind} suite failed: ${error?.message ?? error} (kept ${scratch})`);
    return false;
  }
}

async function main(argv) {
  const options = parseArgs(argv);
  for (const kind of options.suites) {
    const tests = suite(kind).extensionTestsPath;
    if (!fs.existsSync(tests)) {
      console.error(`run-vscode-electron: ${path.relative(process.cwd(), tests)} is missing: run \`npm run compile-tests\` first`);
      return 2;
    }
  }
  let executable = options.executable;
  if (!executable) {
    const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
    try {
      executable = await downloadAndUnzipVSCode(options.version);
    } catch (error) {
      console.error(`run-vscode-electron: could not download VS Code ${options.version}: ${error?.message ?? error}`);
      console.error('Without a download, run the same suites in code-server: node scripts/test.mjs e2e');
      return 2;
    }
  }
  let passed = true;
  for (const kind of options.suites) {
    console.log(`\n== ${kind} suite in VS Code ${options.version} (${executable})`);
    passed = (await runSuite(kind, executable, options.version)) && passed;
  }
  return passed ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error('run-vscode-electron failed:', error);
      process.exit(2);
    },
  );
}

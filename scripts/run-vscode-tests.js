#!/usr/bin/env node
// Runs the end-to-end suite (out/test/e2e/suite/index.js) inside a real VS Code: code-server's web
// workbench and Node extension host, driven by headless Chromium through playwright-core.
// The suite has @vscode/test-electron's `run()` contract; the workbench reports its end through
// `window.codeAutomationExit(code)`. Exit code: 0 when every test passed, 1 otherwise.
//
// usage: node scripts/run-vscode-tests.js [--code-server DIR] [--timeout SECONDS] [--keep]
//   --code-server  code-server's folder (default: $CODE_SERVER_DIR or .cache/code-server/code-server,
//                  where scripts/install-code-server.sh puts it)
//   --timeout      give up after this long (default 180 s); a timeout is a failure
//   --keep         keep the scratch folder (logs, workspace copy) even when the tests pass
// Chromium: $CHROMIUM, else `chromium` or `chromium-browser` on PATH.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const REPO = path.resolve(__dirname, '..');
const SUITE = path.join(REPO, 'out', 'test', 'e2e', 'suite', 'index.js');
const WORKSPACE = path.join(REPO, 'test', 'e2e', 'workspace');
const DEFAULT_CODE_SERVER = path.join(REPO, '.cache', 'code-server', 'code-server');

// The suite prints this marker with its counts, and asks for page checks with PROBE_MARKER
// (see test/e2e/suite/probe.ts).
const RESULT_MARKER = 'e2e-result ';
const PROBE_MARKER = 'e2e-probe ';

function findChromium(env) {
  if (env.CHROMIUM) return isExecutable(env.CHROMIUM) ? env.CHROMIUM : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      if (dir && isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What the end-to-end tests need from the machine, and what of it is missing (empty: ready). */
function prerequisites(env = process.env, codeServerDir = env.CODE_SERVER_DIR || DEFAULT_CODE_SERVER) {
  const codeServer = path.resolve(codeServerDir);
  const chromium = findChromium(env);
  const missing = [];
  if (!fs.existsSync(path.join(codeServer, 'out', 'node', 'entry.js'))) {
    const shown = codeServer.startsWith(REPO + path.sep) ? path.relative(REPO, codeServer) : codeServer;
    missing.push(`code-server (not in ${shown}: run scripts/install-code-server.sh)`);
  }
  if (!chromium) missing.push('chromium (set CHROMIUM or install Debian\'s chromium: scripts/install-code-server.sh does)');
  try {
    require.resolve('playwright-core');
  } catch {
    missing.push('playwright-core (run npm install)');
  }
  return { codeServer, chromium, missing };
}

function parseArgs(argv) {
  const options = { codeServer: undefined, timeout: 180, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--code-server') options.codeServer = argv[++i];
    else if (arg === '--timeout') options.timeout = Number(argv[++i]);
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!(options.timeout > 0)) throw new Error('--timeout needs a number of seconds');
  return options;
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a process group and waits until it is gone, SIGKILL after `graceMs`. Gone means reaped too:
 * helpers orphaned by their parent stay zombies until init reaps them. Gives up after another 10 s.
 */
async function endGroup(pid, graceMs = 10_000) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const killAt = Date.now() + graceMs;
  let killed = false;
  while (groupAlive(pid)) {
    if (!killed && Date.now() > killAt) {
      killed = true;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
    if (Date.now() > killAt + 10_000) {
      console.log(`run-vscode-tests: process group ${pid} still has processes (zombies not reaped yet?)`);
      return;
    }
    await delay(100);
  }
}

/** Process groups of the processes whose command line mentions `marker` (Linux /proc; else none). */
function processGroupsMentioning(marker) {
  const groups = new Set();
  let entries = [];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return groups;
  }
  for (const pid of entries) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid > 1) groups.add(pgid);
    } catch {}
  }
  return groups;
}

// Workbench console lines that say nothing about the tests.
const NOISE = [
  /^(Failed to load resource|An iframe which has|Found unexpected service worker|Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Overwriting extension|The web worker extension host is started)/,
  /open-vsx\.org/,
  /GL Driver Message/,
];

/** One console message as plain text: drops the `%c` styling arguments the workbench adds. */
async function consoleText(message) {
  let args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
  if (args.length === 0) return message.text();
  if (typeof args[0] === 'string' && args[0].includes('%c')) {
    const styles = (args[0].match(/%c/g) ?? []).length;
    args = [args[0].replace(/%c/g, ''), ...args.slice(1 + styles)];
  }
  // The workbench's log prefix: keep WARN and ERR, drop the others.
  return util.format(...args).replace(/^\s*(INFO|DEBUG|TRACE)\s/, '').replace(/^\s*(WARN|ERR)\s/, '$1 ');
}

/** Answers a probe: what the page shows, which the extension host cannot see. */
async function answerProbe(page, probe) {
  if (probe.kind === 'coloredText') {
    // Texts of the editor's token spans painted in probe.color (e.g. 'rgb(18, 171, 52)').
    const handle = await page.waitForFunction(
      (color) => {
        const spans = [...document.querySelectorAll('.monaco-editor .view-line span span')];
        const hits = spans.filter((span) => getComputedStyle(span).color === color).map((span) => span.textContent);
        return hits.length > 0 ? hits : false;
      },
      probe.color,
      { timeout: probe.timeoutMs ?? 20_000, polling: 100 },
    );
    return { texts: await handle.jsonValue() };
  }
  throw new Error(`unknown probe kind: ${probe.kind}`);
}

async function main(argv) {
  const options = parseArgs(argv);
  const ready = prerequisites(process.env, options.codeServer ?? (process.env.CODE_SERVER_DIR || DEFAULT_CODE_SERVER));
  if (ready.missing.length > 0) {
    console.error(`run-vscode-tests: missing ${ready.missing.join('; ')}`);
    return 2;
  }
  for (const [file, hint] of [
    [path.join(REPO, 'dist', 'extension.js'), 'npm run build'],
    [SUITE, 'npx tsc -p .'],
  ]) {
    if (!fs.existsSync(file)) {
      console.error(`run-vscode-tests: ${path.relative(REPO, file)} is missing: run \`${hint}\` first`);
      return 2;
    }
  }
  const { chromium } = require('playwright-core');

  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-entrypoint-e2e-'));
  const dirs = {};
  for (const name of ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'chromium', 'probes']) {
    dirs[name] = path.join(scratch, name);
    fs.mkdirSync(dirs[name], { recursive: true });
  }
  // The tests may write files: they get a copy of the fixture workspace.
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(WORKSPACE, workspace, { recursive: true });
  const serverLog = path.join(scratch, 'code-server.log');

  let server;
  let context;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const cleanup = async () => {
    // Chromium's helpers (zygotes, renderers) can outlive the browser for a moment: wait for its groups.
    const browserGroups = processGroupsMentioning(dirs.chromium);
    await context?.close().catch(() => {});
    await Promise.all([...[...browserGroups].map((pgid) => endGroup(pgid, 5_000)), server?.pid && endGroup(server.pid)]);
  };
  const onSignal = (signal) => {
    finish(`interrupted by ${signal}`);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Last resort if this process dies with the server still running.
  const killOnExit = () => {
    if (server?.pid && groupAlive(server.pid)) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {}
    }
  };
  process.on('exit', killOnExit);

  let result;
  let outcome;
  let page;
  let consoleQueue = Promise.resolve();
  try {
    const port = await freePort();
    const logFd = fs.openSync(serverLog, 'a');
    server = spawn(
      process.execPath,
      [
        path.join(ready.codeServer, 'out', 'node', 'entry.js'),
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--config', path.join(scratch, 'config.yaml'),
        '--user-data-dir', dirs['user-data'],
        '--extensions-dir', dirs.extensions,
      ],
      {
        detached: true, // its own process group, ended as a whole
        stdio: ['ignore', logFd, logFd],
        env: {
          // Not the variables of a VS Code this launcher may itself run in.
          ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VSCODE_|ELECTRON_)/.test(name))),
          XDG_CONFIG_HOME: dirs['xdg-config'],
          XDG_DATA_HOME: dirs['xdg-data'],
          XDG_CACHE_HOME: dirs['xdg-cache'],
          TMPDIR: dirs.tmp,
          // Read by the suite (through the extension host's environment) to ask for page probes.
          SAGEMAKER_E2E_PROBE_DIR: dirs.probes,
        },
      },
    );
    fs.closeSync(logFd);
    server.once('exit', (code, signal) => finish(`code-server exited early (${signal ?? code})`));

    const base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      const healthy = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (healthy) break;
      if (server.exitCode !== null || server.signalCode !== null) throw new Error(`code-server exited at start (see ${serverLog})`);
      if (attempt > 300) throw new Error(`code-server did not answer ${base}/healthz within 30 s`);
      await delay(100);
    }
    console.log(`code-server up on ${base} after ${elapsed()}`);

    context = await chromium.launchPersistentContext(dirs.chromium, {
      executablePath: ready.chromium,
      headless: true,
      // This launcher ends the browser itself, after a screenshot, on Ctrl+C too.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1400, height: 850 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));

    // Console messages are handled in order (reading their arguments is asynchronous).
    page.on('console', (message) => {
      const text = consoleText(message);
      consoleQueue = consoleQueue.then(async () => {
        const line = await text;
        const at = (marker) => line.indexOf(marker);
        if (at(RESULT_MARKER) >= 0) {
          result = JSON.parse(line.slice(at(RESULT_MARKER) + RESULT_MARKER.length));
        } else if (at(PROBE_MARKER) >= 0) {
          void respond(JSON.parse(line.slice(at(PROBE_MARKER) + PROBE_MARKER.length)));
        } else if (line.trim() && !NOISE.some((pattern) => pattern.test(line))) {
          console.log(line);
        }
      }).catch(() => {});
    });
    const respond = async (probe) => {
      const answer = await answerProbe(page, probe).catch((error) => ({ error: String(error?.message ?? error) }));
      const file = path.join(dirs.probes, `${probe.id}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
      fs.renameSync(`${file}.tmp`, file); // the suite waits for the final name
    };
    page.on('crash', () => finish('the page crashed'));

    const authority = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${REPO}`],
      ['extensionTestsPath', `vscode-remote://${authority}${SUITE}`],
    ];
    const timer = setTimeout(() => finish(`timeout after ${options.timeout} s`), options.timeout * 1000);
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    outcome = await finished;
    clearTimeout(timer);
  } catch (error) {
    outcome = `launcher error: ${error?.stack ?? error}`;
  }

  await Promise.race([consoleQueue, delay(5_000)]);
  const passed = outcome === 0;
  if (!passed) {
    console.log(`run-vscode-tests: ${typeof outcome === 'number' ? `codeAutomationExit(${outcome})` : outcome}`);
    if (page) {
      const shot = path.join(scratch, 'failure.png');
      if (await page.screenshot({ path: shot }).then(() => true, () => false)) console.log(`screenshot: ${shot}`);
    }
    console.log(`code-server log: ${serverLog}`);
  }
  await cleanup();
  process.off('exit', killOnExit);
  if (passed && !options.keep) fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`extension tests finished after ${elapsed()}`);

  // The closing line CI reads. Without the suite's counts (it never ran or never finished), one failure.
  const counts = result ?? { passed: 0, failed: 1, pending: 0 };
  const failed = passed ? counts.failed : Math.max(1, counts.failed);
  console.log(`e2e: ${counts.passed} passed, ${failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);
  return passed && failed === 0 ? 0 : 1;
}

module.exports = { prerequisites };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error('run-vscode-tests failed:', error);
      process.exit(2);
    },
  );
}

#!/usr/bin/env node
// Runs an end-to-end suite inside a real VS Code: code-server's web workbench and Node extension host,
// driven by headless Chromium through playwright-core. The suites have @vscode/test-electron's `run()`
// contract; the workbench reports their end through `window.codeAutomationExit(code)`. Exit code: 0 when
// every test passed, 1 otherwise.
//
// usage: node scripts/run-vscode-tests.js [--suite dev|smoke] [--vsix FILE] [--pictures DIR]
//                                         [--code-server DIR] [--timeout SECONDS] [--keep]
//   --suite        dev (default): the extension from the repository (out/test/e2e/suite);
//                  smoke: the packaged .vsix, installed with --install-extension (out/test/e2e/smoke)
//   --vsix         the package for the smoke suite (default: sagemaker-entrypoint.vsix, from npm run package)
//   --pictures     where the suite's screenshots go (default: docs/images)
//   --code-server  code-server's folder (default: $CODE_SERVER_DIR or .cache/code-server/code-server,
//                  where scripts/install-code-server.sh puts it)
//   --timeout      give up after this long (default 180 s); a timeout is a failure
//   --keep         keep the scratch folder (logs, workspace copy) even when the tests pass
// Chromium: $CHROMIUM, else `chromium` or `chromium-browser` on PATH.
'use strict';
/* global document, getComputedStyle, requestAnimationFrame -- the functions given to page.evaluate run in the browser */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { REPO, VSIX, prepareWorkspace, suite, writeUserSettings } = require('./e2e-runs');

const DEFAULT_CODE_SERVER = path.join(REPO, '.cache', 'code-server', 'code-server');

// The suite prints this marker with its counts, asks for page checks and pictures with PROBE_MARKER
// (see probePage in test/e2e/suite/helpers.ts) and reports timings with METRIC_MARKER.
const RESULT_MARKER = 'e2e-result ';
const PROBE_MARKER = 'e2e-probe ';
const METRIC_MARKER = 'e2e-metric ';

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
  if (!chromium) missing.push("chromium (set CHROMIUM or install Debian's chromium: scripts/install-code-server.sh does)");
  try {
    require.resolve('playwright-core');
  } catch {
    missing.push('playwright-core (run npm install)');
  }
  return { codeServer, chromium, missing };
}

function parseArgs(argv) {
  const options = {
    codeServer: undefined,
    timeout: 180,
    keep: false,
    suite: 'dev',
    vsix: VSIX,
    pictures: path.join(REPO, 'docs', 'images'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--suite') options.suite = argv[++i];
    else if (arg === '--vsix') options.vsix = path.resolve(argv[++i]);
    else if (arg === '--pictures') options.pictures = path.resolve(argv[++i]);
    else if (arg === '--code-server') options.codeServer = argv[++i];
    else if (arg === '--timeout') options.timeout = Number(argv[++i]);
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!(options.timeout > 0)) throw new Error('--timeout needs a number of seconds');
  suite(options.suite); // throws for an unknown name
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
      } catch {
        // the group ended between the check and the kill
      }
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
  let entries;
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
    } catch {
      // the process ended while we read it
    }
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
  return util
    .format(...args)
    .replace(/^\s*(INFO|DEBUG|TRACE)\s/, '')
    .replace(/^\s*(WARN|ERR)\s/, '$1 ');
}

/** Answers a probe: what the page shows, which the extension host cannot see. */
async function answerProbe(page, probe, pictures) {
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
  if (probe.kind === 'screenshot') {
    // Waits until the element the picture is about shows the expected text, fully faded in (no transition
    // running on it or around it), lets it paint, and saves the page.
    await page.waitForFunction(
      ({ selector, text }) => {
        const settled = (el) => {
          for (let node = el; node && node !== document.body; node = node.parentElement) {
            if (getComputedStyle(node).opacity !== '1' || node.getAnimations().length > 0) return false;
          }
          return el.getAnimations({ subtree: true }).length === 0;
        };
        return [...document.querySelectorAll(selector)].some(
          (el) => el.checkVisibility() && el.getBoundingClientRect().height > 0 && (!text || el.textContent.includes(text)) && settled(el),
        );
      },
      { selector: probe.selector, text: probe.text },
      { timeout: probe.timeoutMs ?? 20_000, polling: 100 },
    );
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (!/^[a-z0-9-]+$/.test(probe.name)) throw new Error(`bad picture name: ${probe.name}`);
    fs.mkdirSync(pictures, { recursive: true });
    const file = path.join(pictures, `${probe.name}.png`);
    await page.screenshot({ path: file });
    return { file: path.relative(REPO, file), bytes: fs.statSync(file).size };
  }
  if (probe.kind === 'activationTime') {
    // VS Code's own count in Developer: Show Running Extensions ("Activation: 12ms").
    const handle = await page.waitForFunction(
      (names) => {
        for (const row of document.querySelectorAll('.runtime-extensions-editor .extension')) {
          // The row shows the marketplace's display name, or the extension id for one not from there.
          if (!names.includes(row.querySelector('.name')?.textContent?.trim())) continue;
          const match = /Activation: (\d+)ms/.exec(row.querySelector('.activation-time')?.textContent ?? '');
          if (match) return { text: match[0], ms: Number(match[1]) };
        }
        return false;
      },
      probe.extensionNames,
      { timeout: probe.timeoutMs ?? 20_000, polling: 100 },
    );
    return handle.jsonValue();
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
  const run = suite(options.suite);
  const needed = [[run.extensionTestsPath, 'npx tsc -p .']];
  needed.push(options.suite === 'smoke' ? [options.vsix, 'npm run package'] : [path.join(REPO, 'dist', 'extension.js'), 'npm run build']);
  for (const [file, hint] of needed) {
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
  const workspace = prepareWorkspace(path.join(scratch, 'workspace'));
  writeUserSettings(path.join(dirs['user-data'], 'User'));
  const serverLog = path.join(scratch, 'code-server.log');
  const metrics = [];

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
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killOnExit);

  let result;
  let outcome;
  let page;
  let consoleQueue = Promise.resolve();
  const serverArgs = [
    path.join(ready.codeServer, 'out', 'node', 'entry.js'),
    '--disable-telemetry',
    '--disable-update-check',
    '--config',
    path.join(scratch, 'config.yaml'),
    '--user-data-dir',
    dirs['user-data'],
    '--extensions-dir',
    dirs.extensions,
  ];
  const serverEnv = {
    // Not the variables of a VS Code this launcher may itself run in.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VSCODE_|ELECTRON_)/.test(name))),
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
    TMPDIR: dirs.tmp,
    // Read by the suite (through the extension host's environment) to ask for page probes.
    SAGEMAKER_E2E_PROBE_DIR: dirs.probes,
  };
  try {
    if (options.suite === 'smoke') {
      // What users do: install the package into VS Code.
      const install = spawnSync(process.execPath, [...serverArgs, '--install-extension', options.vsix], {
        env: serverEnv,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (install.status !== 0) throw new Error(`--install-extension ${options.vsix} failed: ${install.stdout}${install.stderr}`);
      console.log(`installed ${path.relative(REPO, options.vsix)} into the extensions folder after ${elapsed()}`);
    }
    const port = await freePort();
    const logFd = fs.openSync(serverLog, 'a');
    server = spawn(process.execPath, [...serverArgs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-workspace-trust'], {
      detached: true, // its own process group, ended as a whole
      stdio: ['ignore', logFd, logFd],
      env: serverEnv,
    });
    fs.closeSync(logFd);
    server.once('exit', (code, signal) => finish(`code-server exited early (${signal ?? code})`));

    const base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      const healthy = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
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
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));

    // Console messages are handled in order (reading their arguments is asynchronous).
    page.on('console', (message) => {
      const text = consoleText(message);
      consoleQueue = consoleQueue
        .then(async () => {
          const line = await text;
          const at = (marker) => line.indexOf(marker);
          if (at(RESULT_MARKER) >= 0) {
            result = JSON.parse(line.slice(at(RESULT_MARKER) + RESULT_MARKER.length));
          } else if (at(METRIC_MARKER) >= 0) {
            metrics.push(JSON.parse(line.slice(at(METRIC_MARKER) + METRIC_MARKER.length)));
          } else if (at(PROBE_MARKER) >= 0) {
            void respond(JSON.parse(line.slice(at(PROBE_MARKER) + PROBE_MARKER.length)));
          } else if (line.trim() && !NOISE.some((pattern) => pattern.test(line))) {
            console.log(line);
          }
        })
        .catch(() => {});
    });
    const respond = async (probe) => {
      const answer = await answerProbe(page, probe, options.pictures).catch((error) => ({ error: String(error?.message ?? error) }));
      const file = path.join(dirs.probes, `${probe.id}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(answer));
      fs.renameSync(`${file}.tmp`, file); // the suite waits for the final name
    };
    page.on('crash', () => finish('the page crashed'));

    const authority = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${run.extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${run.extensionTestsPath}`],
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
      if (
        await page.screenshot({ path: shot }).then(
          () => true,
          () => false,
        )
      )
        console.log(`screenshot: ${shot}`);
    }
    console.log(`code-server log: ${serverLog}`);
  }
  await cleanup();
  process.off('exit', killOnExit);
  if (passed && !options.keep) fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`extension tests finished after ${elapsed()}`);
  for (const metric of metrics) console.log(`e2e ${options.suite} timing: ${metric.name}: ${Math.round(metric.ms)} ms`);

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

// Benchmark: start-up cost. Run: `npm run bench:startup` (production bundle, as in the .vsix).
// Env: BENCH_TRIALS=N (default 15); writes bench/results/startup.json.
//
// 1. The language server as an editor runs it (`node dist/server.js --stdio`): from spawn to the first
//    diagnostics of a Dockerfile opened right after `initialized`, pushed (a client that cannot pull, like
//    Neovim 0.7) and pulled (VS Code). Baselines in the same run, spawned the same way: the Dockerfile
//    language server that editors run today (dockerfile-language-server-nodejs, `docker-langserver --stdio`)
//    to its first publishDiagnostics, and `node -e ""` (Node's own start, the floor for both).
// 2. What `workspaceContains:**/{Dockerfile,...}` would cost each time a window opens: VS Code runs ripgrep
//    with its file-search arguments (read from VS Code 1.100's extension host) until the first match, giving
//    up after 7 s. Timed on generated workspaces of several shapes; compared with (1), our own time to the
//    first diagnostic. The extension activates on `onLanguage:dockerfile` instead, which costs no scan.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  DocumentDiagnosticRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DidOpenTextDocumentNotification,
  type ClientCapabilities,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { generateDockerfile } from './generate';

const REPO = path.resolve(__dirname, '..', '..');
const TRIALS = Number.parseInt(process.env.BENCH_TRIALS ?? '15', 10);
const OURS = path.join(REPO, 'dist', 'server.js');
const BASELINE = require.resolve('dockerfile-language-server-nodejs/bin/docker-langserver');
const PUSH_CLIENT: ClientCapabilities = { textDocument: { publishDiagnostics: {} } };
const PULL_CLIENT: ClientCapabilities = { textDocument: { diagnostic: { dynamicRegistration: false } } };
const SCAN_TIMEOUT_MS = 7000; // VS Code's limit for a workspaceContains search
const ACTIVATION_GLOB = '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}';

interface Document {
  name: string;
  file: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Spawns a stdio language server and times spawn → first diagnostics for `document` (pushed, or the pull's answer). */
async function timeToFirstDiagnostics(
  server: string,
  document: Document,
  capabilities: ClientCapabilities,
): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = URI.file(document.file).toString();
  try {
    const pushed = new Promise<number>((resolve) => {
      connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        if (params.uri === uri) resolve(params.diagnostics.length);
      });
    });
    connection.onRequest(RegistrationRequest.type, () => undefined); // answered, not used
    connection.listen();
    const folder = URI.file(path.dirname(document.file)).toString();

    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- still a required field of InitializeParams
      rootUri: folder,
      capabilities,
      workspaceFolders: [{ uri: folder, name: 'bench' }],
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const text = fs.readFileSync(document.file, 'utf8');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    const count = capabilities.textDocument?.diagnostic
      ? await connection
          .sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })
          .then((report) => ('items' in report ? report.items.length : 0))
      : await pushed;
    return { ms: performance.now() - started, count };
  } finally {
    connection.dispose();
    child.kill();
    await exited(child);
  }
}

async function timeBareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exited(child);
  return performance.now() - started;
}

/** VS Code's file search for `exists` (ripgrep arguments from its extension host), with its default excludes. */
function scanArgs(glob: string): string[] {
  const excludes = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db'];
  return [
    '--files',
    '--hidden',
    '--case-sensitive',
    '--no-require-git',
    '-g',
    glob,
    ...excludes.flatMap((e) => ['-g', `!${e}`]),
    '--no-ignore-parent',
    '--follow',
    '--quiet',
    '--no-config',
  ];
}

/** Runs the scan until ripgrep exits (it stops at the first match) or VS Code's 7 s limit. */
async function timeScan(folder: string): Promise<{ ms: number; found: boolean; timedOut: boolean }> {
  const started = performance.now();
  const child = spawn('rg', scanArgs(ACTIVATION_GLOB), { cwd: folder, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill(), SCAN_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
  const ms = performance.now() - started;
  return { ms, found: child.exitCode === 0, timedOut: child.signalCode !== null };
}

interface Shape {
  name: string;
  describe: string;
  build: (root: string) => void;
}

/** A source tree of `dirs` folders × `files` files (what most workspaces are: code, no Dockerfile). */
function sourceTree(root: string, dirs: number, files: number, top = 'src'): void {
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, top, `pkg${d % 40}`, `mod${d}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files; f++) fs.writeFileSync(path.join(dir, `file${f}.ts`), '');
  }
}

const FOLDERS = 1200;
const FILES = 50;
const SHAPES: Shape[] = [
  {
    name: 'no Dockerfile',
    describe: `${FOLDERS * FILES} files, no Dockerfile: the scan reads every folder`,
    build: (root) => sourceTree(root, FOLDERS, FILES),
  },
  {
    name: 'Dockerfile deep',
    describe: `${FOLDERS * FILES} files, one Dockerfile in the last folder`,
    build: (root) => {
      sourceTree(root, FOLDERS, FILES);
      fs.writeFileSync(path.join(root, 'src', `pkg${(FOLDERS - 1) % 40}`, `mod${FOLDERS - 1}`, 'Dockerfile'), 'FROM scratch\n');
    },
  },
  {
    name: 'Dockerfile at the root',
    describe: `${FOLDERS * FILES} files and a Dockerfile at the root`,
    build: (root) => {
      sourceTree(root, FOLDERS, FILES);
      fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\n');
    },
  },
  {
    name: 'git-ignored node_modules',
    describe: `${FOLDERS * FILES} files under a .gitignore'd node_modules, 20 source files, no Dockerfile`,
    build: (root) => {
      sourceTree(root, FOLDERS, FILES, 'node_modules');
      sourceTree(root, 1, 20);
      fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
    },
  },
];

async function main(): Promise<void> {
  if (!Number.isInteger(TRIALS) || TRIALS < 3) throw new Error('BENCH_TRIALS must be an integer of at least 3');
  if (!fs.existsSync(OURS)) throw new Error(`${OURS} is missing: run npm run build -- --production`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-startup-'));
  try {
    const large = path.join(scratch, 'large', 'Dockerfile');
    fs.mkdirSync(path.dirname(large), { recursive: true });
    fs.writeFileSync(large, generateDockerfile(5000));
    const documents: Document[] = [
      { name: 'examples/mistakes/Dockerfile', file: path.join(REPO, 'examples', 'mistakes', 'Dockerfile') },
      { name: 'generated, 5,000 lines', file: large },
    ];

    // 1. Server start-up: every configuration in each round, so drift hits all alike.
    const configs = documents.flatMap((document) => [
      { label: `ours, push | ${document.name}`, run: () => timeToFirstDiagnostics(OURS, document, PUSH_CLIENT) },
      { label: `ours, pull | ${document.name}`, run: () => timeToFirstDiagnostics(OURS, document, PULL_CLIENT) },
      { label: `docker-langserver | ${document.name}`, run: () => timeToFirstDiagnostics(BASELINE, document, PUSH_CLIENT) },
    ]);
    const samples = new Map<string, number[]>(configs.map((c) => [c.label, []]));
    const counts = new Map<string, number>();
    const bare: number[] = [];
    for (const config of configs) await config.run(); // warm-up: disk cache
    for (let round = 0; round < TRIALS; round++) {
      bare.push(await timeBareNode());
      for (const config of configs) {
        const { ms, count } = await config.run();
        samples.get(config.label)!.push(ms);
        counts.set(config.label, count);
      }
    }
    const bareMedian = median(bare);
    console.log(`Start-up: spawn → first diagnostics, median of ${TRIALS} (Node ${process.version}, ${os.cpus().length} CPUs)`);
    console.log(`  node -e "" (Node's own start): ${bareMedian.toFixed(1)} ms`);
    const startup: Record<string, unknown>[] = [];
    for (const document of documents) {
      const baseline = median(samples.get(`docker-langserver | ${document.name}`)!);
      for (const who of ['ours, push', 'ours, pull', 'docker-langserver']) {
        const label = `${who} | ${document.name}`;
        const ms = median(samples.get(label)!);
        startup.push({ server: who, document: document.name, medianMs: ms, diagnostics: counts.get(label), samplesMs: samples.get(label) });
        console.log(
          `  ${document.name.padEnd(30)} ${who.padEnd(18)} ${ms.toFixed(1).padStart(7)} ms  ` +
            `(${counts.get(label)} diagnostics; ×${(ms / baseline).toFixed(2)} docker-langserver, ×${(ms / bareMedian).toFixed(2)} bare node)`,
        );
      }
    }
    const oursFirst = median(samples.get(`ours, push | ${documents[0].name}`)!);

    // 2. The workspaceContains scan.
    spawnSync('sync');
    const scans: Record<string, unknown>[] = [];
    console.log(`\nworkspaceContains:${ACTIVATION_GLOB}: VS Code's ripgrep scan, median of ${TRIALS} (warm disk cache)`);
    for (const shape of SHAPES) {
      const root = path.join(scratch, 'ws', shape.name.replace(/\W+/g, '-'));
      const builtAt = performance.now();
      shape.build(root);
      const buildMs = performance.now() - builtAt;
      await timeScan(root); // warm-up
      const runs = [];
      for (let i = 0; i < TRIALS; i++) runs.push(await timeScan(root));
      const ms = median(runs.map((r) => r.ms));
      const found = runs.every((r) => r.found);
      const timedOut = runs.filter((r) => r.timedOut).length;
      scans.push({ shape: shape.name, describe: shape.describe, medianMs: ms, found, timedOut, buildMs, samplesMs: runs.map((r) => r.ms) });
      console.log(
        `  ${shape.name.padEnd(26)} ${ms.toFixed(1).padStart(7)} ms  ×${(ms / oursFirst).toFixed(2)} of our first diagnostic  ` +
          `(${found ? 'found' : 'not found'}${timedOut ? `, ${timedOut} hit the 7 s limit` : ''}; ${shape.describe})`,
      );
      fs.rmSync(root, { recursive: true, force: true });
    }
    console.log('  onLanguage:dockerfile: no scan (0 ms); the extension starts when a Dockerfile opens.');

    const out = path.join(REPO, 'bench', 'results', 'startup.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, trials: TRIALS, bareNodeMedianMs: bareMedian, startup, scans }, null, 2)}\n`,
    );
    console.log(`\nwrote ${path.relative(REPO, out)}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Benchmark: our analysis against dockerfile-utils on every shape of bench/shapes.ts, at 5k and 50k lines.
//   in-process: analyzeDockerfile (no build context) vs validate(), alternating, medians after warm-up;
//   as a process: `node dist/cli.js check --no-context --format json FILE` vs `dockerfile-utils lint FILE`
//     (its own CLI), alternating, medians; peak memory (max RSS) of one more run of each;
//   start-up: `check` on a 2-line file vs `node -e 0`.
// Run: `npm run bench`. Env: BENCH_SHAPES=abcdef, BENCH_SIZES=5000,50000, BENCH_RUNS=N5k,N50k (in-process),
// BENCH_PROCESS_RUNS=N5k,N50k, BENCH_STARTUP_RUNS=N. Writes bench/results/analysis.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { validate } from 'dockerfile-utils';
import { analyzeDockerfile } from '../analysis/src';
import { SHAPES, type Shape } from './shapes';

const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const baselineCli = path.join(repo, 'node_modules', 'dockerfile-utils', 'bin', 'dockerfile-utils');
const peakReporter = path.join(__dirname, 'peak-rss.js');

const TARGETS = { ratio5k: 1 / 3, ratio50k: 1 / 10, growth: 12, startup: 1.4 };

function numbers(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const parts = raw.split(',').map((s) => Number.parseInt(s.trim(), 10));
  if (parts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be positive integers, got "${raw}"`);
  return fallback.map((_, i) => parts[Math.min(i, parts.length - 1)]);
}

const SIZES = process.env.BENCH_SIZES ? numbers('BENCH_SIZES', process.env.BENCH_SIZES.split(',').map(Number)) : [5_000, 50_000];
const RUNS = numbers('BENCH_RUNS', [15, 3]);
const WARMUP = [8, 1];
const PROCESS_RUNS = numbers('BENCH_PROCESS_RUNS', [5, 3]);
const [STARTUP_RUNS] = numbers('BENCH_STARTUP_RUNS', [21]);
const shapes = SHAPES.filter((s) => (process.env.BENCH_SHAPES ?? 'abcdef').includes(s.id));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const gc: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

interface Pair {
  ours: number;
  baseline: number;
}

/** Alternates which side goes first, so drift and garbage-collection debt hit both. */
function alternate(runs: number, ours: (i: number) => number, baseline: (i: number) => number): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      const o = ours(i);
      pairs.push({ ours: o, baseline: baseline(i) });
    } else {
      const b = baseline(i);
      pairs.push({ ours: ours(i), baseline: b });
    }
  }
  return pairs;
}

interface Measured {
  oursMs: number;
  baselineMs: number;
  ratio: number;
}

const summarise = (pairs: Pair[]): Measured => {
  const oursMs = median(pairs.map((p) => p.ours));
  const baselineMs = median(pairs.map((p) => p.baseline));
  return { oursMs, baselineMs, ratio: oursMs / baselineMs };
};

/**
 * A fresh string per run (one comment line more, the same work), so no cache keyed by text helps. The
 * comment is added, not put in place of the first line: that line may be a FROM or a global ARG.
 */
const variant = (text: string, run: number) => `# run ${run}\n${text}`;

function inProcess(text: string, size: number): Measured & { heapMB: number; diagnostics: number } {
  const index = SIZES.indexOf(size) === 0 ? 0 : 1;
  let serial = 0;
  for (let i = 0; i < WARMUP[index]; i++) {
    analyzeDockerfile(variant(text, serial), { context: null });
    validate(variant(text, serial++));
  }
  let diagnostics = 0;
  const timeOurs = () => {
    const t = variant(text, serial++);
    const t0 = performance.now();
    diagnostics = analyzeDockerfile(t, { context: null }).diagnostics.length;
    return performance.now() - t0;
  };
  const timeBaseline = () => {
    const t = variant(text, serial++);
    const t0 = performance.now();
    validate(t);
    return performance.now() - t0;
  };
  const measured = summarise(alternate(RUNS[index], timeOurs, timeBaseline));
  // Heap that one analysis keeps alive (what a server holds per document).
  const kept: object[] = []; // holds the analysis through the second collection
  gc?.();
  const before = process.memoryUsage().heapUsed;
  kept.push(analyzeDockerfile(variant(text, serial++), { context: null }));
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - before) / 1048576;
  kept.length = 0;
  return { ...measured, heapMB, diagnostics };
}

function timeProcess(args: string[], peak = false): { ms: number; peakMB?: number; status: number | null } {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, peak ? ['--require', peakReporter, ...args] : args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  const reported = peak ? /peak-rss-kb (\d+)/.exec(result.stderr) : null;
  return { ms, peakMB: reported ? Number(reported[1]) / 1024 : undefined, status: result.status };
}

const oursArgs = (file: string) => [cli, 'check', '--no-context', '--format', 'json', file];
const baselineArgs = (file: string) => [baselineCli, 'lint', file];

function asProcess(file: string, size: number): Measured & { oursPeakMB?: number; baselinePeakMB?: number } {
  const runs = PROCESS_RUNS[SIZES.indexOf(size) === 0 ? 0 : 1];
  const status = timeProcess(oursArgs(file)).status;
  if (status !== 0 && status !== 1) throw new Error(`check exited ${status} on ${file}`);
  const measured = summarise(
    alternate(
      runs,
      () => timeProcess(oursArgs(file)).ms,
      () => timeProcess(baselineArgs(file)).ms,
    ),
  );
  return {
    ...measured,
    oursPeakMB: timeProcess(oursArgs(file), true).peakMB,
    baselinePeakMB: timeProcess(baselineArgs(file), true).peakMB,
  };
}

function startup(dir: string): Measured {
  const file = path.join(dir, 'Dockerfile.tiny');
  fs.writeFileSync(file, 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n');
  timeProcess(oursArgs(file));
  timeProcess(['-e', '0']);
  return summarise(
    alternate(
      STARTUP_RUNS,
      () => timeProcess(oursArgs(file)).ms,
      () => timeProcess(['-e', '0']).ms,
    ),
  );
}

interface ShapeResult {
  shape: string;
  title: string;
  sizes: Array<{ lines: number; inProcess: ReturnType<typeof inProcess>; process: ReturnType<typeof asProcess> }>;
  growth?: { ours: number; baseline: number; oursProcess: number };
}

const f1 = (n: number) => n.toFixed(1);
const f3 = (n: number) => n.toFixed(3);
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

function benchShape(shape: Shape, dir: string): ShapeResult {
  const result: ShapeResult = { shape: shape.id, title: shape.title, sizes: [] };
  for (const lines of SIZES) {
    const text = shape.generate(lines);
    if (text.split('\n').length - 1 !== lines) throw new Error(`shape ${shape.id} made the wrong number of lines`);
    const file = path.join(dir, `Dockerfile.${shape.id}.${lines}`);
    fs.writeFileSync(file, text);
    const inproc = inProcess(text, lines);
    const proc = asProcess(file, lines);
    console.log(
      `  ${shape.id} ${String(lines).padStart(6)} lines: in-process ours ${f1(inproc.oursMs)} ms, validate() ${f1(inproc.baselineMs)} ms (${f3(inproc.ratio)}); ` +
        `process ours ${f1(proc.oursMs)} ms, lint ${f1(proc.baselineMs)} ms (${f3(proc.ratio)}); ${inproc.diagnostics} findings`,
    );
    result.sizes.push({ lines, inProcess: inproc, process: proc });
  }
  if (result.sizes.length === 2) {
    const [small, large] = result.sizes;
    result.growth = {
      ours: large.inProcess.oursMs / small.inProcess.oursMs,
      baseline: large.inProcess.baselineMs / small.inProcess.baselineMs,
      oursProcess: large.process.oursMs / small.process.oursMs,
    };
  }
  return result;
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-bench-'));
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `runs: in-process ${RUNS.join('/')} (after ${WARMUP.join('/')} warm-up), process ${PROCESS_RUNS.join('/')}, start-up ${STARTUP_RUNS}`,
  );
  try {
    const results = shapes.map((shape) => {
      console.log(`shape ${shape.id}: ${shape.title}`);
      return benchShape(shape, dir);
    });
    const tiny = startup(dir);
    report(results, tiny);
    const outDir = path.join(repo, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const json = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      load: os.loadavg(),
      targets: TARGETS,
      results,
      startup: tiny,
    };
    fs.writeFileSync(path.join(outDir, 'analysis.json'), `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote bench/results/analysis.json`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(results: ShapeResult[], tiny: Measured): void {
  const rows: string[] = [];
  let failures = 0;
  const check = (ok: boolean) => {
    if (!ok) failures++;
    return mark(ok);
  };
  console.log('\nIn process (ms, medians; ours / validate(); retained heap of one analysis):\n');
  console.log('| shape | lines | ours | validate() | ratio | target | growth 5k→50k | heap MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const r of results) {
    for (const [i, s] of r.sizes.entries()) {
      const limit = i === 0 ? TARGETS.ratio5k : TARGETS.ratio50k;
      const growth =
        i === 1 && r.growth
          ? `${r.growth.ours.toFixed(1)}× (${check(r.growth.ours <= TARGETS.growth)}; validate ${r.growth.baseline.toFixed(1)}×)`
          : '';
      rows.push(
        `| ${r.shape} | ${s.lines.toLocaleString('en-US')} | ${f1(s.inProcess.oursMs)} | ${f1(s.inProcess.baselineMs)} | ${f3(s.inProcess.ratio)} | ≤ ${f3(limit)}: ${check(s.inProcess.ratio <= limit)} | ${growth} | ${f1(s.inProcess.heapMB)} |`,
      );
    }
  }
  console.log(rows.join('\n'));
  // How much of the budget start-up alone takes: `check` on a 2-line file (below) against lint on this file.
  console.log(
    '\nAs a process (ms, medians; `check --no-context --format json` / `dockerfile-utils lint`; start-up share: `check` on a 2-line file / lint on this one; peak RSS MB):\n',
  );
  console.log('| shape | lines | ours | lint | ratio | target | start-up share | peak ours | peak lint |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const r of results) {
    for (const [i, s] of r.sizes.entries()) {
      const limit = i === 0 ? TARGETS.ratio5k : TARGETS.ratio50k;
      const p = s.process;
      console.log(
        `| ${r.shape} | ${s.lines.toLocaleString('en-US')} | ${f1(p.oursMs)} | ${f1(p.baselineMs)} | ${f3(p.ratio)} | ≤ ${f3(limit)}: ${check(p.ratio <= limit)} | ${f3(tiny.oursMs / p.baselineMs)} | ${p.oursPeakMB?.toFixed(0) ?? '?'} | ${p.baselinePeakMB?.toFixed(0) ?? '?'} |`,
      );
    }
  }
  console.log(
    `\nStart-up: check on a 2-line file ${f1(tiny.oursMs)} ms, node -e 0 ${f1(tiny.baselineMs)} ms: ${tiny.ratio.toFixed(2)}× (≤ ${TARGETS.startup}×: ${check(tiny.ratio <= TARGETS.startup)})`,
  );
  console.log(failures === 0 ? '\nall targets met' : `\n${failures} target(s) not met`);
}

main();

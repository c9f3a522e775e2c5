// Benchmark: our analyzeDockerfile vs dockerfile-utils validate() on generated 5k/50k-line Dockerfiles.
// Run: `npm run bench` (or `npx tsc -p . && node --expose-gc out/bench/analysis.bench.js`).
// Env: BENCH_RUNS=N or BENCH_RUNS=N5k,N50k (default 15,5); writes bench/results/analysis.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { performance } from 'perf_hooks';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { analyzeDockerfile } from '../server/src/analysis';
import { generateDockerfile, HEADER_LINES, STAGE_LINES } from './generate';

interface SizeResult {
  lines: number;
  runs: number;
  oursMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  oursSamplesMs: number[];
  baselineSamplesMs: number[];
  oursDiagnostics: number;
  baselineDiagnostics: number;
  heapUsedMB: number;
  selfCheck: { lineCount: number; froms: number; expectedFroms: number; ok: boolean };
}

const SIZES = [5_000, 50_000];
const DEFAULT_RUNS = [15, 5];
// No forced GC between timed calls: a full GC shrinks V8's young generation and made both sides ~3× slower.
const WARMUP = [8, 2];

function runsFor(index: number): number {
  const raw = process.env.BENCH_RUNS;
  if (!raw) return DEFAULT_RUNS[index];
  const parts = raw.split(',').map((s) => Number.parseInt(s.trim(), 10));
  const n = parts.length > 1 ? parts[index] : parts[0];
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be N or N5k,N50k (got "${raw}")`);
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `global.gc` when run with --expose-gc; otherwise try to enable it at run time; undefined if neither works. */
const gc: (() => void) | undefined = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    return undefined;
  }
})();
function heapUsedMB(): number {
  if (gc) gc();
  return process.memoryUsage().heapUsed / 1048576;
}

/** A fresh, flat string per run (different first comment, same work) so no text-keyed cache can help. */
function variant(lines: string[], run: number): string {
  const copy = lines.slice();
  copy[0] = `# Generated benchmark Dockerfile, run ${String(run).padStart(4, '0')}`;
  const text = copy.join('\n');
  text.charCodeAt(text.length - 1); // make sure it is flat before timing
  return text;
}

function timeOurs(text: string): { ms: number; diagnostics: number } {
  const t0 = performance.now();
  const analysis = analyzeDockerfile(text, { context: null });
  const ms = performance.now() - t0;
  return { ms, diagnostics: analysis.diagnostics.length };
}

function timeBaseline(text: string): { ms: number; diagnostics: number } {
  const t0 = performance.now();
  const diagnostics = validate(text);
  const ms = performance.now() - t0;
  return { ms, diagnostics: diagnostics.length };
}

function selfCheck(text: string, lines: number): SizeResult['selfCheck'] {
  const lineCount = text.endsWith('\n') ? text.split('\n').length - 1 : -1;
  const froms = DockerfileParser.parse(text).getFROMs().length;
  const expectedFroms = Math.ceil((lines - HEADER_LINES) / STAGE_LINES);
  const ok = lineCount === lines && Math.abs(froms - expectedFroms) <= 1;
  return { lineCount, froms, expectedFroms, ok };
}

function benchSize(lines: number, index: number): SizeResult {
  const base = generateDockerfile(lines, 1);
  const check = selfCheck(base, lines);
  console.log(
    `self-check ${lines} lines: ${check.lineCount} lines, ${check.froms} FROMs (expected ~${check.expectedFroms}) ${check.ok ? 'OK' : 'MISMATCH'}`,
  );
  const baseLines = base.split('\n');
  const runs = runsFor(index);
  let serial = 0;
  for (let i = 0; i < WARMUP[index]; i++) {
    const text = variant(baseLines, serial++);
    timeOurs(text);
    timeBaseline(text);
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  let oursDiagnostics = 0;
  let baselineDiagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const text = variant(baseLines, serial++);
    // Alternate which goes first so drift and GC debt hit both.
    const first = i % 2 === 0 ? timeOurs : timeBaseline;
    const second = i % 2 === 0 ? timeBaseline : timeOurs;
    const a = first(text);
    const b = second(text);
    const o = first === timeOurs ? a : b;
    const v = first === timeOurs ? b : a;
    ours.push(o.ms);
    baseline.push(v.ms);
    oursDiagnostics = o.diagnostics;
    baselineDiagnostics = v.diagnostics;
    process.stdout.write(`  ${lines} run ${i + 1}/${runs}: ours ${o.ms.toFixed(1)} ms, baseline ${v.ms.toFixed(1)} ms\n`);
  }
  // Heap with one analysis result alive (what a server would hold per document).
  const kept = analyzeDockerfile(variant(baseLines, serial++), { context: null });
  const heap = heapUsedMB();
  void kept.diagnostics.length;
  const oursMedianMs = median(ours);
  const baselineMedianMs = median(baseline);
  return {
    lines,
    runs,
    oursMedianMs,
    baselineMedianMs,
    ratio: oursMedianMs / baselineMedianMs,
    oursSamplesMs: ours,
    baselineSamplesMs: baseline,
    oursDiagnostics,
    baselineDiagnostics,
    heapUsedMB: heap,
    selfCheck: check,
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function main(): void {
  console.log(`Node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, gc ${gc ? 'exposed' : 'not exposed'}`);
  const heapStartMB = heapUsedMB();
  const results = SIZES.map((lines, i) => benchSize(lines, i));
  const [small, large] = results;
  const oursGrowth = large.oursMedianMs / small.oursMedianMs;
  const baselineGrowth = large.baselineMedianMs / small.baselineMedianMs;

  console.log('');
  console.log(`| lines | ours median ms | baseline median ms | ours/baseline | ours diags | baseline diags | heap MB${gc ? ' after GC' : ' (no GC)'} |`);
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${pad(r.lines.toLocaleString('en-US'), 6)} | ${pad(r.oursMedianMs.toFixed(1), 8)} | ${pad(r.baselineMedianMs.toFixed(1), 8)} | ${pad(r.ratio.toFixed(3), 6)} | ${r.oursDiagnostics} | ${r.baselineDiagnostics} | ${r.heapUsedMB.toFixed(1)} |`,
    );
  }
  console.log('');
  console.log(`growth 50k/5k: ours ${oursGrowth.toFixed(2)}×, baseline ${baselineGrowth.toFixed(2)}× (linear would be 10×)`);
  console.log(`heap used${gc ? ' after GC' : ' (no --expose-gc, not collected)'}: start ${heapStartMB.toFixed(1)} MB`);

  const targets = [
    { name: 'ours <= 1/3 of baseline at 5k', value: small.ratio, limit: 1 / 3 },
    { name: 'ours <= 1/10 of baseline at 50k', value: large.ratio, limit: 1 / 10 },
    { name: 'ours 50k/5k <= 12', value: oursGrowth, limit: 12 },
  ].map((t) => ({ ...t, pass: t.value <= t.limit }));
  console.log('');
  for (const t of targets) {
    console.log(`${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value.toFixed(3)} (limit ${t.limit.toFixed(3)})`);
  }
  if (results.every((r) => r.oursDiagnostics === 0)) {
    console.log('\nnote: our analysis returned no diagnostics at all — is it still the placeholder?');
  }
  if (results.some((r) => !r.selfCheck.ok)) console.log('\nnote: generator self-check MISMATCH (see above)');

  const outDir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    gcExposed: Boolean(gc),
    heapStartMB,
    results,
    growth: { ours: oursGrowth, baseline: baselineGrowth },
    targets,
  };
  fs.writeFileSync(path.join(outDir, 'analysis.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(outDir, 'analysis.json')) || path.join(outDir, 'analysis.json')}`);
}

main();

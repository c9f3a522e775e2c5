// Benchmark: how soon after a serving container starts answering GET /ping with 200 the runner notices,
// against the SageMaker SDK's local mode (a probe at start, then one every 5 s: CONTRACT.md §5.5).
// Run: `npx tsc -p . && node out/bench/readiness.bench.js`. Env: BENCH_TRIALS=N (default 20).
// Writes bench/results/readiness.json.
// Each trial: an in-process server answers 503 until a random moment h in [0, 5) s after the start, then 200;
// our waitForPing (default interval) runs against it for real. The SDK's delay on the same schedule is
// 5·ceil(h/5) − h (its probes at 0, 5, 10 … s; a probe takes about a millisecond here).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { waitForPing } from '../runner/src/http';

const SDK_INTERVAL_MS = 5000;
const TRIALS = Number.parseInt(process.env.BENCH_TRIALS ?? '20', 10);
const CONCURRENT = 4;
const TARGET_MS = 500;

interface Trial {
  healthyAfterMs: number;
  oursDelayMs: number;
  sdkDelayMs: number;
}

async function trial(): Promise<Trial> {
  let healthyAt = Number.POSITIVE_INFINITY;
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/ping' && performance.now() >= healthyAt ? 200 : 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const healthyAfterMs = Math.random() * SDK_INTERVAL_MS;
  const started = performance.now();
  healthyAt = started + healthyAfterMs;
  const result = await waitForPing({ baseUrl: url, timeoutMs: 30_000 });
  const detected = performance.now();
  server.close();
  if (result.kind !== 'ready') throw new Error(`trial did not become ready: ${result.kind}`);
  const sdkDelayMs = Math.ceil(healthyAfterMs / SDK_INTERVAL_MS) * SDK_INTERVAL_MS - healthyAfterMs;
  return { healthyAfterMs, oursDelayMs: detected - healthyAt, sdkDelayMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  if (!Number.isInteger(TRIALS) || TRIALS < 1) throw new Error(`BENCH_TRIALS must be a positive integer`);
  const trials: Trial[] = [];
  // A few trials at a time: each waits up to 5 s, and four pollers barely load the event loop.
  while (trials.length < TRIALS) {
    const batch = Math.min(CONCURRENT, TRIALS - trials.length);
    trials.push(...(await Promise.all(Array.from({ length: batch }, trial))));
  }
  const ours = trials.map((t) => t.oursDelayMs);
  const sdk = trials.map((t) => t.sdkDelayMs);
  const oursMedian = median(ours);
  const sdkMedian = median(sdk);
  const oursMax = Math.max(...ours);
  console.log(`readiness: delay from /ping answering 200 to detection, ${TRIALS} trials (ready at a random moment in 0-5 s)`);
  console.log(`  ours (GET /ping every ≤100 ms, 2 s timeout): median ${oursMedian.toFixed(0)} ms, max ${oursMax.toFixed(0)} ms`);
  console.log(`  SDK local mode (every 5 s, same schedule):  median ${sdkMedian.toFixed(0)} ms, max ${Math.max(...sdk).toFixed(0)} ms`);
  console.log(`  ratio (SDK / ours, medians): ${(sdkMedian / oursMedian).toFixed(0)}×`);
  console.log(`  target: every detection within ${TARGET_MS} ms: ${oursMax < TARGET_MS ? 'met' : 'MISSED'}`);
  const outDir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    trials: TRIALS,
    oursMedianMs: oursMedian,
    oursMaxMs: oursMax,
    sdkMedianMs: sdkMedian,
    ratio: sdkMedian / oursMedian,
    targetMs: TARGET_MS,
    targetMet: oursMax < TARGET_MS,
    samples: trials,
  };
  fs.writeFileSync(path.join(outDir, 'readiness.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = oursMax < TARGET_MS ? 0 : 1;
}

void main();

// Benchmark: how soon after a serving container starts answering GET /ping with 200 the runner notices, and how
// hard it polls meanwhile, against the SageMaker SDK's local mode (a probe at start, then one every 5 s:
// docs/sagemaker-contract.md#serving-readiness).
// Run: `npm run bench:readiness`. Env: BENCH_TRIALS=N per shape (default 20). Writes bench/results/readiness.json.
// Each trial: an in-process server answers 503 until a random moment h in [0, 5) s after the start, then 200;
// our waitForPing (default interval) runs against it for real. Two shapes: /ping answers at once, and /ping takes
// 300 ms to answer (a predictor that loads its model inside /ping). The SDK's delay on the same schedule is
// 5·ceil(h/5) − h (its probes at 0, 5, 10 … s), plus the answer time.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PING_INTERVAL_MS, waitForPing } from '../runner/src/http';

const SDK_INTERVAL_MS = 5000;
const TRIALS = Number.parseInt(process.env.BENCH_TRIALS ?? '20', 10);
const CONCURRENT = 4;
const TARGET_MS = 500;

interface Shape {
  name: string;
  /** How long each /ping takes to answer. */
  answerMs: number;
}

const SHAPES: Shape[] = [
  { name: '/ping answers at once', answerMs: 0 },
  { name: '/ping takes 300 ms', answerMs: 300 },
];

interface Trial {
  healthyAfterMs: number;
  oursDelayMs: number;
  sdkDelayMs: number;
  requests: number;
  mostInFlight: number;
}

async function trial(shape: Shape): Promise<Trial> {
  let healthyAt = Number.POSITIVE_INFINITY;
  let requests = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const server = http.createServer((req, res) => {
    requests++;
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    // The status is decided when the request arrives, as a server that checks its model first would.
    const status = req.url === '/ping' && performance.now() >= healthyAt ? 200 : 503;
    setTimeout(() => {
      inFlight--;
      res.statusCode = status;
      res.end();
    }, shape.answerMs);
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
  const sdkDelayMs = Math.ceil(healthyAfterMs / SDK_INTERVAL_MS) * SDK_INTERVAL_MS - healthyAfterMs + shape.answerMs;
  return { healthyAfterMs, oursDelayMs: detected - healthyAt, sdkDelayMs, requests, mostInFlight };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(shape: Shape): Promise<Trial[]> {
  const trials: Trial[] = [];
  // A few trials at a time: each waits up to 5 s, and four pollers barely load the event loop.
  while (trials.length < TRIALS) {
    const batch = Math.min(CONCURRENT, TRIALS - trials.length);
    trials.push(...(await Promise.all(Array.from({ length: batch }, () => trial(shape)))));
  }
  return trials;
}

async function main(): Promise<void> {
  if (!Number.isInteger(TRIALS) || TRIALS < 1) throw new Error(`BENCH_TRIALS must be a positive integer`);
  console.log(`readiness: delay from /ping answering 200 to detection, ${TRIALS} trials per shape (ready at a random moment in 0-5 s)`);
  console.log(`  ours: GET /ping every ${DEFAULT_PING_INTERVAL_MS} ms at most, one at a time, 2 s timeout; SDK local mode: every 5 s`);
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    trials: TRIALS,
    intervalMs: DEFAULT_PING_INTERVAL_MS,
    shapes: {},
  };
  let met = true;
  for (const shape of SHAPES) {
    const trials = await measure(shape);
    const ours = trials.map((t) => t.oursDelayMs);
    const sdk = trials.map((t) => t.sdkDelayMs);
    const oursMax = Math.max(...ours);
    const mostInFlight = Math.max(...trials.map((t) => t.mostInFlight));
    const perSecond = median(trials.map((t) => t.requests / ((t.healthyAfterMs + t.oursDelayMs) / 1000)));
    // The target holds for a /ping that answers at once; a slow one adds its own answer time.
    const target = TARGET_MS + shape.answerMs;
    if (oursMax >= target || mostInFlight > 1) met = false;
    console.log(`  ${shape.name}:`);
    console.log(
      `    ours: median ${median(ours).toFixed(0)} ms, max ${oursMax.toFixed(0)} ms; ${perSecond.toFixed(1)} requests/s (median), at most ${mostInFlight} in flight`,
    );
    console.log(`    SDK:  median ${median(sdk).toFixed(0)} ms, max ${Math.max(...sdk).toFixed(0)} ms`);
    console.log(
      `    ratio (SDK / ours, medians): ${(median(sdk) / median(ours)).toFixed(0)}×; target: every detection within ${target} ms and one request in flight: ${oursMax < target && mostInFlight === 1 ? 'met' : 'MISSED'}`,
    );
    (report.shapes as Record<string, unknown>)[shape.name] = {
      answerMs: shape.answerMs,
      oursMedianMs: median(ours),
      oursMaxMs: oursMax,
      sdkMedianMs: median(sdk),
      ratio: median(sdk) / median(ours),
      requestsPerSecond: perSecond,
      mostInFlight,
      targetMs: target,
      samples: trials,
    };
  }
  const outDir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'readiness.json'), `${JSON.stringify({ ...report, targetMet: met }, null, 2)}\n`);
  process.exitCode = met ? 0 : 1;
}

void main();

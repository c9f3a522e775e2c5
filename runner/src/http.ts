// Talking to a serving container the way SageMaker does: GET /ping until 200 (2 s per request), POST /invocations.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Cancelled } from './process';

export const PING_REQUEST_TIMEOUT_MS = 2000;
export const MAX_PING_INTERVAL_MS = 250;
export const DEFAULT_PING_INTERVAL_MS = 200;

export interface PingOptions {
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** Start-up window; `timeout` when /ping has not answered 200 by then. */
  timeoutMs: number;
  /**
   * Probes start at most this often (default 200, at most 250) and never overlap: the next one waits for the
   * answer (or the 2 s request timeout) of the last, so a server that loads its model inside /ping sees one
   * request at a time.
   */
  intervalMs?: number;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /** Settles when waiting is pointless (the container exited): the result is then `stopped`. */
  until?: Promise<unknown>;
}

export type PingResult =
  | { kind: 'ready'; elapsedMs: number; probes: number }
  | { kind: 'timeout'; elapsedMs: number; probes: number; lastProblem?: string }
  | { kind: 'stopped'; probes: number }
  | Cancelled;

/** One GET; resolves to the status code or a short reason (never rejects). `pending` tracks it until it settles. */
export function probe(url: string, timeoutMs: number, pending?: Set<http.ClientRequest>): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      settle(res.statusCode ?? 0);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const settle = (outcome: number | string) => {
      clearTimeout(timer);
      pending?.delete(req);
      resolve(outcome);
    };
    req.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? err.message));
    pending?.add(req);
  });
}

export function waitForPing(options: PingOptions): Promise<PingResult> {
  const interval = Math.min(Math.max(options.intervalMs ?? DEFAULT_PING_INTERVAL_MS, 10), MAX_PING_INTERVAL_MS);
  const requestTimeout = options.requestTimeoutMs ?? PING_REQUEST_TIMEOUT_MS;
  const url = new URL('/ping', options.baseUrl).toString();
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    let probes = 0;
    let lastProblem: string | undefined;
    let next: NodeJS.Timeout | undefined;
    const pending = new Set<http.ClientRequest>();
    const finish = (result: PingResult) => {
      if (done) return;
      done = true;
      clearTimeout(next);
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      for (const req of pending) req.destroy();
      resolve(result);
    };
    const tick = () => {
      if (done) return;
      const probeStarted = performance.now();
      probes++;
      void probe(url, requestTimeout, pending).then((status) => {
        if (status === 200) {
          finish({ kind: 'ready', elapsedMs: performance.now() - started, probes });
          return;
        }
        lastProblem = typeof status === 'number' ? `HTTP ${status}` : status;
        if (!done) next = setTimeout(tick, Math.max(0, probeStarted + interval - performance.now()));
      });
    };
    const onAbort = () => finish({ kind: 'cancelled' });
    if (options.signal?.aborted) {
      finish({ kind: 'cancelled' });
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const deadline = setTimeout(
      () => finish({ kind: 'timeout', elapsedMs: performance.now() - started, probes, lastProblem }),
      options.timeoutMs,
    );
    options.until?.then(
      () => finish({ kind: 'stopped', probes }),
      () => finish({ kind: 'stopped', probes }),
    );
    tick();
  });
}

export interface InvokeRequest {
  body: Buffer | string;
  contentType: string;
  accept?: string;
  /** X-Amzn-SageMaker-Custom-Attributes */
  customAttributes?: string;
  /** Default 60 s, SageMaker's limit for a real-time invocation. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type InvokeResult =
  | { kind: 'answered'; status: number; contentType?: string; body: Buffer; elapsedMs: number }
  | { kind: 'failed'; message: string }
  | Cancelled;

export function invokeEndpoint(baseUrl: string, request: InvokeRequest): Promise<InvokeResult> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const headers: Record<string, string | number> = { 'Content-Type': request.contentType, 'Content-Length': body.length };
  if (request.accept) headers.Accept = request.accept;
  if (request.customAttributes) headers['X-Amzn-SageMaker-Custom-Attributes'] = request.customAttributes;
  const timeoutMs = request.timeoutMs ?? 60_000;
  const started = performance.now();
  return new Promise((resolve) => {
    if (request.signal?.aborted) {
      resolve({ kind: 'cancelled' });
      return;
    }
    const req = http.request(
      new URL('/invocations', baseUrl),
      { method: 'POST', headers, agent: false, timeout: timeoutMs, signal: request.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const contentType = res.headers['content-type'];
          resolve({
            kind: 'answered',
            status: res.statusCode ?? 0,
            contentType,
            body: Buffer.concat(chunks),
            elapsedMs: performance.now() - started,
          });
        });
        res.on('error', (err) => resolve(request.signal?.aborted ? { kind: 'cancelled' } : { kind: 'failed', message: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve(
        request.signal?.aborted
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: err.code === 'ECONNREFUSED' ? 'connection refused' : err.message },
      ),
    );
    req.end(body);
  });
}

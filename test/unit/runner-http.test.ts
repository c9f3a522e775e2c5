// Readiness and invocations against an in-process server: /ping polled until 200, POST /invocations, port choice.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { invokeEndpoint, probe, waitForPing } from '../../runner/src/http';
import { choosePort } from '../../runner/src/serve';

const servers: http.Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('waitForPing', () => {
  it('ready on the first 200 after 503s, within one interval of it', async () => {
    let healthyAt = 0;
    let healthy = false;
    const url = await serve((_req, res) => {
      res.statusCode = healthy ? 200 : 503;
      res.end();
    });
    setTimeout(() => {
      healthy = true;
      healthyAt = performance.now();
    }, 300);
    const result = await waitForPing({ baseUrl: url, timeoutMs: 5000, intervalMs: 100 });
    assert.equal(result.kind, 'ready');
    const delay = performance.now() - healthyAt;
    assert.ok(delay < 250, `detected ${delay.toFixed(0)} ms after /ping turned 200`);
    assert.ok(result.kind === 'ready' && result.probes >= 3);
  });

  it('a hung /ping does not hold up detection: probes overlap', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) return; // never answers; the 2 s request timeout ends it
      res.statusCode = 200;
      res.end();
    });
    const started = performance.now();
    const result = await waitForPing({ baseUrl: url, timeoutMs: 5000, intervalMs: 50 });
    assert.equal(result.kind, 'ready');
    assert.ok(performance.now() - started < 1000);
  });

  it('timeout names the last problem', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const result = await waitForPing({ baseUrl: url, timeoutMs: 300, intervalMs: 50 });
    assert.equal(result.kind, 'timeout');
    assert.equal(result.kind === 'timeout' && result.lastProblem, 'HTTP 500');
  });

  it('stopped when `until` settles (the container died), cancelled on abort', async () => {
    const url = await closedPort();
    const stopped = await waitForPing({ baseUrl: url, timeoutMs: 10_000, until: new Promise((r) => setTimeout(r, 100)) });
    assert.equal(stopped.kind, 'stopped');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    assert.equal((await waitForPing({ baseUrl: url, timeoutMs: 10_000, signal: controller.signal })).kind, 'cancelled');
  });

  it('probe: a refused connection is a reason, not an exception', async () => {
    assert.equal(await probe(`${await closedPort()}/ping`, 2000), 'ECONNREFUSED');
  });
});

describe('invokeEndpoint', () => {
  it('POSTs the body with Content-Type, Accept and custom attributes; returns status, type and body', async () => {
    const url = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ path: req.url, method: req.method, type: req.headers['content-type'], accept: req.headers.accept, attrs: req.headers['x-amzn-sagemaker-custom-attributes'], body: Buffer.concat(chunks).toString() }));
      });
    });
    const result = await invokeEndpoint(url, { body: '1,2,3', contentType: 'text/csv', accept: 'application/json', customAttributes: 'a=1' });
    assert.equal(result.kind, 'answered');
    if (result.kind !== 'answered') return;
    assert.equal(result.status, 200);
    assert.equal(result.contentType, 'application/json');
    assert.deepEqual(JSON.parse(result.body.toString()), { path: '/invocations', method: 'POST', type: 'text/csv', accept: 'application/json', attrs: 'a=1', body: '1,2,3' });
  });

  it('failed when nothing listens; cancelled on abort', async () => {
    const refused = await invokeEndpoint(await closedPort(), { body: '', contentType: 'text/plain' });
    assert.deepEqual(refused, { kind: 'failed', message: 'connection refused' });
    const url = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    assert.equal((await invokeEndpoint(url, { body: 'x', contentType: 'text/plain', signal: controller.signal })).kind, 'cancelled');
  });
});

describe('choosePort', () => {
  it('the preferred port when free, another one when it is taken', async () => {
    const free = Number(new URL(await closedPort()).port);
    assert.equal(await choosePort(free), free);
    const taken = Number(new URL(await serve(() => undefined)).port);
    const other = await choosePort(taken);
    assert.notEqual(other, taken);
    assert.ok(other > 0);
  });
});

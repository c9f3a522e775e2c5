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
  it('ready on the first probe after /ping turns 200', async () => {
    let healthy = false;
    let probesWhenHealthy = 0;
    const url = await serve((_req, res) => {
      if (healthy) probesWhenHealthy++;
      res.statusCode = healthy ? 200 : 503;
      res.end();
    });
    setTimeout(() => (healthy = true), 300);
    const result = await waitForPing({ baseUrl: url, timeoutMs: 5000, intervalMs: 100 });
    assert.equal(result.kind, 'ready');
    assert.equal(probesWhenHealthy, 1, 'the first 200 ends the wait');
    assert.ok(result.probes >= 2, 'probed while it answered 503');
  });

  it('never more than one /ping in flight: a server that loads its model inside /ping sees one request at a time', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      inFlight++;
      most = Math.max(most, inFlight);
      // Each answer takes 300 ms, longer than the interval; the fifth is the first 200.
      const status = calls >= 5 ? 200 : 503;
      setTimeout(() => {
        inFlight--;
        res.statusCode = status;
        res.end();
      }, 300);
    });
    const result = await waitForPing({ baseUrl: url, timeoutMs: 10_000, intervalMs: 50 });
    assert.equal(result.kind, 'ready');
    assert.equal(most, 1, 'at most one request in flight');
    assert.equal(calls, 5, 'one request per answer, no extra ones');
  });

  it('a /ping that never answers is given up after the request timeout, then probed again', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) return; // never answers; the request timeout ends it
      res.statusCode = 200;
      res.end();
    });
    const result = await waitForPing({ baseUrl: url, timeoutMs: 5000, intervalMs: 50, requestTimeoutMs: 200 });
    assert.equal(result.kind, 'ready');
    assert.equal(result.probes, 2);
  });

  it('the interval is at most 250 ms whatever is asked', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.statusCode = 503;
      res.end();
    });
    const result = await waitForPing({ baseUrl: url, timeoutMs: 1100, intervalMs: 5000 });
    assert.equal(result.kind, 'timeout');
    // Probes at 0, 250, 500, 750, 1000 ms at most: a 5 s interval would have made one.
    assert.ok(calls >= 2 && calls <= 5, `${calls} probes in 1.1 s`);
  });

  it('timeout names the last problem', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const result = await waitForPing({ baseUrl: url, timeoutMs: 300, intervalMs: 50 });
    assert.equal(result.kind, 'timeout');
    assert.equal(result.lastProblem, 'HTTP 500');
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
        res.end(
          JSON.stringify({
            path: req.url,
            method: req.method,
            type: req.headers['content-type'],
            accept: req.headers.accept,
            attrs: req.headers['x-amzn-sagemaker-custom-attributes'],
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
    });
    const result = await invokeEndpoint(url, {
      body: '1,2,3',
      contentType: 'text/csv',
      accept: 'application/json',
      customAttributes: 'a=1',
    });
    assert.equal(result.kind, 'answered');
    assert.equal(result.status, 200);
    assert.equal(result.contentType, 'application/json');
    assert.deepEqual(JSON.parse(result.body.toString()), {
      path: '/invocations',
      method: 'POST',
      type: 'text/csv',
      accept: 'application/json',
      attrs: 'a=1',
      body: '1,2,3',
    });
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

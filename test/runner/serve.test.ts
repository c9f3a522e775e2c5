// Serving in a real container: ready on /ping, answers an invocation, stops without leftovers; a container
// that dies at start is reported with its last lines; a busy default port is replaced; a /ping that never answers
// times out.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildImage } from '../../runner/src/build';
import { serve } from '../../runner/src/serve';
import type { ServeStart } from '../../runner/src/serve';
import { runLocally } from '../../runner/src/session';
import { RUN_ID, containersNamed, engineSuite, fixtures, folder, scratch } from './engine';

engineSuite('serving', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-serve:local`;
  images.push(image);
  const jobsRoot = path.join(dir, 'jobs');
  const blocker = http.createServer();
  after(() => blocker.close());

  it('becomes ready (port taken: another one), answers an invocation, then stops and is removed', async () => {
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as AddressInfo).port;
    const model = folder(dir, 'model', { 'model.pkl': 'weights' });
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'serve.Dockerfile'),
      engine,
      image,
      pull: 'never',
      jobsRoot,
      model,
      port: busyPort,
      startupTimeoutMs: 60_000,
    });
    assert.equal(outcome.kind, 'serving');
    assert.equal(outcome.plan?.mode, 'serve', 'SAGEMAKER_SERVING_MODULE made it a serving run');
    const start = outcome.result;
    assert.equal(start.kind, 'ready', JSON.stringify(start));
    const endpoint = start.endpoint;
    assert.notEqual(endpoint.port, busyPort);
    const answer = await endpoint.invoke({ body: 'hello', contentType: 'text/plain', accept: 'application/json' });
    assert.equal(answer.kind, 'answered');
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body.toString()), {
      contentType: 'text/plain',
      accept: 'application/json',
      upper: 'HELLO',
      model: ['model.pkl'],
    });
    assert.deepEqual(await endpoint.stop(), { kind: 'cancelled', removed: true });
    assert.deepEqual(containersNamed(engine, endpoint.containerName), []);
  });

  it("serves what a training run made: the job folder's model.tar.gz extracted into /opt/ml/model", async () => {
    const trainImage = `localhost/${RUN_ID}-serve-train:local`;
    images.push(trainImage);
    const trained = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'Dockerfile'),
      engine,
      image: trainImage,
      pull: 'never',
      jobsRoot,
    });
    assert.ok(trained.kind === 'trained' && trained.result.kind === 'completed', JSON.stringify(trained).slice(0, 1500));
    const job = trained.result.job;
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'serve.Dockerfile'),
      engine,
      image,
      pull: 'never',
      jobsRoot,
      model: job.dir,
      startupTimeoutMs: 60_000,
    });
    assert.ok(outcome.kind === 'serving' && outcome.result.kind === 'ready', JSON.stringify(outcome).slice(0, 1500));
    const endpoint = outcome.result.endpoint;
    try {
      const answer = await endpoint.invoke({ body: 'x', contentType: 'text/plain' });
      assert.ok(answer.kind === 'answered', JSON.stringify(answer));
      assert.deepEqual((JSON.parse(answer.body.toString()) as { model: string[] }).model, ['record.json', 'weights']);
      assert.notEqual(endpoint.modelDir, job.modelDir, 'a private folder, not the job folder');
    } finally {
      await endpoint.stop();
    }
  });

  it('a container that dies before /ping answers: its exit code and last lines', async () => {
    const name = `${RUN_ID}-dies`;
    const start: ServeStart = await serve({ engine, image, name, jobsRoot, env: { SERVE_FAIL: '1' }, startupTimeoutMs: 60_000 });
    assert.equal(start.kind, 'exited', JSON.stringify(start));
    assert.equal(start.exitCode, 4);
    assert.ok(start.lastLines.includes('app: model.pkl is missing from /opt/ml/model'), start.lastLines.join('\n'));
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('/ping never answers within the start-up window: timeout, the last lines, and the container is stopped and removed', async () => {
    const name = `${RUN_ID}-slow`;
    // The window is generous, so that even on a loaded machine the server has started (and said so) inside it;
    // the test waits on that line, not on a clock.
    const STARTUP_WINDOW_MS = 20_000;
    let sawLoading!: () => void;
    const loading = new Promise<'loading'>((resolve) => (sawLoading = () => resolve('loading')));
    const starting = serve({
      engine,
      image,
      name,
      jobsRoot,
      env: { SERVE_PING: 'hang' },
      startupTimeoutMs: STARTUP_WINDOW_MS,
      onEvent: (e) => {
        if (e.type === 'output' && e.line === 'app: loading model from /opt/ml/model') sawLoading();
      },
    });
    assert.equal(await Promise.race([loading, starting.then((s) => s.kind)]), 'loading', 'the server started inside the window');
    const start = await starting;
    assert.equal(start.kind, 'timeout', JSON.stringify(start));
    assert.equal(start.timeoutMs, STARTUP_WINDOW_MS);
    assert.ok(start.lastLines.includes('app: loading model from /opt/ml/model'), start.lastLines.join('\n'));
    // /ping took the connection and never answered: each probe gave up after SageMaker's 2 s.
    assert.equal(start.lastProblem, 'no answer within 2000 ms');
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('buildImage reports a failing build with its last lines', async () => {
    const broken = folder(dir, 'broken', { Dockerfile: 'FROM localhost/sm-busybox:latest\nRUN echo building && exit 3\n' });
    const result = await buildImage(engine, {
      dockerfile: path.join(broken, 'Dockerfile'),
      context: broken,
      tag: `localhost/${RUN_ID}-broken:local`,
      pull: 'never',
    });
    assert.equal(result.kind, 'failed');
    assert.ok(result.exitCode !== 0 && result.lastLines.some((l) => l.includes('building')));
    assert.deepEqual(result.step, { file: path.join(broken, 'Dockerfile'), line: 2, instruction: 'RUN echo building && exit 3' });
  });
});

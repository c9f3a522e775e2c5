// The docker CLI path: the docker client against podman's Docker API (started here on a private socket).
// Through that API `run --rm` loses the exit code (containers/podman#18889), so the runner must run without
// --rm and remove the container itself; these tests see the real exit code and no leftovers.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../runner/src/commands';
import { detectEngine } from '../../runner/src/engine';
import { runLocally } from '../../runner/src/session';
import { train } from '../../runner/src/train';
import { buildImage } from '../../runner/src/build';
import {
  RUN_ID,
  containersNamed,
  dockerClientProblem,
  engineSuite,
  fixtures,
  folder,
  networksNamed,
  processesRunning,
  scratch,
  workingContainersOf,
} from './engine';

/** Starts `podman system service` on a socket in `dir`; resolves once the socket exists. */
async function startService(dir: string): Promise<{ service: ChildProcess; socket: string }> {
  const socket = path.join(dir, 'podman.sock');
  const appeared = new Promise<void>((resolve) => {
    const watcher = fs.watch(dir, () => {
      if (fs.existsSync(socket)) {
        watcher.close();
        resolve();
      }
    });
  });
  const service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) =>
    service.on('exit', (code) => reject(new Error(`podman system service exited with ${code}`))),
  );
  await Promise.race([appeared, exited]);
  return { service, socket };
}

engineSuite(
  'docker CLI against podman’s Docker API',
  (podman) => {
    const { dir, images } = scratch(podman);
    const image = `localhost/${RUN_ID}-docker:local`;
    const serveImage = `localhost/${RUN_ID}-docker-serve:local`;
    images.push(image, serveImage);
    const jobsRoot = path.join(dir, 'jobs');
    let service: ChildProcess | undefined;
    let docker: Engine;

    before(async () => {
      const started = await startService(dir);
      service = started.service;
      const found = await detectEngine({ choice: 'docker', engineEnv: { DOCKER_HOST: `unix://${started.socket}` } });
      assert.equal(found.kind, 'found', found.kind === 'missing' ? found.message : '');
      docker = found.engine;
    });
    after(() => service?.kill('SIGTERM'));

    it('detection: a docker daemon that is podman, so no --rm', () => {
      assert.equal(docker.kind, 'docker');
      assert.equal(docker.rmKeepsExitCode, false);
      assert.match(docker.version ?? '', /^\d+\.\d+/, 'the server version');
    });

    it('builds with docker build and trains: a private copy of the channel, the model on the host, the container gone', async () => {
      const data = folder(dir, 'data', { 'x.csv': '1\n' });
      const commands: string[] = [];
      const outcome = await runLocally({
        onEvent: (e) => {
          if (e.type === 'command') commands.push(e.text);
        },
        dockerfilePath: path.join(fixtures, 'python', 'Dockerfile'),
        engine: docker,
        image,
        jobsRoot,
        hyperparameters: { epochs: 1 },
        channels: { train: data },
      });
      assert.equal(outcome.kind, 'trained', JSON.stringify(outcome).slice(0, 1500));
      if (outcome.result.kind !== 'completed') return assert.fail(JSON.stringify(outcome.result));
      const record = JSON.parse(fs.readFileSync(path.join(outcome.result.job.modelDir, 'record.json'), 'utf8')) as {
        files: string[];
        hostname: string;
        channel: string;
      };
      assert.deepEqual(record.files, ['x.csv']);
      assert.equal(record.hostname, 'algo-1');
      // docker has no overlay mounts: the channel is a copy in the job folder, which the job may change.
      assert.equal(record.channel, 'writable');
      assert.deepEqual(fs.readdirSync(path.join(outcome.result.job.dir, 'input', 'data', 'train')).sort(), ['unpacked.txt', 'x.csv']);
      assert.deepEqual(fs.readdirSync(data), ['x.csv'], "the user's folder is unchanged");
      assert.ok(!commands.some((c) => c.includes(`${data}:`)), 'the folder itself is not mounted');
      assert.deepEqual(containersNamed(docker, outcome.result.job.name), []);
      assert.ok(
        commands.some((c) => /^\$ DOCKER_HOST=unix:\S+ BUILDKIT_PROGRESS=plain docker build /.test(c)),
        commands.join('\n'),
      );
      assert.ok(
        commands.some((c) => /^\$ DOCKER_HOST=unix:\S+ docker run --name /.test(c)),
        'run without --rm',
      );
      assert.ok(
        commands.some((c) => /^\$ DOCKER_HOST=unix:\S+ docker rm -f /.test(c)),
        'removed after the exit',
      );
    });

    it('a failing script keeps its exit code (1, not the 0 that --rm would give) and its failure text', async () => {
      const result = await train({
        engine: docker,
        image,
        job: { name: `${RUN_ID}-docker-fail`, root: jobsRoot },
        env: { SAGEMAKER_PROGRAM: 'fail.py' },
      });
      assert.equal(result.kind, 'failed', JSON.stringify(result));
      assert.equal(result.exitCode, 1);
      assert.match(result.failure ?? '', /ExitCode 3/);
      assert.deepEqual(containersNamed(docker, result.job.name), [], 'removed after its exit');
    });

    it('serves: ready, answers an invocation, stops without leftovers', async () => {
      const outcome = await runLocally({
        dockerfilePath: path.join(fixtures, 'python', 'serve.Dockerfile'),
        engine: docker,
        image: serveImage,
        jobsRoot,
        port: 18080,
      });
      assert.ok(outcome.kind === 'serving' && outcome.result.kind === 'ready', JSON.stringify(outcome).slice(0, 1500));
      const endpoint = outcome.result.endpoint;
      const answer = await endpoint.invoke({ body: '{"a": 1}', contentType: 'application/json' });
      assert.ok(answer.kind === 'answered' && answer.status === 200);
      assert.equal((JSON.parse(answer.body.toString()) as { upper: string }).upper, '{"A": 1}');
      assert.deepEqual(await endpoint.stop(), { kind: 'cancelled', removed: true });
      assert.deepEqual(containersNamed(docker, endpoint.containerName), []);
    });

    it('two hosts on a network of their own: algo-1 reaches algo-2; containers and network removed', async () => {
      const result = await train({
        engine: docker,
        image,
        job: { name: `${RUN_ID}-docker-two`, root: jobsRoot, instanceCount: 2 },
        env: { SAGEMAKER_PROGRAM: 'distributed.py' },
      });
      assert.equal(result.kind, 'completed', JSON.stringify(result).slice(0, 1500));
      const answer = JSON.parse(fs.readFileSync(path.join(result.job.hosts[0].modelDir, 'algo-1.json'), 'utf8')) as { answer: string };
      assert.equal(answer.answer, 'hello from algo-2');
      assert.deepEqual(containersNamed(docker, result.job.name), []);
      assert.deepEqual(networksNamed(docker, result.job.name), []);
    });

    it('a failing build: the Dockerfile line from the output podman sends through the API; no build container left', async () => {
      const broken = folder(dir, 'broken build', {
        'train é.Dockerfile': 'FROM localhost/sm-busybox:latest\nRUN echo building && \\\n    exit 3\n',
      });
      const mine = `${RUN_ID}-docker-broken`;
      const result = await buildImage(docker, {
        dockerfile: path.join(broken, 'train é.Dockerfile'),
        context: broken,
        tag: `localhost/${RUN_ID}-docker-broken:local`,
        buildArgs: { SMEP_TEST_BUILD: mine },
      });
      assert.equal(result.kind, 'failed', JSON.stringify(result));
      assert.deepEqual(result.step, { file: path.join(broken, 'train é.Dockerfile'), line: 2, instruction: 'RUN echo building && exit 3' });
      assert.deepEqual(workingContainersOf(podman, 'SMEP_TEST_BUILD', mine), [], '--force-rm: the failed step leaves nothing');
    });

    it('an abort during the build: the build inside the service is stopped and its containers removed', async () => {
      const marker = `sleep ${3000 + (process.pid % 1000)}`;
      const context = folder(dir, 'slow build', { Dockerfile: `FROM localhost/sm-busybox:latest\nRUN echo build-started && ${marker}\n` });
      const mine = `${RUN_ID}-docker-slow`;
      const tag = `localhost/${RUN_ID}-docker-slow:local`;
      images.push(tag);
      const controller = new AbortController();
      const result = await buildImage(
        docker,
        { dockerfile: path.join(context, 'Dockerfile'), context, tag, buildArgs: { SMEP_TEST_BUILD: mine } },
        {
          signal: controller.signal,
          onEvent: (e) => {
            if (e.type === 'output' && e.line === 'build-started') controller.abort();
          },
        },
      );
      assert.deepEqual(result, { kind: 'cancelled' });
      // Killing the docker client alone leaves the service building: the RUN step would sleep on.
      assert.deepEqual(processesRunning(marker), [], `'${marker}' still runs`);
      assert.deepEqual(workingContainersOf(podman, 'SMEP_TEST_BUILD', mine), []);
    });

    it('a channel and a job folder with spaces and non-ASCII characters: the private copy holds the file', async () => {
      const data = folder(dir, 'data ü 1', { 'a b ü.csv': '1\n' });
      const result = await train({
        engine: docker,
        image,
        job: { name: `${RUN_ID}-docker-spaces`, root: path.join(dir, 'jobs ö x'), channels: { train: data } },
      });
      assert.equal(result.kind, 'completed', JSON.stringify(result).slice(0, 1500));
      const record = JSON.parse(fs.readFileSync(path.join(result.job.modelDir, 'record.json'), 'utf8')) as { files: string[] };
      assert.deepEqual(record.files, ['a b ü.csv']);
    });

    it('an abort during training stops and removes the container', async () => {
      const controller = new AbortController();
      const result = await train({
        engine: docker,
        image,
        job: { name: `${RUN_ID}-docker-cancel`, root: jobsRoot },
        env: { SAGEMAKER_PROGRAM: 'slow.py' },
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'output' && e.line === 'slow: started') controller.abort();
        },
      });
      assert.deepEqual({ kind: result.kind, removed: result.kind === 'cancelled' && result.removed }, { kind: 'cancelled', removed: true });
      assert.deepEqual(containersNamed(docker, `${RUN_ID}-docker-cancel`), []);
    });
  },
  dockerClientProblem,
);

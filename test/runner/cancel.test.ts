// Cancelling leaves nothing behind: during a training run (library and CLI with Ctrl+C), during a build (whose
// clean-up spares a build started elsewhere at the same time), and while a server starts.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { buildImage } from '../../runner/src/build';
import type { Engine } from '../../runner/src/commands';
import { runLocally } from '../../runner/src/session';
import { train } from '../../runner/src/train';
import { serve } from '../../runner/src/serve';
import {
  RUN_ID,
  cliPath,
  containersNamed,
  engineSync,
  engineSuite,
  fixtures,
  folder,
  networksNamed,
  processesRunning,
  runCli,
  scratch,
  workingContainersOf,
} from './engine';

/** A build argument no Dockerfile declares: buildah records it, so each test finds its own build's containers. */
const TEST_BUILD_ARG = 'SMEP_TEST_BUILD';

engineSuite('cancel', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-cancel:local`;
  const serveImage = `localhost/${RUN_ID}-cancel-serve:local`;
  images.push(image, serveImage);
  const jobsRoot = path.join(dir, 'jobs');

  it('an abort during training stops and removes the container: ps -a is empty of it', async (t) => {
    const controller = new AbortController();
    let name = '';
    let abortedAt = 0;
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'Dockerfile'),
      engine,
      image,
      pull: 'never',
      jobsRoot,
      env: { SAGEMAKER_PROGRAM: 'slow.py' },
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'output' && e.source === 'train' && e.line === 'slow: started') {
          assert.deepEqual(containersNamed(engine, name), [name], 'running before the cancel');
          abortedAt = performance.now();
          controller.abort();
        }
        if (e.type === 'phase' && e.phase === 'run') name = e.message.split(' ').pop() ?? '';
      },
    });
    assert.equal(outcome.kind, 'trained');
    assert.ok(outcome.result.kind === 'cancelled' && outcome.result.removed, JSON.stringify(outcome));
    t.diagnostic(`from the abort to the container stopped and removed: ${Math.round(performance.now() - abortedAt)} ms`);
    assert.match(name, /^sagemaker-entrypoint-python-/);
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('an abort of a job on two hosts stops and removes both containers and their network', async (t) => {
    const controller = new AbortController();
    const started = new Set<string>();
    let abortedAt = 0;
    const commands: string[] = [];
    const result = await train({
      engine,
      image,
      job: { name: `${RUN_ID}-cancel-two`, root: jobsRoot, instanceCount: 2 },
      env: { SAGEMAKER_PROGRAM: 'slow.py' },
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'command') commands.push(e.text);
        if (e.type !== 'output' || e.line !== 'slow: started' || !e.host) return;
        started.add(e.host);
        if (started.size === 2) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    t.diagnostic(`from the abort to both containers and the network removed: ${Math.round(performance.now() - abortedAt)} ms`);
    assert.deepEqual({ kind: result.kind, removed: result.kind === 'cancelled' && result.removed }, { kind: 'cancelled', removed: true });
    // SIGTERM to each PID 1 (the toolkit ignores it), then after a short grace SIGKILL.
    assert.equal(commands.filter((c) => / kill --signal SIGTERM /.test(c)).length, 2, commands.join('\n'));
    assert.equal(commands.filter((c) => / kill --signal SIGKILL /.test(c)).length, 2, commands.join('\n'));
    assert.deepEqual(containersNamed(engine, `${RUN_ID}-cancel-two`), []);
    assert.deepEqual(networksNamed(engine, `${RUN_ID}-cancel-two`), []);
  });

  /** Trains `program` with the CLI; `stop` sees each piece of its stdout and ends the run its own way. */
  async function cliTrainingStopped(program: string, stop: (child: ChildProcessByStdio<null, Readable, Readable>, stdout: string) => void) {
    const args = [
      'run',
      path.join(fixtures, 'python'),
      '--engine',
      engine.kind,
      '--image',
      image,
      '--pull',
      'never',
      '--jobs-dir',
      jobsRoot,
    ];
    const child = spawn(process.execPath, [cliPath, ...args, '--env', `SAGEMAKER_PROGRAM=${program}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8'); // a character split across two chunks stays whole
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => stop(child, chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const name = /training in container (\S+)/.exec(stderr)?.[1] ?? '';
    assert.ok(name, stderr);
    return { code, stderr, left: containersNamed(engine, name) };
  }

  it('Ctrl+C in the CLI stops the container and exits 130', async () => {
    const run = await cliTrainingStopped('slow.py', (child, stdout) => {
      if (stdout.includes('slow: started')) child.kill('SIGINT');
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /stopping/);
    assert.deepEqual(run.left, []);
  });

  it('a reader of stdout that stops early (run … | head) stops the run and removes its container', async () => {
    // Like `head -1`: read until the first line of the script, then close the pipe.
    const run = await cliTrainingStopped('chatty.py', (child, stdout) => {
      if (stdout.includes('chatty: line')) child.stdout.destroy();
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /stdout was closed; stopping/);
    assert.deepEqual(run.left, []);
  });

  it('an abort during the build removes what it left, and only that: a build started meanwhile runs on', async () => {
    // Each build is told apart by a build argument of its own, which buildah records: other builds on this
    // machine (other tests, other people) are never counted.
    const ours = `${RUN_ID}-ours`;
    const others = `${RUN_ID}-other`;
    // A RUN step that outlives the test by far, recognisable among the host's processes.
    const marker = `sleep ${1000 + (process.pid % 1000)}`;
    const context = folder(dir, 'slow-build', { Dockerfile: `FROM localhost/sm-busybox:latest\nRUN echo build-started && ${marker}\n` });
    const tag = `localhost/${RUN_ID}-slow-build:local`;
    // An unrelated build of the same base, started during ours and in its RUN step when ours is cancelled: it must finish.
    const otherCommand = `sleep ${15 + (process.pid % 5)}`;
    const otherContext = folder(dir, 'other-build', {
      Dockerfile: `FROM localhost/sm-busybox:latest\nRUN echo other-started && ${otherCommand}\n`,
    });
    const otherTag = `localhost/${RUN_ID}-other-build:local`;
    images.push(tag, otherTag);
    let other: ReturnType<typeof startBuild> | undefined;
    const controller = new AbortController();
    try {
      const result = await buildImage(
        engine,
        { dockerfile: path.join(context, 'Dockerfile'), context, tag, pull: 'never', buildArgs: { [TEST_BUILD_ARG]: ours } },
        {
          signal: controller.signal,
          onEvent: (e) => {
            if (e.type !== 'output' || e.line !== 'build-started' || other) return;
            if (engine.kind === 'podman') assert.equal(workingContainersOf(engine, TEST_BUILD_ARG, ours).length, 1, 'ours is being built');
            other = startBuild(engine, otherTag, otherContext, 'other-started', `${TEST_BUILD_ARG}=${others}`);
            void other.started.then(() => controller.abort());
          },
        },
      );
      assert.deepEqual(result, { kind: 'cancelled' });
      assert.deepEqual(processesRunning(marker), [], `'${marker}' still runs`);
      assert.ok(other);
      if (engine.kind === 'podman') {
        assert.deepEqual(workingContainersOf(engine, TEST_BUILD_ARG, ours), [], 'ours is gone');
        assert.equal(workingContainersOf(engine, TEST_BUILD_ARG, others).length, 1, "the other build's is left");
      }
      if (fs.existsSync('/proc/self/cmdline'))
        assert.notDeepEqual(processesRunning(otherCommand), [], `the other build's '${otherCommand}' was stopped`);
      assert.equal(await other.exit, 0, other.output());
      assert.equal(engineSync(engine, ['image', 'inspect', otherTag]).status, 0, 'the other build made its image');
      if (engine.kind === 'podman') assert.deepEqual(workingContainersOf(engine, TEST_BUILD_ARG, others), []);
    } finally {
      if (other?.child.exitCode === null) other.child.kill('SIGKILL');
    }
  });

  it('Ctrl+C in the CLI during the build: exit 130, its RUN step stopped, its build container removed', async () => {
    const marker = `sleep ${2000 + (process.pid % 1000)}`;
    const context = folder(dir, 'cli-slow-build', {
      Dockerfile: `FROM localhost/sm-busybox:latest\nRUN echo build-started && ${marker}\n`,
    });
    const tag = `localhost/${RUN_ID}-cli-slow-build:local`;
    images.push(tag);
    const mine = `${RUN_ID}-cli-build`;
    const run = await runCli(
      [context, '--mode', 'train', '--engine', engine.kind, '--image', tag, '--pull', 'never', '--build-arg', `${TEST_BUILD_ARG}=${mine}`],
      { interruptWhen: /^build-started$/m },
    );
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /stopping \(Ctrl\+C again to quit without cleaning up\)/);
    assert.deepEqual(processesRunning(marker), []);
    if (engine.kind === 'podman') assert.deepEqual(workingContainersOf(engine, TEST_BUILD_ARG, mine), []);
    assert.notEqual(engineSync(engine, ['image', 'inspect', tag]).status, 0, 'no image was made');
  });

  it('an abort while a server starts (before /ping answers) stops and removes its container', async () => {
    const controller = new AbortController();
    const name = `${RUN_ID}-serve-cancel`;
    const built = await buildImage(engine, {
      dockerfile: path.join(fixtures, 'python', 'serve.Dockerfile'),
      context: path.join(fixtures, 'python'),
      tag: serveImage,
      pull: 'never',
    });
    assert.equal(built.kind, 'built');
    const start = await serve({
      engine,
      image: serveImage,
      name,
      jobsRoot,
      env: { SERVE_DELAY_SECONDS: '600' },
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'output' && e.line === 'app: loading model from /opt/ml/model') controller.abort();
      },
    });
    assert.deepEqual(start, { kind: 'cancelled', removed: true });
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('Ctrl+C in the CLI while the server starts: exit 130, the container removed', async () => {
    const dockerfile = path.join(fixtures, 'python', 'serve.Dockerfile');
    const args = [
      dockerfile,
      '--engine',
      engine.kind,
      '--image',
      serveImage,
      '--no-build',
      '--mode',
      'serve',
      '--jobs-dir',
      jobsRoot,
      '--env',
      'SERVE_DELAY_SECONDS=600',
    ];
    const run = await runCli(args, { interruptWhen: /app: loading model/ });
    assert.equal(run.code, 130, run.stderr);
    const name = /serving in container (\S+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(name, run.stderr);
    assert.deepEqual(containersNamed(engine, name), []);
  });
});

/** `<engine> build` of `context` as a child process; `started` once its output shows `line`, or it exits. */
function startBuild(engine: Engine, tag: string, context: string, line: string, buildArg: string) {
  const pull = engine.kind === 'podman' ? ['--pull=never'] : [];
  const child = spawn(engine.path, ['build', ...pull, '--build-arg', buildArg, '-t', tag, context], {
    env: { ...process.env, ...engine.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const started = new Promise<void>((resolve) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) resolve();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    void exit.then(() => resolve());
  });
  return { child, started, exit, output: () => output };
}

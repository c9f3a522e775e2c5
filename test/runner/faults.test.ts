// The faults a local run meets, against the real engine, through the CLI as users run it: no engine, an engine
// whose service is down or hung, a failing build, a port taken, a server that dies or never answers /ping, paths
// with spaces and non-ASCII characters, a read-only workspace. Each ends with a message that says what to do,
// and nothing of the run is left.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { detectEngine } from '../../runner/src/engine';
import { engineAdvice } from '../../runner/src/advice';
import {
  RUN_ID,
  containersNamed,
  dockerClientProblem,
  engineSuite,
  fixtures,
  folder,
  runCli,
  scratch,
  workingContainersOf,
} from './engine';

const NAMES = {
  enginePath: '--engine-path PATH',
  usePodman: '--engine podman',
  checkpoints: '--checkpoints DIR',
  port: '--port N',
  startupTimeout: '--startup-timeout',
};

/** A copy of the python fixture project under `name` (spaces and non-ASCII welcome), its Dockerfiles renamed. */
function project(root: string, name: string, dockerfiles: Record<string, string> = {}): string {
  const dir = path.join(root, name);
  fs.cpSync(path.join(fixtures, 'python'), dir, { recursive: true });
  for (const [from, to] of Object.entries(dockerfiles)) fs.renameSync(path.join(dir, from), path.join(dir, to));
  return dir;
}

/** The container name the CLI announced, and an assertion that nothing of that name is left. */
function assertContainerGone(engine: Parameters<typeof containersNamed>[0], stderr: string): void {
  const name = /(?:serving|training) in containers? (\S+)/.exec(stderr)?.[1] ?? '';
  assert.ok(name, stderr);
  assert.deepEqual(containersNamed(engine, name), []);
}

describe('no engine installed', () => {
  const { dir } = scratch();
  const jobs = path.join(dir, 'jobs');

  it('PATH without docker or podman: exit 2, both named, install one or give its path', async () => {
    const run = await runCli([path.join(fixtures, 'python'), '--jobs-dir', jobs], {
      env: { ...process.env, PATH: folder(dir, 'empty-path', {}) },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /no working container engine \(docker or podman\): docker: not found \(ENOENT\); podman: not found \(ENOENT\)\n/,
    );
    assert.match(run.stderr, /what to do: Install Docker or Podman, or give the path of its executable with --engine-path PATH\.\n$/);
  });

  it('--engine-path to a file that does not exist: exit 2, correct the path', async () => {
    const run = await runCli([
      path.join(fixtures, 'python'),
      '--engine',
      'podman',
      '--engine-path',
      path.join(dir, 'no such', 'podman'),
      '--jobs-dir',
      jobs,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /what to do: '.*\/no such\/podman' cannot be run: correct --engine-path PATH, or leave it empty to use docker or podman from PATH\.\n$/,
    );
  });
});

engineSuite(
  'the docker CLI with its daemon down or hung',
  (podman) => {
    const { dir, images } = scratch(podman);
    const jobs = path.join(dir, 'jobs');
    const hung = net.createServer(() => undefined);
    after(() => hung.close());

    for (const [shape, socket] of [
      ['a socket file that does not exist', () => path.join(dir, 'nobody.sock')],
      ['a stale socket nobody listens on', () => staleSocket(path.join(dir, 'stale.sock'))],
    ] as const) {
      it(`--engine docker, DOCKER_HOST at ${shape}: exit 2, start the daemon, correct DOCKER_HOST or use podman`, async () => {
        const address = `unix://${socket()}`;
        const run = await runCli([path.join(fixtures, 'python'), '--engine', 'docker', '--jobs-dir', jobs], {
          env: { ...process.env, DOCKER_HOST: address },
        });
        assert.equal(run.code, 2, run.stderr);
        assert.ok(
          run.stderr.includes(
            `docker: installed, but no Docker daemon answers (Cannot connect to the Docker daemon at ${address}. Is the docker daemon running?)`,
          ),
          run.stderr,
        );
        const advice = `what to do: Start the Docker daemon at DOCKER_HOST=${address} (Docker Desktop, or \`sudo systemctl start docker\`), or correct DOCKER_HOST, or use podman (--engine podman).\n`;
        assert.ok(run.stderr.endsWith(advice), run.stderr);
        assert.doesNotMatch(run.stderr, /building/);
      });
    }

    it('auto with the daemon down: podman is used instead', async () => {
      const image = `localhost/${RUN_ID}-no-such-image:1`;
      images.push(image);
      const run = await runCli(['--no-build', '--image', image, '--mode', 'train', '--jobs-dir', jobs], {
        cwd: dir,
        env: { ...process.env, DOCKER_HOST: `unix://${path.join(dir, 'nobody.sock')}` },
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /using podman/);
      assert.match(run.stderr, /image 'localhost\/.*-no-such-image:1' does not exist/);
    });

    it('a daemon that accepts and never answers: given up after the probe timeout, with advice to restart it', async () => {
      const socket = path.join(dir, 'hung.sock');
      await new Promise<void>((resolve) => hung.listen(socket, resolve));
      const found = await detectEngine({ choice: 'docker', engineEnv: { DOCKER_HOST: `unix://${socket}` }, timeoutMs: 3000 });
      assert.ok(found.kind === 'missing', JSON.stringify(found));
      assert.deepEqual(
        found.problems.map((p) => [p.kind, p.detail]),
        [['no-answer', 'no answer within 3 s']],
      );
      assert.equal(engineAdvice(found.problems, NAMES), 'Restart the Docker daemon: it may be hung.');
    });
  },
  dockerClientProblem,
);

engineSuite('runner faults', (engine) => {
  const { dir, images } = scratch(engine);
  const jobs = path.join(dir, 'jobs');
  const image = `localhost/${RUN_ID}-faults:local`;
  const serveImage = `localhost/${RUN_ID}-faults-serve:local`;
  images.push(image, serveImage);
  const common = ['--engine', engine.kind, '--pull', 'never'];
  const serving = [path.join(fixtures, 'python', 'serve.Dockerfile'), ...common, '--image', serveImage, '--jobs-dir', jobs];

  it('a failing RUN: the Dockerfile line and its instruction, the last build lines, what to do; no build container left', async () => {
    const project = folder(dir, 'failing prøject ü', {
      'train ñ.Dockerfile':
        'FROM localhost/sm-busybox:latest\n# prepare\nRUN echo preparing && \\\n    echo "failing now" && exit 3\nCOPY . /opt/ml/code/\n',
    });
    const tag = `localhost/${RUN_ID}-failing-build:local`;
    images.push(tag);
    const mine = `${RUN_ID}-failing`;
    const run = await runCli(
      [
        path.join(project, 'train ñ.Dockerfile'),
        ...common,
        '--mode',
        'train',
        '--image',
        tag,
        '--jobs-dir',
        jobs,
        '--build-arg',
        `SMEP_TEST_BUILD=${mine}`,
      ],
      { cwd: dir },
    );
    assert.equal(run.code, 1, run.stderr);
    const where = 'failing prøject ü/train ñ.Dockerfile:3: RUN echo preparing && echo "failing now" && exit 3';
    assert.ok(
      new RegExp(`sagemaker-entrypoint: the build failed with exit code \\d+ at ${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`).test(
        run.stderr,
      ),
      run.stderr,
    );
    const lines = /the build's last lines:\n((?: {2}.*\n)+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(lines.split('\n').length - 1 <= 10, 'at most ten last lines');
    assert.match(lines, / {2}failing now\n/);
    assert.ok(
      run.stderr.endsWith("what to do: Fix that instruction and run again; the build's last lines say what went wrong.\n"),
      run.stderr,
    );
    if (engine.kind === 'podman') assert.deepEqual(workingContainersOf(engine, 'SMEP_TEST_BUILD', mine), []);
  });

  it('a base image that is not there: its FROM line, and what to do', async () => {
    const project = folder(dir, 'no-base', { Dockerfile: `FROM localhost/${RUN_ID}-no-such-base:1\nRUN true\n` });
    const run = await runCli([project, ...common, '--mode', 'train', '--image', `localhost/${RUN_ID}-no-base:local`, '--jobs-dir', jobs], {
      cwd: dir,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the build failed with exit code \d+ at no-base\/Dockerfile:1: FROM localhost\/.*-no-such-base:1\n/);
    assert.match(
      run.stderr,
      /what to do: The base image could not be found: check its name and tag, pull it, or log in to its registry\.\n$/,
    );
  });

  it('a port asked for with --port that is taken: not started, free it or choose another; no container', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = await runCli([...serving, '--port', String(port)]);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.stderr.includes(`not started: port ${port} on 127.0.0.1 is taken\n`), run.stderr);
      assert.ok(
        run.stderr.endsWith(`what to do: Free port ${port}, or choose another with --port N, or leave --port out to use a free one.\n`),
        run.stderr,
      );
      assert.doesNotMatch(run.stderr, /serving in container/);
    } finally {
      blocker.close();
    }
  });

  it('a server that dies while starting: its exit code and last lines, what it must do; the container removed', async () => {
    const run = await runCli([...serving, '--env', 'SERVE_FAIL=1']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /not ready: the container exited with code 4 before \/ping answered 200; its last lines:\n(?: {2}.*\n)* {2}app: model\.pkl is missing from \/opt\/ml\/model\n/,
    );
    assert.match(
      run.stderr,
      /what to do: The server stopped before \/ping answered: its last lines say why; it must keep running and answer GET \/ping on port 8080\.\n$/,
    );
    assertContainerGone(engine, run.stderr);
  });

  it('an image without `serve`: exit code 127 explained; the container removed', async () => {
    const run = await runCli(
      ['--no-build', '--image', 'localhost/sm-busybox:latest', '--mode', 'serve', '--engine', engine.kind, '--jobs-dir', jobs],
      { cwd: dir },
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the container exited with code 127 before \/ping answered 200/);
    assert.match(
      run.stderr,
      /what to do: The image has no `serve` on its PATH: SageMaker runs `<image> serve`; add an executable `serve`, or an ENTRYPOINT that takes `serve` as its argument\.\n$/,
    );
    assertContainerGone(engine, run.stderr);
  });

  it('a Python image without a SageMaker toolkit has no `train` (what SM403 reports): exit code 127 explained; the container removed', async () => {
    const run = await runCli(
      ['--no-build', '--image', 'localhost/sm-python:3.11', '--mode', 'train', '--engine', engine.kind, '--jobs-dir', jobs],
      { cwd: dir },
    );
    assert.equal(run.code, 127, run.stderr);
    assert.match(run.stderr, /"train": executable file not found/);
    assert.match(run.stderr, /what to do: The image has no `train` on its PATH: SageMaker runs `<image> train`/);
    assertContainerGone(engine, run.stderr);
  });

  it("AWS's training toolkit installs `train` only: `serve` is not found (what SM403 reports for a serving module on it)", async () => {
    const toolkit = ['--no-build', '--image', 'localhost/sm-training-toolkit:latest', '--mode', 'serve'];
    const run = await runCli([...toolkit, '--engine', engine.kind], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the container exited with code 127 before \/ping answered 200/);
    assert.match(run.stderr, /"serve": executable file not found/);
    assert.match(run.stderr, /what to do: The image has no `serve` on its PATH/);
    assertContainerGone(engine, run.stderr);
  });

  it('/ping never answers within --startup-timeout: stopped and removed, and what to check', async () => {
    const run = await runCli([...serving, '--startup-timeout', '2', '--env', 'SERVE_DELAY_SECONDS=600']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /not ready: \/ping did not answer 200 within 2 s \(last: [^)]+\); the container was stopped and removed; its last lines:\n/,
    );
    assert.match(run.stderr, /what to do: .*(raise --startup-timeout SECONDS)\.\n$/);
    assertContainerGone(engine, run.stderr);
  });

  it('spaces and non-ASCII in the project folder, the Dockerfile name, a channel, a file in it and the job folder; the serve hint is quoted for a shell', async () => {
    const projectDir = project(dir, 'my prøject ü', { Dockerfile: 'train ñ.Dockerfile', 'serve.Dockerfile': 'serve é.Dockerfile' });
    const data = folder(dir, 'data ü 1', { 'a b ü.csv': '1,2\n' });
    const jobsDir = path.join(dir, 'jobs ö x');
    const run = await runCli(
      [
        path.join(projectDir, 'train ñ.Dockerfile'),
        ...common,
        '--image',
        image,
        '--channel',
        `train=${data}`,
        '--jobs-dir',
        jobsDir,
        '--hp',
        'name=prøject ü',
      ],
      { cwd: dir },
    );
    assert.equal(run.code, 0, run.stderr);
    const hint = /serve this model: sagemaker-entrypoint run (.*)\n/.exec(run.stderr)?.[1] ?? '';
    assert.match(
      hint,
      /^'my prøject ü\/train ñ\.Dockerfile' --mode serve --model 'jobs ö x\/sagemaker-entrypoint-my-pr-ject-\d{8}-\d{6}-[0-9a-f]{4}'$/,
    );
    // The hint as a shell reads it: three words and their values, the paths whole.
    const words = spawnSync('sh', ['-c', `for w in ${hint}; do printf '%s\\0' "$w"; done`], { cwd: dir, encoding: 'utf8' })
      .stdout.split('\0')
      .slice(0, -1);
    assert.equal(words.length, 5, words.join('|'));
    const jobDir = path.join(dir, words[4]);
    const record = JSON.parse(fs.readFileSync(path.join(jobDir, 'model', 'record.json'), 'utf8')) as { files: string[]; argv: string[] };
    assert.deepEqual(record.files, ['a b ü.csv']);
    assert.deepEqual(record.argv.slice(-2), ['--name', 'prøject ü']);
    // Serving that model from the folder with spaces, through a Dockerfile with a non-ASCII name.
    const served = await runCli(
      [
        path.join(projectDir, 'serve é.Dockerfile'),
        ...common,
        '--image',
        serveImage,
        '--model',
        words[4],
        '--jobs-dir',
        jobsDir,
        '--invoke',
        'ünï',
      ],
      { cwd: dir },
    );
    assert.equal(served.code, 0, served.stderr);
    assert.deepEqual(JSON.parse(served.stdout), {
      contentType: 'application/json',
      accept: null,
      upper: 'ÜNÏ',
      model: ['record.json', 'weights'],
    });
  });

  describe('a read-only workspace', () => {
    const ro = folder(dir, 'read-only workspace', {});
    const projectDir = project(ro, 'project');
    const { prefix, reason } = readOnly(ro);
    const before = listing(ro);

    it('the project folder read-only: the run works and writes nothing there', { skip: reason }, async () => {
      const run = await runCli([projectDir, ...common, '--image', image, '--jobs-dir', jobs], { prefix });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(listing(ro), before);
    });

    it('--jobs-dir in it: exit 2 before any build, why, and what to do', { skip: reason }, async () => {
      const run = await runCli([projectDir, ...common, '--image', image, '--jobs-dir', path.join(ro, 'jobs')], { prefix });
      assert.equal(run.code, 2, run.stderr);
      assert.ok(
        run.stderr.includes(
          `cannot create a job folder in ${path.join(ro, 'jobs')}: ${prefix.length > 0 ? 'EROFS: read-only file system' : 'EACCES: permission denied'}\n`,
        ),
        run.stderr,
      );
      assert.ok(run.stderr.endsWith('what to do: Choose a writable folder for job folders with --jobs-dir DIR.\n'), run.stderr);
      assert.doesNotMatch(run.stderr, /building/);
    });

    it('--checkpoints in it: exit 2 before any build', { skip: reason }, async () => {
      const run = await runCli(
        [projectDir, ...common, '--image', image, '--jobs-dir', jobs, '--checkpoints', path.join(ro, 'checkpoints')],
        { prefix },
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /cannot create the checkpoint folder .*\/checkpoints: E[A-Z]+: .*\nsagemaker-entrypoint: what to do: Choose a writable checkpoint folder with --checkpoints DIR\.\n$/,
      );
    });

    it('the default job folder in it: job folders go to the cache folder, and the user is told', { skip: reason }, async () => {
      const home = folder(dir, 'home', {});
      // The temporary folder stays writable (the engine needs it); its sagemaker-entrypoint folder is read-only.
      const tmp = folder(dir, 'tmp', {});
      fs.symlinkSync(ro, path.join(tmp, 'sagemaker-entrypoint'));
      const env = { ...process.env, TMPDIR: tmp, HOME: home, XDG_CACHE_HOME: '' };
      const run = await runCli(['--no-build', '--image', image, '--mode', 'train', '--engine', engine.kind], { prefix, env, cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      const fallback = path.join(home, '.cache', 'sagemaker-entrypoint', 'jobs');
      const message = `warning: job folders go to ${fallback}: the default ${path.join(tmp, 'sagemaker-entrypoint', 'jobs')} cannot be used (${prefix.length > 0 ? 'EROFS: read-only file system' : 'EACCES: permission denied'})`;
      assert.ok(run.stderr.includes(message), run.stderr);
      assert.equal(fs.readdirSync(fallback).length, 1);
      assert.deepEqual(listing(ro), before);
    });
  });
});

/** A Unix socket file that nothing listens on any more. */
function staleSocket(file: string): string {
  spawnSync(process.execPath, ['-e', `require('net').createServer().listen(process.argv[1], function () { this.close(); })`, file]);
  // close() removes the file; bind again and exit without closing, which leaves it.
  spawnSync(process.execPath, ['-e', `require('net').createServer().listen(process.argv[1], () => process.exit(0))`, file]);
  assert.ok(fs.statSync(file).isSocket(), 'a socket file');
  return file;
}

/** Every path under `dir`, for "nothing was written here". */
function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

/**
 * A command prefix under which `dir` is mounted read-only for the CLI and what it starts (root: a bind mount in a
 * mount namespace of its own); otherwise the folder loses its write permission. `reason` when neither works.
 */
function readOnly(dir: string): { prefix: string[]; reason?: string } {
  if (process.getuid?.() === 0) {
    const prefix = ['unshare', '-m', 'sh', '-c', 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"', dir];
    const probe = spawnSync(prefix[0], [...prefix.slice(1), 'touch', path.join(dir, '.probe')], { encoding: 'utf8' });
    if (probe.status !== 0 && /Read-only file system/.test(probe.stderr)) return { prefix };
    return { prefix: [], reason: `cannot mount a folder read-only here: ${probe.stderr.trim() || 'the probe could write'}` };
  }
  // scratch() gives the permission back before it removes the folder.
  spawnSync('chmod', ['-R', 'a-w', dir]);
  return { prefix: [] };
}

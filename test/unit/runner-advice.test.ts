// What the user is told to do after a fault: engine detection's reasons (from real processes that behave like a
// missing, a daemon-less and a hung engine) and the advice for each fault, in the CLI's words.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildAdvice, engineAdvice, engineExitAdvice, folderAdvice, servingAdvice } from '../../runner/src/advice';
import type { OptionNames } from '../../runner/src/advice';
import { detectEngine } from '../../runner/src/engine';
import type { EngineProblem } from '../../runner/src/engine';

const NAMES: OptionNames = {
  enginePath: '--engine-path PATH',
  usePodman: '--engine podman',
  jobsDir: '--jobs-dir DIR',
  checkpoints: '--checkpoints DIR',
  port: 'choose another with --port N',
  startupTimeout: 'raise --startup-timeout',
};

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-advice-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** An executable script standing in for an engine client. */
function script(name: string, body: string): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('detectEngine: why an engine cannot be used', () => {
  it('not installed: the executable does not exist', async () => {
    const found = await detectEngine({ choice: 'docker', path: path.join(root, 'no-such-docker') });
    assert.equal(found.kind, 'missing');
    assert.deepEqual(
      found.problems.map((p) => [p.kind, p.detail]),
      [['not-installed', 'ENOENT']],
    );
  });

  it('not running: the client runs and says the daemon does not answer; DOCKER_HOST is named', async () => {
    const docker = script(
      'docker',
      'echo null; echo "Cannot connect to the Docker daemon at $DOCKER_HOST. Is the docker daemon running?" >&2; exit 1',
    );
    const found = await detectEngine({ choice: 'docker', path: docker, env: { ...process.env, DOCKER_HOST: 'unix:///nobody.sock' } });
    assert.ok(found.kind === 'missing');
    assert.deepEqual(found.problems, [
      {
        kind: 'not-running',
        engine: 'docker',
        path: docker,
        detail: 'Cannot connect to the Docker daemon at unix:///nobody.sock. Is the docker daemon running?',
        serviceAddress: 'unix:///nobody.sock',
      },
    ]);
    assert.match(found.message, /docker: installed, but no Docker daemon answers \(Cannot connect/);
  });

  it('no answer: a client that hangs is given up after the timeout', async () => {
    const docker = script('hung-docker', 'exec sleep 600');
    const found = await detectEngine({ choice: 'docker', path: docker, timeoutMs: 300 });
    assert.ok(found.kind === 'missing');
    assert.deepEqual(
      found.problems.map((p) => [p.kind, p.detail]),
      [['no-answer', 'no answer within 0.3 s']],
    );
  });
});

describe('engineAdvice', () => {
  const problem = (p: Partial<EngineProblem>): EngineProblem => ({
    kind: 'not-installed',
    engine: 'docker',
    path: 'docker',
    detail: 'ENOENT',
    ...p,
  });

  it('neither installed: install one, or give its path', () => {
    const advice = engineAdvice([problem({}), problem({ engine: 'podman', path: 'podman' })], NAMES);
    assert.equal(advice, 'Install Docker or Podman, or give the path of its executable with --engine-path PATH.');
  });

  it('a path that does not exist: correct it', () => {
    assert.equal(
      engineAdvice([problem({ path: '/opt/none/docker' })], NAMES),
      "'/opt/none/docker' cannot be run: correct --engine-path PATH, or leave it empty to use docker or podman from PATH.",
    );
  });

  it('docker without its daemon: start it, correct DOCKER_HOST, or use podman', () => {
    const advice = engineAdvice([problem({ kind: 'not-running', serviceAddress: 'unix:///x.sock', detail: 'Cannot connect' })], NAMES);
    assert.equal(
      advice,
      'Start the Docker daemon at DOCKER_HOST=unix:///x.sock (Docker Desktop, or `sudo systemctl start docker`), or correct DOCKER_HOST, or use podman (--engine podman).',
    );
    const noPodman = engineAdvice([problem({ kind: 'not-running', detail: 'x' }), problem({ engine: 'podman', path: 'podman' })], NAMES);
    assert.ok(!noPodman.includes('use podman'), noPodman);
  });

  it('a hung daemon: restart it', () => {
    assert.equal(
      engineAdvice([problem({ kind: 'no-answer', detail: 'no answer within 15 s' })], NAMES),
      'Restart the Docker daemon: it may be hung.',
    );
  });

  it('podman that fails: what podman info says', () => {
    assert.equal(
      engineAdvice([problem({ kind: 'not-running', engine: 'podman', path: 'podman', detail: 'Cannot connect to Podman' })], NAMES),
      "See what `podman info` says; on macOS or Windows, start podman's machine (`podman machine start`).",
    );
  });
});

describe('buildAdvice', () => {
  const step = (instruction: string) => ({ file: '/p/train.Dockerfile', line: 4, instruction });
  it('fix the instruction', () => {
    assert.equal(
      buildAdvice(step('RUN make'), ['make: *** Error 2']),
      "Fix that instruction and run again; the build's last lines say what went wrong.",
    );
    assert.equal(buildAdvice(undefined, []), "Fix the Dockerfile and run again; the build's last lines say what went wrong.");
  });
  it('a base image that cannot be found', () => {
    assert.match(
      buildAdvice(step('FROM nothing:1'), ['Error: creating build container: nothing:1: image not known']),
      /^The base image could not be found: check its name and tag/,
    );
  });
  it('a COPY source missing from the context', () => {
    assert.match(
      buildAdvice(step('COPY a.py /opt/ml/code/'), ['checking on sources under "/p": copier: stat: "/a.py": no such file or directory']),
      /^A source is not in the build context/,
    );
  });
});

describe('servingAdvice and engineExitAdvice', () => {
  it('a port that was asked for and is taken', () => {
    assert.equal(
      servingAdvice({ kind: 'not-started', message: 'taken', portTaken: 9000 }, NAMES),
      'Free port 9000, or choose another with --port N.',
    );
    const raced = servingAdvice(
      {
        kind: 'exited',
        exitCode: 126,
        lastLines: ['Error: cannot listen on the TCP port: listen tcp4 127.0.0.1:18555: bind: address already in use'],
      },
      NAMES,
    );
    assert.equal(raced, 'Free port 18555, or choose another with --port N.');
  });
  it('no serve in the image, or not executable', () => {
    assert.match(engineExitAdvice(127, 'serve') ?? '', /^The image has no `serve` on its PATH/);
    assert.match(engineExitAdvice(126, 'train') ?? '', /^`train` in the image cannot be executed/);
    assert.equal(engineExitAdvice(1, 'train'), undefined);
  });
  it('a server that died: keep running and answer /ping', () => {
    assert.match(
      servingAdvice({ kind: 'exited', exitCode: 4, lastLines: ['boom'] }, NAMES) ?? '',
      /must keep running and answer GET \/ping on port 8080/,
    );
  });
  it('/ping never answered: by the last problem seen', () => {
    const timeout = (lastProblem?: string) =>
      servingAdvice({ kind: 'timeout', lastLines: [], lastProblem, timeoutMs: 300_000 }, NAMES) ?? '';
    assert.match(timeout('ECONNREFUSED'), /^Nothing answered on port 8080 in the container: the server must listen on 0\.0\.0\.0:8080/);
    assert.match(timeout('socket hang up'), /^Nothing answered/);
    assert.match(timeout('HTTP 503'), /^\/ping answered HTTP 503: it must answer 200/);
    assert.match(timeout('no answer within 2000 ms'), /^\/ping took longer than 2 s/);
    assert.equal(timeout(undefined), 'If loading the model takes longer than 300 s, raise --startup-timeout.');
  });
});

describe('folderAdvice', () => {
  it('a folder the user chose, the default one, the checkpoints', () => {
    const outcome = {
      kind: 'folder-unusable',
      purpose: 'jobs',
      folder: '/ro/jobs',
      reason: 'EROFS: read-only file system',
      explicit: true,
    } as const;
    assert.equal(folderAdvice(outcome, NAMES), 'Choose a writable folder for job folders with --jobs-dir DIR.');
    assert.equal(
      folderAdvice({ ...outcome, explicit: false }, NAMES),
      'Make /ro/jobs writable, or point TMPDIR at a writable folder, or choose a folder with --jobs-dir DIR.',
    );
    assert.equal(
      folderAdvice({ ...outcome, explicit: false }, { ...NAMES, jobsDir: undefined }),
      'Make /ro/jobs writable, or point TMPDIR at a writable folder.',
    );
    assert.equal(
      folderAdvice({ ...outcome, purpose: 'checkpoints' }, NAMES),
      'Choose a writable checkpoint folder with --checkpoints DIR.',
    );
  });
});

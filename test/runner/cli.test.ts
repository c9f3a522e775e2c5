// `sagemaker-entrypoint run` as a process: exit codes, what goes to stdout and stderr, refusal, no engine.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_ID, containersNamed, engineSuite, fixtures, folder, runCli, scratch } from './engine';
import type { CliOptions } from './engine';

/** `run ARGS`; `interruptWhen` sends SIGINT once the output matches it. */
const cli = (args: string[], options: CliOptions = {}) => runCli(args, options);

describe('run without an engine', () => {
  const { dir } = scratch();

  it('refuses a Dockerfile with errors: exit 1, the diagnostics printed, nothing built', async () => {
    const project = folder(dir, 'broken', {
      Dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py --epochs 3"\n',
      'train.py': 'print(1)\n',
    });
    const run = await cli([project, '--engine-path', '/nonexistent/docker']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /Dockerfile:3:\d+: error .* \[SM204\]/);
    assert.match(run.stderr, /not running: 1 error in the Dockerfile/);
    assert.equal(run.stdout, '');
  });

  it('no engine: exit 2 with the reason', async () => {
    const run = await cli([path.join(fixtures, 'python'), '--engine', 'docker', '--engine-path', '/nonexistent/docker']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no working container engine \(docker\): \/nonexistent\/docker: not found/);
  });

  it('bad usage: exit 2, pointing at run --help', async () => {
    const run = await cli(['--mode', 'predict']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--mode must be one of train, serve.*run --help/);
  });
});

engineSuite('run with an engine', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-cli:local`;
  const serveImage = `localhost/${RUN_ID}-cli-serve:local`;
  images.push(image, serveImage);
  const common = ['--engine', engine.kind, '--pull', 'never', '--jobs-dir', path.join(dir, 'jobs')];

  it('train: the container output on stdout, phases and the result on stderr, exit 0', async () => {
    const data = folder(dir, 'data', { 'a.csv': '1\n' });
    const run = await cli([
      path.join(fixtures, 'python'),
      ...common,
      '--image',
      image,
      '--hp',
      'epochs=2',
      '--channel',
      `training=${data}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'epoch 1/2 lr=0.1\nepoch 2/2 lr=0.1\ntraining done\n');
    assert.match(run.stderr, /training completed: exit code 0/);
    const archive = /model\.tar\.gz: (\S+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(fs.existsSync(archive), run.stderr);
    assert.ok(fs.existsSync(/output\.tar\.gz: (\S+)/.exec(run.stderr)?.[1] ?? ''), run.stderr);
    assert.match(run.stderr, /hyperparameters JSON-encoded: the image sets SAGEMAKER_PROGRAM=train\.py/);
    const serveHint = /serve this model: sagemaker-entrypoint run (\S+) --mode serve --model (\S+)/.exec(run.stderr);
    assert.ok(serveHint && fs.existsSync(path.join(serveHint[2], 'model.tar.gz')), run.stderr);
  });

  it('a failing script: exit code 1, the failure reason shown before the verdict', async () => {
    const run = await cli([path.join(fixtures, 'python'), ...common, '--image', image, '--env', 'SAGEMAKER_PROGRAM=fail.py']);
    assert.equal(run.code, 1, run.stderr);
    const reason = run.stderr.indexOf('failure reason (/opt/ml/output/failure):\n  ExecuteUserScriptError:\n  ExitCode 3');
    assert.ok(reason >= 0, run.stderr);
    assert.ok(reason < run.stderr.indexOf('training failed: exit code 1'));
  });

  it('serve --invoke: the answer on stdout, exit 0, the container removed', async () => {
    const run = await cli([
      path.join(fixtures, 'python', 'serve.Dockerfile'),
      ...common,
      '--image',
      serveImage,
      '--port',
      '18081',
      '--invoke',
      'hi there',
      '--content-type',
      'text/plain',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { contentType: 'text/plain', accept: null, upper: 'HI THERE', model: [] });
    assert.match(run.stderr, /ready after [\d.]+ s/);
    const name = /serving in container (\S+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(name);
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('serve without --invoke runs until Ctrl+C: exit 130, the container removed', async () => {
    const run = await cli([path.join(fixtures, 'python', 'serve.Dockerfile'), ...common, '--image', serveImage, '--port', '18082'], {
      interruptWhen: /serving until Ctrl\+C/,
    });
    assert.equal(run.code, 130, run.stderr);
    const name = /serving in container (\S+)/.exec(run.stderr)?.[1] ?? '';
    assert.ok(name);
    assert.deepEqual(containersNamed(engine, name), []);
  });

  it('--no-build --image runs an existing image without a Dockerfile; a missing image is exit 1', async () => {
    const empty = folder(dir, 'empty', {});
    const run = await cli(
      ['--no-build', '--image', image, '--mode', 'train', '--engine', engine.kind, '--jobs-dir', path.join(dir, 'jobs')],
      { cwd: empty },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /training done/);
    const missing = await cli(['--no-build', '--image', `localhost/${RUN_ID}-nope:1`, '--mode', 'train', '--engine', engine.kind], {
      cwd: empty,
    });
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /image 'localhost\/.*-nope:1' does not exist/);
  });
});

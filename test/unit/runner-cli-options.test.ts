// `sagemaker-entrypoint run`'s command line: what each flag becomes, and what is bad usage.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError, UsageError } from '../../cli/src/errors';
import { parseRunArgs } from '../../cli/src/run-options';
import { encodeHyperparameters } from '../../runner/src/hyperparameters';

const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-run-options-')));
after(() => fs.rmSync(cwd, { recursive: true, force: true }));
fs.writeFileSync(path.join(cwd, 'Dockerfile'), 'FROM x\n');
fs.mkdirSync(path.join(cwd, 'data'));
fs.mkdirSync(path.join(cwd, 'other'));
fs.writeFileSync(path.join(cwd, 'other', 'Containerfile'), 'FROM x\n');
fs.writeFileSync(path.join(cwd, 'hp.json'), '\uFEFF{"epochs": 3, "lr": 1.0, "name": "x"}');
fs.writeFileSync(path.join(cwd, 'list.json'), '[1, 2]');
fs.writeFileSync(path.join(cwd, 'body.json'), '{"x": 1}');

const parse = (...argv: string[]) => parseRunArgs(argv, cwd, { FROM_ENV: 'e' });

describe('run options', () => {
  it('defaults: the Dockerfile of the current folder, auto engine, build', () => {
    const o = parse();
    assert.equal(o.dockerfile, path.join(cwd, 'Dockerfile'));
    assert.equal(o.engine, 'auto');
    assert.equal(o.build, true);
    assert.equal(o.mode, undefined);
    assert.deepEqual(Object.keys(o.hyperparameters), []);
  });

  it('a folder finds its Containerfile', () => {
    assert.equal(parse('other').dockerfile, path.join(cwd, 'other', 'Containerfile'));
  });

  it('hyperparameters: the file, then --hp on top, each value kept as written', () => {
    const o = parse(
      '--hyperparameters',
      'hp.json',
      '--hp',
      'epochs=5',
      '--hp',
      'optimizer=adam',
      '--hp',
      'layers=[1,2]',
      '--hp',
      'seed=12345678901234567890',
    );
    assert.deepEqual(encodeHyperparameters(o.hyperparameters, 'json'), {
      epochs: '5',
      lr: '1.0',
      name: '"x"',
      optimizer: '"adam"',
      layers: '[1,2]',
      seed: '12345678901234567890',
    });
    assert.deepEqual(encodeHyperparameters(o.hyperparameters, 'raw'), {
      epochs: '5',
      lr: '1.0',
      name: 'x',
      optimizer: 'adam',
      layers: '[1,2]',
      seed: '12345678901234567890',
    });
    assert.equal(o.hyperparameterEncoding, undefined, 'auto unless asked');
    assert.equal(parse('--hp-encoding', 'raw').hyperparameterEncoding, 'raw');
  });

  it('channels with content types, read-only, instance count, checkpoints, init', () => {
    const o = parse(
      '--channel',
      'train=data',
      '--channel',
      'test=other',
      '--channel-content-type',
      'train=text/csv',
      '--read-only-channels',
      '--instance-count',
      '2',
      '--checkpoints',
      'ckpt',
      '--init',
    );
    assert.deepEqual(o.channels, {
      train: { dir: path.join(cwd, 'data'), contentType: 'text/csv' },
      test: { dir: path.join(cwd, 'other') },
    });
    assert.equal(o.readOnlyChannels, true);
    assert.equal(o.instanceCount, 2);
    assert.equal(o.checkpointDir, path.join(cwd, 'ckpt'));
    assert.equal(o.init, true);
    assert.equal(parse().init, false);
  });

  it('channels, env, build args, port, timeout, engine, pull', () => {
    const o = parse(
      '--channel',
      'training=data',
      '--env',
      'A=1=2',
      '--build-arg',
      'FROM_ENV',
      '--port',
      '9000',
      '--startup-timeout',
      '30',
      '--engine',
      'podman',
      '--pull',
      'never',
      '--gpus',
      '--aws-credentials',
    );
    assert.deepEqual(o.channels, { training: { dir: path.join(cwd, 'data') } });
    assert.deepEqual(o.env, { A: '1=2' });
    assert.deepEqual(o.buildArgs, { FROM_ENV: 'e' });
    assert.equal(o.port, 9000);
    assert.equal(o.startupTimeoutMs, 30_000);
    assert.equal(o.engine, 'podman');
    assert.equal(o.pull, 'never');
    assert.equal(o.gpus, true);
    assert.equal(o.awsCredentials, true);
    assert.equal(o.user, undefined);
    assert.equal(parse('--user', '1000:1000').user, '1000:1000');
  });

  it('--invoke: a file is read, anything else is the text; default content type JSON', () => {
    assert.equal(parse('--invoke', 'body.json').invoke?.body.toString(), '{"x": 1}');
    const text = parse('--invoke', 'hello', '--content-type', 'text/plain', '--accept', 'text/csv').invoke;
    assert.deepEqual({ ...text, body: text?.body.toString() }, { body: 'hello', contentType: 'text/plain', accept: 'text/csv' });
    assert.equal(parse('--invoke', '{}').invoke?.contentType, 'application/json');
  });

  it('--image with --no-build needs no Dockerfile', () => {
    const o = parseRunArgs(['--image', 'localhost/x:1', '--no-build', '--mode', 'train'], path.join(cwd, 'data'), {});
    assert.equal(o.dockerfile, undefined);
    assert.equal(o.build, false);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['unknown option', ['--nope'], /unknown option '--nope'/],
    ['bad mode', ['--mode', 'predict'], /--mode must be one of train, serve/],
    ['bad engine', ['--engine', 'lxc'], /--engine must be one of/],
    ['bad port', ['--port', '70000'], /--port must be a whole number/],
    ['bad --hp', ['--hp', 'novalue'], /--hp 'novalue' is not NAME=VALUE/],
    ['bad --env', ['--env', '1A=x'], /--env '1A=x'/],
    ['bad channel name', ['--channel', 'a b=data'], /--channel/],
    ['--no-build without --image', ['--no-build'], /--no-build needs --image/],
    ['--invoke with train', ['--mode', 'train', '--invoke', 'x'], /--invoke is for --mode serve/],
    ['two Dockerfiles', ['Dockerfile', 'other'], /one Dockerfile/],
    ['bad --user', ['--user', '1000;rm'], /--user must be UID\[:GID\]/],
    ['bad --hp-encoding', ['--hp-encoding', 'yaml'], /--hp-encoding must be one of json, raw/],
    ['content type of no channel', ['--channel-content-type', 'train=text/csv'], /there is no --channel train=DIR/],
    ['instance count 0', ['--instance-count', '0'], /--instance-count must be a whole number from 1 to 16/],
    ['instance count 17', ['--instance-count', '17'], /--instance-count must be a whole number from 1 to 16/],
  ];
  for (const [title, argv, message] of usage) {
    it(`usage error: ${title}`, () => {
      assert.throws(
        () => parse(...argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message) && err.helpCommand.endsWith('run --help'),
      );
    });
  }

  it('input errors: missing Dockerfile, channel folder, hyperparameters file', () => {
    assert.throws(() => parse('missing/Dockerfile'), InputError);
    assert.throws(() => parse('--channel', 'training=nope'), /not a folder/);
    assert.throws(() => parse('--hyperparameters', 'nope.json'), /cannot read hyperparameters/);
  });

  it('a hyperparameters file that is a FIFO or a folder is refused without opening it', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(cwd, 'hp.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.throws(() => parse('--hyperparameters', 'hp.fifo'), /hyperparameters 'hp\.fifo' is not a regular file/);
    assert.throws(() => parse('--hyperparameters', 'data'), /is not a regular file/);
  });

  it('a hyperparameters file that is not a JSON object is an input error', () => {
    assert.throws(
      () => parse('--hyperparameters', 'list.json'),
      (err: unknown) => err instanceof InputError && /list\.json.*JSON object/.test(err.message),
    );
  });
});

// Training through AWS's real SageMaker Training Toolkit (the `train` of localhost/sm-training-toolkit): script
// mode with hyperparameters and a channel, a shell program, a framework module:function, a module the toolkit
// cannot import (SM106), must call with arguments (SM105) or never awaits (SM107), a failing script, two hosts, checkpoints,
// credentials from a profile.
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDockerfile } from '../../analysis/src';
import { Hyperparameter } from '../../runner/src/hyperparameters';
import { runLocally } from '../../runner/src/session';
import type { TrainingJobSpec } from '../../runner/src/job';
import type { LocalRunOutcome } from '../../runner/src/session';
import { train } from '../../runner/src/train';
import type { TrainOptions, TrainResult } from '../../runner/src/train';
import type { RunEvent } from '../../runner/src/events';
import { RUN_ID, containersNamed, engineSuite, fixtures, folder, networksNamed, scratch } from './engine';

type Finished = Extract<TrainResult, { kind: 'completed' | 'failed' }>;

function finished(result: TrainResult): Finished {
  assert.ok(result.kind === 'completed' || result.kind === 'failed', JSON.stringify(result).slice(0, 2000));
  return result;
}

function trained(outcome: LocalRunOutcome): Finished {
  assert.equal(outcome.kind, 'trained', JSON.stringify(outcome).slice(0, 2000));
  return finished(outcome.result);
}

/** The JSON a test container wrote, as the shape the caller names. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function json<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function listing(archive: string): string[] {
  return spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
}

interface Record {
  argv: string[];
  env: { [name: string]: string };
  pid1: string[];
  hostname: string;
  cwd: string;
  files?: string[];
  channel?: string;
  checkpoints_before?: string[];
}

engineSuite('training with the SageMaker Training Toolkit', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-toolkit:local`;
  images.push(image);
  const jobsRoot = path.join(dir, 'jobs');
  // The chain of credential providers ends with the instance metadata service: never reach it from a test.
  const hostEnv = {
    ...process.env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
  };
  const run = (options: Omit<Partial<TrainOptions>, 'job'> & { name: string; job?: Partial<TrainingJobSpec> }) =>
    train({ engine, image, hostEnv, ...options, job: { root: jobsRoot, ...options.job, name: `${RUN_ID}-${options.name}` } });
  after(() => {
    assert.deepEqual(containersNamed(engine, RUN_ID), [], 'no container of these tests is left');
    assert.deepEqual(networksNamed(engine, RUN_ID), [], 'no network of these tests is left');
  });

  it('script mode: the argv the toolkit builds, SM_* variables, a writable channel, the model and outputs on the host', async () => {
    const events: RunEvent[] = [];
    const data = folder(dir, 'data', { 'a.csv': '1,2\n', 'b.csv': '3,4\n' });
    const hp = (text: string) => Hyperparameter.fromText(text);
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'Dockerfile'),
      engine,
      image,
      pull: 'never',
      jobsRoot,
      hostEnv,
      hyperparameters: { epochs: hp('2'), lr: hp('1.0'), seed: hp('12345678901234567890'), wd: hp('1e-5'), name: hp('abc') },
      channels: { train: { dir: data, contentType: 'text/csv' } },
      onEvent: (e) => events.push(e),
    });
    const result = trained(outcome);
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.equal(result.exitCode, 0);
    assert.equal(result.failure, undefined);
    const record = json<Record>(path.join(result.job.modelDir, 'record.json'));
    // The toolkit JSON-decodes each value and passes str(value): 1.0 stays 1.0, 1e-5 becomes Python's 1e-05.
    assert.deepEqual(record.argv, [
      'train.py',
      '--epochs',
      '2',
      '--lr',
      '1.0',
      '--name',
      'abc',
      '--seed',
      '12345678901234567890',
      '--wd',
      '1e-05',
    ]);
    const env = record.env;
    assert.equal(env.SM_HPS, '{"epochs":2,"lr":1.0,"name":"abc","seed":12345678901234567890,"wd":1e-05}');
    assert.equal(env.SM_CHANNELS, '["train"]');
    assert.equal(env.SM_CHANNEL_TRAIN, '/opt/ml/input/data/train');
    assert.equal(env.SM_MODEL_DIR, '/opt/ml/model');
    assert.equal(env.SM_HOSTS, '["algo-1"]');
    assert.equal(env.SM_CURRENT_HOST, 'algo-1');
    assert.equal(env.SM_CURRENT_INSTANCE_GROUP, 'homogeneousCluster');
    assert.equal(env.SM_CURRENT_INSTANCE_GROUP_HOSTS, '["algo-1"]');
    assert.equal(env.SM_INSTANCE_GROUPS, '["homogeneousCluster"]');
    assert.deepEqual(JSON.parse(env.SM_INPUT_DATA_CONFIG), {
      train: { ContentType: 'text/csv', RecordWrapperType: 'None', S3DistributionType: 'FullyReplicated', TrainingInputMode: 'File' },
    });
    assert.equal(env.TRAINING_JOB_NAME, result.job.name);
    assert.equal(env.TRAINING_JOB_ARN, `arn:aws:sagemaker:local:000000000000:training-job/${result.job.name}`);
    assert.deepEqual(record.pid1, ['/usr/bin/python3', '/usr/local/bin/train'], "the image's entry point is PID 1, no init");
    assert.equal(record.hostname, 'algo-1');
    assert.equal(record.cwd, '/opt/ml/code');
    // The channel: writable inside the container (podman's overlay, or a private copy), the user's folder unchanged.
    assert.deepEqual(record.files, ['a.csv', 'b.csv']);
    assert.equal(record.channel, 'writable');
    assert.deepEqual(fs.readdirSync(data).sort(), ['a.csv', 'b.csv']);
    assert.ok(fs.existsSync(result.job.successFile), 'the toolkit wrote /opt/ml/output/success');
    assert.deepEqual(listing(result.modelArchive ?? ''), ['record.json', 'weights/', 'weights/layer0.bin']);
    assert.equal(result.outputArchive, path.join(result.job.dir, 'output.tar.gz'));
    assert.deepEqual(listing(result.outputArchive ?? ''), ['metrics.json']);
    assert.ok(events.some((e) => e.type === 'output' && e.source === 'train' && e.line === 'epoch 2/2 lr=1.0'));
    const said = events.filter((e) => e.type === 'phase').map((e) => (e as { message: string }).message);
    assert.ok(
      said.includes(
        "hyperparameters JSON-encoded: the image sets SAGEMAKER_PROGRAM=train.py: SageMaker's training toolkit JSON-decodes each value",
      ),
      said.join('\n'),
    );
    const phases = events.filter((e) => e.type === 'phase').map((e) => (e as { phase: string }).phase);
    assert.deepEqual([...new Set(phases)], ['check', 'build', 'prepare', 'run', 'collect']);
    assert.deepEqual(containersNamed(engine, result.job.name), [], 'the container is gone');
  });

  it('a .sh program runs through /bin/sh from /opt/ml/code with the hyperparameters as arguments', async () => {
    const result = finished(
      await run({ name: 'sh', env: { SAGEMAKER_PROGRAM: 'run.sh' }, job: { hyperparameters: { epochs: 3, optimizer: 'adam' } } }),
    );
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.ok(result.lastLines.includes('run.sh: --epochs 3 --optimizer adam'), result.lastLines.join('\n'));
    assert.equal(
      fs.readFileSync(path.join(result.job.modelDir, 'run.txt'), 'utf8'),
      'args=--epochs 3 --optimizer adam\ncwd=/opt/ml/code\nhps={"epochs":3,"optimizer":"adam"}\n',
    );
  });

  it('module:function: the toolkit imports the module and calls the function, which runs the program', async () => {
    const result = finished(
      await run({ name: 'module', env: { SAGEMAKER_TRAINING_MODULE: 'trainer.entry:main' }, job: { hyperparameters: { epochs: 1 } } }),
    );
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.deepEqual(json(path.join(result.job.modelDir, 'module.json')), {
      called: 'trainer.entry.main',
      hyperparameters: { epochs: 1 },
      program: 'train.py',
    });
    assert.deepEqual(json<Record>(path.join(result.job.modelDir, 'record.json')).argv, ['train.py', '--epochs', '1']);
  });

  it('SM106 and SM105 hold with the real toolkit: a module only in /opt/ml/code is not found; on PYTHONPATH it is, and is called with no arguments', async () => {
    // The analysis of the image's Dockerfile with the module set, before and after SM106's fix.
    const contextDir = path.join(fixtures, 'python');
    const dockerfile = fs.readFileSync(path.join(contextDir, 'Dockerfile'), 'utf8');
    const codesOf = (text: string) =>
      analyzeDockerfile(text, { dockerfilePath: path.join(contextDir, 'Dockerfile'), context: contextDir }).diagnostics.map((d) => d.code);
    const withModule = `${dockerfile}ENV SAGEMAKER_TRAINING_MODULE=app:application\n`;
    assert.ok(codesOf(withModule).includes('SM106'), 'SM106: app.py is only in /opt/ml/code');
    const onPath = withModule.replace('ENV PYTHONPATH=/opt/lib', 'ENV PYTHONPATH=/opt/ml/code:/opt/lib');
    assert.ok(
      !codesOf(onPath).includes('SM106') && codesOf(onPath).includes('SM105'),
      'on the path: SM105 reads application(environ, start_response)',
    );

    const notFound = finished(await run({ name: 'module-not-on-path', env: { SAGEMAKER_TRAINING_MODULE: 'app:application' } }));
    assert.equal(notFound.kind, 'failed');
    assert.match(`${notFound.failure ?? ''}\n${notFound.lastLines.join('\n')}`, /ModuleNotFoundError: No module named 'app'/);

    const called = finished(
      await run({ name: 'module-on-path', env: { SAGEMAKER_TRAINING_MODULE: 'app:application', PYTHONPATH: '/opt/ml/code:/opt/lib' } }),
    );
    assert.equal(called.kind, 'failed');
    const text = `${called.failure ?? ''}\n${called.lastLines.join('\n')}`;
    assert.doesNotMatch(text, /ModuleNotFoundError/);
    assert.match(text, /application\(\) missing 2 required positional arguments/);
  });

  it('SM105 holds with the real toolkit for a class and a lambda: the call with no arguments fails; a class without arguments runs', async () => {
    const contextDir = path.join(fixtures, 'python');
    const base = fs.readFileSync(path.join(contextDir, 'Dockerfile'), 'utf8');
    const sm105 = (target: string) =>
      analyzeDockerfile(`${base}ENV SAGEMAKER_TRAINING_MODULE=trainer.callables:${target}\n`, {
        dockerfilePath: path.join(contextDir, 'Dockerfile'),
        context: contextDir,
      })
        .diagnostics.filter((d) => d.code === 'SM105')
        .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    assert.match(sm105('Trainer').join('\n'), /Trainer in lib\/trainer\/callables\.py is a class whose __init__\(self, config_path\)/);
    assert.match(sm105('start').join('\n'), /start\(argv\) in lib\/trainer\/callables\.py needs 1 argument/);
    assert.deepEqual(sm105('Job'), []);

    for (const [target, missing] of [
      ['Trainer', /__init__\(\) missing 1 required positional argument: 'config_path'/],
      ['start', /<lambda>\(\) missing 1 required positional argument: 'argv'/],
    ] as const) {
      const failed = finished(
        await run({ name: `callable-${target.toLowerCase()}`, env: { SAGEMAKER_TRAINING_MODULE: `trainer.callables:${target}` } }),
      );
      assert.equal(failed.kind, 'failed', target);
      assert.match(`${failed.failure ?? ''}\n${failed.lastLines.join('\n')}`, missing);
    }
    const ran = finished(await run({ name: 'callable-job', env: { SAGEMAKER_TRAINING_MODULE: 'trainer.callables:Job' } }));
    assert.equal(ran.kind, 'completed', ran.lastLines.join('\n'));
    assert.deepEqual(json(path.join(ran.job.modelDir, 'callables.json')), { ran: 'Job' });
  });

  it('SM107 holds with the real toolkit: an async def main is called, never awaited, and the job still succeeds', async () => {
    const contextDir = path.join(fixtures, 'python');
    const dockerfile = `${fs.readFileSync(path.join(contextDir, 'Dockerfile'), 'utf8')}ENV SAGEMAKER_TRAINING_MODULE=trainer.asynchronous:main\n`;
    const analysis = analyzeDockerfile(dockerfile, { dockerfilePath: path.join(contextDir, 'Dockerfile'), context: contextDir });
    assert.ok(
      analysis.diagnostics.some((d) => d.code === 'SM107'),
      'SM107 reads trainer/asynchronous.py',
    );

    const result = finished(await run({ name: 'async-main', env: { SAGEMAKER_TRAINING_MODULE: 'trainer.asynchronous:main' } }));
    assert.equal(result.kind, 'completed', 'the toolkit reports success');
    assert.ok(fs.existsSync(result.job.successFile));
    assert.ok(!fs.existsSync(path.join(result.job.modelDir, 'async.json')), 'the body of main never ran');
    assert.ok(
      result.lastLines.some((l) => /coroutine 'main' was never awaited/.test(l)),
      result.lastLines.join('\n'),
    );
  });

  it('a failing script: the failure text the toolkit wrote, and its exit code 1', async () => {
    const result = finished(await run({ name: 'fail', env: { SAGEMAKER_PROGRAM: 'fail.py' } }));
    assert.equal(result.kind, 'failed');
    assert.equal(result.exitCode, 1);
    assert.match(result.failure ?? '', /^ExecuteUserScriptError:\nExitCode 3\n/);
    assert.match(result.failure ?? '', /Command "\/usr\/bin\/python3 fail\.py"/);
    assert.ok(result.lastLines.some((l) => l.includes('ValueError: learning rate must be positive')));
    assert.ok(!fs.existsSync(result.job.successFile));
  });

  it('read-only channels fail to write (EROFS), and an init as PID 1 when asked', async () => {
    const data = folder(dir, 'ro-data', { 'a.csv': '1\n' });
    const result = finished(await run({ name: 'ro', readOnlyChannels: true, init: true, job: { channels: { train: data } } }));
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    const record = json<Record>(path.join(result.job.modelDir, 'record.json'));
    assert.equal(record.channel, 'Read-only file system');
    assert.notEqual(record.pid1[0], '/usr/bin/python3', `an init is PID 1: ${record.pid1.join(' ')}`);
    assert.deepEqual(fs.readdirSync(data), ['a.csv']);
  });

  it("checkpoints: a second run sees the first one's", async () => {
    const checkpointDir = path.join(dir, 'checkpoints');
    const first = finished(await run({ name: 'ckpt-1', job: { checkpointDir } }));
    const second = finished(await run({ name: 'ckpt-2', job: { checkpointDir } }));
    assert.deepEqual(json<Record>(path.join(first.job.modelDir, 'record.json')).checkpoints_before, []);
    assert.deepEqual(json<Record>(path.join(second.job.modelDir, 'record.json')).checkpoints_before, [`${first.job.name}.ckpt`]);
    assert.deepEqual(fs.readdirSync(checkpointDir).sort(), [`${first.job.name}.ckpt`, `${second.job.name}.ckpt`]);
  });

  it('two hosts: SM_HOSTS lists both, algo-1 reaches algo-2 by name over TCP; containers and network are removed', async () => {
    const events: RunEvent[] = [];
    const result = finished(
      await run({ name: 'two', env: { SAGEMAKER_PROGRAM: 'distributed.py' }, job: { instanceCount: 2 }, onEvent: (e) => events.push(e) }),
    );
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.deepEqual(result.hosts, [
      { host: 'algo-1', exitCode: 0 },
      { host: 'algo-2', exitCode: 0 },
    ]);
    const [one, two] = result.job.hosts;
    assert.deepEqual(json(path.join(one.modelDir, 'algo-1.json')), {
      hosts: ['algo-1', 'algo-2'],
      group_hosts: ['algo-1', 'algo-2'],
      answer: 'hello from algo-2',
    });
    assert.deepEqual(json(path.join(two.modelDir, 'algo-2.json')), {
      hosts: ['algo-1', 'algo-2'],
      group_hosts: ['algo-1', 'algo-2'],
      received: 'hello from algo-1',
    });
    for (const host of result.job.hosts) {
      assert.deepEqual(json<{ hosts: string[] }>(path.join(host.configDir, 'resourceconfig.json')).hosts, ['algo-1', 'algo-2']);
      assert.ok(fs.existsSync(host.successFile), `${host.host} has its own /opt/ml`);
    }
    assert.deepEqual(listing(result.modelArchive ?? ''), ['algo-1.json', 'algo-2.json'], "model.tar.gz holds both hosts' models");
    assert.ok(events.some((e) => e.type === 'output' && e.host === 'algo-2' && e.line === 'algo-2: done'));
    assert.deepEqual(containersNamed(engine, result.job.name), []);
    assert.deepEqual(networksNamed(engine, result.job.name), []);
  });

  it('two hosts, one fails: the job fails with its failure, the other host is stopped, nothing is left', async () => {
    const result = finished(
      await run({
        name: 'two-fail',
        env: { SAGEMAKER_PROGRAM: 'distributed.py' },
        job: { instanceCount: 2, hyperparameters: { 'fail-on': 'algo-2' } },
      }),
    );
    assert.equal(result.kind, 'failed');
    assert.equal(result.exitCode, 1);
    assert.equal(result.failedHost, 'algo-2');
    assert.deepEqual(result.hosts, [{ host: 'algo-1' }, { host: 'algo-2', exitCode: 1 }]);
    assert.match(result.failure ?? '', /^ExecuteUserScriptError:\nExitCode 5/);
    assert.deepEqual(containersNamed(engine, result.job.name), []);
    assert.deepEqual(networksNamed(engine, result.job.name), []);
  });

  it('credentials from an AWS profile and its region reach the container; no value is logged or written to the job folder', async () => {
    const aws = folder(dir, 'aws', {
      config: '[profile dev]\nregion = eu-central-1\n',
      credentials: '[dev]\naws_access_key_id = AKIAPROFILEEXAMPLE\naws_secret_access_key = profile-s3cr3t-value\n',
    });
    const profileEnv = {
      ...hostEnv,
      AWS_PROFILE: 'dev',
      AWS_CONFIG_FILE: path.join(aws, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(aws, 'credentials'),
    };
    const seen = async (passAwsCredentials: boolean) => {
      const logged: string[] = [];
      const result = finished(
        await run({
          name: `creds-${passAwsCredentials}`,
          env: { SAGEMAKER_PROGRAM: 'env.sh' },
          hostEnv: profileEnv,
          passAwsCredentials,
          onEvent: (e) => void logged.push(JSON.stringify(e)),
        }),
      );
      assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
      assert.ok(!logged.join('\n').includes('profile-s3cr3t-value'), 'the secret is in no event');
      const written = spawnSync('grep', ['-rl', 'profile-s3cr3t-value', result.job.dir], { encoding: 'utf8' });
      assert.equal(written.stdout, '', 'the secret is in no file of the job folder');
      return fs.readFileSync(path.join(result.job.modelDir, 'env.txt'), 'utf8');
    };
    // Value lengths: eu-central-1 is 12, AKIAPROFILEEXAMPLE 18, profile-s3cr3t-value 20.
    const lengths = (key: number, secret: number, job: string) =>
      `AWS_REGION=12\nAWS_ACCESS_KEY_ID=${key}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_SESSION_TOKEN=0\nTRAINING_JOB_NAME=${job.length}\n`;
    assert.equal(await seen(false), lengths(0, 0, `${RUN_ID}-creds-false`));
    assert.equal(await seen(true), lengths(18, 20, `${RUN_ID}-creds-true`));
  });
});

// Training in a real container: a script-mode .py writes its model to the host, a .sh runs through the
// shell, and a failing script's failure text and exit code are reported.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runLocally } from '../../runner/src/session';
import type { LocalRunOutcome } from '../../runner/src/session';
import { train } from '../../runner/src/train';
import type { TrainResult } from '../../runner/src/train';
import type { RunEvent } from '../../runner/src/events';
import { RUN_ID, containersNamed, engineSuite, fixtures, folder, scratch } from './engine';

function trained(outcome: LocalRunOutcome): Extract<TrainResult, { kind: 'completed' | 'failed' }> {
  assert.equal(outcome.kind, 'trained', JSON.stringify(outcome).slice(0, 2000));
  const result = (outcome as Extract<LocalRunOutcome, { kind: 'trained' }>).result;
  assert.ok(result.kind === 'completed' || result.kind === 'failed', JSON.stringify(result));
  return result;
}

engineSuite('training', (engine) => {
  const { dir, images } = scratch(engine);
  const pythonImage = `localhost/${RUN_ID}-python:local`;
  const shellImage = `localhost/${RUN_ID}-shell:local`;
  images.push(pythonImage, shellImage);
  const jobsRoot = path.join(dir, 'jobs');

  it('script mode .py: hyperparameters and channel reach the script, the model lands on the host with model.tar.gz', async () => {
    const events: RunEvent[] = [];
    const data = folder(dir, 'data', { 'a.csv': '1,2\n', 'b.csv': '3,4\n' });
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'python', 'Dockerfile'),
      engine,
      image: pythonImage,
      pull: 'never',
      jobsRoot,
      hyperparameters: { epochs: 2, lr: 0.05, name: 'abc' },
      channels: { training: data },
      onEvent: (e) => events.push(e),
    });
    const result = trained(outcome);
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.equal(result.exitCode, 0);
    assert.equal(result.failure, undefined);
    const model = JSON.parse(fs.readFileSync(path.join(result.job.modelDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(model, { epochs: 2, lr: 0.05, name: 'abc', files: ['a.csv', 'b.csv'], hostname: 'algo-1', job: result.job.name, hp_epochs: '2' });
    assert.ok(fs.existsSync(result.job.successFile), 'the toolkit wrote /opt/ml/output/success');
    assert.ok(fs.existsSync(path.join(result.job.outputDataDir, 'metrics.json')), '/opt/ml/output/data reached the host');
    assert.equal(result.modelArchive, path.join(result.job.dir, 'model.tar.gz'));
    const listing = spawnSync('tar', ['-tzf', result.modelArchive], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
    assert.deepEqual(listing, ['model.json', 'weights/', 'weights/layer0.bin']);
    // The build log and the container's output were streamed as events, in phase order.
    assert.ok(events.some((e) => e.type === 'output' && e.source === 'build'));
    assert.ok(events.some((e) => e.type === 'output' && e.source === 'train' && e.line === 'epoch 2/2 lr=0.05'));
    const phases = events.filter((e) => e.type === 'phase').map((e) => (e as { phase: string }).phase);
    assert.deepEqual([...new Set(phases)], ['check', 'build', 'prepare', 'run', 'collect']);
    assert.deepEqual(containersNamed(engine, result.job.name), [], 'the container is gone');
  });

  it('a .sh entry point runs through /bin/sh from /opt/ml/code with the hyperparameters as arguments', async () => {
    const outcome = await runLocally({
      dockerfilePath: path.join(fixtures, 'shell', 'Dockerfile'),
      engine,
      image: shellImage,
      pull: 'never',
      jobsRoot,
      hyperparameters: { epochs: 3, optimizer: 'adam' },
    });
    const result = trained(outcome);
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.ok(result.lastLines.includes('run.sh: args=--epochs 3 --optimizer adam'), result.lastLines.join('\n'));
    const record = fs.readFileSync(path.join(result.job.modelDir, 'shell.txt'), 'utf8');
    assert.equal(record, 'host=algo-1\nargs=--epochs 3 --optimizer adam\ncwd=/opt/ml/code\n');
  });

  it('a failing script: the failure file text and the exit code (1, as the toolkit exits) are reported', async () => {
    // The image of the first test; SAGEMAKER_PROGRAM from the run's environment selects the failing script.
    const result = await train({ engine, image: pythonImage, job: { name: `${RUN_ID}-fail`, root: jobsRoot }, env: { SAGEMAKER_PROGRAM: 'fail.py' } });
    assert.equal(result.kind, 'failed', JSON.stringify(result));
    if (result.kind !== 'failed') return;
    assert.equal(result.exitCode, 1);
    assert.match(result.failure ?? '', /^ExecuteUserScriptError:\nExitCode 3\nErrorMessage "ValueError: learning rate must be positive"/);
    assert.ok(result.lastLines.includes('epoch 1/1'));
    assert.ok(!fs.existsSync(result.job.successFile));
  });

  it('a program missing from /opt/ml/code: python\'s exit code 2 is in the failure text, the job exits 1', async () => {
    const result = await train({ engine, image: pythonImage, job: { name: `${RUN_ID}-missing`, root: jobsRoot }, env: { SAGEMAKER_PROGRAM: 'nope.py' }, archive: false });
    assert.equal(result.kind, 'failed');
    if (result.kind !== 'failed') return;
    assert.equal(result.exitCode, 1);
    assert.match(result.failure ?? '', /^ExecuteUserScriptError:\nExitCode 2\n.*No such file/s);
    assert.equal(result.modelArchive, undefined);
  });

  it('AWS credentials reach the container only when opted in, and never appear in the logged commands', async () => {
    const hostEnv = { ...process.env, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 's3cr3t-value', AWS_SESSION_TOKEN: undefined };
    const seen = async (passAwsCredentials: boolean) => {
      const commands: string[] = [];
      const name = `${RUN_ID}-env-${passAwsCredentials}`;
      const result = await train({
        engine,
        image: pythonImage,
        job: { name, root: jobsRoot },
        env: { SAGEMAKER_PROGRAM: 'env.sh' },
        hostEnv,
        passAwsCredentials,
        archive: false,
        onEvent: (e) => void (e.type === 'command' && commands.push(e.text)),
      });
      assert.equal(result.kind, 'completed', JSON.stringify(result));
      assert.ok(!commands.join('\n').includes('s3cr3t-value'));
      return fs.readFileSync(path.join(jobsRoot, name, 'model', 'env.txt'), 'utf8');
    };
    // Value lengths: eu-west-1 is 9, AKIAEXAMPLE 11, s3cr3t-value 12.
    const lengths = (key: number, secret: number, job: string) =>
      `AWS_REGION=9\nAWS_ACCESS_KEY_ID=${key}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_SESSION_TOKEN=0\nTRAINING_JOB_NAME=${job.length}\n`;
    assert.equal(await seen(false), lengths(0, 0, `${RUN_ID}-env-false`));
    assert.equal(await seen(true), lengths(11, 12, `${RUN_ID}-env-true`));
  });
});

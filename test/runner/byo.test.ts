// A bring-your-own image (no toolkit, no entry-point variable): it gets the hyperparameters as plain strings.
// The same image turned hostile: what it leaves in the job folder (a link to a host file, a FIFO, a huge file,
// links out of /opt/ml/model and /opt/ml/output/data) is never followed, never blocks the run, never printed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Hyperparameter } from '../../runner/src/hyperparameters';
import { runLocally } from '../../runner/src/session';
import type { LocalRunOptions } from '../../runner/src/session';
import type { TrainResult } from '../../runner/src/train';
import { RUN_ID, containersNamed, engineSuite, fixtures, runCli, scratch } from './engine';

/** `run ARGS` as a process, stdout and stderr together; a hang fails the test by its timeout. */
async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = await runCli(args);
  return { code: run.code, output: `${run.stdout}${run.stderr}` };
}

engineSuite('a bring-your-own image, and a hostile one', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-byo:local`;
  images.push(image);
  const jobsRoot = path.join(dir, 'jobs');
  const dockerfile = path.join(fixtures, 'byo', 'Dockerfile');
  const SECRET = `host-secret-${RUN_ID}`;
  const secretFile = path.join(dir, 'secret.txt');
  fs.writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
  const common = ['--engine', engine.kind, '--pull', 'never', '--jobs-dir', jobsRoot, '--image', image, '--mode', 'train'];

  async function trainWith(options: Partial<LocalRunOptions>): Promise<Extract<TrainResult, { kind: 'completed' | 'failed' }>> {
    const outcome = await runLocally({ dockerfilePath: dockerfile, engine, image, pull: 'never', jobsRoot, mode: 'train', ...options });
    assert.ok(outcome.kind === 'trained', JSON.stringify(outcome).slice(0, 1500));
    const result = outcome.result;
    assert.ok(result.kind === 'completed' || result.kind === 'failed', JSON.stringify(result).slice(0, 1500));
    return result;
  }

  it('gets the hyperparameters as plain strings, and the log says why', async () => {
    const said: string[] = [];
    const result = await trainWith({
      hyperparameters: { criterion: Hyperparameter.fromText('entropy'), depth: Hyperparameter.fromText('3') },
      onEvent: (e) => {
        if (e.type === 'phase') said.push(e.message);
      },
    });
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(result.job.modelDir, 'model.json'), 'utf8')), {
      hyperparameters: { criterion: 'entropy', depth: '3' },
    });
    assert.ok(
      said.includes(
        'hyperparameters as plain strings: the image sets neither SAGEMAKER_PROGRAM nor SAGEMAKER_TRAINING_MODULE: a bring-your-own image reads the strings itself',
      ),
      said.join('\n'),
    );
  });

  it('JSON-encoded on request, the value it reads is "entropy" with quotes, and its failure file says so', async () => {
    const result = await trainWith({ hyperparameters: { criterion: Hyperparameter.fromText('entropy') }, hyperparameterEncoding: 'json' });
    assert.equal(result.kind, 'failed');
    assert.equal(result.failure, `criterion must be gini or entropy, not '"entropy"'`);
  });

  it('/opt/ml/output/failure made a link to a host file: not followed, the file is not printed', async () => {
    const run = await cli([dockerfile, ...common, '--env', 'HOSTILE=failure-link', '--env', `TARGET=${secretFile}`]);
    assert.equal(run.code, 1, run.output);
    assert.ok(!run.output.includes(SECRET), run.output);
    assert.match(run.output, /warning: \/opt\/ml\/output\/failure was not read: output\/failure is a symbolic link \(not followed\)/);
    assert.match(run.output, /training failed: exit code 1/);
  });

  it('/opt/ml/output/failure made a FIFO: the run ends, the FIFO is not opened', { timeout: 120_000 }, async () => {
    const run = await cli([dockerfile, ...common, '--env', 'HOSTILE=failure-fifo']);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /was not read: output\/failure is a FIFO \(not opened\)/);
  });

  it('a huge /opt/ml/output/failure (8 GiB): only its first 64 KiB are read', { timeout: 120_000 }, async () => {
    const run = await cli([dockerfile, ...common, '--env', 'HOSTILE=failure-huge']);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /failure reason \(\/opt\/ml\/output\/failure, first 64 KiB\):\n {2}first line of a huge failure\n/);
    assert.ok(run.output.length < 1024 * 1024, `${run.output.length} characters printed`);
  });

  it('links out of /opt/ml/model and /opt/ml/output/data: packed as links or not at all, never followed', async () => {
    const warnings: string[] = [];
    const result = await trainWith({
      env: { HOSTILE: 'links', TARGET: secretFile },
      onEvent: (e) => {
        if (e.type === 'warning') warnings.push(e.message);
      },
    });
    assert.equal(result.kind, 'completed', result.lastLines.join('\n'));
    const archive = result.modelArchive ?? '';
    const entries = spawnSync('tar', ['-tvzf', archive], { encoding: 'utf8' }).stdout;
    assert.match(entries, /etc -> \/etc/);
    assert.match(entries, new RegExp(`secret -> ${secretFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.equal(entries.trim().split('\n').length, 2, entries);
    assert.ok(!zlib.gunzipSync(fs.readFileSync(archive)).includes(SECRET), 'the secret file is not in model.tar.gz');
    assert.equal(result.outputArchive, undefined);
    assert.deepEqual(warnings, ['output.tar.gz was not made: output/data is a symbolic link (not followed)']);
    assert.deepEqual(containersNamed(engine, result.job.name), []);
  });
});

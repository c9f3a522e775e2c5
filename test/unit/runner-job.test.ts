// The job folder: SageMaker's layout and config files (CONTRACT.md §5.1, R1–R2), mounts, names, environment.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { containerEnv } from '../../runner/src/environment';
import {
  createTrainingJob,
  encodeHyperparameters,
  inputDataConfig,
  jobName,
  pythonJson,
  resourceConfig,
  slug,
  trainingMounts,
  validateTrainingJob,
} from '../../runner/src/job';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-job-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('hyperparameters are JSON-encoded per value, as Python json.dumps writes them', () => {
  const rows: Array<[unknown, string]> = [
    [3, '3'],
    [0.01, '0.01'],
    ['adam', '"adam"'],
    [true, 'true'],
    [null, 'null'],
    [[1, 2], '[1, 2]'],
    [{ b: 1, a: 'x' }, '{"b": 1, "a": "x"}'],
    ['café', '"caf\\u00e9"'],
    ['say "hi"', '"say \\"hi\\""'],
  ];
  for (const [value, encoded] of rows) it(`${JSON.stringify(value)} → ${encoded}`, () => assert.equal(pythonJson(value), encoded));

  it('encodes each value of the object', () => {
    assert.deepEqual(encodeHyperparameters({ epochs: 3, optimizer: 'adam' }), { epochs: '3', optimizer: '"adam"' });
  });
});

describe('config files', () => {
  it('resourceconfig.json names one host that the container is given as hostname', () => {
    assert.deepEqual(resourceConfig('algo-1'), { current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0', current_instance_type: 'local' });
    assert.equal(resourceConfig('algo-1', true).current_instance_type, 'local_gpu');
  });

  it('inputdataconfig.json: File mode per channel', () => {
    assert.deepEqual(inputDataConfig(['training', 'validation']), { training: { TrainingInputMode: 'File' }, validation: { TrainingInputMode: 'File' } });
  });
});

describe('mounts', () => {
  it('the /opt/ml sub-folders, never /opt/ml itself; channels read-only unless asked', () => {
    const mounts = trainingMounts({ dir: '/j' }, { training: '/data/train' });
    assert.deepEqual(mounts, [
      { host: path.join('/j', 'input'), container: '/opt/ml/input' },
      { host: path.join('/j', 'model'), container: '/opt/ml/model' },
      { host: path.join('/j', 'output'), container: '/opt/ml/output' },
      { host: '/data/train', container: '/opt/ml/input/data/training', readOnly: true },
    ]);
    assert.ok(!mounts.some((m) => m.container === '/opt/ml'));
    assert.equal(trainingMounts({ dir: '/j' }, { t: '/d' }, true)[3].readOnly, false);
  });
});

describe('createTrainingJob', () => {
  it('creates the layout, the three config files and placeholders for channels', () => {
    const data = fs.mkdtempSync(path.join(tmp, 'data-'));
    const job = createTrainingJob({ name: 'job-a', root: tmp, hyperparameters: { epochs: 2, name: 'abc' }, channels: { training: data } });
    assert.equal(job.dir, path.join(tmp, 'job-a'));
    for (const folder of ['input/config', 'input/data/training', 'model', 'output', 'output/data']) {
      assert.ok(fs.statSync(path.join(job.dir, folder)).isDirectory(), folder);
    }
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(job.configDir, name), 'utf8')) as unknown;
    assert.deepEqual(read('hyperparameters.json'), { epochs: '2', name: '"abc"' });
    assert.deepEqual(read('resourceconfig.json'), resourceConfig('algo-1'));
    assert.deepEqual(read('inputdataconfig.json'), { training: { TrainingInputMode: 'File' } });
    assert.equal(job.failureFile, path.join(job.dir, 'output', 'failure'));
  });

  it('validation names bad channels and missing folders', () => {
    assert.deepEqual(validateTrainingJob({ name: 'x', channels: { ok: tmp } }), []);
    const problems = validateTrainingJob({ name: 'x', channels: { 'bad name': tmp, missing: path.join(tmp, 'nope'), rel: 'data' } });
    assert.equal(problems.length, 3);
    assert.match(problems[0], /bad name/);
    assert.match(problems[1], /not a folder/);
    assert.match(problems[2], /not an absolute path/);
  });
});

describe('names', () => {
  it('job names are unique, ≤ 63 characters, and valid container names', () => {
    const name = jobName('My Project!! with a very long folder name', new Date(2025, 0, 2, 3, 4, 5), 'beef');
    assert.equal(name, 'sagemaker-entrypoint-my-project-with-a-ve-20250102-030405-beef');
    assert.ok(name.length <= 63);
    assert.match(name, /^[a-z0-9][a-z0-9-]*$/);
    assert.notEqual(jobName('x'), jobName('x'));
  });

  it('slug falls back when nothing is left', () => {
    assert.equal(slug('---'), 'image');
    assert.equal(slug('Foo_Bar.baz'), 'foo-bar-baz');
  });
});

describe('container environment', () => {
  const hostEnv = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's3cr3t', HOME: '/root' };

  it('job name and region; no credentials unless opted in', () => {
    assert.deepEqual(containerEnv({ jobName: 'j', hostEnv }), [
      { name: 'TRAINING_JOB_NAME', value: 'j' },
      { name: 'AWS_REGION', value: 'eu-west-1' },
    ]);
  });

  it('opted-in credentials are bare names (the value never reaches argv); user variables come last', () => {
    const env = containerEnv({ hostEnv, passAwsCredentials: true, user: { A: '1' } });
    assert.deepEqual(env, [{ name: 'AWS_REGION', value: 'eu-west-1' }, { name: 'AWS_ACCESS_KEY_ID' }, { name: 'AWS_SECRET_ACCESS_KEY' }, { name: 'A', value: '1' }]);
    assert.ok(!JSON.stringify(env).includes('s3cr3t'));
  });

  it('AWS_DEFAULT_REGION when AWS_REGION is unset', () => {
    assert.deepEqual(containerEnv({ hostEnv: { AWS_DEFAULT_REGION: 'us-east-2' } }), [{ name: 'AWS_REGION', value: 'us-east-2' }]);
  });
});

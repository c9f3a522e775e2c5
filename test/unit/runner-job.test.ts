// The job folder: SageMaker's layout and config files (docs/sagemaker-contract.md#the-optml-layout) per host, mounts, names, environment.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { containerEnv, trainingJobArn } from '../../runner/src/environment';
import {
  createTrainingJob,
  inputDataConfig,
  jobName,
  resourceConfig,
  slug,
  trainingMounts,
  validateTrainingJob,
} from '../../runner/src/job';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-job-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('config files', () => {
  it('resourceconfig.json: the host, all hosts, one instance group holding them, as SageMaker writes it', () => {
    assert.deepEqual(resourceConfig('algo-2', ['algo-1', 'algo-2']), {
      current_host: 'algo-2',
      current_instance_type: 'local',
      current_group_name: 'homogeneousCluster',
      hosts: ['algo-1', 'algo-2'],
      instance_groups: [{ instance_group_name: 'homogeneousCluster', instance_type: 'local', hosts: ['algo-1', 'algo-2'] }],
      network_interface_name: 'eth0',
    });
    assert.deepEqual(resourceConfig('algo-1').hosts, ['algo-1']);
    assert.equal(resourceConfig('algo-1', ['algo-1'], true).current_instance_type, 'local_gpu');
  });

  it('inputdataconfig.json: File mode, FullyReplicated, no record wrapping, and the content type when given', () => {
    assert.deepEqual(inputDataConfig({ training: { contentType: 'text/csv' }, validation: {} }), {
      training: { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
      validation: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'None' },
    });
  });

  it('a channel named __proto__ is an ordinary key', () => {
    assert.deepEqual(Object.keys(inputDataConfig(Object.fromEntries([['__proto__', {}]]))), ['__proto__']);
  });
});

describe('mounts', () => {
  it('the /opt/ml sub-folders, never /opt/ml itself; channels as overlays by default, checkpoints when given', () => {
    const mounts = trainingMounts({ dir: '/j' }, { training: '/data/train' }, 'overlay', '/ckpt');
    assert.deepEqual(mounts, [
      { host: path.join('/j', 'input'), container: '/opt/ml/input' },
      { host: path.join('/j', 'model'), container: '/opt/ml/model' },
      { host: path.join('/j', 'output'), container: '/opt/ml/output' },
      { host: '/ckpt', container: '/opt/ml/checkpoints' },
      { host: '/data/train', container: '/opt/ml/input/data/training', overlay: true },
    ]);
    assert.ok(!mounts.some((m) => m.container === '/opt/ml'));
  });

  it('read-only mounts the folder read-only; a copy needs no mount of its own', () => {
    assert.deepEqual(trainingMounts({ dir: '/j' }, { t: '/d' }, 'read-only')[3], {
      host: '/d',
      container: '/opt/ml/input/data/t',
      readOnly: true,
    });
    assert.equal(trainingMounts({ dir: '/j' }, { t: '/d' }, 'copy').length, 3);
  });
});

describe('createTrainingJob', () => {
  it('creates the layout, the three config files and placeholders for channels', () => {
    const data = fs.mkdtempSync(path.join(tmp, 'data-'));
    const job = createTrainingJob({
      name: 'job-a',
      root: tmp,
      hyperparameters: { epochs: 2, name: 'abc' },
      channels: { training: { dir: data, contentType: 'text/csv' } },
    });
    assert.equal(job.dir, path.join(tmp, 'job-a'));
    for (const folder of ['input/config', 'input/data/training', 'model', 'output', 'output/data']) {
      assert.ok(fs.statSync(path.join(job.dir, folder)).isDirectory(), folder);
    }
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(job.configDir, name), 'utf8')) as unknown;
    assert.deepEqual(read('hyperparameters.json'), { epochs: '2', name: '"abc"' });
    assert.deepEqual(read('resourceconfig.json'), resourceConfig('algo-1'));
    assert.deepEqual(read('inputdataconfig.json'), inputDataConfig({ training: { contentType: 'text/csv' } }));
    assert.equal(job.failureFile, path.join(job.dir, 'output', 'failure'));
    assert.deepEqual(
      job.hosts.map((h) => h.dir),
      [job.dir],
    );
  });

  it('raw encoding writes the plain strings', () => {
    const job = createTrainingJob({
      name: 'job-raw',
      root: tmp,
      hyperparameters: { criterion: 'entropy', depth: 3 },
      hyperparameterEncoding: 'raw',
    });
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(job.configDir, 'hyperparameters.json'), 'utf8')), {
      criterion: 'entropy',
      depth: '3',
    });
  });

  it("several hosts: a folder per host, each listing all hosts; the first host's folders are the job's own", () => {
    const job = createTrainingJob({ name: 'job-b', root: tmp, instanceCount: 3 });
    assert.deepEqual(
      job.hosts.map((h) => path.relative(job.dir, h.dir)),
      ['algo-1', 'algo-2', 'algo-3'],
    );
    assert.equal(job.modelDir, path.join(job.dir, 'algo-1', 'model'));
    for (const host of job.hosts) {
      const config = JSON.parse(fs.readFileSync(path.join(host.configDir, 'resourceconfig.json'), 'utf8')) as unknown;
      assert.deepEqual(config, resourceConfig(host.host, ['algo-1', 'algo-2', 'algo-3']));
      assert.ok(
        host.mounts.every((m) => m.host.startsWith(host.dir)),
        'each host has its own /opt/ml',
      );
    }
  });

  it("a copied channel lands in each host's input/data; the source is left as it was", () => {
    const data = fs.mkdtempSync(path.join(tmp, 'data-'));
    fs.writeFileSync(path.join(data, 'a.csv'), '1\n');
    const job = createTrainingJob({ name: 'job-c', root: tmp, instanceCount: 2, channels: { train: data }, channelAccess: 'copy' });
    for (const host of job.hosts) assert.equal(fs.readFileSync(path.join(host.dir, 'input', 'data', 'train', 'a.csv'), 'utf8'), '1\n');
    assert.deepEqual(fs.readdirSync(data), ['a.csv']);
  });

  it('validation names bad channels, missing folders, bad content types and instance counts', () => {
    assert.deepEqual(validateTrainingJob({ name: 'x', channels: { ok: tmp } }), []);
    const channels = { 'bad name': tmp, missing: path.join(tmp, 'nope'), rel: 'data', typed: { dir: tmp, contentType: 'text/csv\nX: y' } };
    const problems = validateTrainingJob({ name: 'x', channels, instanceCount: 17 });
    assert.equal(problems.length, 5);
    assert.match(problems[0], /bad name/);
    assert.match(problems[1], /not a folder/);
    assert.match(problems[2], /not an absolute path/);
    assert.match(problems[3], /content type .* is not a MIME type/s);
    assert.match(problems[4], /instance count must be a whole number from 1 to 16, not 17/);
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
  it('job name and ARN, region; no credentials unless given', () => {
    assert.deepEqual(containerEnv({ jobName: 'j', region: 'eu-west-1' }), [
      { name: 'TRAINING_JOB_NAME', value: 'j' },
      { name: 'TRAINING_JOB_ARN', value: 'arn:aws:sagemaker:eu-west-1:000000000000:training-job/j' },
      { name: 'AWS_REGION', value: 'eu-west-1' },
    ]);
    assert.equal(trainingJobArn('j'), 'arn:aws:sagemaker:local:000000000000:training-job/j');
  });

  it('credentials are bare names (the value never reaches argv), only those with a value; user variables come last', () => {
    const env = containerEnv({ credentials: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's3cr3t' }, user: { A: '1' } });
    assert.deepEqual(env, [{ name: 'AWS_ACCESS_KEY_ID' }, { name: 'AWS_SECRET_ACCESS_KEY' }, { name: 'A', value: '1' }]);
    assert.ok(!JSON.stringify(env).includes('s3cr3t'));
  });
});

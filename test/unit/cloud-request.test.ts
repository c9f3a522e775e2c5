// The CreateTrainingJob request for a script-mode job, a module job and a multi-host bring-your-own job,
// planned from real Dockerfiles and sent through the real SageMaker client with its HTTP handler replaced:
// the assertions are on the exact HTTP request the SDK would send.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { planSubmission } from '../../cloud/src';
import { Hyperparameter, parseHyperparameterFile } from '../../runner/src';
import type { HyperparameterEncodingChoice } from '../../runner/src';
import type { SubmitPlan, SubmitPlanOptions } from '../../cloud/src';
import { scriptedSageMaker } from './cloud-scripted-aws';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cloud-request-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerTraining';

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return path.join(dir, 'Dockerfile');
}

async function planned(options: SubmitPlanOptions): Promise<SubmitPlan> {
  const result = await planSubmission(options);
  assert.equal(
    result.kind,
    'planned',
    result.kind === 'refused' ? `${result.reason}: ${result.problems.map((p) => p.message).join('; ')}` : '',
  );
  return (result as { plan: SubmitPlan }).plan;
}

/** Sends the plan's request through the SDK and returns the one HTTP request it made. */
async function sent(plan: SubmitPlan) {
  const { client, requests } = scriptedSageMaker(() => ({
    json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${plan.jobName}` },
  }));
  const answer = await client.send(new CreateTrainingJobCommand(plan.request));
  assert.equal(answer.TrainingJobArn, `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${plan.jobName}`);
  assert.equal(requests.length, 1);
  const [request] = requests;
  assert.equal(request.method, 'POST');
  assert.equal(request.hostname, 'api.sagemaker.eu-west-1.amazonaws.com');
  assert.equal(request.path, '/');
  assert.equal(request.target, 'SageMaker.CreateTrainingJob');
  assert.equal(request.headers['content-type'], 'application/x-amz-json-1.1');
  assert.match(request.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY\/\d{8}\/eu-west-1\/sagemaker\/aws4_request/);
  // What the dry run prints is byte for byte what the SDK sends.
  assert.equal(request.body, JSON.stringify(plan.request));
  return request;
}

describe('CreateTrainingJob through the SDK', () => {
  it('a script-mode job: JSON-encoded hyperparameters, an S3 channel and an uploaded folder', async () => {
    const dockerfile = project('script', {
      Dockerfile: 'FROM python:3.11-slim\nCOPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
      'train.py': 'print("hi")\n',
      'data/train.csv': '1,2\n3,4\n',
    });
    const plan = await planned({
      dockerfilePath: dockerfile,
      jobName: 'sagemaker-entrypoint-script-20261206-120000-abcd',
      hyperparameters: {
        epochs: Hyperparameter.fromText('3'),
        lr: Hyperparameter.fromText('1.0'),
        optimizer: Hyperparameter.fromText('adam'),
      },
      cloud: {
        roleArn: ROLE,
        instanceType: 'ml.m5.xlarge',
        region: 'eu-west-1',
        outputPath: 's3://my-bucket/jobs',
        channels: {
          train: { dir: path.join(path.dirname(dockerfile), 'data') },
          validation: { s3Uri: 's3://my-bucket/data/validation/', contentType: 'text/csv' },
        },
      },
    });
    assert.match(plan.encodingReason, /SAGEMAKER_PROGRAM=train\.py/);
    assert.deepEqual(
      plan.uploads.map((u) => [u.channel, u.target, u.files, u.bytes]),
      [['train', 's3://my-bucket/jobs/sagemaker-entrypoint-script-20261206-120000-abcd/input/train/', 1, 8]],
    );
    const request = await sent(plan);
    assert.equal(
      request.body,
      '{"TrainingJobName":"sagemaker-entrypoint-script-20261206-120000-abcd",' +
        `"RoleArn":"${ROLE}",` +
        '"OutputDataConfig":{"S3OutputPath":"s3://my-bucket/jobs"},' +
        '"HyperParameters":{"epochs":"3","lr":"1.0","optimizer":"\\"adam\\""},' +
        '"AlgorithmSpecification":{"TrainingInputMode":"File","TrainingImage":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-entrypoint-script:sagemaker-entrypoint-script-20261206-120000-abcd"},' +
        '"InputDataConfig":[' +
        '{"ChannelName":"train","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://my-bucket/jobs/sagemaker-entrypoint-script-20261206-120000-abcd/input/train/","S3DataDistributionType":"FullyReplicated"}}},' +
        '{"ChannelName":"validation","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://my-bucket/data/validation/","S3DataDistributionType":"FullyReplicated"}},"ContentType":"text/csv"}],' +
        '"ResourceConfig":{"InstanceType":"ml.m5.xlarge","InstanceCount":1,"VolumeSizeInGB":30},' +
        '"StoppingCondition":{"MaxRuntimeInSeconds":86400}}',
    );
  });

  it('a module job on spot instances with checkpoints, tags and environment', async () => {
    const dockerfile = project('module', {
      Dockerfile:
        'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nCOPY trainer /opt/ml/code/trainer\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n',
      'trainer/__init__.py': '',
      'trainer/entry.py': 'def main():\n    pass\n',
    });
    const plan = await planned({
      dockerfilePath: dockerfile,
      jobName: 'module-job-1',
      hyperparameters: { seed: Hyperparameter.fromText('12345678901234567890'), layers: Hyperparameter.fromValue([64, 32]) },
      environment: { LOG_LEVEL: 'debug' },
      cloud: {
        roleArn: ROLE,
        instanceType: 'ml.g5.2xlarge',
        region: 'eu-west-1',
        outputPath: 's3://my-bucket/out/',
        spot: true,
        maxRuntimeSeconds: 3600,
        maxWaitSeconds: 7200,
        volumeSizeGb: 100,
        checkpointS3Uri: 's3://my-bucket/checkpoints/module',
        tags: { project: 'demo', team: 'ml' },
        ecrRepository: 'team/trainer',
      },
    });
    assert.deepEqual(plan.warnings, [], 'a CUDA base on a GPU instance is fine');
    const request = await sent(plan);
    assert.equal(
      request.body,
      '{"TrainingJobName":"module-job-1",' +
        `"RoleArn":"${ROLE}",` +
        '"OutputDataConfig":{"S3OutputPath":"s3://my-bucket/out/"},' +
        '"HyperParameters":{"seed":"12345678901234567890","layers":"[64, 32]"},' +
        '"AlgorithmSpecification":{"TrainingInputMode":"File","TrainingImage":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trainer:module-job-1"},' +
        '"ResourceConfig":{"InstanceType":"ml.g5.2xlarge","InstanceCount":1,"VolumeSizeInGB":100},' +
        '"StoppingCondition":{"MaxRuntimeInSeconds":3600,"MaxWaitTimeInSeconds":7200},' +
        '"Tags":[{"Key":"project","Value":"demo"},{"Key":"team","Value":"ml"}],' +
        '"EnableManagedSpotTraining":true,' +
        '"CheckpointConfig":{"S3Uri":"s3://my-bucket/checkpoints/module","LocalPath":"/opt/ml/checkpoints"},' +
        '"Environment":{"LOG_LEVEL":"debug"}}',
    );
  });

  it('a multi-host bring-your-own job: plain-string hyperparameters, the default output bucket', async () => {
    const dockerfile = project('byo', {
      Dockerfile: 'FROM python:3.11-slim\nCOPY train /usr/local/bin/train\nRUN chmod +x /usr/local/bin/train\n',
      train: '#!/bin/sh\necho training\n',
    });
    const plan = await planned({
      dockerfilePath: dockerfile,
      jobName: 'byo-job-2',
      hyperparameters: { criterion: Hyperparameter.fromText('entropy'), max_depth: Hyperparameter.fromText('5') },
      cloud: {
        roleArn: ROLE,
        instanceType: 'ml.c5.2xlarge',
        instanceCount: 3,
        region: 'eu-west-1',
        channels: { train: { s3Uri: 's3://data-bucket/train' } },
      },
    });
    assert.match(plan.encodingReason, /neither SAGEMAKER_PROGRAM nor SAGEMAKER_TRAINING_MODULE/);
    const request = await sent(plan);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    assert.deepEqual(body.HyperParameters, { criterion: 'entropy', max_depth: '5' });
    assert.deepEqual(body.ResourceConfig, { InstanceType: 'ml.c5.2xlarge', InstanceCount: 3, VolumeSizeInGB: 30 });
    assert.deepEqual(body.OutputDataConfig, { S3OutputPath: 's3://sagemaker-eu-west-1-123456789012/' });
    assert.equal(
      request.body,
      '{"TrainingJobName":"byo-job-2",' +
        `"RoleArn":"${ROLE}",` +
        '"OutputDataConfig":{"S3OutputPath":"s3://sagemaker-eu-west-1-123456789012/"},' +
        '"HyperParameters":{"criterion":"entropy","max_depth":"5"},' +
        '"AlgorithmSpecification":{"TrainingInputMode":"File","TrainingImage":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-entrypoint-byo:byo-job-2"},' +
        '"InputDataConfig":[{"ChannelName":"train","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://data-bucket/train","S3DataDistributionType":"FullyReplicated"}}}],' +
        '"ResourceConfig":{"InstanceType":"ml.c5.2xlarge","InstanceCount":3,"VolumeSizeInGB":30},' +
        '"StoppingCondition":{"MaxRuntimeInSeconds":86400}}',
    );
  });
});

describe("hyperparameters in the request follow the local run's encoding rules", () => {
  const toolkit = () =>
    project('encoding-toolkit', {
      Dockerfile: 'FROM python:3.11-slim\nCOPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
      'train.py': '',
    });
  const byo = () =>
    project('encoding-byo', { Dockerfile: 'FROM python:3.11-slim\nCOPY train /usr/local/bin/train\n', train: '#!/bin/sh\n' });
  // As a --hyperparameters file: each value keeps its JSON type and spelling.
  const file = () =>
    parseHyperparameterFile('{"lr": 1.0, "seed": 12345678901234567890, "criterion": "entropy", "layers": [64, 32], "note": "café"}');
  const JSON_ENCODED = { lr: '1.0', seed: '12345678901234567890', criterion: '"entropy"', layers: '[64, 32]', note: '"café"' };
  const RAW = { lr: '1.0', seed: '12345678901234567890', criterion: 'entropy', layers: '[64, 32]', note: 'café' };

  const cases: Array<{
    name: string;
    dockerfile: () => string;
    encoding?: HyperparameterEncodingChoice;
    environment?: Record<string, string>;
    body: Record<string, string>;
    reason: RegExp;
  }> = [
    {
      name: 'auto, the Dockerfile sets SAGEMAKER_PROGRAM: JSON',
      dockerfile: toolkit,
      body: JSON_ENCODED,
      reason: /^the Dockerfile sets SAGEMAKER_PROGRAM=train\.py: SageMaker's training toolkit JSON-decodes each value$/,
    },
    {
      name: 'auto, a bring-your-own image: plain strings',
      dockerfile: byo,
      body: RAW,
      reason:
        /^the Dockerfile sets neither .* reads the strings itself \(unless its base image sets one: the built image decides, as for Run\)$/,
    },
    {
      name: 'auto, the environment sets SAGEMAKER_TRAINING_MODULE: JSON',
      dockerfile: byo,
      environment: { SAGEMAKER_TRAINING_MODULE: 'trainer.entry:main' },
      body: JSON_ENCODED,
      reason: /^the environment sets SAGEMAKER_TRAINING_MODULE=trainer\.entry:main/,
    },
    { name: 'raw chosen for a toolkit image', dockerfile: toolkit, encoding: 'raw', body: RAW, reason: /^chosen \(raw\)$/ },
    { name: 'json chosen for a bring-your-own image', dockerfile: byo, encoding: 'json', body: JSON_ENCODED, reason: /^chosen \(json\)$/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const plan = await planned({
        dockerfilePath: c.dockerfile(),
        jobName: 'encoding-job',
        hyperparameters: file(),
        hyperparameterEncoding: c.encoding,
        environment: c.environment,
        cloud: { roleArn: ROLE, instanceType: 'ml.m5.large', region: 'eu-west-1', outputPath: 's3://my-bucket/out' },
      });
      assert.match(plan.encodingReason, c.reason);
      const request = await sent(plan);
      assert.deepEqual((JSON.parse(request.body) as { HyperParameters: unknown }).HyperParameters, c.body);
    });
  }

  it('--hp values are kept as typed, as for Run', async () => {
    const hyperparameters = {
      lr: Hyperparameter.fromText('1.0'),
      wd: Hyperparameter.fromText('1e-5'),
      name: Hyperparameter.fromText('"quoted"'),
      flag: Hyperparameter.fromText('true'),
    };
    const cloud = { roleArn: ROLE, instanceType: 'ml.m5.large', region: 'eu-west-1', outputPath: 's3://my-bucket/out' };
    const json = JSON.parse(
      (await sent(await planned({ dockerfilePath: toolkit(), jobName: 'hp-json', hyperparameters, cloud }))).body,
    ) as { HyperParameters: unknown };
    assert.deepEqual(json.HyperParameters, { lr: '1.0', wd: '1e-5', name: '"quoted"', flag: 'true' });
    const raw = JSON.parse((await sent(await planned({ dockerfilePath: byo(), jobName: 'hp-raw', hyperparameters, cloud }))).body) as {
      HyperParameters: unknown;
    };
    assert.deepEqual(raw.HyperParameters, { lr: '1.0', wd: '1e-5', name: 'quoted', flag: 'true' });
  });
});

describe('checks before spending money', () => {
  const dockerfile = () =>
    project('checks', {
      Dockerfile: 'FROM python:3.11-slim\nCOPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
      'train.py': 'print(1)\n',
    });

  it('error diagnostics stop a submission unless forced', async () => {
    const broken = project('broken', { Dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry\n' });
    const cloud = { roleArn: ROLE, instanceType: 'ml.m5.large', region: 'eu-west-1' };
    const refused = await planSubmission({ dockerfilePath: broken, cloud });
    assert.equal(refused.kind, 'refused');
    assert.deepEqual(
      refused.errors.map((d) => d.code),
      ['SM101'],
    );
    const forced = await planSubmission({ dockerfilePath: broken, cloud, force: true });
    assert.equal(forced.kind, 'planned');
    assert.deepEqual(
      forced.plan.run.forcedErrors.map((d) => d.code),
      ['SM101'],
    );
  });

  it('a bad role, a malformed S3 URI and an EC2 instance name are errors that name their setting', async () => {
    const result = await planSubmission({
      dockerfilePath: dockerfile(),
      cloud: {
        roleArn: 'SageMakerRole',
        instanceType: 'm5.large',
        region: 'eu-west-1',
        outputPath: 's3://My_Bucket/x',
        channels: { train: { s3Uri: 'https://bucket/x' } },
      },
    });
    assert.equal(result.kind, 'refused');
    const { problems } = result;
    assert.deepEqual(
      problems.map((p) => [p.severity, p.field]),
      [
        ['error', 'roleArn'],
        ['error', 'instanceType'],
        ['error', 'outputPath'],
        ['error', 'channels'],
      ],
    );
    assert.match(problems[0].message, /bare name; SageMaker needs the role's ARN \(arn:aws:iam::<account>:role\/SageMakerRole\)/);
    assert.match(problems[1].message, /SageMaker's is 'ml\.m5\.large'/);
  });

  it('a GPU instance for an image without CUDA is a warning, and the submission goes on', async () => {
    const result = await planSubmission({
      dockerfilePath: dockerfile(),
      cloud: { roleArn: ROLE, instanceType: 'ml.p3.2xlarge', region: 'eu-west-1' },
    });
    assert.equal(result.kind, 'planned');
    const { warnings } = result.plan;
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0].message,
      /ml\.p3\.2xlarge has NVIDIA GPUs, but the image is built FROM python:3\.11-slim \(line 1\), which has no CUDA/,
    );
  });

  it('a Dockerfile that only serves is not submitted for training', async () => {
    const serving = project('serving', { Dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=app:app\n' });
    const result = await planSubmission({
      dockerfilePath: serving,
      cloud: { roleArn: ROLE, instanceType: 'ml.m5.large', region: 'eu-west-1' },
    });
    assert.equal(
      result.kind === 'refused' && result.reason,
      'the Dockerfile sets only SAGEMAKER_SERVING_MODULE: it serves, it does not train',
    );
  });

  it('without a region anywhere the submission says where to give one', async () => {
    const saved = {
      AWS_REGION: process.env.AWS_REGION,
      AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION,
      AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
      AWS_PROFILE: process.env.AWS_PROFILE,
    };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = path.join(root, 'no-such-config');
    try {
      const result = await planSubmission({ dockerfilePath: dockerfile(), cloud: { roleArn: ROLE, instanceType: 'ml.m5.large' } });
      assert.equal(result.kind, 'refused');
      assert.deepEqual(
        result.problems.map((p) => p.field),
        ['region'],
      );
      process.env.AWS_CONFIG_FILE = path.join(root, 'config');
      fs.writeFileSync(process.env.AWS_CONFIG_FILE, '[default]\nregion = ap-southeast-2\n');
      const fromProfile = await planSubmission({ dockerfilePath: dockerfile(), cloud: { roleArn: ROLE, instanceType: 'ml.m5.large' } });
      assert.equal(fromProfile.kind === 'planned' && fromProfile.plan.region, 'ap-southeast-2');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- deleting is how a variable is unset in process.env
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

// Tables for what AWS accepts: S3 URIs, role ARNs, instance types, ECR repositories, and which base
// images count as CUDA images (names as real projects write them).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkGpuImage,
  checkSettings,
  hasNvidiaGpu,
  instanceTypeProblem,
  joinS3,
  looksLikeCudaImage,
  parseRepository,
  parseRoleArn,
  parseS3Uri,
} from '../../cloud/src';

describe('parseS3Uri', () => {
  const good: Array<[string, string, string]> = [
    ['s3://my-bucket/data/train/', 'my-bucket', 'data/train/'],
    ['s3://my.bucket.name', 'my.bucket.name', ''],
    ['s3://b12/a b/ünï.csv', 'b12', 'a b/ünï.csv'],
  ];
  for (const [uri, bucket, key] of good) it(`accepts ${uri}`, () => assert.deepEqual(parseS3Uri(uri), { bucket, key }));
  const bad: Array<[string, RegExp]> = [
    ['https://bucket/key', /not an S3 URI/],
    ['s3:/bucket/key', /not an S3 URI/],
    ['s3://', /3 to 63 characters/],
    ['s3://ab/x', /3 to 63 characters/],
    ['s3://My_Bucket/x', /lower-case letters/],
    ['s3://-bucket/x', /starts and ends/],
    ['s3://my..bucket/x', /no two dots/],
    ['s3://192.168.1.1/x', /not an IP address/],
    ['s3://bucket/a//b', /empty folder name/],
    ['s3://bucket/a\nb', /control characters/],
  ];
  for (const [uri, message] of bad) {
    it(`refuses ${JSON.stringify(uri)}`, () => {
      const parsed = parseS3Uri(uri);
      assert.ok('problem' in parsed, JSON.stringify(parsed));
      assert.match(parsed.problem, message);
    });
  }
  it('joins prefixes with one slash', () => assert.equal(joinS3('s3://b/p/', '/job/', 'input'), 's3://b/p/job/input'));
});

describe('parseRoleArn', () => {
  it('takes roles with paths and other partitions', () => {
    assert.deepEqual(parseRoleArn('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-2024'), {
      partition: 'aws',
      account: '123456789012',
    });
    assert.deepEqual(parseRoleArn('arn:aws-cn:iam::123456789012:role/R'), { partition: 'aws-cn', account: '123456789012' });
    assert.deepEqual(parseRoleArn('arn:aws-us-gov:iam::123456789012:role/R'), { partition: 'aws-us-gov', account: '123456789012' });
  });
  const bad: Array<[string, RegExp]> = [
    ['arn:aws:iam::123456789012:user/alice', /IAM user, not a role/],
    ['arn:aws:sts::123456789012:assumed-role/R/session', /assumed-role session/],
    ['MyRole', /bare name/],
    ['arn:aws:iam::12345:role/R', /not an IAM role ARN/],
    ['arn:aws:iam::123456789012:role/', /not an IAM role ARN/],
  ];
  for (const [arn, message] of bad) {
    it(`refuses ${arn}`, () => {
      const parsed = parseRoleArn(arn);
      assert.ok('problem' in parsed);
      assert.match(parsed.problem, message);
    });
  }
});

describe('instance types', () => {
  it('SageMaker names pass; EC2 names get the ml. prefix suggested', () => {
    for (const type of ['ml.m5.xlarge', 'ml.p6-b200.48xlarge', 'ml.g6e.12xlarge', 'ml.trn1.32xlarge'])
      assert.equal(instanceTypeProblem(type), undefined, type);
    assert.match(instanceTypeProblem('m5.xlarge') ?? '', /'ml\.m5\.xlarge'/);
    assert.match(instanceTypeProblem('large') ?? '', /not a SageMaker instance type/);
  });
  const gpu = [
    'ml.p3.2xlarge',
    'ml.p4d.24xlarge',
    'ml.p5e.48xlarge',
    'ml.p6-b200.48xlarge',
    'ml.g4dn.xlarge',
    'ml.g5.2xlarge',
    'ml.g6e.xlarge',
    'ml.gr6.4xlarge',
  ];
  const cpu = [
    'ml.m5.large',
    'ml.c6g.xlarge',
    'ml.trn1.2xlarge',
    'ml.inf2.xlarge',
    'ml.dl1.24xlarge',
    'ml.geospatial.interactive',
    'ml.r7i.large',
  ];
  for (const type of gpu) it(`${type} has NVIDIA GPUs`, () => assert.equal(hasNvidiaGpu(type), true));
  for (const type of cpu) it(`${type} has no NVIDIA GPU`, () => assert.equal(hasNvidiaGpu(type), false));
});

describe('CUDA base images', () => {
  const cuda = [
    'nvidia/cuda:12.2.0-runtime-ubuntu22.04',
    'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
    'tensorflow/tensorflow:2.15.0-gpu',
    'nvcr.io/nvidia/pytorch:24.01-py3',
    '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-gpu-py310-cu118-ubuntu20.04-sagemaker',
    'rapidsai/base:24.04-cuda12.2-py3.11',
  ];
  const plain = [
    'python:3.11-slim',
    'ubuntu:22.04',
    '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310-ubuntu20.04-sagemaker',
    'continuumio/miniconda3:latest',
    'public.ecr.aws/docker/library/python:3.12',
  ];
  for (const image of cuda)
    it(`${image} is a CUDA image`, () => assert.equal(looksLikeCudaImage({ baseImage: image, envNames: [] }), true));
  for (const image of plain) it(`${image} is not`, () => assert.equal(looksLikeCudaImage({ baseImage: image, envNames: [] }), false));
  it('CUDA variables count, an unresolved base is unknown', () => {
    assert.equal(looksLikeCudaImage({ baseImage: 'ubuntu:22.04', envNames: ['PATH', 'CUDA_HOME'] }), true);
    assert.equal(looksLikeCudaImage({ baseImage: '${BASE}', envNames: [] }), undefined);
    assert.equal(checkGpuImage('ml.g5.xlarge', { baseImage: '${BASE}', envNames: [] }), undefined);
    assert.equal(checkGpuImage('ml.m5.xlarge', { baseImage: 'python:3.11', envNames: [] }), undefined);
    assert.equal(checkGpuImage('ml.g5.xlarge', { baseImage: 'python:3.11', baseLine: 2, envNames: [] })?.severity, 'warning');
  });
});

describe('ECR repositories', () => {
  it("a name lives in the role's account and the job's region; a URI is taken as it is", () => {
    assert.deepEqual(parseRepository('team/trainer', '123456789012', 'eu-west-1'), {
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      registryId: '123456789012',
      name: 'team/trainer',
    });
    assert.deepEqual(parseRepository('210987654321.dkr.ecr.us-east-2.amazonaws.com/shared/images', '123456789012', 'eu-west-1'), {
      registry: '210987654321.dkr.ecr.us-east-2.amazonaws.com',
      registryId: '210987654321',
      name: 'shared/images',
    });
    assert.match((parseRepository('Team/Trainer', '1', 'eu-west-1') as { problem: string }).problem, /not an ECR repository name/);
  });
});

describe('checkSettings', () => {
  const base = { roleArn: 'arn:aws:iam::123456789012:role/R', instanceType: 'ml.m5.large' };
  it('numbers in range, spot wait not shorter than the run time', () => {
    assert.deepEqual(checkSettings(base), []);
    const problems = checkSettings({
      ...base,
      instanceCount: 0,
      volumeSizeGb: 1.5,
      maxRuntimeSeconds: 3600,
      spot: true,
      maxWaitSeconds: 60,
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['instanceCount', 'volumeSizeGb', 'maxWaitSeconds'],
    );
    assert.deepEqual(
      checkSettings({ ...base, maxWaitSeconds: 60 }).map((p) => p.message),
      ['a max wait time is for spot training only'],
    );
  });
  it("tags, environment and hyperparameters within SageMaker's limits", () => {
    const problems = checkSettings(
      { ...base, tags: { 'aws:reserved': 'x' }, region: 'Ireland' },
      { 'BAD-NAME': 'x' },
      { lr: 'x'.repeat(2501) },
    );
    assert.deepEqual(
      problems.map((p) => p.field),
      ['region', 'tags', 'environment', 'hyperparameters'],
    );
  });
});

// A whole submission against local stand-ins: the image built by a real engine and pushed to a real
// registry (Debian's docker-registry, with a login), channel folders uploaded to an S3-compatible server
// (s3rver), CreateTrainingJob, DescribeTrainingJob and the logs through the real SDK clients with scripted
// answers, then model.tar.gz downloaded from the S3 server.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { downloadObject, submitTrainingJob } from '../../cloud/src';
import type { CloudEvent, SubmitOptions } from '../../cloud/src';
import { Hyperparameter, decideEncoding } from '../../runner/src';
import type { Engine } from '../../runner/src';
import { scriptedEcr, scriptedLogs, scriptedSageMaker } from '../unit/cloud-scripted-aws';
import type { RecordedRequest, Script } from '../unit/cloud-scripted-aws';
import { engineSuite, engineSync, folder, RUN_ID, scratch } from './engine';
import { REGISTRY_PASSWORD, registryMissing, startRegistry, startS3 } from './submit-stand-ins';
import type { LocalRegistry, LocalS3 } from './submit-stand-ins';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerTraining';

engineSuite(
  'submit against a local registry and S3',
  (engine: Engine) => {
    const { dir, images } = scratch(engine);
    let registry: LocalRegistry;
    let s3: LocalS3;
    before(async () => {
      registry = await startRegistry(path.join(dir, 'registry'));
      s3 = await startS3(path.join(dir, 's3'), ['bucket']);
    });
    after(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when before() failed
      await registry?.stop();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when before() failed
      await s3?.stop();
    });

    const project = folder(dir, 'project', {
      Dockerfile: 'FROM localhost/sm-busybox:latest\nCOPY train.sh /opt/ml/code/train.sh\nENV SAGEMAKER_PROGRAM=train.sh\n',
      'train.sh': '#!/bin/sh\necho training\n',
    });
    fs.mkdirSync(path.join(project, '.git'));
    const data = folder(dir, 'data', { 'train.csv': 'a,b\n1,2\n' });
    fs.mkdirSync(path.join(data, 'shards'));
    // Over one 8 MiB part: a multipart upload.
    const big = crypto.randomBytes(9 * 1024 * 1024);
    fs.writeFileSync(path.join(data, 'shards', 'part-0.bin'), big);

    function ecr(repositoryExists: boolean): { script: Script; created: string[] } {
      const created: string[] = [];
      const script: Script = (request) => {
        const body = JSON.parse(request.body) as { repositoryName?: string; repositoryNames?: string[] };
        if (request.operation === 'DescribeRepositories') {
          return repositoryExists || created.length > 0
            ? { json: { repositories: [{ repositoryName: body.repositoryNames?.[0] }] } }
            : { error: 'RepositoryNotFoundException', message: `The repository with name '${body.repositoryNames?.[0]}' does not exist` };
        }
        if (request.operation === 'CreateRepository') {
          created.push(body.repositoryName ?? '');
          return { json: { repository: { repositoryName: body.repositoryName } } };
        }
        if (request.operation === 'GetAuthorizationToken') {
          const token = Buffer.from(`AWS:${REGISTRY_PASSWORD}`).toString('base64');
          return {
            json: {
              authorizationData: [
                { authorizationToken: token, proxyEndpoint: `http://${registry.host}`, expiresAt: Date.now() / 1000 + 3600 },
              ],
            },
          };
        }
        return { error: 'UnknownOperationException', message: request.operation };
      };
      return { script, created };
    }

    function options(
      jobName: string,
      overrides: Partial<SubmitOptions>,
      sagemakerScript: Script,
      ecrScript: Script,
      events: CloudEvent[],
    ): SubmitOptions & { recorded: RecordedRequest[] } {
      const sagemaker = scriptedSageMaker(sagemakerScript);
      const image = `localhost/${RUN_ID}-submit:local`;
      images.push(image);
      return {
        dockerfilePath: path.join(project, 'Dockerfile'),
        image,
        pull: 'never',
        engine,
        jobName,
        hyperparameters: { epochs: Hyperparameter.fromText('2') },
        cloud: {
          roleArn: ROLE,
          instanceType: 'ml.m5.large',
          region: 'eu-west-1',
          outputPath: 's3://bucket/out',
          channels: { train: { dir: data, contentType: 'text/csv' } },
          ecrRepository: `smep-test/${RUN_ID}`,
        },
        clients: {
          sagemaker: sagemaker.client,
          ecr: scriptedEcr(ecrScript).client,
          s3: s3.client,
          logs: scriptedLogs(() => ({ error: 'ResourceNotFoundException', message: 'no group yet' })).client,
        },
        followOptions: { wait: () => Promise.resolve() },
        onEvent: (e) => events.push(e),
        ...overrides,
        recorded: sagemaker.requests,
      };
    }

    it('builds, pushes with a login, uploads, creates the job, follows it and downloads the model', async () => {
      const jobName = `${RUN_ID}-job-1`;
      const modelUri = `s3://bucket/out/${jobName}/output/model.tar.gz`;
      const model = crypto.randomBytes(4096);
      const describes = [
        { TrainingJobName: jobName, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting' },
        {
          TrainingJobName: jobName,
          TrainingJobStatus: 'Completed',
          SecondaryStatus: 'Completed',
          ModelArtifacts: { S3ModelArtifacts: modelUri },
        },
      ];
      let polls = 0;
      const sagemakerScript: Script = async (request) => {
        if (request.operation === 'CreateTrainingJob') {
          // What SageMaker would leave behind at the end of the job.
          await s3.client.send(new PutObjectCommand({ Bucket: 'bucket', Key: `out/${jobName}/output/model.tar.gz`, Body: model }));
          return { json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${jobName}` } };
        }
        return { json: describes[Math.min(polls++, describes.length - 1)] };
      };
      const repository = ecr(false);
      const events: CloudEvent[] = [];
      const submit = options(
        jobName,
        { cloud: { ...options(jobName, {}, sagemakerScript, repository.script, events).cloud, createRepository: true } },
        sagemakerScript,
        repository.script,
        events,
      );
      const outcome = await submitTrainingJob(submit);
      assert.equal(
        outcome.kind,
        'followed',
        outcome.kind === 'failed' || outcome.kind === 'refused' || outcome.kind === 'engine-missing' ? JSON.stringify(outcome) : '',
      );
      assert.equal(outcome.result.kind, 'completed');

      // The repository was created, and the image is in the registry under the job's name.
      assert.deepEqual(repository.created, [`smep-test/${RUN_ID}`]);
      const remote = `${registry.host}/smep-test/${RUN_ID}:${jobName}`;
      assert.equal(outcome.plan.remoteImage, remote);
      const tags = await registry.get(`/v2/smep-test/${RUN_ID}/tags/list`);
      assert.equal(tags.status, 200, tags.body);
      assert.deepEqual((JSON.parse(tags.body) as { tags: string[] }).tags, [jobName]);
      assert.equal((await registry.get(`/v2/smep-test/${RUN_ID}/manifests/${jobName}`)).status, 200);
      // The extra local tag is gone again; the login folder too.
      assert.notEqual(engineSync(engine, ['image', 'exists', remote]).status, 0);
      assert.equal(
        events.some((e) => e.type === 'command' && e.text.includes(REGISTRY_PASSWORD)),
        false,
        'the password never reaches a logged command line',
      );

      // Every file of the folder is under the channel's prefix, byte for byte.
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'bucket', Prefix: `out/${jobName}/input/train/` }));
      assert.deepEqual(listed.Contents?.map((o) => [o.Key, o.Size]).sort(), [
        [`out/${jobName}/input/train/shards/part-0.bin`, big.length],
        [`out/${jobName}/input/train/train.csv`, 8],
      ]);
      const uploaded = await s3.client.send(
        new GetObjectCommand({ Bucket: 'bucket', Key: `out/${jobName}/input/train/shards/part-0.bin` }),
      );
      assert.ok(Buffer.from(await uploaded.Body!.transformToByteArray()).equals(big));
      assert.ok(
        events.some((e) => e.type === 'progress' && /train: 9\.0 MiB of 9\.0 MiB/.test(e.message)),
        'progress reached the total',
      );

      // The request names the pushed image and the uploaded prefix.
      const create = submit.recorded.find((r) => r.operation === 'CreateTrainingJob');
      const body = JSON.parse(create?.body ?? '{}') as {
        AlgorithmSpecification: { TrainingImage: string };
        InputDataConfig: Array<{ DataSource: { S3DataSource: { S3Uri: string } }; ContentType: string }>;
        HyperParameters: Record<string, string>;
      };
      assert.equal(body.AlgorithmSpecification.TrainingImage, remote);
      assert.equal(body.InputDataConfig[0].DataSource.S3DataSource.S3Uri, `s3://bucket/out/${jobName}/input/train/`);
      assert.equal(body.InputDataConfig[0].ContentType, 'text/csv');
      assert.deepEqual(body.HyperParameters, { epochs: '2' });

      // The model from S3 to a local folder, complete and under its own name.
      assert.equal(outcome.result.modelArtifacts, modelUri);
      const downloaded = await downloadObject({ s3: outcome.clients.s3, s3Uri: modelUri, dir: path.join(dir, 'download') });
      assert.equal(downloaded.kind, 'downloaded');
      assert.ok(fs.readFileSync(path.join(dir, 'download', 'model.tar.gz')).equals(model));
      assert.deepEqual(fs.readdirSync(path.join(dir, 'download')), ['model.tar.gz']);
    });

    it('hyperparameters are encoded as a local run encodes them: a base image that runs the toolkit makes them JSON', async () => {
      // A framework image sets the entry-point variable itself; the Dockerfile built FROM it says nothing.
      const base = `localhost/${RUN_ID}-framework-base:local`;
      images.push(base);
      const baseDir = folder(dir, 'framework-base', {
        Dockerfile: 'FROM localhost/sm-busybox:latest\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n',
      });
      const built = engineSync(engine, ['build', '-t', base, baseDir]);
      assert.equal(built.status, 0, built.stderr);
      const derived = folder(dir, 'derived', {
        Dockerfile: `FROM ${base}\nCOPY train.sh /opt/ml/code/train.sh\n`,
        'train.sh': '#!/bin/sh\necho training\n',
      });
      const jobName = `${RUN_ID}-job-5`;
      const events: CloudEvent[] = [];
      const submit = options(
        jobName,
        {
          dockerfilePath: path.join(derived, 'Dockerfile'),
          follow: false,
          hyperparameters: { criterion: Hyperparameter.fromText('entropy'), lr: Hyperparameter.fromText('1.0') },
        },
        () => ({ json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${jobName}` } }),
        ecr(true).script,
        events,
      );

      const dryRun = await submitTrainingJob({ ...submit, dryRun: true });
      assert.equal(dryRun.kind, 'dry-run');
      assert.match(
        dryRun.plan.encodingReason,
        /the Dockerfile sets neither .* \(unless its base image sets one: the built image decides, as for Run\)/,
      );

      const outcome = await submitTrainingJob(submit);
      assert.equal(outcome.kind, 'submitted', JSON.stringify(outcome));
      const body = JSON.parse(submit.recorded.find((r) => r.operation === 'CreateTrainingJob')?.body ?? '{}') as {
        HyperParameters: Record<string, string>;
      };
      assert.deepEqual(body.HyperParameters, { criterion: '"entropy"', lr: '1.0' });
      const said = events
        .filter((e) => e.type === 'phase' && e.message.startsWith('hyperparameters'))
        .map((e) => (e as { message: string }).message);
      assert.deepEqual(said, [
        `hyperparameters JSON-encoded: the image sets SAGEMAKER_TRAINING_MODULE=trainer.entry:main: SageMaker's training toolkit JSON-decodes each value`,
      ]);
      // The local run decides the same for the same image.
      const local = await decideEncoding({ engine, image: submit.image ?? '' });
      assert.deepEqual(local, {
        encoding: 'json',
        reason: "the image sets SAGEMAKER_TRAINING_MODULE=trainer.entry:main: SageMaker's training toolkit JSON-decodes each value",
      });
    });

    it('a missing repository stops the push unless creating it was asked; nothing is created', async () => {
      const events: CloudEvent[] = [];
      const submit = options(`${RUN_ID}-job-2`, {}, () => ({ json: {} }), ecr(false).script, events);
      const outcome = await submitTrainingJob(submit);
      assert.equal(outcome.kind, 'failed');
      assert.equal(outcome.step, 'push');
      assert.match(outcome.message, /ECR repository 'smep-test\/.*' does not exist .*--create-repository/);
      assert.deepEqual(
        submit.recorded.map((r) => r.operation),
        [],
        'no CreateTrainingJob',
      );
    });

    it('a wrong registry password fails the login, and the push is not tried', async () => {
      const events: CloudEvent[] = [];
      const wrong: Script = (request) =>
        request.operation === 'GetAuthorizationToken'
          ? {
              json: {
                authorizationData: [
                  { authorizationToken: Buffer.from('AWS:wrong').toString('base64'), proxyEndpoint: `http://${registry.host}` },
                ],
              },
            }
          : ecr(true).script(request);
      const outcome = await submitTrainingJob(options(`${RUN_ID}-job-3`, {}, () => ({ json: {} }), wrong, events));
      assert.equal(outcome.kind === 'failed' && outcome.message, 'the registry login failed with exit code 125');
      assert.equal(
        events.some((e) => e.type === 'command' && /\bpush\b/.test(e.text)),
        false,
      );
    });

    it('a cancel during the upload creates no job', async () => {
      const controller = new AbortController();
      const events: CloudEvent[] = [];
      const submit = options(`${RUN_ID}-job-4`, { signal: controller.signal }, () => ({ json: {} }), ecr(true).script, events);
      const onEvent = submit.onEvent!;
      submit.onEvent = (e) => {
        onEvent(e);
        if (e.type === 'phase' && e.phase === 'upload') controller.abort();
      };
      const outcome = await submitTrainingJob(submit);
      assert.equal(outcome.kind, 'cancelled');
      assert.deepEqual(
        submit.recorded.map((r) => r.operation),
        [],
      );
    });
  },
  registryMissing,
);

// `sagemaker-entrypoint submit` as a process, end to end against local stand-ins: the AWS SDK's own
// configuration from the environment (AWS_ENDPOINT_URL, keys, region) points SageMaker, ECR and
// CloudWatch Logs at a scripted JSON server in this test and S3 at s3rver; the image goes to a real
// registry. A completed job with an uploaded channel and --download, a failed job, and Ctrl+C.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Engine } from '../../runner/src';
import { cliPath, engineSuite, folder, RUN_ID, scratch } from './engine';
import { REGISTRY_PASSWORD, registryMissing, startRegistry, startS3 } from './submit-stand-ins';
import type { LocalRegistry, LocalS3 } from './submit-stand-ins';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerTraining';

type Answer = { status?: number; json: unknown };
type Scenario = (target: string, body: Record<string, unknown>) => Answer | Promise<Answer>;

engineSuite(
  'submit from the command line against local stand-ins',
  (engine: Engine) => {
    const { dir, images } = scratch(engine);
    let registry: LocalRegistry;
    let s3: LocalS3;
    let aws: http.Server;
    let scenario: Scenario = () => ({ status: 400, json: { __type: 'ValidationException', message: 'no scenario' } });
    const seen: string[] = [];

    before(async () => {
      registry = await startRegistry(path.join(dir, 'registry'));
      s3 = await startS3(path.join(dir, 's3'), ['bucket']);
      aws = http.createServer((request, response) => {
        let text = '';
        request.setEncoding('utf8'); // a character split across two chunks stays whole
        request.on('data', (c: string) => (text += c));
        request.on('end', () => void answerRequest());
        const answerRequest = async () => {
          const target = String(request.headers['x-amz-target'] ?? '');
          seen.push(target);
          const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
          const answer: Answer = target.endsWith('.GetAuthorizationToken')
            ? {
                json: {
                  authorizationData: [
                    {
                      authorizationToken: Buffer.from(`AWS:${REGISTRY_PASSWORD}`).toString('base64'),
                      proxyEndpoint: `http://${registry.host}`,
                    },
                  ],
                },
              }
            : target.endsWith('.DescribeRepositories')
              ? { json: { repositories: [{ repositoryName: (body.repositoryNames as string[])[0] }] } }
              : target.endsWith('.DescribeLogStreams') || target.endsWith('.GetLogEvents')
                ? logs(target, body)
                : await scenario(target, body);
          response.writeHead(answer.status ?? 200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify(answer.json));
        };
      });
      await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
    });
    after(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when before() failed
      aws?.close();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when before() failed
      await registry?.stop();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when before() failed
      await s3?.stop();
    });

    let logLines: string[] = [];
    function logs(target: string, body: Record<string, unknown>): Answer {
      const job = ((body.logStreamNamePrefix ?? body.logStreamName ?? '') as string).split('/')[0];
      if (target.endsWith('.DescribeLogStreams')) return { json: { logStreams: [{ logStreamName: `${job}/algo-1-1765022400` }] } };
      if (body.nextToken === 'f/1') return { json: { events: [], nextForwardToken: 'f/1' } };
      return { json: { events: logLines.map((message, i) => ({ timestamp: i, message })), nextForwardToken: 'f/1' } };
    }

    const project = folder(dir, 'project', {
      Dockerfile: 'FROM localhost/sm-busybox:latest\nCOPY train.sh /opt/ml/code/train.sh\nENV SAGEMAKER_PROGRAM=train.sh\n',
      'train.sh': '#!/bin/sh\necho training\n',
    });
    fs.mkdirSync(path.join(project, '.git'));
    const data = folder(dir, 'data', { 'train.csv': 'a,b\n1,2\n' });

    function submit(jobTag: string, extra: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
      const image = `localhost/${RUN_ID}-cli-${jobTag}:local`;
      images.push(image);
      const args = [
        cliPath,
        'submit',
        project,
        '--engine',
        engine.kind,
        '--pull',
        'never',
        '--image',
        image,
        '--role',
        ROLE,
        '--instance-type',
        'ml.m5.large',
        '--ecr-repository',
        `smep-test/${RUN_ID}-cli`,
        '--output',
        's3://bucket/out',
        ...extra,
      ];
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_REGION: 'eu-west-1',
        // s3rver's own keys; the scripted server does not check signatures.
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_CONFIG_FILE: path.join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
        AWS_ENDPOINT_URL: `http://127.0.0.1:${(aws.address() as AddressInfo).port}`,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_MAX_ATTEMPTS: '1',
      };
      return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        // Decoded as streams, so a character split across two chunks stays whole.
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (c: string) => {
          stderr += c;
          onStderr?.(stderr, child);
        });
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    }

    it('a completed job: the channel uploaded, the logs on stdout, model.tar.gz downloaded; exit 0', async () => {
      const model = crypto.randomBytes(2048);
      let polls = 0;
      let job = '';
      logLines = ['epoch 1 loss 0.5', 'saved the model'];
      scenario = async (target, body) => {
        if (target === 'SageMaker.CreateTrainingJob') {
          job = String(body.TrainingJobName);
          await s3.client.send(new PutObjectCommand({ Bucket: 'bucket', Key: `out/${job}/output/model.tar.gz`, Body: model }));
          return { json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${job}` } };
        }
        polls++;
        return polls < 2
          ? { json: { TrainingJobName: job, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' } }
          : {
              json: {
                TrainingJobName: job,
                TrainingJobStatus: 'Completed',
                SecondaryStatus: 'Completed',
                BillableTimeInSeconds: 61,
                ModelArtifacts: { S3ModelArtifacts: `s3://bucket/out/${job}/output/model.tar.gz` },
              },
            };
      };
      const download = path.join(dir, 'model-download');
      const result = await submit('ok', ['--channel', `train=${data}`, '--hp', 'epochs=2', '--download', download]);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'epoch 1 loss 0.5\nsaved the model\n');
      assert.match(result.stderr, /uploading train: 1 file, 8 bytes → s3:\/\/bucket\/out\/.*\/input\/train\//);
      assert.match(result.stderr, /\[InProgress\] InProgress - Training\n/);
      assert.match(result.stderr, new RegExp(`training job ${job} completed \\(61 s billable\\)`));
      assert.match(result.stderr, /serve it locally: sagemaker-entrypoint run .*Dockerfile --mode serve --model .*model\.tar\.gz/);
      assert.ok(fs.readFileSync(path.join(download, 'model.tar.gz')).equals(model));
      const uploaded = await s3.client.send(new GetObjectCommand({ Bucket: 'bucket', Key: `out/${job}/input/train/train.csv` }));
      assert.equal(await uploaded.Body?.transformToString(), 'a,b\n1,2\n');
      assert.doesNotMatch(result.stdout + result.stderr, new RegExp(`${REGISTRY_PASSWORD}|S3RVER`), 'no credential is printed');
    });

    it('a failed job: the FailureReason first, then the verdict; exit 1', async () => {
      let job = '';
      logLines = ['Traceback (most recent call last):', 'ValueError: bad data'];
      scenario = (target, body) => {
        if (target === 'SageMaker.CreateTrainingJob') {
          job = String(body.TrainingJobName);
          return { json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${job}` } };
        }
        return {
          json: {
            TrainingJobName: job,
            TrainingJobStatus: 'Failed',
            SecondaryStatus: 'Failed',
            FailureReason: 'AlgorithmError: ExecuteUserScriptError:\nValueError: bad data',
          },
        };
      };
      const result = await submit('failed', ['--channel', 'train=s3://bucket/data/']);
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stdout, 'Traceback (most recent call last):\nValueError: bad data\n');
      const reason = result.stderr.indexOf('failure reason:\n  AlgorithmError: ExecuteUserScriptError:\n  ValueError: bad data\n');
      const verdict = result.stderr.indexOf(`training job ${job} failed`);
      assert.ok(reason >= 0 && verdict > reason, result.stderr);
    });

    it('Ctrl+C while the job runs asks StopTrainingJob and follows it to Stopped; exit 130', async () => {
      let job = '';
      let stopped = false;
      logLines = [];
      seen.length = 0;
      scenario = (target, body) => {
        if (target === 'SageMaker.CreateTrainingJob') {
          job = String(body.TrainingJobName);
          return { json: { TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${job}` } };
        }
        if (target === 'SageMaker.StopTrainingJob') {
          stopped = true;
          return { json: {} };
        }
        return {
          json: {
            TrainingJobName: job,
            TrainingJobStatus: stopped ? 'Stopped' : 'InProgress',
            SecondaryStatus: stopped ? 'Stopped' : 'Training',
          },
        };
      };
      let interrupted = false;
      const result = await submit('stop', ['--channel', 'train=s3://bucket/data/'], (stderr, child) => {
        if (!interrupted && stderr.includes('[InProgress]')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      assert.equal(result.status, 130, result.stderr);
      assert.ok(seen.includes('SageMaker.StopTrainingJob'));
      assert.match(result.stderr, /stopping .* \(StopTrainingJob\)/);
      assert.match(result.stderr, new RegExp(`training job ${job} stopped \\(as asked\\)`));
    });
  },
  registryMissing,
);

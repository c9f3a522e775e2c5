// `submit` as a process: the dry run prints the exact request and the steps and touches nothing (no
// engine on PATH, every AWS endpoint pointed at a server that counts connections), the checks stop it
// with exit 1 naming the flag, and `check` never loads the AWS SDK.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliPath, dockerfile, makeTree, runCli } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerTraining';

/** The CLI as a child process, asynchronously, so a server in this process can answer meanwhile. */
function runAsync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function project(): string {
  return makeTree({
    Dockerfile: dockerfile('COPY train.py /opt/ml/code/train.py', 'ENV SAGEMAKER_PROGRAM=train.py'),
    'train.py': 'print("training")\n',
    'data/train.csv': 'x,y\n1,2\n',
  });
}

describe('submit --dry-run', () => {
  it('prints the request and the steps, with no engine and no network', async () => {
    const root = project();
    const connections: string[] = [];
    const trap = net.createServer((socket) => {
      connections.push('connection');
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(trap.address() as net.AddressInfo).port}`;
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-nobin-'));
    try {
      const env: NodeJS.ProcessEnv = {
        // No docker, no podman: only node's own folder.
        PATH: path.dirname(process.execPath),
        HOME: empty,
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL: url,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: url,
        AWS_CONFIG_FILE: path.join(empty, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
        HTTP_PROXY: url,
        HTTPS_PROXY: url,
      };
      const args = ['submit', '--role', ROLE, '--instance-type', 'ml.m5.xlarge', '--instance-count', '2', '--output', 's3://my-bucket/jobs', '--channel', 'train=data', '--channel', 'test=s3://my-bucket/test/', '--hp', 'epochs=3', '--hp', 'optimizer=adam', '--tag', 'team=ml', '--dry-run'];
      const result = await runAsync(args, env, root);
      assert.equal(result.status, 0, result.stderr);
      const request = JSON.parse(result.stdout) as Record<string, any>;
      const job = request.TrainingJobName as string;
      assert.match(job, /^sagemaker-entrypoint-sm-cli-[a-z0-9-]+-\d{8}-\d{6}-[0-9a-f]{4}$/);
      assert.equal(request.RoleArn, ROLE);
      assert.deepEqual(request.HyperParameters, { epochs: '3', optimizer: '"adam"' });
      assert.deepEqual(request.ResourceConfig, { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 });
      assert.equal(request.AlgorithmSpecification.TrainingImage, `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${path.basename(root).toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40).replace(/-+$/, '').replace(/^/, 'sagemaker-entrypoint-')}:${job}`);
      assert.deepEqual(
        request.InputDataConfig.map((c: any) => [c.ChannelName, c.DataSource.S3DataSource.S3Uri]),
        [
          ['train', `s3://my-bucket/jobs/${job}/input/train/`],
          ['test', 's3://my-bucket/test/'],
        ],
      );
      assert.deepEqual(request.Tags, [{ Key: 'team', Value: 'ml' }]);
      assert.match(result.stderr, /dry run: nothing was built, pushed, uploaded or created/);
      // Paths inside the current folder are shown relative to it.
      assert.match(result.stderr, new RegExp(`upload +data \\(1 file, 8 bytes\\) → s3://my-bucket/jobs/${job}/input/train/`));
      assert.match(result.stderr, /check +Dockerfile: 0 finding\(s\); entry point SAGEMAKER_PROGRAM=train\.py/);
      assert.match(result.stderr, /login +123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com as AWS/);
      assert.match(result.stderr, /create +CreateTrainingJob .* in eu-west-1 \(from AWS_REGION\); hyperparameters: the Dockerfile sets SAGEMAKER_PROGRAM=train\.py/);
      assert.doesNotMatch(result.stderr, /NodeVersionSupportWarning/);
      assert.deepEqual(connections, [], 'the dry run opened no connection');
    } finally {
      trap.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('hides the values of secret-looking variables and says so', () => {
    const result = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--region', 'eu-west-1', '--env', 'API_TOKEN=s3cr3t', '--env', 'MODE=fast', '--dry-run'], { cwd: project() });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).Environment, { API_TOKEN: '***', MODE: 'fast' });
    assert.doesNotMatch(result.stdout + result.stderr, /s3cr3t/);
    assert.match(result.stderr, /the values of API_TOKEN are shown as \*\*\* \(sent as given\)/);
  });
});

describe('submit refuses before spending money', () => {
  it('settings problems name their flag; exit 1', () => {
    const result = runCli(['submit', '--role', 'arn:aws:iam::123456789012:user/alice', '--instance-type', 'ml.m5.large', '--region', 'eu-west-1', '--output', 's3://Bad_Bucket/x', '--dry-run'], { cwd: project() });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error: --role: 'arn:aws:iam::123456789012:user\/alice' is an IAM user, not a role/);
    assert.match(result.stderr, /error: --output: 's3:\/\/Bad_Bucket\/x': a bucket name has lower-case letters/);
    assert.match(result.stderr, /not submitted: 2 problems in the submit settings/);
    assert.equal(result.stdout, '');
  });

  it('a GPU instance for a CPU image is a warning; the dry run goes on', () => {
    const result = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.g5.xlarge', '--region', 'eu-west-1', '--dry-run'], { cwd: project() });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning: ml\.g5\.xlarge has NVIDIA GPUs, but the image is built FROM python:3\.11 \(line 1\), which has no CUDA/);
  });

  it('error diagnostics stop the submission unless --force', () => {
    const root = makeTree({ Dockerfile: dockerfile('ENV SAGEMAKER_TRAINING_MODULE trainer') });
    const args = ['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--region', 'eu-west-1', '--dry-run'];
    const refused = runCli(args, { cwd: root });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /\[SM101\]/);
    assert.match(refused.stderr, /not submitted: 1 error in the Dockerfile/);
    const forced = runCli([...args, '--force'], { cwd: root });
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stderr, /1 error\(s\) overridden \(--force\)/);
  });

  it('usage errors exit 2 and point at submit --help', () => {
    const result = runCli(['submit', '--instance-type', 'ml.m5.large'], { cwd: project() });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--role ARN is required .* \(run 'sagemaker-entrypoint submit --help' for usage\)/);
    const help = runCli(['--help']);
    assert.match(help.stdout, /submit +train on SageMaker/);
  });
});

describe('check never loads the cloud side', () => {
  it('no AWS SDK module and no cloud bundle is loaded by check', () => {
    const root = makeTree({ Dockerfile: dockerfile('ENV SAGEMAKER_PROGRAM=train.py') });
    const probe = path.join(root, 'probe.js');
    fs.writeFileSync(
      probe,
      "const Module = require('module'); const load = Module._load; const seen = [];\n" +
        'Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };\n' +
        "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(seen.filter((r) => /aws-sdk|cloud\\.js|submit\\.js/.test(r))) + '\\n'));\n",
    );
    const result = runCli(['check', '--no-context', 'Dockerfile'], { cwd: root, env: { NODE_OPTIONS: `--require ${probe}` } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^LOADED \[\]$/m);
    const submit = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--region', 'eu-west-1', '--dry-run', 'Dockerfile'], { cwd: root, env: { NODE_OPTIONS: `--require ${probe}` } });
    assert.match(submit.stderr, /^LOADED \[.*"\.\/submit\.js".*"\.\/cloud\.js".*\]$/m, 'the probe sees lazy loads');
  });
});

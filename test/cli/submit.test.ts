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
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { cliPath, dockerfile, makeTree, runCli } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/SageMakerTraining';

/** The CLI as a child process, asynchronously, so a server in this process can answer meanwhile. */
function runAsync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as streams, so a character split across two chunks stays whole.
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
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
      const args = [
        'submit',
        '--role',
        ROLE,
        '--instance-type',
        'ml.m5.xlarge',
        '--instance-count',
        '2',
        '--output',
        's3://my-bucket/jobs',
        '--channel',
        'train=data',
        '--channel',
        'test=s3://my-bucket/test/',
        '--hp',
        'epochs=3',
        '--hp',
        'optimizer=adam',
        '--tag',
        'team=ml',
        '--dry-run',
      ];
      const result = await runAsync(args, env, root);
      assert.equal(result.status, 0, result.stderr);
      const request = JSON.parse(result.stdout) as CreateTrainingJobRequest;
      const job = request.TrainingJobName ?? '';
      assert.match(job, /^sagemaker-entrypoint-sm-cli-[a-z0-9-]+-\d{8}-\d{6}-[0-9a-f]{4}$/);
      assert.equal(request.RoleArn, ROLE);
      assert.deepEqual(request.HyperParameters, { epochs: '3', optimizer: '"adam"' });
      assert.deepEqual(request.ResourceConfig, { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 });
      assert.equal(
        request.AlgorithmSpecification?.TrainingImage,
        `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${path
          .basename(root)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 40)
          .replace(/-+$/, '')
          .replace(/^/, 'sagemaker-entrypoint-')}:${job}`,
      );
      assert.deepEqual(
        request.InputDataConfig?.map((c) => [c.ChannelName, c.DataSource?.S3DataSource?.S3Uri]),
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
      assert.match(
        result.stderr,
        /create +CreateTrainingJob .* in eu-west-1 \(from AWS_REGION\); hyperparameters: the Dockerfile sets SAGEMAKER_PROGRAM=train\.py/,
      );
      assert.doesNotMatch(result.stderr, /NodeVersionSupportWarning/);
      assert.deepEqual(connections, [], 'the dry run opened no connection');
    } finally {
      trap.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reads --hyperparameters and --hp-encoding as run does: values keep their spelling, the flag chooses', () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'hp.json'), '{"lr": 1.0, "seed": 12345678901234567890, "optimizer": "adam"}');
    const args = [
      'submit',
      '--role',
      ROLE,
      '--instance-type',
      'ml.m5.large',
      '--region',
      'eu-west-1',
      '--hyperparameters',
      'hp.json',
      '--hp',
      'epochs=3',
      '--dry-run',
    ];
    const json = runCli(args, { cwd: root });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.stdout) as CreateTrainingJobRequest).HyperParameters, {
      lr: '1.0',
      seed: '12345678901234567890',
      optimizer: '"adam"',
      epochs: '3',
    });
    const raw = runCli([...args, '--hp-encoding', 'raw'], { cwd: root });
    assert.equal(raw.status, 0, raw.stderr);
    assert.deepEqual((JSON.parse(raw.stdout) as CreateTrainingJobRequest).HyperParameters, {
      lr: '1.0',
      seed: '12345678901234567890',
      optimizer: 'adam',
      epochs: '3',
    });
    assert.match(raw.stderr, /hyperparameters: chosen \(raw\)/);
    const folder = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--hyperparameters', 'data', '--dry-run'], {
      cwd: root,
    });
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /hyperparameters 'data' is not a regular file/);
    const wrong = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--hp-encoding', 'yaml', '--dry-run'], { cwd: root });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--hp-encoding must be one of json, raw, not 'yaml' \(run 'sagemaker-entrypoint submit --help' for usage\)/);
  });

  it('hides the values of secret-looking variables and says so', () => {
    const result = runCli(
      [
        'submit',
        '--role',
        ROLE,
        '--instance-type',
        'ml.m5.large',
        '--region',
        'eu-west-1',
        '--env',
        'API_TOKEN=s3cr3t',
        '--env',
        'MODE=fast',
        '--dry-run',
      ],
      { cwd: project() },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as CreateTrainingJobRequest).Environment, { API_TOKEN: '***', MODE: 'fast' });
    assert.doesNotMatch(result.stdout + result.stderr, /s3cr3t/);
    assert.match(result.stderr, /the values of API_TOKEN are shown as \*\*\* \(sent as given\)/);
  });
});

describe('submit refuses before spending money', () => {
  it('settings problems name their flag; exit 1', () => {
    const result = runCli(
      [
        'submit',
        '--role',
        'arn:aws:iam::123456789012:user/alice',
        '--instance-type',
        'ml.m5.large',
        '--region',
        'eu-west-1',
        '--output',
        's3://Bad_Bucket/x',
        '--dry-run',
      ],
      { cwd: project() },
    );
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error: --role: 'arn:aws:iam::123456789012:user\/alice' is an IAM user, not a role/);
    assert.match(result.stderr, /error: --output: 's3:\/\/Bad_Bucket\/x': a bucket name has lower-case letters/);
    assert.match(result.stderr, /not submitted: 2 problems in the submit settings/);
    assert.equal(result.stdout, '');
  });

  it('a GPU instance for a CPU image is a warning; the dry run goes on', () => {
    const result = runCli(['submit', '--role', ROLE, '--instance-type', 'ml.g5.xlarge', '--region', 'eu-west-1', '--dry-run'], {
      cwd: project(),
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(
      result.stderr,
      /warning: ml\.g5\.xlarge has NVIDIA GPUs, but the image is built FROM python:3\.11 \(line 1\), which has no CUDA/,
    );
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

describe('the AWS SDK stays out of what does not talk to AWS', () => {
  it('check and a dry run with a region load no AWS SDK module; a region from a profile loads the SDK bundle', () => {
    const root = makeTree({ Dockerfile: dockerfile('ENV SAGEMAKER_PROGRAM=train.py'), config: '[default]\nregion = eu-north-1\n' });
    const probe = path.join(root, 'probe.js');
    fs.writeFileSync(
      probe,
      "const Module = require('module'); const load = Module._load; const seen = [];\n" +
        'Module._load = function (request, ...rest) { seen.push(request); return load.call(this, request, ...rest); };\n' +
        "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(seen.filter((r) => /aws/.test(r))) + '\\n'));\n",
    );
    const env = {
      NODE_OPTIONS: `--require ${probe}`,
      AWS_REGION: '',
      AWS_DEFAULT_REGION: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: path.join(root, 'config'),
    };
    const result = runCli(['check', '--no-context', 'Dockerfile'], { cwd: root, env });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^LOADED \[\]$/m);
    const submit = ['submit', '--role', ROLE, '--instance-type', 'ml.m5.large', '--dry-run', 'Dockerfile'];
    const given = runCli([...submit, '--region', 'eu-west-1'], { cwd: root, env });
    assert.equal(given.status, 0, given.stderr);
    assert.match(given.stderr, /^LOADED \[\]$/m);
    const fromProfile = runCli(submit, { cwd: root, env });
    assert.equal(fromProfile.status, 0, fromProfile.stderr);
    assert.match(fromProfile.stderr, /in eu-north-1 \(from profile default\)/);
    assert.match(fromProfile.stderr, /^LOADED \["\.\/aws-sdk\.js"\]$/m, 'the probe sees the lazy load');
  });

  it('every AWS SDK module is in dist/aws-sdk.js and in no other bundle', () => {
    const dist = path.dirname(cliPath);
    const sdkModules = (bundle: string) =>
      (JSON.parse(fs.readFileSync(path.join(dist, `${bundle}.js.map`), 'utf8')) as { sources: string[] }).sources.filter((source) =>
        /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(source),
      );
    assert.ok(sdkModules('aws-sdk').length > 100, `dist/aws-sdk.js holds the SDK (${sdkModules('aws-sdk').length} modules)`);
    for (const bundle of ['cli-bundle', 'extension', 'server']) assert.deepEqual(sdkModules(bundle), [], `dist/${bundle}.js`);
    // The bundles the extension and the CLI load at run time are all in the .vsix allowlist.
    const loaded = ['extension', 'cli-bundle'].flatMap((bundle) =>
      [...fs.readFileSync(path.join(dist, `${bundle}.js`), 'utf8').matchAll(/require\("\.\/([\w-]+\.js)"\)/g)].map((m) => m[1]),
    );
    assert.deepEqual([...new Set(loaded)], ['aws-sdk.js']);
    const shipped = fs.readFileSync(path.join(dist, '..', '.vscodeignore'), 'utf8').split('\n');
    for (const file of ['extension.js', 'server.js', 'cli.js', 'cli-bundle.js', 'aws-sdk.js'])
      assert.ok(shipped.includes(`!dist/${file}`), `dist/${file} is shipped`);
  });
});

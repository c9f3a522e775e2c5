// The user's AWS configuration, through the AWS SDK's own readers: the region from the environment or a profile,
// and credentials from the default provider chain (here a profile in a shared credentials file).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveCredentials, resolveRegion } from '../../runner/src/aws';
import { prepareEnvironment } from '../../runner/src/environment';

// The chain ends with the instance metadata service: never reach it from a test.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-aws-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const config = path.join(tmp, 'config');
const credentials = path.join(tmp, 'credentials');
fs.writeFileSync(config, '[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-central-1\n');
fs.writeFileSync(
  credentials,
  '[dev]\naws_access_key_id = AKIADEVEXAMPLE\naws_secret_access_key = dev-secret-value\naws_session_token = dev-token\n',
);
const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

describe('region', () => {
  it('AWS_REGION, then AWS_DEFAULT_REGION, then the profile in the config file', async () => {
    assert.deepEqual(await resolveRegion({ ...files, AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'x' }), {
      region: 'ap-south-1',
      source: 'AWS_REGION',
    });
    assert.deepEqual(await resolveRegion({ ...files, AWS_DEFAULT_REGION: 'ca-central-1' }), {
      region: 'ca-central-1',
      source: 'AWS_DEFAULT_REGION',
    });
    assert.deepEqual(await resolveRegion({ ...files, AWS_PROFILE: 'dev' }), { region: 'eu-central-1', source: 'profile dev' });
    assert.deepEqual(await resolveRegion(files), { region: 'us-west-2', source: 'profile default' });
  });

  it('no configuration: no region', async () => {
    assert.deepEqual(
      await resolveRegion({ AWS_CONFIG_FILE: path.join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none') }),
      {},
    );
  });
});

describe('credentials', () => {
  it('from the environment when it has keys', async () => {
    const result = await resolveCredentials({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    assert.deepEqual(result, { kind: 'resolved', values: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' } });
  });

  it("from the profile's credentials by fromNodeProviderChain", async () => {
    const result = await resolveCredentials({ ...files, AWS_PROFILE: 'dev' });
    assert.deepEqual(result, {
      kind: 'resolved',
      values: { AWS_ACCESS_KEY_ID: 'AKIADEVEXAMPLE', AWS_SECRET_ACCESS_KEY: 'dev-secret-value', AWS_SESSION_TOKEN: 'dev-token' },
    });
  });

  it('a profile that does not exist: a failure with a message, no values', async () => {
    const result = await resolveCredentials({ ...files, AWS_PROFILE: 'nope' });
    assert.equal(result.kind, 'failed');
  });

  it('prepareEnvironment: names in the variables, values only in the process environment, and the log never shows a value', async () => {
    const log: string[] = [];
    const prepared = await prepareEnvironment({
      jobName: 'j',
      hostEnv: { ...files, AWS_PROFILE: 'dev' },
      passAwsCredentials: true,
      log: (m) => log.push(m),
    });
    assert.equal(prepared.kind, 'ready');
    assert.deepEqual(prepared.vars, [
      { name: 'TRAINING_JOB_NAME', value: 'j' },
      { name: 'TRAINING_JOB_ARN', value: 'arn:aws:sagemaker:eu-central-1:000000000000:training-job/j' },
      { name: 'AWS_REGION', value: 'eu-central-1' },
      { name: 'AWS_ACCESS_KEY_ID' },
      { name: 'AWS_SECRET_ACCESS_KEY' },
      { name: 'AWS_SESSION_TOKEN' },
    ]);
    assert.equal(prepared.processEnv.AWS_SECRET_ACCESS_KEY, 'dev-secret-value');
    assert.deepEqual(log, [
      'AWS region eu-central-1 (from profile dev)',
      'AWS credentials passed as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (values not shown)',
    ]);
    const failed = await prepareEnvironment({ hostEnv: { ...files, AWS_PROFILE: 'nope' }, passAwsCredentials: true, log: () => undefined });
    assert.equal(failed.kind, 'failed');
  });
});

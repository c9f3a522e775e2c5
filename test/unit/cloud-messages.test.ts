// What the editor says at the end of a submission, and how the job's events look in its terminal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloudTerminalText, summarizeSubmission } from '../../client/src/submit/messages';
import type { CloudClients, FollowResult, SubmitOutcome, SubmitPlan } from '../../cloud/src';

const plan = { jobName: 'job-7' } as SubmitPlan;
const followed = (result: FollowResult): SubmitOutcome => ({ kind: 'followed', plan, result, clients: {} as CloudClients });
const job = { TrainingJobName: 'job-7' } as Extract<FollowResult, { kind: 'completed' }>['job'];

describe('the message at the end of a submission', () => {
  it('a completed job offers Download and Serve Locally with its model', () => {
    const summary = summarizeSubmission(followed({ kind: 'completed', job, modelArtifacts: 's3://b/out/job-7/output/model.tar.gz' }));
    assert.deepEqual(summary, {
      severity: 'info',
      text: 'Training job job-7 completed. Model: s3://b/out/job-7/output/model.tar.gz',
      actions: ['Download Model', 'Serve Locally', 'Show Log'],
      modelArtifacts: 's3://b/out/job-7/output/model.tar.gz',
    });
  });
  it('a failed job leads with the first line of its FailureReason', () => {
    const summary = summarizeSubmission(
      followed({ kind: 'failed', job, failureReason: 'AlgorithmError: ExecuteUserScriptError:\nExitCode 1' }),
    );
    assert.equal(summary.severity, 'error');
    assert.equal(summary.text, 'Training job job-7 failed: AlgorithmError: ExecuteUserScriptError:');
  });
  it('a stop that was asked for is information; one that was not is a warning', () => {
    assert.equal(summarizeSubmission(followed({ kind: 'stopped', job, byUs: true })).severity, 'info');
    assert.equal(summarizeSubmission(followed({ kind: 'stopped', job, byUs: false })).severity, 'warning');
  });
  it('a settings problem names itself and offers the settings', () => {
    const summary = summarizeSubmission({
      kind: 'refused',
      reason: '1 problem',
      diagnostics: [],
      errors: [],
      problems: [{ severity: 'error', field: 'roleArn', message: "'x' is a bare name" }],
    });
    assert.deepEqual(summary, { severity: 'error', text: "Not submitted: 'x' is a bare name", actions: ['Open Settings', 'Show Log'] });
  });
  it('a cancel before the job exists says nothing runs', () => {
    assert.match(summarizeSubmission({ kind: 'cancelled' }).text, /nothing runs on SageMaker/);
  });
});

describe('terminal text', () => {
  it('log lines carry their host only when there are several', () => {
    assert.equal(cloudTerminalText({ type: 'log', stream: 'algo-1-1', line: 'epoch 1' }, false), 'epoch 1\n');
    assert.equal(cloudTerminalText({ type: 'log', stream: 'algo-2-1', line: 'epoch 1' }, true), '\x1b[2m[algo-2-1]\x1b[0m epoch 1\n');
    assert.equal(
      cloudTerminalText({ type: 'status', status: 'InProgress', message: 'InProgress - Training' }, false),
      '\x1b[36m◆ InProgress - Training\x1b[0m\n',
    );
    assert.equal(cloudTerminalText({ type: 'warning', message: 'careful' }, false), '\x1b[33m! careful\x1b[0m\n');
  });
});

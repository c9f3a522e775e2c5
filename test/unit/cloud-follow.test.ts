// The follow loop driven by scripted DescribeTrainingJob answers and CloudWatch log events through the
// real SDK clients: transitions and log lines in order, FailureReason first on failure, a cancel that asks
// StopTrainingJob and follows to Stopped, back-off measured by counting polls and waits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { followTrainingJob } from '../../cloud/src';
import type { CloudEvent, FollowOptions } from '../../cloud/src';
import { scriptedLogs, scriptedSageMaker, trainingJobScript } from './cloud-scripted-aws';
import type { Script } from './cloud-scripted-aws';

const JOB = 'job-follow-1';
const t = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s)).toISOString();

function describeAnswer(status: string, secondary: string, transitions: Array<[string, string]>, extra: Record<string, unknown> = {}) {
  return {
    TrainingJobName: JOB,
    TrainingJobStatus: status,
    SecondaryStatus: secondary,
    SecondaryStatusTransitions: transitions.map(([Status, StatusMessage], i) => ({
      Status,
      StatusMessage,
      StartTime: Date.parse(t(i)) / 1000,
    })),
    ...extra,
  };
}

/** Log streams appear once the job trains; each GetLogEvents page is served once, then the same token. */
function logScript(pages: Partial<Record<string, string[][]>>): Script {
  const served = new Map<string, number>();
  return (request) => {
    const body = JSON.parse(request.body) as { logStreamName?: string; nextToken?: string };
    if (request.operation === 'DescribeLogStreams')
      return { json: { logStreams: Object.keys(pages).map((logStreamName) => ({ logStreamName })) } };
    const stream = body.logStreamName ?? '';
    const index = served.get(stream) ?? 0;
    const page = pages[stream]?.at(index);
    if (!page) return { json: { events: [], nextForwardToken: body.nextToken ?? 'f/0' } };
    served.set(stream, index + 1);
    return { json: { events: page.map((message, i) => ({ timestamp: i, message })), nextForwardToken: `f/${index + 1}` } };
  };
}

/** A wait that returns at once and records how long it was asked to wait. */
const recordingWait = (waits: number[]) => (ms: number) => {
  waits.push(ms);
  return Promise.resolve();
};

function run(describes: unknown[], logs: Script, options: Partial<FollowOptions> = {}) {
  const sagemaker = scriptedSageMaker(trainingJobScript(describes, () => ({ json: {} })));
  const cloudwatch = scriptedLogs(logs);
  const events: CloudEvent[] = [];
  const waits: number[] = [];
  const result = followTrainingJob({
    sagemaker: sagemaker.client,
    logs: cloudwatch.client,
    jobName: JOB,
    onEvent: (e) => events.push(e),
    wait: recordingWait(waits),
    minIntervalMs: 1000,
    maxIntervalMs: 8000,
    ...options,
  });
  return { result, events, waits, sagemaker, cloudwatch };
}

const said = (events: CloudEvent[]) =>
  events.flatMap((e) =>
    e.type === 'status'
      ? [`status ${e.message}`]
      : e.type === 'log'
        ? [`log [${e.stream}] ${e.line}`]
        : e.type === 'phase' || e.type === 'warning'
          ? [`${e.type} ${e.message}`]
          : [],
  );

describe('following a training job', () => {
  it('a completed job: transitions, the log lines of every host, the model artifacts', async () => {
    const starting = describeAnswer('InProgress', 'Starting', [['Starting', 'Preparing the instances for training']]);
    const training = describeAnswer('InProgress', 'Training', [
      ['Starting', 'Preparing the instances for training'],
      ['Downloading', 'Downloading the training image...'],
      ['Training', 'Training image download completed. Training in progress.'],
    ]);
    const completed = describeAnswer(
      'Completed',
      'Completed',
      [
        ['Starting', 'Preparing the instances for training'],
        ['Downloading', 'Downloading the training image...'],
        ['Training', 'Training image download completed. Training in progress.'],
        ['Uploading', 'Uploading generated training model'],
        ['Completed', 'Training job completed'],
      ],
      { ModelArtifacts: { S3ModelArtifacts: `s3://bucket/out/${JOB}/output/model.tar.gz` } },
    );
    const { result, events, sagemaker } = run(
      [starting, training, completed],
      logScript({
        [`${JOB}/algo-1-1765022400`]: [['epoch 1 loss 0.9\nepoch 2 loss 0.5'], ['saved model']],
        [`${JOB}/algo-2-1765022401`]: [['worker ready']],
      }),
    );
    const outcome = await result;
    assert.equal(outcome.kind, 'completed');
    assert.equal(outcome.modelArtifacts, `s3://bucket/out/${JOB}/output/model.tar.gz`);
    assert.deepEqual(said(events), [
      'status InProgress - Starting',
      'status Starting: Preparing the instances for training',
      'log [algo-1-1765022400] epoch 1 loss 0.9',
      'log [algo-1-1765022400] epoch 2 loss 0.5',
      'log [algo-1-1765022400] saved model',
      'log [algo-2-1765022401] worker ready',
      'status InProgress - Training',
      'status Downloading: Downloading the training image...',
      'status Training: Training image download completed. Training in progress.',
      'status Completed - Completed',
      'status Uploading: Uploading generated training model',
      'status Completed: Training job completed',
    ]);
    assert.deepEqual(
      sagemaker.requests.map((r) => r.operation),
      ['DescribeTrainingJob', 'DescribeTrainingJob', 'DescribeTrainingJob'],
    );
    assert.deepEqual(JSON.parse(sagemaker.requests[0].body), { TrainingJobName: JOB });
  });

  it('a failed job: the FailureReason is the outcome, after the last log lines', async () => {
    const failed = describeAnswer(
      'Failed',
      'Failed',
      [
        ['Training', 'Training in progress.'],
        ['Failed', 'Training job failed'],
      ],
      {
        FailureReason:
          'AlgorithmError: ExecuteUserScriptError:\nCommand "/usr/local/bin/python3.9 train.py --epochs 3"\nValueError: criterion must be gini or entropy, not \'"entropy"\'',
      },
    );
    const { result, events } = run(
      [failed],
      logScript({
        [`${JOB}/algo-1-1`]: [['Traceback (most recent call last):', 'ValueError: criterion must be gini or entropy, not \'"entropy"\'']],
      }),
    );
    const outcome = await result;
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.failureReason, /^AlgorithmError: ExecuteUserScriptError/);
    assert.deepEqual(said(events).slice(-2), [
      'log [algo-1-1] Traceback (most recent call last):',
      'log [algo-1-1] ValueError: criterion must be gini or entropy, not \'"entropy"\'',
    ]);
  });

  it('a cancel asks StopTrainingJob once and follows the job until it has stopped', async () => {
    const controller = new AbortController();
    const training = describeAnswer('InProgress', 'Training', [['Training', 'Training in progress.']]);
    const stopping = describeAnswer('Stopping', 'Stopping', [
      ['Training', 'Training in progress.'],
      ['Stopping', 'Stopping the training job'],
    ]);
    const stopped = describeAnswer('Stopped', 'Stopped', [
      ['Training', 'Training in progress.'],
      ['Stopping', 'Stopping the training job'],
      ['Stopped', 'Training job stopped'],
    ]);
    let polls = 0;
    const sagemaker = scriptedSageMaker((request) => {
      if (request.operation === 'StopTrainingJob') return { json: {} };
      polls++;
      if (polls === 1) controller.abort();
      return { json: [training, stopping, stopping, stopped][Math.min(polls - 1, 3)] };
    });
    const events: CloudEvent[] = [];
    const outcome = await followTrainingJob({
      sagemaker: sagemaker.client,
      logs: scriptedLogs(logScript({})).client,
      jobName: JOB,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
      wait: () => Promise.resolve(),
    });
    assert.equal(outcome.kind, 'stopped');
    assert.equal(outcome.byUs, true);
    assert.deepEqual(
      sagemaker.requests.map((r) => r.operation),
      ['DescribeTrainingJob', 'StopTrainingJob', 'DescribeTrainingJob', 'DescribeTrainingJob', 'DescribeTrainingJob'],
    );
    assert.equal(sagemaker.requests[1].target, 'SageMaker.StopTrainingJob');
    assert.deepEqual(JSON.parse(sagemaker.requests[1].body), { TrainingJobName: JOB });
    assert.ok(said(events).includes(`phase stopping ${JOB} (StopTrainingJob)`));
    assert.equal(said(events).at(-1), 'status Stopped: Training job stopped');
  });

  it('a job that ends before the stop arrives reports how it ended', async () => {
    const controller = new AbortController();
    controller.abort();
    const sagemaker = scriptedSageMaker((request) =>
      request.operation === 'StopTrainingJob'
        ? { error: 'ValidationException', message: 'The job status is Completed' }
        : { json: describeAnswer('Completed', 'Completed', [], { ModelArtifacts: { S3ModelArtifacts: 's3://b/model.tar.gz' } }) },
    );
    const events: CloudEvent[] = [];
    const outcome = await followTrainingJob({
      sagemaker: sagemaker.client,
      logs: scriptedLogs(logScript({})).client,
      jobName: JOB,
      signal: controller.signal,
      onEvent: (e) => events.push(e),
      wait: () => Promise.resolve(),
    });
    assert.equal(outcome.kind, 'completed');
    assert.ok(said(events).includes('warning StopTrainingJob: ValidationException: The job status is Completed'));
  });

  it('backs off while nothing changes, resets on a change, and slows down when throttled', async () => {
    const same = describeAnswer('InProgress', 'Training', [['Training', 'Training in progress.']]);
    const done = describeAnswer('Completed', 'Completed', [
      ['Training', 'Training in progress.'],
      ['Completed', 'done'],
    ]);
    let polls = 0;
    const sagemaker = scriptedSageMaker((request) => {
      polls++;
      if (request.operation !== 'DescribeTrainingJob') return { json: {} };
      if (polls === 3) return { error: 'ThrottlingException', message: 'Rate exceeded' };
      return { json: polls < 9 ? same : done };
    });
    const waits: number[] = [];
    const outcome = await followTrainingJob({
      sagemaker: sagemaker.client,
      logs: scriptedLogs(logScript({})).client,
      jobName: JOB,
      wait: recordingWait(waits),
      minIntervalMs: 1000,
      maxIntervalMs: 8000,
    });
    assert.equal(outcome.kind, 'completed');
    // 1: new status → 1000; 2: no change → 1500; 3: throttled → 3000; 4..8: 4500, 6750, 8000 (cap), 8000, 8000; then the final log wait.
    assert.deepEqual(waits, [1000, 1500, 3000, 4500, 6750, 8000, 8000, 8000, 1000]);
  });

  it('gives up following after repeated failures and says the job may still run', async () => {
    const sagemaker = scriptedSageMaker(() => ({ error: 'InternalFailure', message: 'boom', status: 500 }));
    const outcome = await followTrainingJob({
      sagemaker: sagemaker.client,
      logs: scriptedLogs(logScript({})).client,
      jobName: JOB,
      wait: () => Promise.resolve(),
      maxErrors: 3,
    });
    assert.equal(outcome.kind, 'lost');
    assert.match(outcome.message, /DescribeTrainingJob failed 3 times in a row: InternalFailure: boom/);
    assert.equal(sagemaker.requests.length, 3);
  });

  it('a log group that does not exist yet is not an error; other log errors are said once', async () => {
    let calls = 0;
    const logs: Script = () =>
      ++calls === 1
        ? { error: 'ResourceNotFoundException', message: 'The specified log group does not exist.' }
        : { error: 'AccessDeniedException', message: 'no logs:GetLogEvents' };
    const inProgress = describeAnswer('InProgress', 'Training', []);
    const { result, events } = run([inProgress, inProgress, inProgress, describeAnswer('Completed', 'Completed', [])], logs);
    assert.equal((await result).kind, 'completed');
    assert.deepEqual(
      said(events).filter((l) => l.startsWith('warning')),
      ["warning cannot read the job's logs: AccessDeniedException: no logs:GetLogEvents"],
    );
  });
});

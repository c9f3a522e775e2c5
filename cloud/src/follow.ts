// Follows a training job to its end: DescribeTrainingJob with back-off (fast while things change, slower
// while nothing does, slower still when throttled), every status and secondary status transition, the
// CloudWatch logs, and the outcome with FailureReason first. Cancelling asks StopTrainingJob and keeps
// following until SageMaker says Stopped.
import type { DescribeTrainingJobResponse, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsSdk } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import { isAwsError } from './clients';
import type { CloudEventSink } from './events';
import { JobLogs } from './logs';

export interface FollowOptions {
  sagemaker: SageMakerClient;
  logs: CloudWatchLogsClient;
  jobName: string;
  /** Aborting asks StopTrainingJob; the follow goes on until the job has stopped. */
  signal?: AbortSignal;
  onEvent?: CloudEventSink;
  /** Waits between polls (default: a timer); resolves early when `signal` aborts. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** DescribeTrainingJob failures in a row before giving up following (the job goes on). */
  maxErrors?: number;
}

export type FollowResult =
  | { kind: 'completed'; job: DescribeTrainingJobResponse; modelArtifacts?: string }
  | { kind: 'failed'; job: DescribeTrainingJobResponse; failureReason: string }
  | { kind: 'stopped'; job: DescribeTrainingJobResponse; byUs: boolean }
  /** Following stopped; the job itself may still be running. */
  | { kind: 'lost'; message: string; stopRequested: boolean };

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);

function timerWait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** New secondary status transitions (or new messages of the current one), oldest first. */
function transitionsSince(job: DescribeTrainingJobResponse, seen: Set<string>): string[] {
  const messages: string[] = [];
  for (const t of job.SecondaryStatusTransitions ?? []) {
    const key = `${t.Status}|${t.StartTime?.valueOf()}|${t.StatusMessage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    messages.push(`${t.Status}${t.StatusMessage ? `: ${t.StatusMessage}` : ''}`);
  }
  return messages;
}

export async function followTrainingJob(options: FollowOptions): Promise<FollowResult> {
  const emit = options.onEvent ?? (() => undefined);
  const wait = options.wait ?? timerWait;
  const min = options.minIntervalMs ?? 2_000;
  const max = options.maxIntervalMs ?? 30_000;
  const { DescribeTrainingJobCommand, StopTrainingJobCommand } = awsSdk().sagemaker();
  const logs = new JobLogs(options.logs, options.jobName, emit);
  const seen = new Set<string>();
  let interval = min;
  let errors = 0;
  let logProblem: string | undefined;
  let lastStatus = '';
  // Set by requestStop(); `as boolean` keeps the checks below from being narrowed to the initial value.
  let stopRequested = false as boolean;
  // Requests made after a cancel must not be aborted by it: the job still has to be stopped and watched.
  const quiet = new AbortController().signal;

  const requestStop = async () => {
    stopRequested = true;
    emit({ type: 'phase', phase: 'stop', message: `stopping ${options.jobName} (StopTrainingJob)` });
    try {
      await options.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: options.jobName }), { abortSignal: quiet });
    } catch (error) {
      // A job that has just ended cannot be stopped: the next DescribeTrainingJob says how it ended.
      emit({ type: 'warning', message: `StopTrainingJob: ${errorMessage(error)}` });
    }
  };
  const readLogs = async (): Promise<number> => {
    try {
      const lines = await logs.poll(quiet);
      logProblem = undefined;
      return lines;
    } catch (error) {
      const problem = errorMessage(error);
      if (problem !== logProblem) emit({ type: 'warning', message: `cannot read the job's logs: ${problem}` });
      logProblem = problem;
      return 0;
    }
  };

  for (;;) {
    if (options.signal?.aborted && !stopRequested) await requestStop();
    let job: DescribeTrainingJobResponse;
    try {
      job = await options.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: options.jobName }), { abortSignal: quiet });
      errors = 0;
    } catch (error) {
      const throttled = isAwsError(error, 'ThrottlingException', 'TooManyRequestsException');
      if (!throttled && ++errors >= (options.maxErrors ?? 5)) {
        return { kind: 'lost', message: `DescribeTrainingJob failed ${errors} times in a row: ${errorMessage(error)}`, stopRequested };
      }
      interval = Math.min(max, interval * 2);
      await wait(interval, stopRequested ? undefined : options.signal);
      continue;
    }
    const status = `${job.TrainingJobStatus} - ${job.SecondaryStatus}`;
    let changed = status !== lastStatus;
    if (changed) emit({ type: 'status', status: job.TrainingJobStatus ?? '', secondaryStatus: job.SecondaryStatus, message: status });
    lastStatus = status;
    for (const message of transitionsSince(job, seen)) {
      emit({ type: 'status', status: job.TrainingJobStatus ?? '', secondaryStatus: job.SecondaryStatus, message });
      changed = true;
    }
    if ((await readLogs()) > 0) changed = true;
    if (TERMINAL.has(job.TrainingJobStatus ?? '')) {
      // Hosts flush their last lines a moment after the status changes.
      await wait(min);
      await readLogs();
      if (job.TrainingJobStatus === 'Completed') return { kind: 'completed', job, modelArtifacts: job.ModelArtifacts?.S3ModelArtifacts };
      if (job.TrainingJobStatus === 'Failed')
        return { kind: 'failed', job, failureReason: job.FailureReason ?? 'SageMaker gave no FailureReason' };
      return { kind: 'stopped', job, byUs: stopRequested };
    }
    interval = changed ? min : Math.min(max, Math.round(interval * 1.5));
    await wait(interval, stopRequested ? undefined : options.signal);
  }
}

// The job's CloudWatch logs: one stream per host in /aws/sagemaker/TrainingJobs named <job>/algo-N-<time>,
// read forward from where the last poll stopped. A log group that does not exist yet is not an error.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsSdk } from '../../runner/src';
import { isAwsError } from './clients';
import type { CloudEventSink } from './events';

export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

export class JobLogs {
  private readonly tokens = new Map<string, string | undefined>();

  constructor(
    private readonly logs: CloudWatchLogsClient,
    private readonly jobName: string,
    private readonly emit: CloudEventSink,
  ) {}

  /** Emits every new line of every stream; returns how many. */
  async poll(signal?: AbortSignal): Promise<number> {
    let lines = 0;
    for (const stream of await this.streams(signal)) lines += await this.read(stream, signal);
    return lines;
  }

  private async streams(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.logs.send(
          new (awsSdk().logs().DescribeLogStreamsCommand)({
            logGroupName: TRAINING_LOG_GROUP,
            logStreamNamePrefix: `${this.jobName}/`,
            nextToken,
          }),
          { abortSignal: signal },
        );
        for (const stream of page.logStreams ?? []) if (stream.logStreamName) names.push(stream.logStreamName);
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
    return names.sort();
  }

  private async read(stream: string, signal?: AbortSignal): Promise<number> {
    const host = stream.slice(this.jobName.length + 1);
    let lines = 0;
    for (;;) {
      const token = this.tokens.get(stream);
      const page = await this.logs.send(
        new (awsSdk().logs().GetLogEventsCommand)({
          logGroupName: TRAINING_LOG_GROUP,
          logStreamName: stream,
          startFromHead: true,
          nextToken: token,
        }),
        { abortSignal: signal },
      );
      for (const event of page.events ?? []) {
        for (const line of (event.message ?? '').replace(/\r?\n$/, '').split(/\r?\n/)) {
          this.emit({ type: 'log', stream: host, line });
          lines++;
        }
      }
      this.tokens.set(stream, page.nextForwardToken ?? token);
      // CloudWatch hands back the same token when there is nothing more (yet).
      if (!page.nextForwardToken || page.nextForwardToken === token || (page.events ?? []).length === 0) return lines;
    }
  }
}

// Real AWS SDK clients whose HTTP handler is replaced: every request is recorded as the SDK would send it
// (method, host, path, headers, body), and the answer comes from a script. No account, no network.
import { Readable } from 'node:stream';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';

export interface RecordedRequest {
  method: string;
  hostname: string;
  path: string;
  /** By lower-case name; a header the SDK did not send is absent. */
  headers: Partial<Record<string, string>>;
  /** `X-Amz-Target`, e.g. SageMaker.CreateTrainingJob. */
  target: string;
  /** The operation after the dot. */
  operation: string;
  body: string;
}

/** A JSON answer, or an AWS error (`__type`) with its HTTP status. */
export type ScriptedAnswer = { json: unknown } | { error: string; message?: string; status?: number };

export type Script = (request: RecordedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

interface SdkRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

function handler(script: Script, requests: RecordedRequest[]) {
  return {
    async handle(request: SdkRequest) {
      const body =
        request.body === undefined ? '' : typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      const target = request.headers['x-amz-target'] ?? '';
      const recorded: RecordedRequest = {
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        headers: { ...request.headers },
        target,
        operation: target.split('.').pop() ?? '',
        body,
      };
      requests.push(recorded);
      const answer = await script(recorded);
      const json = 'json' in answer ? answer.json : { __type: answer.error, message: answer.message ?? answer.error };
      const statusCode = 'json' in answer ? 200 : (answer.status ?? 400);
      return {
        response: {
          statusCode,
          headers: { 'content-type': 'application/x-amz-json-1.1', ...('error' in answer ? { 'x-amzn-errortype': answer.error } : {}) },
          body: Readable.from([Buffer.from(JSON.stringify(json))]),
        },
      };
    },
  };
}

const COMMON = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'not-a-secret' }, maxAttempts: 1 };

export function scriptedSageMaker(script: Script): { client: SageMakerClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return { client: new SageMakerClient({ ...COMMON, requestHandler: handler(script, requests) }), requests };
}

export function scriptedEcr(script: Script): { client: ECRClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return { client: new ECRClient({ ...COMMON, requestHandler: handler(script, requests) }), requests };
}

export function scriptedLogs(script: Script): { client: CloudWatchLogsClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return { client: new CloudWatchLogsClient({ ...COMMON, requestHandler: handler(script, requests) }), requests };
}

/** Answers for a training job: one DescribeTrainingJob answer per poll (the last repeats), log pages by stream. */
export function trainingJobScript(describes: readonly unknown[], onOther?: Script): Script {
  let poll = 0;
  return (request) => {
    if (request.operation === 'DescribeTrainingJob') return { json: describes[Math.min(poll++, describes.length - 1)] };
    if (onOther) return onOther(request);
    return { json: {} };
  };
}

// What a submission reports while it goes. The build's events are the runner's; the rest are the
// cloud's own: pushing, uploading, the job's status transitions and its CloudWatch log lines.
import type { RunEvent } from '../../runner/src';

export type CloudPhase = 'plan' | 'push' | 'upload' | 'submit' | 'follow' | 'stop' | 'download';

export type CloudEvent =
  | RunEvent
  | { type: 'phase'; phase: CloudPhase; message: string }
  /** Upload and download progress; a printer may overwrite the previous progress line. */
  | { type: 'progress'; message: string }
  /** A status or secondary status transition of the training job. */
  | { type: 'status'; status: string; secondaryStatus?: string; message: string }
  /** One line of the job's CloudWatch logs; `stream` is the host's stream (algo-1-…). */
  | { type: 'log'; stream: string; line: string };

export type CloudEventSink = (event: CloudEvent) => void;

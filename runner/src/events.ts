// What a run reports while it goes: phases, the exact command lines, and every line of output.
// The CLI prints them; an editor can turn them into progress, a terminal and a log.

export type RunPhase = 'check' | 'engine' | 'build' | 'prepare' | 'run' | 'wait-ready' | 'ready' | 'collect' | 'stop';

export type RunEvent =
  | { type: 'phase'; phase: RunPhase; message: string }
  /** A command line about to run (secret values redacted). */
  | { type: 'command'; text: string }
  /** `source`: the build, or the training or serving container; `host` when a job has several. */
  | { type: 'output'; source: 'build' | 'train' | 'serve'; stream: 'stdout' | 'stderr'; line: string; host?: string }
  | { type: 'warning'; message: string };

export type EventSink = (event: RunEvent) => void;

/**
 * Keeps the last `size` lines, each cut to `lineLength` characters: what a failed run shows instead of the whole
 * log (R8), and all it keeps of it, however much the run prints.
 */
export class LineTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly size = 20,
    private readonly lineLength = 2000,
  ) {}

  push(line: string): void {
    this.lines.push(line.length > this.lineLength ? `${line.slice(0, this.lineLength)}…` : line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  get(): string[] {
    return [...this.lines];
  }
}

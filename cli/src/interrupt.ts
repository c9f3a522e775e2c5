// Ctrl+C for the commands that start containers or cloud jobs: the first SIGINT (or SIGTERM) says what
// happens next and aborts the work so it can clean up; a second one exits at once. A reader of stdout that
// goes away (`run … | head`) aborts the work the same way, so nothing is left running.
import type { CliIO } from './check';
import { PROGRAM } from './errors';

/** The exit code of an interrupted command, as a shell reports one killed by SIGINT. */
export const CANCELLED = 130;

const whenOutputCloses = new Set<() => void>();

/** Called once when stdout's reader has gone: running work stops and cleans up. False when none runs. */
export function stopForClosedOutput(): boolean {
  for (const stop of whenOutputCloses) stop();
  return whenOutputCloses.size > 0;
}

export async function untilInterrupted(io: CliIO, stopping: string, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(CANCELLED);
    io.stderr(`\n${PROGRAM}: stopping (${stopping})\n`);
    controller.abort();
  };
  const onOutputClosed = () => {
    if (controller.signal.aborted) return;
    io.stderr(`\n${PROGRAM}: stdout was closed; stopping (${stopping})\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  whenOutputCloses.add(onOutputClosed);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    whenOutputCloses.delete(onOutputClosed);
  }
}

// Ctrl+C for the commands that start containers or cloud jobs: the first SIGINT (or SIGTERM) says what
// happens next and aborts the work so it can clean up; a second one exits at once.
import type { CliIO } from './check';
import { PROGRAM } from './errors';

/** The exit code of an interrupted command, as a shell reports one killed by SIGINT. */
export const CANCELLED = 130;

export async function untilInterrupted(io: CliIO, stopping: string, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(CANCELLED);
    io.stderr(`\n${PROGRAM}: stopping (${stopping})\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

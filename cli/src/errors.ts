// Errors the CLI reports as one line on stderr with exit code 2 (never with a stack trace).

export const PROGRAM = 'sagemaker-entrypoint';

/** Bad command line: the message is followed by a hint to run `--help`. */
export class UsageError extends Error {
  constructor(message: string, readonly helpCommand = `${PROGRAM} check --help`) {
    super(message);
  }
}

/** Input that cannot be read or understood: a missing file, a broken config. */
export class InputError extends Error {}

export function describeFsError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
    // Node's messages repeat the code and the path ("ENOENT: no such file or directory, open 'x'"); keep the middle.
    const reason = message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    return reason && reason !== message ? `${err.code}: ${reason}` : err.code;
  }
  return err instanceof Error ? err.message : String(err);
}

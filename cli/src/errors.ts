// Errors the CLI reports as one line on stderr with exit code 2 (never with a stack trace).

export const PROGRAM = 'sagemaker-entrypoint';

/** Bad command line: the message is followed by a hint to run `--help`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly helpCommand = `${PROGRAM} check --help`,
  ) {
    super(message);
  }
}

/** Input that cannot be read or understood: a missing file, a broken config. */
export class InputError extends Error {}

// One way to turn a caught value into text: a line for messages, the stack for logs. Plain Node, imports nothing.

/**
 * One line for a message: Node's "ENOENT: no such file or directory, open 'x'" as "ENOENT: no such file or
 * directory" (the caller names the file), a named error as "TypeError: x", a plain Error as its message,
 * anything else as String(error).
 */
export function errorMessage(error: unknown): string {
  const code = errnoCode(error);
  if (code !== undefined) {
    const message = error instanceof Error ? error.message : '';
    if (message === '' || message.startsWith(`${code}: `)) {
      const reason = message.slice(code.length + 2).replace(/, \w+ '.*'$/, '');
      return reason ? `${code}: ${reason}` : code;
    }
  }
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** For a log: the stack when there is one, else the message. */
export function errorWithStack(error: unknown): string {
  return error instanceof Error && error.stack ? error.stack : errorMessage(error);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

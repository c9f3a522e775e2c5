// Shared helpers for subcommands that parse their arguments with node's util.parseArgs.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parseArgs whose errors become one-line UsageErrors. */
export function parseStrict<T extends Options>(args: string[], options: T, helpCommand: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs reports bad arguments as a TypeError; anything else is an internal error, not a usage error.
    if (!(err instanceof TypeError)) throw err;
    const message = err.message;
    // Node's unknown-option message goes on about positionals after '--'; the option name is what matters.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const reason = unknown ? `unknown option '${unknown[1]}'` : message.charAt(0).toLowerCase() + message.slice(1);
    throw new UsageError(reason, helpCommand);
  }
}

/** Checks a value against a fixed list of words, naming the option and the choices when it is not one. */
export function oneOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${choices.join(', ')}, not '${value}'`);
}

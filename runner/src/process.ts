// The one way the runner starts processes: no shell, the exact argv logged (secrets redacted),
// output streamed line by line, cancellation through an AbortSignal, and the outcome as a value.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { CommandLine } from './commands';

/** The one shape of "stopped because the signal was aborted", in every result that can be cancelled; never thrown. */
export type Cancelled = { kind: 'cancelled' };

export type ProcessResult =
  { kind: 'exited'; code: number; signal?: NodeJS.Signals } | { kind: 'not-found'; command: string; message: string } | Cancelled;

export interface ProcessOptions {
  signal?: AbortSignal;
  /** Base environment (default: process.env); the command line's own `env` is added on top. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
  /** Receives `$ <argv>` before the process starts. */
  log?: (text: string) => void;
  /** Own process group, so a Ctrl+C in the terminal reaches only us and we stop things in order. */
  detached?: boolean;
  /** After a cancel: SIGTERM, then SIGKILL after this many ms (default 3000). */
  killGraceMs?: number;
  /** Written to the process' stdin (e.g. a password for `login --password-stdin`); default: no stdin. */
  input?: string;
  /** Flow control: asked after each chunk of output; a promise it returns holds further reading until it settles. */
  outputReady?: OutputReady;
}

/**
 * Returns a promise while whoever shows the output cannot take more (a CLI's stdout piped to a slow reader);
 * reading the process' output waits for it, and the process blocks on its full pipe instead of memory filling up.
 */
export type OutputReady = () => Promise<void> | undefined;

const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_KEY/i;
const ENV_FLAGS = new Set(['-e', '--env']);

/**
 * argv with every `-e NAME=VALUE` / `--env NAME=VALUE` value replaced by `***` (any name can hold a secret),
 * and the values of secret-looking `--build-arg NAME=VALUE`. A bare `-e NAME` has no value to hide.
 */
export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const inline = /^(--env=|--build-arg=)(.*)$/.exec(arg);
    const flag = inline ? inline[1].slice(0, -1) : i > 0 ? args[i - 1] : '';
    const [prefix, spec] = inline ? [inline[1], inline[2]] : [undefined, arg];
    if (!inline && !ENV_FLAGS.has(flag) && flag !== '--build-arg') return arg;
    const equals = spec.indexOf('=');
    if (equals === -1 || (!ENV_FLAGS.has(flag) && !SECRET_NAME.test(spec.slice(0, equals)))) return arg;
    return `${prefix ?? ''}${spec.slice(0, equals)}=***`;
  });
}

/** `arg` as one word for a POSIX shell: as it is when it is plain, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** The command line as one readable, copy-pasteable, redacted string. */
export function formatCommand(cmd: CommandLine): string {
  const env = Object.entries(cmd.env ?? {}).map(([k, v]) => `${k}=${shellQuote(SECRET_NAME.test(k) ? '***' : v)}`);
  return [...env, shellQuote(cmd.command), ...redactArgs(cmd.args).map(shellQuote)].join(' ');
}

/** Longer lines are cut into pieces of this many characters: a line without an end must not grow without bound. */
export const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Calls `emit` once per line (LF or CRLF); a last line without newline is flushed at the end. Bytes are decoded as
 * UTF-8 across chunk boundaries; what is kept between chunks is at most one piece of MAX_LINE_LENGTH characters.
 */
export function lineSplitter(emit: (line: string) => void): { push(chunk: Buffer | string): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const flush = (text: string) => {
    pending += text;
    let start = 0;
    for (;;) {
      const newline = pending.indexOf('\n', start);
      if (newline !== -1 && newline - start <= MAX_LINE_LENGTH) {
        const line = pending.slice(start, newline);
        emit(line.endsWith('\r') ? line.slice(0, -1) : line);
        start = newline + 1;
      } else if (pending.length - start > MAX_LINE_LENGTH) {
        emit(pending.slice(start, start + MAX_LINE_LENGTH));
        start += MAX_LINE_LENGTH;
      } else break;
    }
    pending = pending.slice(start);
  };
  return {
    push(chunk) {
      flush(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    },
    end() {
      flush(decoder.end());
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}

export function runProcess(cmd: CommandLine, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  options.log?.(`$ ${formatCommand(cmd)}`);
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, {
      shell: false,
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), ...cmd.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: options.detached === true,
      windowsHide: true,
    });
    const out = lineSplitter((l) => options.onStdout?.(l));
    const err = lineSplitter((l) => options.onStderr?.(l));
    const hold = (stream: NodeJS.ReadableStream) => {
      const ready = options.outputReady?.();
      if (!ready) return;
      stream.pause();
      void ready.then(() => stream.resume());
    };
    const read = (stream: NodeJS.ReadableStream | null, lines: ReturnType<typeof lineSplitter>) =>
      stream?.on('data', (chunk: Buffer) => {
        lines.push(chunk);
        hold(stream);
      });
    read(child.stdout, out);
    read(child.stderr, err);
    if (options.input !== undefined) {
      // A process that exits without reading its stdin closes the pipe: that shows in its exit code, not here.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (options.detached && child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      cancelled = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), options.killGraceMs ?? 3000);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (result: ProcessResult) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      out.end();
      err.end();
      resolve(result);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) finish({ kind: 'not-found', command: cmd.command, message: error.code ?? error.message });
    });
    child.on('close', (code, sig) => {
      if (child.pid === undefined) return;
      if (cancelled) finish({ kind: 'cancelled' });
      else
        finish(
          sig
            ? { kind: 'exited', code: 128 + ((constants.signals[sig] as number | undefined) ?? 0), signal: sig }
            : { kind: 'exited', code: code ?? 0 },
        );
    });
  });
}

/** Runs a short command and collects its stdout lines; for queries such as `ps` and `version`. */
export async function captureProcess(
  cmd: CommandLine,
  options: Omit<ProcessOptions, 'onStdout'> = {},
): Promise<{ result: ProcessResult; stdout: string[] }> {
  const stdout: string[] = [];
  const result = await runProcess(cmd, { ...options, onStdout: (l) => stdout.push(l) });
  return { result, stdout };
}

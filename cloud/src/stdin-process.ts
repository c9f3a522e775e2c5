// A process that reads a secret from stdin (`login --password-stdin`). The runner's process runner has no
// stdin, so this one does the same (no shell, redacted argv in the log, AbortSignal) and writes `input`.
import { spawn } from 'node:child_process';
import { formatCommand } from '../../runner/src';
import type { CommandLine, ProcessResult } from '../../runner/src';

export interface StdinProcessOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  log?: (text: string) => void;
  /** Every line of stdout and stderr. */
  onOutput?: (line: string) => void;
}

export function runWithStdin(cmd: CommandLine, input: string, options: StdinProcessOptions = {}): Promise<ProcessResult> {
  if (options.signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  options.log?.(`$ ${formatCommand(cmd)}`);
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, { shell: false, env: { ...(options.env ?? process.env), ...cmd.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let pending = '';
    const collect = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      lines.forEach((l) => options.onOutput?.(l));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // An engine that exits before reading stdin closes the pipe: that shows in its exit code, not here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ kind: 'not-found', command: cmd.command, message: error.code ?? error.message });
    });
    child.on('close', (code) => {
      if (child.pid === undefined) return;
      options.signal?.removeEventListener('abort', onAbort);
      if (pending) options.onOutput?.(pending);
      resolve(options.signal?.aborted ? { kind: 'cancelled' } : { kind: 'exited', code: code ?? 1 });
    });
  });
}

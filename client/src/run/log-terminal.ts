// A terminal that shows a run's output and lets the user stop it (Ctrl+C or closing the terminal). Output is
// batched and bounded (terminal-buffer.ts): a run that prints without pause never fills the editor's memory.
import * as vscode from 'vscode';
import { TerminalBuffer } from './terminal-buffer';

/** How often batched output is handed to the terminal. */
const FLUSH_MS = 50;

export class LogTerminal implements vscode.Disposable {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  private readonly terminal: vscode.Terminal;
  private readonly pending = new TerminalBuffer();
  private opened = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private finished = false;

  /** `onStop` runs when the user presses Ctrl+C in the terminal or closes it while the run is going on. */
  constructor(
    name: string,
    private readonly onStop: () => void,
  ) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writer.event,
      onDidClose: this.closer.event,
      open: () => {
        this.opened = true;
        this.flush();
      },
      close: () => {
        if (!this.finished) this.onStop();
      },
      handleInput: (data) => {
        if (data === '\x03' && !this.finished) {
          this.line('^C stopping…');
          this.onStop();
        }
      },
    };
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('package') });
  }

  show(): void {
    this.terminal.show(true);
  }

  /** Queues text for the terminal; it is written in batches once the terminal is open. */
  write(text: string): void {
    this.pending.push(text);
    if (this.opened && !this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  /** The run is over: the terminal stays open for reading, and closing it no longer stops anything. */
  finish(summary: string): void {
    this.finished = true;
    this.line(`\n${summary}`);
  }

  dispose(): void {
    this.finished = true;
    clearTimeout(this.flushTimer);
    this.terminal.dispose();
    this.writer.dispose();
    this.closer.dispose();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.pendingChars > 0) this.writer.fire(this.pending.take());
  }
}

// A terminal that shows a run's output and lets the user stop it (Ctrl+C or closing the terminal).
import * as vscode from 'vscode';

export class LogTerminal implements vscode.Disposable {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  private readonly terminal: vscode.Terminal;
  private opened!: Promise<void>;
  private finished = false;

  /** `onStop` runs when the user presses Ctrl+C in the terminal or closes it while the run is going on. */
  constructor(name: string, private readonly onStop: () => void) {
    let markOpen!: () => void;
    this.opened = new Promise((resolve) => (markOpen = resolve));
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writer.event,
      onDidClose: this.closer.event,
      open: () => markOpen(),
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

  /** Writes text as it comes, turning bare newlines into the CRLF a terminal needs. */
  write(text: string): void {
    void this.opened.then(() => this.writer.fire(text.replace(/\r?\n/g, '\r\n')));
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
    this.terminal.dispose();
    this.writer.dispose();
    this.closer.dispose();
  }
}

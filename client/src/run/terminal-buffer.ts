// What a run's terminal has yet to show, bounded: when output comes faster than the terminal takes it, the oldest
// part is dropped and one line says how much, so a run that prints 100 MB costs the editor at most `maxChars`.
// Plain Node (no `vscode`), so it is tested under node:test.

const TERMINAL_BUFFER_CHARS = 1024 * 1024;

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

export class TerminalBuffer {
  private chunks: string[] = [];
  /** Index of the first chunk still pending: dropping from the front is O(1). */
  private head = 0;
  private size = 0;
  private droppedLines = 0;
  private droppedChars = 0;

  constructor(readonly maxChars = TERMINAL_BUFFER_CHARS) {}

  /** Characters waiting to be shown. */
  get pendingChars(): number {
    return this.size;
  }

  /** Adds text, its bare newlines turned into the CRLF a terminal needs. */
  push(text: string): void {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    if (crlf === '') return;
    this.chunks.push(crlf);
    this.size += crlf.length;
    while (this.size > this.maxChars && this.chunks.length - this.head > 1) {
      this.drop(this.chunks[this.head]);
      this.chunks[this.head++] = '';
    }
    if (this.size > this.maxChars) {
      // One chunk larger than the buffer: keep its end, from a line start where there is one.
      const only = this.chunks[this.head];
      let cut = only.length - this.maxChars;
      const lineStart = only.indexOf('\n', cut);
      if (lineStart !== -1) cut = lineStart + 1;
      this.drop(only.slice(0, cut));
      this.chunks[this.head] = only.slice(cut);
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Everything pending (after a line on what was dropped, if anything was), and empties the buffer. */
  take(): string {
    const notice =
      this.droppedChars > 0
        ? `\x1b[2m[… ${this.droppedLines.toLocaleString('en-US')} lines (${this.droppedChars.toLocaleString('en-US')} characters) not shown: the run printed faster than the terminal shows]\x1b[0m\r\n`
        : '';
    const text = notice + this.chunks.slice(this.head).join('');
    this.chunks = [];
    this.head = 0;
    this.size = 0;
    this.droppedLines = 0;
    this.droppedChars = 0;
    return text;
  }

  private drop(text: string): void {
    this.size -= text.length;
    this.droppedChars += text.length;
    this.droppedLines += countLines(text);
  }
}

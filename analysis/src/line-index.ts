// Offsets ↔ LSP positions (UTF-16 columns) for one text, built once.
import type { Position } from 'vscode-languageserver-types';

export class LineIndex {
  /** Offset of each line's first character; a typed array, which the garbage collector need not scan. */
  private readonly starts: Uint32Array;

  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      let count = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
      this.starts = new Uint32Array(count);
      let line = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of `line`; the text's length past the last line. */
  lineStart(line: number): number {
    if (line < 0) return 0;
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.contentEnd(line));
  }

  lineEnd(line: number): Position {
    return { line, character: this.contentEnd(line) - this.lineStart(line) };
  }

  offsetAt(position: Position): number {
    const start = this.lineStart(position.line);
    return Math.min(start + position.character, this.contentEnd(position.line));
  }

  /** The position of `offset`, its character clamped to the line's content; `fromLine` is a line at or before it (a search hint). */
  positionAt(offset: number, fromLine = 0): Position {
    let low = fromLine > 0 && fromLine < this.starts.length && this.starts[fromLine] <= offset ? fromLine : 0;
    // Most offsets fall on the hinted line or the next: look there before searching.
    if (low + 1 >= this.starts.length || this.starts[low + 1] > offset) return this.clamped(low, offset);
    if (low + 2 >= this.starts.length || this.starts[low + 2] > offset) return this.clamped(low + 1, offset);
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return this.clamped(low, offset);
  }

  private clamped(line: number, offset: number): Position {
    return { line, character: Math.min(offset, this.contentEnd(line)) - this.starts[line] };
  }

  /** Offset just past the line's content (before its line break). */
  contentEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

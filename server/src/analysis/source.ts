// The text the instruction readers scan, and how their offsets become document positions and words.
// Every line break is '\n' in the scanned text (a lone '\r' would not end a line for the readers);
// lines and columns are the same as the document's, and a word's `raw` is the document's own text.
import type { Position, Range } from 'vscode-languageserver-types';
import { LineIndex } from './line-index';
import type { Word } from './parse';

export class Source {
  /** The scanned text. */
  readonly text: string;
  readonly escape: number;
  /** A line at or before the offsets asked next: readers go through the text in order. */
  line = 0;
  private readonly scanLines: LineIndex;

  constructor(
    private readonly document: string,
    private readonly documentLines: LineIndex,
    readonly escapeChar: string,
  ) {
    this.text = document.includes('\r') ? document.replace(/\r\n?/g, '\n') : document;
    this.scanLines = this.text === document ? documentLines : new LineIndex(this.text);
    this.escape = escapeChar.charCodeAt(0);
  }

  /** Offset in the scanned text of a line's first character. */
  lineStart(line: number): number {
    return this.scanLines.lineStart(line);
  }

  /** Offset in the scanned text just past a line's content. */
  lineEnd(line: number): number {
    return this.scanLines.lineStart(line) + this.scanLines.lineEnd(line).character;
  }

  position(offset: number): Position {
    return this.scanLines.positionAt(offset, this.line);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The document's text between two offsets of the scanned text, with its range. */
  word(start: number, end: number): Word {
    const range = this.range(start, end);
    if (this.text === this.document) return { raw: this.document.slice(start, end), range };
    return { raw: this.document.slice(this.documentLines.offsetAt(range.start), this.documentLines.offsetAt(range.end)), range };
  }
}

// The text the instruction readers scan, and the records they make of it.
//
// Every line break is '\n' in the scanned text (a lone '\r' would not end a line for the readers); lines
// and columns are the same as the document's, and a word's `raw` is the document's own text. Records keep
// offsets and make their LSP ranges only when asked: a big file has hundreds of thousands of words, and
// the rules look at the ranges of a few.
import type { Position, Range } from 'vscode-languageserver-types';
import { LineIndex } from './line-index';
import type { Flag, Instr, Property, Word } from './instruction';

const WORD_BETWEEN_BLANKS = /[^ \t]+/g;

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
    return this.scanLines.contentEnd(line);
  }

  /** The end of a line's content in the document. */
  documentLineEnd(line: number): Position {
    return this.documentLines.lineEnd(line);
  }

  position(offset: number): Position {
    return this.scanLines.positionAt(offset, this.line);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The document's text between two offsets of the scanned text. */
  raw(start: number, end: number): string {
    if (this.text === this.document) return this.document.slice(start, end);
    return this.document.slice(this.documentLines.offsetAt(this.position(start)), this.documentLines.offsetAt(this.position(end)));
  }

  /**
   * Offsets (start, end, start, end, …) of the words between blanks in `[from, to)`, when that is one
   * line without the escape character or anything `alsoNot` matches; undefined otherwise. The readers
   * read such text the same way one character at a time; this is the quick way for the common case.
   */
  plainWords(from: number, to: number, alsoNot?: RegExp): number[] | undefined {
    const segment = this.text.slice(from, to);
    if (segment.includes('\n') || segment.includes(this.escapeChar) || alsoNot?.test(segment)) return undefined;
    const bounds: number[] = [];
    WORD_BETWEEN_BLANKS.lastIndex = 0;
    for (let match = WORD_BETWEEN_BLANKS.exec(segment); match; match = WORD_BETWEEN_BLANKS.exec(segment)) {
      bounds.push(from + match.index, from + match.index + match[0].length);
    }
    return bounds;
  }

  word(start: number, end: number): SourceWord {
    return new SourceWord(this.raw(start, end), start, end, this);
  }
}

const NONE: never[] = Object.freeze([]) as never[];

export class SourceWord implements Word {
  private where?: Range;

  constructor(
    readonly raw: string,
    readonly start: number,
    readonly end: number,
    private readonly source: Source,
  ) {}

  get range(): Range {
    return (this.where ??= this.source.range(this.start, this.end));
  }

  toJSON(): Word {
    return { raw: this.raw, range: this.range };
  }
}

export class SourceProperty implements Property {
  private where?: Range;

  constructor(
    readonly name: string,
    readonly nameStart: number,
    readonly nameEnd: number,
    readonly value: SourceWord | undefined,
    private readonly source: Source,
  ) {}

  /** Offset of the value in the scanned text; -1 without one. */
  get valueStart(): number {
    return this.value ? this.value.start : -1;
  }

  get valueEnd(): number {
    return this.value ? this.value.end : -1;
  }

  get nameRange(): Range {
    return (this.where ??= this.source.range(this.nameStart, this.nameEnd));
  }

  toJSON(): Property {
    return { name: this.name, nameRange: this.nameRange, value: this.value };
  }
}

export class SourceFlag implements Flag {
  private where?: Range;

  constructor(
    readonly name: string,
    private readonly start: number,
    private readonly end: number,
    readonly value: SourceWord | undefined,
    private readonly source: Source,
  ) {}

  get range(): Range {
    return (this.where ??= this.source.range(this.start, this.end));
  }

  toJSON(): Flag {
    return this.value ? { name: this.name, range: this.range, value: this.value } : { name: this.name, range: this.range };
  }
}

/** An instruction: its keyword at `column` of `line`, its text up to the end of `lastLine`. */
export class SourceInstruction implements Instr {
  args: Word[] = NONE;
  flags: Flag[] = NONE;
  properties: Property[] = NONE;
  json?: string[];
  text?: string;
  /** Offsets of the arguments in the scanned text, for `argsRange`; -1 when there are none. */
  argsStart = -1;
  argsEnd = -1;
  private whole?: Range;

  constructor(
    readonly keyword: string,
    private readonly line: number,
    private readonly column: number,
    private readonly lastLine: number,
    private readonly source: Source,
  ) {}

  /** Kept once asked: diagnostics and quick fixes share it. */
  get range(): Range {
    return (this.whole ??= { start: { line: this.line, character: this.column }, end: this.source.documentLineEnd(this.lastLine) });
  }

  /** Made each time: few ask. */
  get keywordRange(): Range {
    const { line, column } = this;
    return { start: { line, character: column }, end: { line, character: column + this.keyword.length } };
  }

  /** Range of all arguments together (instructions whose words are read); made each time. */
  get argsRange(): Range | undefined {
    return this.argsStart >= 0 ? this.source.range(this.argsStart, this.argsEnd) : undefined;
  }

  toJSON(): Instr {
    const { keyword, range, keywordRange, args, flags, properties, json, argsRange, text } = this;
    return { keyword, range, keywordRange, args, flags, properties, json, argsRange, text };
  }
}

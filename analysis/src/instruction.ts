// What an instruction is once read: its words, flags and ENV/ARG pairs, with their ranges. The reader
// (parse.ts with source.ts, read-words.ts and read-properties.ts) makes these records; the model reads them.
import type { Range } from 'vscode-languageserver-types';

export interface Word {
  /** The text as written in the source (quotes, escapes and variables untouched). */
  raw: string;
  range: Range;
}

export interface Property {
  name: string;
  nameRange: Range;
  /** Raw source text of the value, undefined for `ARG X` / `ENV X` without one. */
  value?: Word;
}

export interface Flag {
  name: string;
  value?: Word;
  range: Range;
}

export interface Instr {
  keyword: string;
  range: Range;
  keywordRange: Range;
  /** Arguments after the flags, raw; read only for the keywords the model uses. */
  args: Word[];
  flags: Flag[];
  /** ENV and ARG pairs. */
  properties: Property[];
  /** Exec (JSON array) form of ENTRYPOINT, CMD, RUN, COPY, ADD, decoded; undefined for shell form. `args` then holds the quoted strings. */
  json?: string[];
  /** Range of all arguments together (instructions whose words are read, see WORD_KEYWORDS). */
  argsRange?: Range;
  /** The arguments as written, for instructions whose words are not read (RUN, CMD, …). */
  text?: string;
}

// A coarse Python tokenizer: just enough to know where statements start and end. It never executes
// anything, never throws and runs in linear time, whatever the input.

export type TokenKind = 'name' | 'op' | 'string' | 'number' | 'other';

export interface Token {
  kind: TokenKind;
  /** Source text; for strings, with prefix and quotes. */
  text: string;
  /** UTF-16 offset in the tokenized text. */
  offset: number;
  /** Bracket nesting inside the logical line; a bracket has the depth of the tokens around it. */
  depth: number;
}

export interface LogicalLine {
  /** Indentation of the first physical line; a tab goes to the next multiple of 8, like CPython. */
  indent: number;
  tokens: Token[];
}

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER = /[0-9](?:[eE][-+]|[\w.])*/y;
const OPERATOR = /\.\.\.|->|:=|\*\*=?|\/\/=?|<<=?|>>=?|[-+*/%@&|^<>=!]=|[-+*/%@&|^~<>=!.,:;()[\]{}]/y;
const STRING_PREFIX = /^(?:[rubft]|r[bft]|[bft]r)$/i;
// Inside an unclosed bracket a physical line starting like this cannot be a continuation (these are
// statements, not expressions): close the logical line so one half-typed call does not hide the rest.
const RECOVERY = /(?:async[ \t]+)?(?:def|class)[ \t]+[\p{L}_]|import[ \t]+[\p{L}_]|from[ \t]+[\p{L}\p{N}_.][\p{L}\p{N}_. \t]*import\b/uy;
// Bounds the recursion of nested f-strings (f"{f'{x}'}"), so hostile input cannot overflow the stack.
const MAX_STRING_NESTING = 16;
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

function matchAt(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : -1;
}

function isNewline(c: string): boolean {
  return c === '\n' || c === '\r';
}

/** End (exclusive) of the string literal whose opening quote is at `i`; an unterminated one-line string ends at the newline. */
function scanString(s: string, i: number, prefix: string, level: number): number {
  const q = s[i];
  const delimiter = s.startsWith(q + q + q, i) ? q + q + q : q;
  const triple = delimiter.length === 3;
  const fields = /[ft]/i.test(prefix) && level < MAX_STRING_NESTING;
  i += delimiter.length;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += s.startsWith('\r\n', i + 1) ? 3 : 2;
    else if (!triple && isNewline(c)) return i;
    else if (s.startsWith(delimiter, i)) return i + delimiter.length;
    else if (fields && c === '{' && s[i + 1] !== '{') i = scanField(s, i + 1, delimiter, level);
    else i += fields && c === '{' ? 2 : 1;
  }
  return s.length;
}

/** Skips an f-string replacement field from just after its `{`; returns where the enclosing string resumes. */
function scanField(s: string, i: number, delimiter: string, level: number): number {
  const triple = delimiter.length === 3;
  let depth = 0;
  let formatSpec = false;
  while (i < s.length) {
    const c = s[i];
    if (!triple && isNewline(c)) return i;
    if (formatSpec) {
      // In the format spec, quotes are plain characters, but the enclosing string can still end here.
      if (c === '}') return i + 1;
      if (s.startsWith(delimiter, i)) return i;
      i = c === '{' && level < MAX_STRING_NESTING ? scanField(s, i + 1, delimiter, level + 1) : i + 1;
      continue;
    }
    const nameEnd = matchAt(NAME, s, i);
    if (c === '"' || c === "'") i = scanString(s, i, '', level + 1);
    else if (nameEnd > 0) {
      const q = s[nameEnd];
      const prefix = s.slice(i, nameEnd);
      i = (q === '"' || q === "'") && STRING_PREFIX.test(prefix) ? scanString(s, nameEnd, prefix, level + 1) : nameEnd;
    } else {
      if (c === '}' && depth === 0) return i + 1;
      if (c === ':' && depth === 0) formatSpec = true;
      else if (OPENERS.has(c)) depth++;
      else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
      i++;
    }
  }
  return s.length;
}

/** Splits the text into logical lines (physical lines joined by brackets and backslashes); blank and comment lines are dropped. */
export function* logicalLines(text: string): Generator<LogicalLine> {
  const n = text.length;
  let tokens: Token[] = [];
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (lineStart) {
      lineStart = false;
      let width = 0;
      for (; i < n; i++) {
        const w = text[i];
        if (w === ' ') width++;
        else if (w === '\t') width += 8 - (width % 8);
        else if (w === '\f') width = 0;
        else break;
      }
      if (depth > 0 && matchAt(RECOVERY, text, i) > 0) {
        yield { indent, tokens };
        tokens = [];
        depth = 0;
      }
      if (tokens.length === 0) indent = width;
      continue;
    }
    if (isNewline(c)) {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      lineStart = true;
      if (depth === 0 && tokens.length > 0) {
        yield { indent, tokens };
        tokens = [];
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && !isNewline(text[i])) i++;
      continue;
    }
    if (c === '\\' && isNewline(text[i + 1] ?? '')) {
      i += text.startsWith('\r\n', i + 1) ? 3 : 2;
      continue;
    }
    let kind: TokenKind = 'other';
    let end = i + 1;
    const nameEnd = matchAt(NAME, text, i);
    if (c === '"' || c === "'") {
      kind = 'string';
      end = scanString(text, i, '', 0);
    } else if (nameEnd > 0) {
      const q = text[nameEnd];
      const prefix = text.slice(i, nameEnd);
      const isString = (q === '"' || q === "'") && STRING_PREFIX.test(prefix);
      kind = isString ? 'string' : 'name';
      end = isString ? scanString(text, nameEnd, prefix, 0) : nameEnd;
    } else if (matchAt(NUMBER, text, i) > 0) {
      kind = 'number';
      end = NUMBER.lastIndex;
    } else if (matchAt(OPERATOR, text, i) > 0) {
      kind = 'op';
      end = OPERATOR.lastIndex;
    }
    const tokenText = text.slice(i, end);
    let tokenDepth = depth;
    if (kind === 'op' && OPENERS.has(tokenText)) depth++;
    else if (kind === 'op' && CLOSERS.has(tokenText)) tokenDepth = depth = Math.max(0, depth - 1);
    tokens.push({ kind, text: tokenText, offset: i, depth: tokenDepth });
    i = end;
  }
  if (tokens.length > 0) yield { indent, tokens };
}

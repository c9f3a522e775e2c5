// The differential test of the instruction reader (analysis/src/parse.ts) against dockerfile-ast
// (ast-parse.ts, the reader the analysis used before): on any text, both must describe every
// instruction alike (keyword, ranges, words, flags, pairs, exec form), but where dockerfile-ast is
// documented to read the file differently from BuildKit (test/unit/reader.test.ts shows each case):
//   heredoc        a line with `<<`: BuildKit's rules (split.ts) decide which words open a heredoc
//                  (`3<<EOF` does, `<<a<b` does not); dockerfile-ast takes every word that starts with
//                  `<<`, reads the body as words and counts it into the range of the arguments, and the
//                  reader before kept only the words on the line of the first one (an exec form could be
//                  left). The keyword, the flags and those words are compared (`exec form` when it is
//                  one), only the keyword when the two end the instruction on different lines or start
//                  its words on different lines (an escape inside the `<<` word, `<<EOF\"`, makes
//                  dockerfile-ast skip that word and read flags and words from the body).
//   heredoc-escaped the same with an escape left on the instruction's lines once its continuations are
//                  joined (`a\PY <<EOF\"`): dockerfile-ast drops words before and after the `<<` word.
//                  Only the keyword is compared.
//   escaped-blank  an escape, blanks, then a character on the same line (`\  \`, `\ x`): dockerfile-ast's
//                  line scanner jumps over that character, so it misses a continuation there or, when it
//                  ends a continued line, takes the next line for a continuation. Only the keyword is compared.
//   escaped-hash   a continued line that starts with escapes before a `#` (`\#`, `\\#`): dockerfile-ast
//                  reads it as a comment line and goes on to the next. Only the keyword is compared.
//   escaped-escape a line ends with an escaped escape (`\\`, or `\\\`): BuildKit's continuation pattern
//                  needs a character other than the escape before it, so the instruction ends there
//                  (split.ts), while dockerfile-ast reads on into the next lines. Only the keyword is compared.
//   feed-line      a continued line starts with a form feed or vertical tab: BuildKit takes both for
//                  blanks (an empty line, or a comment line when a `#` follows), as split.ts does;
//                  dockerfile-ast and the word readers do not. Only the keyword is compared.
//   dangling       the last line ends with a continuation and nothing follows but blank or comment lines:
//                  dockerfile-ast's instruction runs on to the end of its input. All but the range is compared.
// dockerfile-ast's instructions that start inside one of ours that is a documented case are not compared,
// nor ours inside one of its instructions that starts in a documented case.
import fc from 'fast-check';
import type { Instr, ParsedDockerfile } from '../../analysis/src/parse';
import { parseDockerfile } from '../../analysis/src/parse';
import { parseWithDockerfileAst } from './ast-parse';

const BREAK = '(\\r\\n|\\r|\\n)';

export type Case = 'heredoc' | 'heredoc-escaped' | 'escaped-blank' | 'escaped-hash' | 'escaped-escape' | 'feed-line' | 'dangling';

/** The documented case that applies to an instruction, if any. */
export function documentedCase(parsed: ParsedDockerfile, instr: Instr): Case | undefined {
  const { lines, text, escapeChar } = parsed;
  const source = text.slice(lines.offsetAt(instr.range.start), lines.offsetAt(instr.range.end));
  const escape = escapeChar === '`' ? '`' : '\\\\';
  if (new RegExp(`${escape}[ \\t]+[^ \\t\\r\\n]`).test(source)) return 'escaped-blank';
  if (new RegExp(`[\\r\\n][ \\t${escape}]*${escape}[ \\t${escape}]*#`).test(source)) return 'escaped-hash';
  // A continuation may split the `<<` (`<\⏎<EOF`, with comment or blank lines between): BuildKit joins the
  // lines, dropping those, before it looks for heredocs.
  const joined = source.replace(new RegExp(`${escape}[ \\t]*${BREAK}([ \\t]*(#[^\\r\\n]*)?${BREAK})*`, 'g'), '');
  if (/[\r\n][ \t]*[\f\v]/.test(source)) return 'feed-line';
  // Before heredocs: where the instruction ends decides what a heredoc in it holds.
  if (new RegExp(`${escape}${escape}[ \\t]*(${BREAK}|$)`).test(source)) return 'escaped-escape';
  // `<\<EOF` too: whether an escape between the two makes a heredoc is read differently by the two.
  if (joined.includes('<<') || new RegExp(`<${escape}<`).test(joined)) {
    // An escape left on the joined lines (`a\PY <<EOF\"`): dockerfile-ast drops words around the heredoc.
    return new RegExp(escape).test(joined) ? 'heredoc-escaped' : 'heredoc';
  }
  if (new RegExp(`${escape}[ \\t]*$`).test(lines.lineText(instr.range.end.line))) return 'dangling';
  return undefined;
}

/** What is compared of an instruction, as plain JSON (an absent and an undefined field are alike). */
function compared(record: Instr, documented: Case | undefined, alike: boolean): string {
  // As plain data in one order of fields: the reader's records make their ranges when asked (toJSON).
  const { keyword, range: r, keywordRange, args, flags, properties, json, argsRange: a, text } = record;
  const instr = JSON.parse(JSON.stringify({ keyword, range: r, keywordRange, args, flags, properties, json, argsRange: a, text })) as Instr;
  const { range, argsRange, ...rest } = instr;
  const keywordOnly =
    documented === 'escaped-blank' ||
    documented === 'escaped-hash' ||
    documented === 'escaped-escape' ||
    documented === 'feed-line' ||
    documented === 'heredoc-escaped' ||
    (documented === 'heredoc' && !alike);
  if (keywordOnly) return JSON.stringify({ keyword: instr.keyword, keywordRange: instr.keywordRange });
  if (documented === 'heredoc') {
    const line = instr.args.at(0)?.range.start.line;
    // A `<<` word with an escape in it is no argument for dockerfile-ast; heredoc words are the documented difference.
    const args = instr.json ? 'exec form' : instr.args.filter((a) => a.range.start.line === line && !a.raw.startsWith('<<'));
    // dockerfile-ast may read flags from the body too: only those up to the line of the words count.
    const flags = instr.flags.filter((f) => line === undefined || f.range.start.line <= line);
    return JSON.stringify({ keyword: instr.keyword, keywordRange: instr.keywordRange, flags, args });
  }
  return JSON.stringify(documented === 'dangling' ? { ...rest, argsRange } : { ...rest, range, argsRange });
}

const inside = (line: number, instr: Instr) => line >= instr.range.start.line && line <= instr.range.end.line;

/** Throws when the two readers describe an instruction differently outside the documented cases. */
export function readersAgree(text: string): void {
  const parsed = parseDockerfile(text);
  const ours = parsed.instructions;
  const theirs = parseWithDockerfileAst(text).instructions;
  const documented = ours.filter((instr) => documentedCase(parsed, instr) !== undefined);
  const inDocumented = (line: number) => documented.some((o) => inside(line, o));
  const byLine = new Map(theirs.map((instr) => [instr.range.start.line, instr]));
  for (const instr of ours) {
    const line = instr.range.start.line;
    const other = byLine.get(line);
    byLine.delete(line);
    if (!other) {
      if (theirs.some((t) => t.range.start.line < line && inside(line, t) && inDocumented(t.range.start.line))) continue;
      throw new Error(`line ${line + 1}: dockerfile-ast has no instruction here (${instr.keyword})`);
    }
    const documentedHere = documentedCase(parsed, instr);
    // In a heredoc case, `["a"] <<-EOT` is no exec form for BuildKit (the array does not end the line) but
    // is one for dockerfile-ast: only the keyword is compared then, as when the two end on different lines.
    const sameWords = !instr.json === !other.json && instr.args[0]?.range.start.line === other.args[0]?.range.start.line;
    const alike = instr.range.end.line === other.range.end.line && (documentedHere !== 'heredoc' || sameWords);
    const a = compared(instr, documentedHere, alike);
    const b = compared(other, documentedHere, alike);
    if (a !== b) throw new Error(`line ${line + 1}: the readers differ\n  ours:           ${a}\n  dockerfile-ast: ${b}`);
  }
  for (const [line, instr] of byLine) {
    if (!documented.some((o) => o.range.start.line < line && inside(line, o)))
      throw new Error(`line ${line + 1}: only dockerfile-ast has an instruction here (${instr.keyword})`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Instructions with every kind of syntax the two readers tokenise: flags, quotes, `${…}` with blanks,
// escapes (escaped blanks, escaped escapes, a continuation with blanks after it), comment lines and empty
// lines inside continuations, exec forms, heredocs, both escape characters and every line break.

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const PIECE = fc.oneof(
  {
    weight: 6,
    arbitrary: pick(
      'a',
      'train.py',
      '/opt/ml/code/',
      'src',
      '.',
      'x=1',
      'A=',
      '=b',
      '--from=base',
      '--chmod=755',
      '--link',
      '--platform=linux/amd64',
      'AS',
      'as',
      'stage',
      '"',
      "'",
      '"x y"',
      "'a b'",
      '[',
      ']',
      '","',
      '["a", "b"]',
      '[]',
      '<<EOF',
      '<<-EOT',
      '3<<EOF',
      '#',
      '$A',
      '${A}',
      '${A:-x y}',
      "${A:+'q r'}",
      '${',
      '}',
      '😀',
      '\u00e9',
    ),
  },
  { weight: 3, arbitrary: pick(' ', '  ', '\t') },
  { weight: 2, arbitrary: pick('ESC', 'ESC ', 'ESC$', 'ESCESC', 'ESC"') },
  { weight: 2, arbitrary: pick('ESCNL', 'ESC NL', 'ESCNL# comment NL', 'ESCNLNL', 'ESCNL  # indented ESCNL', 'NL') },
);

const KEYWORD = pick('FROM', 'ENV', 'ARG', 'COPY', 'ADD', 'WORKDIR', 'ENTRYPOINT', 'RUN', 'LABEL', 'CMD', 'copy', 'Env');

/** One instruction's line(s), with `ESC` and `NL` for the escape character and the line break. */
const instructionSource = fc
  .tuple(KEYWORD, pick(' ', '\t', ' ESCNL '), fc.array(PIECE, { maxLength: 14 }))
  .map(([k, gap, pieces]) => k + gap + pieces.join(''));

/** A Dockerfile of such instructions, with the escape directive or not, and one kind of line break. */
export const readerInput: fc.Arbitrary<string> = fc
  .tuple(
    pick('\\', '`'),
    pick('\n', '\r\n', '\r'),
    fc.array(
      fc.oneof({ weight: 8, arbitrary: instructionSource }, { weight: 1, arbitrary: pick('# a comment', '', 'EOF', 'EOT', '\tEOT') }),
      { minLength: 1, maxLength: 8 },
    ),
    fc.boolean(),
  )
  .map(([escape, eol, lines, finalBreak]) => {
    const directive = escape === '`' ? '# escape=`NL' : '';
    const text = directive + lines.join('NL') + (finalBreak ? 'NL' : '');
    return text.replace(/ESC/g, escape).replace(/NL/g, eol);
  });

// The instruction reader (analysis/src/parse.ts) on the syntax it tokenises, against dockerfile-ast
// (test/fuzz/ast-parse.ts), and the documented cases where dockerfile-ast reads a file differently from
// BuildKit and the reader follows BuildKit (test/fuzz/reader.ts compares the two on generated input).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, type Instr } from '../../analysis/src/parse';
import { parseWithDockerfileAst } from '../fuzz/ast-parse';
import { readersAgree } from '../fuzz/reader';

const words = (instr: Instr) => instr.args.map((a) => a.raw);
const lastLine = (instr: Instr) => instr.range.end.line;
const both = (text: string) => ({ ours: parseDockerfile(text).instructions, theirs: parseWithDockerfileAst(text).instructions });

describe('the reader reads what dockerfile-ast reads', () => {
  const cases: Array<[string, string]> = [
    ['flags, then sources and destination', 'FROM base AS b\nCOPY --from=b --chmod=755 --link a b /opt/ml/code/\n'],
    ['a flag without a value, and one with an empty value', 'COPY --link --chown= a /b\n'],
    ['the exec form, its strings with quotes and ranges', 'ENTRYPOINT ["python", "-m", "trainer.entry"]\nCOPY ["a b", "/opt/ml/code/"]\n'],
    ['the exec form over a continuation', 'ENTRYPOINT ["python", \\\n  "train.py"]\n'],
    ['ENV pairs, quoted values, the legacy form', 'ENV A=1 B="x y" C=\'$A\'\nENV LEGACY value with spaces\nARG V\nARG W=w1\n'],
    ['a pair over a continuation with a comment line inside', 'ENV A="x y" \\\n  # a comment\n  C=$A\n'],
    ['blanks inside ${…} stay in the word', 'ENV A=${B:-x y} C=1\n'],
    ['escapes inside words', 'COPY a\\ b c\\\\d /e\nWORKDIR /opt/my\\ dir\n'],
    ['the backtick escape', '# escape=`\nCOPY a `\n  b C:\\dir\\\nENV X=1 `\n  Y=2\n'],
    ['CRLF and lone CR line breaks', 'FROM python\r\nCOPY a \\\r\n b /c\r\nENV A=1 \\\rB=2\r'],
    ['a heredoc: its body is no argument', 'COPY <<EOF /opt/ml/code/train.py\nprint(1)\nEOF\nENV SAGEMAKER_PROGRAM=train.py\n'],
    ['a form feed after the escape ends the line: BuildKit continues on spaces and tabs only', 'ENV A=1 \\\f\nENV B=2\n'],
    ['an unknown keyword that upper-casing lengthens (`ß` is `SS`): its text starts after it', 'ßßx echo hi\nENV A=1\n'],
    ['an escape inside a comment line of a continued instruction starts no flag', 'COPY \\\n #a\\--link\n b c\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      readersAgree(text);
      const { ours, theirs } = both(text);
      assert.equal(ours.length, theirs.length);
    });
  }

  it('the text of an instruction whose unknown keyword upper-casing lengthens starts right after the keyword', () => {
    assert.equal(both('ßßx echo hi\n').ours[0].text, 'echo hi');
    assert.equal(both('\u0390x\\\nENV A=1\n').ours[0].text, 'ENV A=1');
  });

  it('a form feed or vertical tab after the escape: two instructions, as BuildKit reads them', () => {
    for (const blank of ['\f', '\v']) {
      const { ours } = both(`ENV A=1 \\${blank}\nENV B=2\n`);
      assert.deepEqual(
        ours.map((i) => [i.keyword, i.range.start.line, i.range.end.line]),
        [
          ['ENV', 0, 0],
          ['ENV', 1, 1],
        ],
      );
    }
  });

  it('reads the flags, words and pairs the model uses', () => {
    const [from, copy, env] = parseDockerfile(
      'FROM --platform=linux/amd64 python:3.11 AS base\nCOPY --from=base a "b c" /d/\nENV A=1 B="x y"\n',
    ).instructions;
    assert.deepEqual(words(from), ['python:3.11', 'AS', 'base']);
    assert.deepEqual(from.flags, [], 'FROM has flags, the model reads none');
    assert.deepEqual(
      copy.flags.map((f) => [f.name, f.value?.raw]),
      [['from', 'base']],
    );
    assert.deepEqual(words(copy), ['a', '"b', 'c"', '/d/']);
    assert.deepEqual(
      env.properties.map((p) => [p.name, p.value?.raw]),
      [
        ['A', '1'],
        ['B', '"x y"'],
      ],
    );
  });
});

describe('where dockerfile-ast reads a file differently from BuildKit, the reader follows BuildKit', () => {
  it('heredoc: `3<<EOF` opens one (a file descriptor before it), and its body holds no words', () => {
    const text = 'COPY 3<<EOF /opt/ml/code/x\nENV NOT_AN_INSTRUCTION=1\nEOF\nENV A=1\n';
    const { ours, theirs } = both(text);
    assert.deepEqual(
      ours.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
      [
        ['COPY', 0, 2],
        ['ENV', 3, 3],
      ],
    );
    assert.deepEqual(words(ours[0]), ['3<<EOF', '/opt/ml/code/x']);
    assert.deepEqual(
      theirs.map((i) => [i.keyword, i.range.start.line]),
      [
        ['COPY', 0],
        ['ENV', 1],
        ['EOF', 2],
        ['ENV', 3],
      ],
      'dockerfile-ast reads the body as instructions',
    );
    readersAgree(text);
  });

  it('heredoc: the words on a continuation line of a heredoc instruction are arguments', () => {
    const { ours, theirs } = both('COPY <<EOF \\\n  /opt/ml/code/train.py\nprint(1)\nEOF\n');
    assert.deepEqual(words(ours[0]), ['<<EOF', '/opt/ml/code/train.py']);
    assert.deepEqual(words(theirs[0]), ['<<EOF'], 'the reader before kept only the words on the first line');
  });

  it('escaped-blank: `\\  \\` at the end of a line continues it', () => {
    const text = 'ENV A=1 \\  \\\n  B=2\nENV C=3\n';
    const { ours, theirs } = both(text);
    assert.deepEqual(
      ours.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
      [
        ['ENV', 0, 1],
        ['ENV', 2, 2],
      ],
    );
    assert.equal(lastLine(theirs[0]), 0, 'dockerfile-ast skips the second escape and ends the instruction');
    readersAgree(text);
  });

  it('escaped-blank: a continued line that is only an escaped blank and a word does not continue', () => {
    const text = 'COPY a \\\n\\ c\nCOPY d /e\n';
    const { ours, theirs } = both(text);
    assert.deepEqual(
      ours.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
      [
        ['COPY', 0, 1],
        ['COPY', 2, 2],
      ],
    );
    assert.deepEqual(
      theirs.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
      [['COPY', 0, 2]],
      'dockerfile-ast takes the next instruction for a continuation',
    );
    readersAgree(text);
  });

  it('escaped-hash: a continued line starting with `\\#` is no comment', () => {
    const text = 'COPY a \\\n\\#b /c\nENV D=1\n';
    const { ours, theirs } = both(text);
    assert.deepEqual(
      ours.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
      [
        ['COPY', 0, 1],
        ['ENV', 2, 2],
      ],
    );
    assert.deepEqual(words(ours[0]), ['a', '\\#b', '/c']);
    assert.deepEqual(
      theirs.map((i) => [i.keyword, lastLine(i)]),
      [['COPY', 2]],
      'dockerfile-ast reads a comment and goes on',
    );
    readersAgree(text);
  });

  it('escaped-escape: a line ending in an escaped escape ends the instruction (BuildKit needs another character before the escape)', () => {
    for (const [text, first] of [
      ['RUN echo C:\\\\\nENV A=1\n', 0],
      ['RUN echo \\\\\\\nENV A=1\n', 0],
      ['# escape=`\nRUN dir ``\nENV A=1\n', 1],
    ] as const) {
      assert.deepEqual(
        both(text).ours.map((i) => [i.keyword, i.range.start.line, lastLine(i)]),
        [
          ['RUN', first, first],
          ['ENV', first + 1, first + 1],
        ],
        text,
      );
      readersAgree(text);
    }
    // dockerfile-ast reads such a line on into the next (the fuzz input kept in test/fixtures/fuzz shows it).
    readersAgree('COPY a\\\\\n b /c\nENV A=1\n');
  });

  it('dangling: a continuation with nothing after it ends the instruction on its own line', () => {
    const text = 'FROM python\nENV A=1 \\\n# a comment\n\n';
    const { ours, theirs } = both(text);
    assert.equal(lastLine(ours[1]), 1);
    assert.ok(lastLine(theirs[1]) > 1, 'dockerfile-ast runs on to the end of its input');
    assert.equal(JSON.stringify(ours[1].properties), JSON.stringify(theirs[1].properties));
    readersAgree(text);
  });
});

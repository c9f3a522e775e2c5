// Inputs that broke the analysis: sizes that overflowed the call stack, quoted `<<`, names of
// Object.prototype members, lone CR line breaks, escaped spaces, a bad .dockerignore pattern, and a
// part of the pipeline that fails. Each case names what it found before it was fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile } from '../../analysis/src';
import { MAX_VALUE_LENGTH } from '../../analysis/src/expand';
import * as files from '../../analysis/src/files';
import { parseSettings } from '../../server/src/settings';
import { analyze, CTX, DOCKERFILE, memoryFs, pairsOf } from './helpers';

const codesOf = (text: string, options: Parameters<typeof analyzeDockerfile>[1] = {}) =>
  analyzeDockerfile(text, { context: null, ...options }).diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);

test('200,000 instructions in one stage (a spread overflowed the stack from about 125,170: no findings at all)', () => {
  const text = `FROM a\n${'RUN x\n'.repeat(200_000)}ENV SAGEMAKER_TRAINING_MODULE=x\n`;
  assert.deepEqual(codesOf(text), ['SM101@200002']);
});

test('1,563 and 20,000 nested ${A:+…} with A set (the expansion recursed until the stack overflowed)', () => {
  for (const depth of [1_563, 20_000]) {
    const value = `${'${A:+'.repeat(depth)}pkg.mod${'}'.repeat(depth)}`;
    const analysis = analyzeDockerfile(`FROM a\nENV A=1\nENV SAGEMAKER_TRAINING_MODULE=${value}\n`, { context: null });
    assert.equal(analysis.model.effectiveEnv.get('SAGEMAKER_TRAINING_MODULE')?.expanded.value, 'pkg.mod', `depth ${depth}`);
    assert.deepEqual(
      analysis.diagnostics.map((d) => d.code),
      ['SM101'],
    );
  }
});

test('a quoted << is no heredoc; BuildKit takes only a whole unquoted word starting with <<', () => {
  const module = 'ENV SAGEMAKER_TRAINING_MODULE=x';
  const rows: Array<[string, string[]]> = [
    // Was: the rest of the file hidden, no findings.
    [`RUN python -c "print(1<<20)"\n${module}`, ['SM101@3']],
    [`RUN python -c 'print(1<<20)'\n${module}`, ['SM101@3']],
    [`RUN echo "<<EOF"\n${module}`, ['SM101@3']],
    [`RUN echo $((1<<2))\n${module}`, ['SM101@3']],
    [`RUN ["sh", "-c", "cat <<EOF"]\n${module}`, ['SM101@3']],
    // Real heredocs hide their body, which the image does not run as instructions.
    [`RUN <<EOF\n${module}\nEOF\n${module}`, ['SM101@5']],
    [`RUN cat <<'EOF' > /x\n${module}\nEOF`, []],
    [`RUN cat <<"EOF" > /x\n${module}\nEOF`, []],
    [`RUN <<-EOF\n${module}\n\tEOF`, []],
    [`COPY --chmod=755 <<EOF /x\n${module}\nEOF`, []],
    [`RUN <<A <<B\nA\n${module}\nB`, []],
    [`RUN echo \\\n  <<EOF\n${module}\nEOF`, []],
    [`ONBUILD RUN <<EOF\n${module}\nEOF`, []],
  ];
  for (const [body, expected] of rows) assert.deepEqual(codesOf(`FROM a\n${body}\n`), expected, body);
});

test('ARG and ENV names of Object.prototype members are plain names (SM204 was reported on a native function)', () => {
  // An ARG without a value is unset: the default applies (SM201 on train.py), not a function's source text (SM204).
  assert.deepEqual(codesOf('FROM a\nARG toString\nENV SAGEMAKER_PROGRAM=${toString:-train.py}\n'), ['SM201@3']);
  // And a bare reference to it is unknown (SM004): a build argument may set it.
  assert.deepEqual(codesOf('FROM a\nARG toString\nENV SAGEMAKER_PROGRAM=${toString}\n'), ['SM004@3']);
  for (const name of ['constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
    const analysis = analyzeDockerfile(`FROM a\nARG ${name}=train.py\nENV SAGEMAKER_PROGRAM=\${${name}:-other.py}\n`, { context: null });
    assert.equal(analysis.model.effectiveEnv.get('SAGEMAKER_PROGRAM')?.expanded.value, 'train.py', name);
  }
  // A build argument of that name is used as given, from settings and the CLI alike.
  const buildArgs = JSON.parse('{"__proto__": "x y.py", "constructor": "c.py"}') as Record<string, string>;
  const given = analyzeDockerfile(
    'ARG __proto__\nFROM a\nARG __proto__\nARG constructor\nENV SAGEMAKER_PROGRAM=$__proto__ B=$constructor\n',
    { context: null, buildArgs },
  );
  assert.equal(given.model.effectiveEnv.get('SAGEMAKER_PROGRAM')?.expanded.value, 'x y.py');
  assert.equal(given.model.effectiveEnv.get('B')?.expanded.value, 'c.py');
  const settings = parseSettings(
    JSON.parse('{"buildArgs": {"__proto__": "1", "toString": "2"}, "rules": {"constructor": "off"}}'),
    () => undefined,
  );
  assert.deepEqual(Object.entries(settings.buildArgs), [
    ['__proto__', '1'],
    ['toString', '2'],
  ]);
  assert.equal(Object.getPrototypeOf(settings.buildArgs), null);
});

test('lone CR line breaks: positions follow \\n, \\r\\n and \\r as the editor does (SM002 landed on the line above)', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['FROM a', 'RUN x', '', 'ENV SAGEMAKER_PROGRAM=', 'COPY a b', 'ENV SAGEMAKER_REQUIREMENTS=r'].join(eol) + eol;
    const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text);
    const found = analyzeDockerfile(text, { context: null }).diagnostics.map((d) => [d.code, document.getText(d.range)]);
    assert.deepEqual(
      found,
      [
        ['SM002', 'SAGEMAKER_PROGRAM='],
        ['SM304', 'SAGEMAKER_REQUIREMENTS'],
      ],
      JSON.stringify(eol),
    );
  }
});

test('an escaped space in ENV gives no phantom pair (SM001 on a name that is not there, a removal ending before it starts)', () => {
  const result = analyze('FROM a\nENV SAGEMAKER_PROGRAM=1 \\  SAGEMAKER_PROGRAM=b\n');
  assert.deepEqual(pairsOf(result, 'SM001'), []);
  assert.deepEqual(
    result.model.assignments.map((a) => a.name),
    ['SAGEMAKER_PROGRAM', 'SAGEMAKER_PROGRAM'],
  );
  for (const d of result.diagnostics) {
    const removal = (d.data as { removeRange?: { start: { character: number }; end: { character: number } } }).removeRange;
    if (removal) assert.ok(removal.start.character <= removal.end.character, JSON.stringify(removal));
  }
});

test('.dockerignore with [abc: the pattern is left out with a note, the file rules still run ("internal error" before)', () => {
  const logs: string[] = [];
  const text = 'FROM a\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=missing.py\n';
  const fs = memoryFs({ Dockerfile: text, 'train.py': 'print(1)\n', '.dockerignore': '[abc\n*.md\n' });
  const result = analyzeDockerfile(text, { dockerfilePath: DOCKERFILE, context: CTX, fs, log: (m) => logs.push(m) });
  assert.deepEqual(
    result.diagnostics.map((d) => d.code),
    ['SM201'],
  );
  assert.deepEqual(logs, [
    `${CTX}/.dockerignore:1: '[abc' is not a valid pattern (Docker stops the build with "syntax error in pattern"); it is left out`,
  ]);
  assert.equal(result.context?.isIgnored('README.md'), true);
});

test('a stage whose image files fail costs that stage only: its files are unknown, never missing', () => {
  const original = files.buildImageFiles;
  const patched = files as { buildImageFiles: typeof files.buildImageFiles };
  patched.buildImageFiles = (stage, model, context, images) => {
    if (stage.index === 1) throw new Error('stage on fire');
    return original(stage, model, context, images);
  };
  try {
    const logs: string[] = [];
    const text =
      'FROM a AS base\nCOPY x.py /opt/ml/code/\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\nENV SAGEMAKER_TRAINING_MODULE=nocolon\n';
    const result = analyzeDockerfile(text, { context: null, log: (m, failure) => logs.push(`${m} ${failure ? '(internal)' : ''}`) });
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['SM402', 'SM101'],
    );
    assert.deepEqual(logs, ['image files of stage 2 (line 3) failed: stage on fire (internal)']);
    assert.equal(result.images.get(result.model.stages[1]).lookup('/opt/ml/code/train.py').status, 'unknown');
  } finally {
    patched.buildImageFiles = original;
  }
});

test('30,000 installs in one RUN line (a pattern that backtracked over the rest of the line took 11–30 s)', () => {
  for (const command of ['conda install x ', 'pip install x ', 'pip install -r x ']) {
    const text = `FROM python:3.11\nRUN ${command.repeat(30_000)}\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`;
    // A requirements file may bring the toolkit; the other two install none.
    assert.deepEqual(codesOf(text), command.includes('-r') ? [] : ['SM403@4'], command);
  }
});

test('a requirements file of 200,000 blank lines is read in one pass (a multi-line pattern started at every line)', () => {
  const text =
    'FROM python:3.11\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n';
  const r = analyze(text, { 'requirements.txt': `${'\n'.repeat(200_000)}numpy\n`, 'train.py': '' });
  assert.deepEqual(
    pairsOf(r, 'SM403').map(([code]) => code),
    ['SM403'],
  );
});

test('a pip install word of 100,000 `[` (the pattern for `[extras]` started at each one: 5.5 s)', () => {
  const text = `FROM python:3.11\nRUN pip install x${'['.repeat(100_000)}\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`;
  assert.deepEqual(codesOf(text), ['SM403@4']);
});

test('values that double at each step (ENV B=$A$A) stay bounded: depth 29 threw "Invalid string length", depth 26 took 6 s', () => {
  const steps = Array.from({ length: 40 }, (_, i) => `ENV A${i + 1}=\${A${i}}\${A${i}}\n`).join('');
  for (const [depth, program] of [
    [17, 'ENV SAGEMAKER_PROGRAM=${A17}\n'],
    [40, 'ENV SAGEMAKER_PROGRAM=${A40}\n'],
  ] as const) {
    const analysis = analyzeDockerfile(`FROM python:3.11\nENV A0=x\n${steps}${program}`, { context: null });
    const longest = Math.max(...analysis.model.assignments.map((a) => a.expanded.value.length));
    assert.equal(longest, MAX_VALUE_LENGTH, `depth ${depth}: the longest value is the bound`);
    // A value of the bound's length is checked, and the message shows it by its ends.
    const messages = analysis.diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    assert.ok(messages.length > 0, `depth ${depth}: findings`);
    for (const message of messages) assert.ok(message.length < 1_000, `depth ${depth}: ${message.length} characters`);
  }
});

test('patterns of many stars in .dockerignore, COPY --exclude and a COPY source (each ran for minutes: regular expressions backtracked)', () => {
  const stars = `${'*a'.repeat(14)}b`;
  const script = `${'a'.repeat(60)}.py`;
  const rows: Array<[string, Record<string, string>, string[]]> = [
    // The script is left out by nothing: the pattern needs a final b.
    [`COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=${script}\n`, { [script]: '', '.dockerignore': `${stars}\n` }, []],
    [`COPY --exclude=${stars} . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=${script}\n`, { [script]: '' }, []],
    // The glob matches nothing, so nothing reaches /opt/ml/code.
    [`COPY ${stars} /opt/ml/code/\nENV SAGEMAKER_PROGRAM=${script}\n`, { [script]: '' }, ['SM201']],
  ];
  for (const [body, files, codes] of rows) {
    const result = analyze(`FROM python:3.11\nRUN pip install sagemaker-training\n${body}`, files);
    assert.deepEqual(
      pairsOf(result, 'SM201', 'SM202').map(([code]) => code),
      codes,
      body,
    );
  }
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDockerfile } from '../../analysis/src';
import { expandWord, sourceOffset } from '../../analysis/src/expand';

/** Writes files into a fresh temp folder and analyses its Dockerfile. */
function project(files: Record<string, string>, options: Parameters<typeof analyzeDockerfile>[1] = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-model-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const dockerfile = path.join(dir, 'Dockerfile');
  const analysis = analyzeDockerfile(files['Dockerfile'] ?? '', { dockerfilePath: dockerfile, workspaceRoot: dir, ...options });
  return { dir, analysis, model: analysis.model };
}

const lookup = (a: ReturnType<typeof project>['analysis'], p: string) => a.images.get(a.model.target!).lookup(p).status;
const env = (a: ReturnType<typeof project>['analysis'], name: string) => a.model.effectiveEnv.get(name)?.expanded;

test('stages: target is the last stage unless configured; names and indexes resolve FROM', () => {
  const text =
    'FROM python:3.11 AS Base\nENV A=1\nFROM base AS mid\nENV B=2\nFROM mid AS Third\nENV C=3\nFROM python:3.11 AS other\nENV D=4\n';
  const { model } = project({ Dockerfile: text });
  assert.equal(model.stages.length, 4);
  assert.equal(model.target?.name, 'other');
  assert.deepEqual([...model.effectiveEnv.keys()], ['D']);
  const configured = project({ Dockerfile: text }, { target: 'THIRD' }).model;
  assert.deepEqual(
    configured.chain.map((s) => s.index),
    [0, 1, 2],
  );
  assert.deepEqual([...configured.effectiveEnv.keys()].sort(), ['A', 'B', 'C']);
  const missing = project({ Dockerfile: text }, { target: 'nope' }).model;
  assert.match(missing.targetProblem ?? '', /nope/);
  assert.equal(missing.target?.name, 'other');
  // docker build --target finds a stage by name only; `FROM 1` and `COPY --from=1` alone take an index.
  const index = project({ Dockerfile: text }, { target: '2' }).model;
  assert.equal(index.targetProblem, "no stage '2' to target (the named stages are base, mid, third, other)");
});

test('variables: ENV forms, quotes, continuations and comment lines inside them', () => {
  const text = [
    'FROM busybox',
    'ENV A="x y" B=\'$A\' \\',
    '  # a comment inside the instruction',
    '  C=$A',
    'ENV G=$A-${A}',
    'ENV LEGACY value with spaces',
    'ENV D=${MISSING:-d} E=${A:+alt} F=\\$A',
  ].join('\n');
  const { analysis } = project({ Dockerfile: text });
  assert.equal(env(analysis, 'A')?.value, 'x y');
  assert.equal(env(analysis, 'B')?.value, '$A');
  assert.deepEqual(env(analysis, 'C')?.unresolved, ['A'], 'a pair sees the variables from before its ENV');
  assert.equal(env(analysis, 'G')?.value, 'x y-x y');
  assert.equal(env(analysis, 'LEGACY')?.value, 'value with spaces');
  assert.deepEqual(env(analysis, 'D')?.unresolved, ['MISSING']);
  assert.equal(env(analysis, 'E')?.value, 'alt');
  assert.equal(env(analysis, 'F')?.value, '$A');
});

test('variables: one ENV sees values from before it; ENV beats ARG; build args override defaults', () => {
  const text = 'ARG V=global\nFROM busybox\nARG V\nARG W=w1\nENV A=1\nENV A=2 B=$A\nENV W=env\nARG W=arg\nENV X=$V-$W\n';
  const { analysis } = project({ Dockerfile: text });
  assert.equal(env(analysis, 'B')?.value, '1');
  assert.equal(env(analysis, 'X')?.value, 'global-env');
  const withArgs = project({ Dockerfile: text }, { buildArgs: { V: 'cli' } }).analysis;
  assert.equal(env(withArgs, 'X')?.value, 'cli-env');
});

test('variables: global ARGs reach FROM lines only, unless re-declared', () => {
  const text = 'ARG BASE=busybox\nARG P=train.py\nFROM ${BASE} AS b\nENV NOT_VISIBLE=$P\nFROM b\nENV STILL=$NOT_VISIBLE\n';
  const { model, analysis } = project({ Dockerfile: text });
  assert.equal(model.stages[0].image, 'busybox');
  assert.deepEqual(env(analysis, 'NOT_VISIBLE')?.unresolved, ['P']);
  assert.deepEqual(env(analysis, 'STILL')?.unresolved, ['NOT_VISIBLE'], 'an unresolved ENV stays unresolved downstream');
  assert.equal(model.stages[1].envAtEnd.get('NOT_VISIBLE'), undefined);
});

test('variables: an ARG without a value and without a build argument is unset, as Docker has it', () => {
  // `${X:-default}` is then the default and `${X:+alt}` nothing; a bare `$X` stays unknown (a build argument may set it).
  const text =
    'ARG BASE\nFROM ${BASE:-python:3.11}\nARG ENTRY\nENV P=${ENTRY:-train.py} Q=${ENTRY-q} R=x${ENTRY:+alt}y S=$ENTRY T=${UNDECLARED:-t}\n';
  const { model, analysis } = project({ Dockerfile: text });
  assert.equal(model.stages[0].image, 'python:3.11');
  assert.equal(model.stages[0].imageUnresolved, undefined);
  assert.equal(env(analysis, 'P')?.value, 'train.py');
  assert.deepEqual(env(analysis, 'P')?.unresolved, []);
  assert.equal(env(analysis, 'Q')?.value, 'q');
  assert.equal(env(analysis, 'R')?.value, 'xy');
  assert.deepEqual(env(analysis, 'S')?.unresolved, ['ENTRY']);
  assert.deepEqual(env(analysis, 'T')?.unresolved, ['UNDECLARED'], 'a name nothing declares may come from the base image');
  assert.equal(model.stages[0].args[0].resolved, undefined);
  const given = project({ Dockerfile: text }, { buildArgs: { ENTRY: 'main.py', BASE: 'busybox' } });
  assert.equal(given.model.stages[0].image, 'busybox');
  assert.equal(env(given.analysis, 'P')?.value, 'main.py');
  assert.equal(env(given.analysis, 'R')?.value, 'xalty');
  // A stage ARG without a value takes the global's value, or is unset with it.
  const inherited = project({ Dockerfile: 'ARG G\nARG H=h\nFROM busybox\nARG G\nARG H\nENV A=${G:-g} B=${H:-none}\n' }).analysis;
  assert.equal(env(inherited, 'A')?.value, 'g');
  assert.equal(env(inherited, 'B')?.value, 'h');
});

test('variables: ENV and ARG are inherited through FROM <stage> transitively, as BuildKit does; not by other stages', () => {
  const text = 'FROM busybox AS a\nARG X=1\nARG U\nENV A=a\nFROM a AS b\nENV B=$A-$X D=${U:-u}\nFROM b\nENV C=$B-$X\n';
  const { analysis } = project({ Dockerfile: text });
  assert.equal(env(analysis, 'B')?.value, 'a-1');
  assert.equal(env(analysis, 'D')?.value, 'u', 'an inherited ARG without a value stays unset');
  assert.equal(env(analysis, 'C')?.value, 'a-1-1');
  assert.equal(analysis.model.chain.length, 3);
  const sibling = project({ Dockerfile: 'FROM busybox AS a\nARG X=1\nFROM busybox\nENV B=$X\n' }).analysis;
  assert.deepEqual(env(sibling, 'B')?.unresolved, ['X']);
  // A stage with two children: each gets the parent's values, and what one declares the other does not see.
  const twoChildren = 'FROM busybox AS a\nARG X=1\nFROM a AS b\nARG X=2\nENV B=$X\nFROM a\nENV C=$X\n';
  const both = project({ Dockerfile: twoChildren }).analysis;
  assert.equal(both.model.stages[1].envAtEnd.get('B'), '2');
  assert.equal(env(both, 'C')?.value, '1');
});

test('escape directive: backtick continuations and Windows-style paths', () => {
  const text = '# escape=`\nFROM busybox\nENV A=1 `\n  B=C:\\path\nFROM busybox AS second\nENV C=x `\n  D=y\n';
  const { model } = project({ Dockerfile: text });
  assert.equal(model.parsed.escapeChar, '`');
  assert.equal(model.stages[0].assignments.find((a) => a.name === 'B')?.expanded.value, 'C:\\path');
  assert.deepEqual(
    model.stages[1].assignments.map((a) => a.name),
    ['C', 'D'],
  );
  assert.equal(model.stages[1].assignments[1].nameRange.start.line, 6);
});

test('files: WORKDIR is relative to the previous one; relative COPY destinations use it', () => {
  const text = 'FROM busybox\nWORKDIR /opt\nWORKDIR ml/code\nCOPY train.py .\nCOPY lib.py sub/\nCOPY a.py renamed.py\n';
  const { analysis } = project({ Dockerfile: text, 'train.py': '', 'lib.py': '', 'a.py': '' });
  assert.equal(analysis.images.get(analysis.model.target!).workdir, '/opt/ml/code');
  assert.equal(lookup(analysis, '/opt/ml/code/train.py'), 'present');
  assert.equal(lookup(analysis, '/opt/ml/code/sub/lib.py'), 'present');
  assert.equal(lookup(analysis, '/opt/ml/code/renamed.py'), 'present');
  assert.equal(lookup(analysis, '/opt/ml/code/a.py'), 'absent');
  assert.equal(analysis.images.get(analysis.model.target!).folderState('/opt/ml'), 'dir');
});

test('files: destination rules — trailing slash, several sources, existing folder, single file', () => {
  const text = [
    'FROM busybox',
    'COPY a.py /one',
    'COPY a.py b.py /two',
    'RUN true',
    'WORKDIR /three',
    'COPY a.py /three',
    'COPY a.py /four/',
  ].join('\n');
  const { analysis } = project({ Dockerfile: text, 'a.py': '', 'b.py': '' });
  assert.equal(lookup(analysis, '/one'), 'present');
  assert.equal(lookup(analysis, '/one/a.py'), 'absent');
  assert.equal(lookup(analysis, '/two/b.py'), 'present');
  assert.equal(lookup(analysis, '/three/a.py'), 'present');
  assert.equal(lookup(analysis, '/four/a.py'), 'present');
});

test('files: folders copy their contents, `.` copies the context, globs match, .dockerignore filters', () => {
  const text = 'FROM busybox\nCOPY src /app/\nCOPY . /ctx/\nCOPY *.sh /scripts/\n';
  const files = {
    Dockerfile: text,
    'src/pkg/mod.py': '',
    'run.sh': '',
    'other.sh': '',
    'notes.txt': '',
    '.dockerignore': 'notes.txt\nother.sh\n',
  };
  const { analysis } = project(files);
  assert.equal(lookup(analysis, '/app/pkg/mod.py'), 'present');
  assert.equal(lookup(analysis, '/app/src/pkg/mod.py'), 'absent');
  assert.equal(lookup(analysis, '/ctx/src/pkg/mod.py'), 'present');
  assert.equal(lookup(analysis, '/ctx/notes.txt'), 'absent');
  assert.equal(lookup(analysis, '/scripts/run.sh'), 'present');
  assert.equal(lookup(analysis, '/scripts/other.sh'), 'absent');
});

test('files: COPY --from reads the other stage; RUN makes touched paths unknown', () => {
  const text = [
    'FROM busybox AS build',
    'COPY train.py /out/',
    'FROM busybox',
    'COPY --from=build /out/train.py /opt/ml/code/',
    'COPY --from=build /out/ /all/',
    'COPY --from=python:3.11 /usr/bin/python3 /usr/bin/',
    'RUN mkdir -p /data && cd /srv/app && cp /tmp/x.py ./y.py',
  ].join('\n');
  const { analysis } = project({ Dockerfile: text, 'train.py': '' });
  assert.equal(lookup(analysis, '/opt/ml/code/train.py'), 'present');
  assert.equal(lookup(analysis, '/all/train.py'), 'present');
  assert.equal(lookup(analysis, '/all/missing.py'), 'absent');
  assert.equal(lookup(analysis, '/usr/bin/python3'), 'unknown');
  assert.equal(lookup(analysis, '/data/anything'), 'unknown');
  assert.equal(lookup(analysis, '/srv/app/y.py'), 'unknown');
  assert.equal(lookup(analysis, '/elsewhere'), 'absent');
});

test('files: a RUN is read as its shell reads it: continued lines joined, each heredoc line a command', () => {
  const text = [
    'FROM busybox',
    'RUN cd /srv && \\',
    '    cp /tmp/a.py \\',
    '       ./a.py',
    'RUN <<EOT',
    'cd /data',
    'touch b.txt',
    'EOT',
    'RUN echo c.txt > /elsewhere/log',
  ].join('\n');
  const { analysis } = project({ Dockerfile: text });
  assert.equal(lookup(analysis, '/srv/a.py'), 'unknown');
  assert.equal(lookup(analysis, '/data/b.txt'), 'unknown');
  assert.equal(lookup(analysis, '/elsewhere/log'), 'unknown');
  assert.equal(lookup(analysis, '/srv/other.py'), 'absent');
  assert.equal(lookup(analysis, '/EOT'), 'absent');
});

test('files: without a build context, folder copies are unknown, single files are known', () => {
  const text = 'FROM busybox\nCOPY . /opt/ml/code/\nCOPY train.py /srv/\n';
  const { analysis } = project({ Dockerfile: text }, { context: null });
  assert.equal(analysis.contextDir, undefined);
  assert.equal(lookup(analysis, '/opt/ml/code/anything.py'), 'unknown');
  assert.equal(lookup(analysis, '/srv/train.py'), 'present');
});

test('build context: the Dockerfile folder, an ancestor holding all sources, or the configured one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-context-'));
  fs.mkdirSync(path.join(dir, 'docker', 'train'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'train.py'), '');
  const dockerfile = path.join(dir, 'docker', 'train', 'Dockerfile');
  const text = 'FROM busybox\nCOPY src/train.py /opt/ml/code/\n';
  assert.equal(analyzeDockerfile(text, { dockerfilePath: dockerfile, workspaceRoot: dir }).contextDir, dir);
  assert.equal(
    analyzeDockerfile(text, { dockerfilePath: dockerfile, workspaceRoot: path.join(dir, 'docker') }).contextDir,
    path.dirname(dockerfile),
  );
  assert.equal(analyzeDockerfile(text, { dockerfilePath: dockerfile, context: '../..' }).contextDir, dir);
  assert.equal(analyzeDockerfile(text, {}).contextDir, undefined, 'an unsaved buffer has no context');
});

test('expandWord maps output characters back to the source', () => {
  const result = expandWord('"a b"${X}c', (n) => (n === 'X' ? 'XX' : undefined));
  assert.equal(result.value, 'a bXXc');
  assert.deepEqual(
    Array.from({ length: result.value.length }, (_, i) => sourceOffset(result, i)),
    [1, 2, 3, -1, -1, 9],
  );
  const unresolved = expandWord('${A:-x}$B${C#p}', () => undefined);
  assert.deepEqual(unresolved.unresolved, ['A', 'B', 'C']);
});

test('heredocs do not start stages and FROM inside them is text', () => {
  const text = 'FROM busybox\nRUN <<EOF\nFROM not-a-stage\nEOF\nCOPY <<-END /opt/ml/code/train.sh\n\tFROM also-text\n\tEND\nENV A=1\n';
  const { model, analysis } = project({ Dockerfile: text });
  assert.equal(model.stages.length, 1);
  assert.equal(env(analysis, 'A')?.value, '1');
  assert.equal(lookup(analysis, '/opt/ml/code/train.sh'), 'present');
});

test('a RUN is read without the BuildKit flags before its command, in shell and exec form', () => {
  const text =
    'FROM python:3.11\nRUN --mount=type=cache,target=/root/.cache \\\n    --network=none pip install /opt/pkg\nRUN --mount=type=secret,id=aws ["pip", "install", "."]\nRUN --help-me-not echo --mount=x\n';
  const { model } = project({ Dockerfile: text });
  const runs = model.stages[0].fileOps.map((op) => (op.kind === 'run' ? op.text : ''));
  assert.deepEqual(runs, ['pip install /opt/pkg', 'pip install .', 'echo --mount=x']);
});

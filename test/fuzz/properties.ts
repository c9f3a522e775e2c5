// Property tests of the analysis over generated Dockerfiles and mutated fixtures (fast-check).
// `npm test` runs them with a small budget (test/unit/fuzz.test.ts); `npm run fuzz -- --runs N` runs
// them long (test/fuzz/run.ts). Properties: no exception; every range inside the document; the same
// input gives the same diagnostics; an unrelated comment changes nothing but line numbers; a rule
// that fails costs only that rule's diagnostics.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { analyzeDockerfile, type AnalysisOptions } from '../../analysis/src';
import { LineIndex } from '../../analysis/src/line-index';
import { parseDockerfile } from '../../analysis/src/parse';
import { RULE_CHECKS } from '../../analysis/src/rules';
import { CTX, DOCKERFILE, memoryFs } from '../unit/helpers';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

// ---------------------------------------------------------------------------------------------------
// Generated Dockerfiles

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const KEYS = pick(
  'SAGEMAKER_PROGRAM',
  'SAGEMAKER_TRAINING_MODULE',
  'SAGEMAKER_SERVING_MODULE',
  'SAGEMAKER_SUBMIT_DIRECTORY',
  'SAGEMAKER_MODEL_SERVER_WORKERS',
  'SAGEMAKER_BIND_TO_PORT',
  'SAGEMAKER_MULTI_MODEL',
  'SAGEMAKER_REQUIREMENTS',
  'sagemaker_program',
  'SAGEMAKR_PROGRAM',
  'PYTHONPATH',
  'A',
  'toString',
  '__proto__',
  'constructor',
);
const WORDS = pick(
  'train.py',
  'trainer.entry:main',
  'pkg.mod',
  'serve:app',
  'a b',
  '/opt/ml/code/x.py',
  '../x',
  '8080',
  'true',
  '',
  '.',
  '*',
  '*.py',
  '**',
  '[abc',
  'x\\ y',
  'run.sh',
  'trainer/',
  'C:\\path',
  '😀',
  '\u00e9',
  '\u0000',
);
const QUOTES = pick('', '"', "'");
const VARIABLE = fc
  .tuple(pick('$', '${', '${'), pick('A', 'B', 'SAGEMAKER_PROGRAM', 'toString', '1'), pick('', '}', ':-x}', ':+y}', '-z}', '+w}', '#p}'))
  .map(([open, name, close]) => (open === '$' ? `$${name}` : `${open}${name}${close}`));
const VALUE = fc.array(fc.oneof(WORDS, VARIABLE, QUOTES, pick(' ', '\\ ', '=', ':')), { maxLength: 6 }).map((parts) => parts.join(''));

const nested = fc.integer({ min: 1, max: 3000 }).map((depth) => `${'${A:+'.repeat(depth)}pkg.mod:main${'}'.repeat(depth)}`);

const INSTRUCTION = fc.oneof(
  fc
    .tuple(
      pick('FROM python:3.11', 'FROM base', 'FROM 0', 'FROM --platform=linux/amd64 python', 'FROM ${BASE}', 'FROM scratch'),
      pick('', ' AS base', ' as Train', ' AS'),
    )
    .map(([f, a]) => f + a),
  fc.tuple(KEYS, VALUE).map(([k, v]) => `ENV ${k}=${v}`),
  fc.tuple(KEYS, VALUE).map(([k, v]) => `ENV ${k} ${v}`),
  fc.array(fc.tuple(KEYS, VALUE), { minLength: 1, maxLength: 4 }).map((pairs) => `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`),
  fc.tuple(KEYS, fc.option(VALUE)).map(([k, v]) => (v === null ? `ARG ${k}` : `ARG ${k}=${v}`)),
  fc
    .tuple(
      pick('COPY', 'ADD'),
      pick('', '--from=base ', '--from=0 ', '--chmod=755 ', '--link '),
      fc.array(WORDS, { minLength: 1, maxLength: 3 }),
      pick('/opt/ml/code/', '/opt/ml/code', '.', 'code/', '/opt/program/'),
    )
    .map(([k, flag, sources, dest]) => `${k} ${flag}${sources.join(' ')} ${dest}`),
  fc
    .tuple(pick('COPY', 'ADD', 'RUN', 'ENTRYPOINT', 'CMD'), fc.array(WORDS, { maxLength: 3 }))
    .map(([k, words]) => `${k} ${JSON.stringify(words)}`),
  fc.tuple(pick('WORKDIR'), WORDS).map(([k, w]) => `${k} ${w}`),
  fc
    .tuple(
      pick(
        'RUN',
        'ENTRYPOINT',
        'CMD',
        'LABEL',
        'EXPOSE',
        'USER',
        'VOLUME',
        'HEALTHCHECK',
        'SHELL',
        'STOPSIGNAL',
        'MAINTAINER',
        'ONBUILD RUN',
        'ONBUILD COPY',
        'NOTANINSTRUCTION',
      ),
      VALUE,
    )
    .map(([k, v]) => `${k} ${v}`),
  pick(
    'RUN python -c "print(1<<20)"',
    'RUN echo 1<<2',
    'RUN mkdir -p /opt/ml/code && cp x /opt/ml/code/',
    'RUN pip install .',
    'ENTRYPOINT python train.py',
  ),
  fc
    .tuple(
      pick('RUN <<EOF', 'RUN cat <<-"EOT" > /x', 'COPY <<EOF /opt/ml/code/train.py', 'RUN <<A <<B', 'RUN 3<<EOF'),
      fc.array(VALUE, { maxLength: 3 }),
      pick('EOF', '\tEOT', 'A\nB', 'EOF', ''),
    )
    .map(([open, body, close]) => [open, ...body, close].join('\n')),
  fc
    .tuple(pick('ENV', 'RUN', 'COPY'), fc.array(fc.oneof(VALUE, pick('# a comment', '', '  # indented')), { minLength: 1, maxLength: 4 }))
    .map(([k, parts]) => `${k} ${parts.join(' \\\n')}`),
  nested.map((v) => `ENV A=1 SAGEMAKER_TRAINING_MODULE=${v}`),
  fc
    .tuple(
      pick('# sagemaker-entrypoint ignore=', '# sagemaker-entrypoint global ignore=', '#'),
      pick('SM201', 'SM101,SM204', 'SM999', 'reason'),
    )
    .map(([a, b]) => a + b),
  fc.integer({ min: 1, max: 50_000 }).map((n) => `ENV SAGEMAKER_PROGRAM=${'x'.repeat(n)}`),
);

const LINE_BREAK = fc.oneof({ weight: 6, arbitrary: pick('\n') }, { weight: 1, arbitrary: pick('\r\n', '\r', '\\\n', '`\n') });
const PREFIX = pick('', '', '\uFEFF', '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '\u0000');

/** Bytes that are not valid UTF-8, decoded as an editor or the CLI would decode them. */
const INVALID_UTF8 = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('utf8'));

// Up to 3,000 chained stages: image-file lookups recurse per stage (files.ts) and overflow near 3,400.
const manyStages = fc
  .integer({ min: 100, max: 3000 })
  .map(
    (n) =>
      Array.from({ length: n }, (_, i) => `FROM ${i ? `s${i - 1}` : 'python:3.11'} AS s${i}\nENV V${i}=$V${Math.max(i - 1, 0)}x`).join(
        '\n',
      ) + '\nENV SAGEMAKER_PROGRAM=train.py\n',
  );

/** A Dockerfile: mostly instructions with SageMaker keys, with every kind of line break, now and then raw noise. */
export const generatedDockerfile: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 80,
    arbitrary: fc
      .tuple(
        PREFIX,
        fc.array(
          fc.tuple(
            fc.oneof(
              { weight: 8, arbitrary: INSTRUCTION },
              { weight: 1, arbitrary: INVALID_UTF8 },
              { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
            ),
            LINE_BREAK,
          ),
          { maxLength: 25 },
        ),
      )
      .map(([prefix, lines]) => prefix + lines.map(([line, eol]) => line + eol).join('')),
  },
  { weight: 1, arbitrary: manyStages },
);

// ---------------------------------------------------------------------------------------------------
// Fixtures and their mutations

/** Every Dockerfile the project ships or tests with, read once. */
export function fixtureTexts(): Array<{ name: string; text: string }> {
  const folders = ['examples', 'test/fixtures', 'test/e2e/workspace'];
  const found: Array<{ name: string; text: string }> = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(rel);
      else if (/(^|\.)(Dockerfile|Containerfile)(\.|$)/.test(entry.name) && !entry.name.endsWith('.snap'))
        found.push({ name: rel, text: fs.readFileSync(path.join(repoRoot, rel), 'utf8') });
    }
  };
  folders.forEach(visit);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const MUTATION = fc.oneof(
  fc.tuple(
    pick('insert'),
    fc.nat(),
    fc.oneof(fc.string({ maxLength: 8 }), pick('\\\n', '\r', '\r\n', '"', "'", '${', '}', '<<EOF\n', '# ', '\u0000', '`')),
  ),
  fc.tuple(pick('delete'), fc.nat(), fc.integer({ min: 1, max: 20 }).map(String)),
  fc.tuple(pick('duplicate-line'), fc.nat(), pick('')),
  fc.tuple(pick('swap-lines'), fc.nat(), pick('')),
);

function mutate(text: string, [kind, at, arg]: [string, number, string]): string {
  const offset = text.length === 0 ? 0 : at % (text.length + 1);
  if (kind === 'insert') return text.slice(0, offset) + arg + text.slice(offset);
  if (kind === 'delete') return text.slice(0, offset) + text.slice(offset + Number(arg));
  const lines = text.split('\n');
  const i = at % lines.length;
  if (kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
  else [lines[i], lines[(i + 1) % lines.length]] = [lines[(i + 1) % lines.length], lines[i]];
  return lines.join('\n');
}

/** A fixture with up to eight random edits: characters inserted or deleted, lines duplicated or swapped. */
export function mutatedFixture(fixtures: Array<{ text: string }>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...fixtures.map((f) => f.text)), fc.array(MUTATION, { maxLength: 8 }))
    .map(([text, mutations]) => mutations.reduce((t, m) => mutate(t, m), text));
}

// ---------------------------------------------------------------------------------------------------
// The analysis under test and the properties

/** With a build context of a few files (and detection), or without one, as the editor has for a new buffer. */
export function optionsFor(text: string, withContext: boolean): AnalysisOptions {
  if (!withContext) return { context: null };
  const fs = memoryFs({
    Dockerfile: text,
    'train.py': 'def main():\n    pass\n',
    'run.sh': 'echo hi\r\n',
    'trainer/entry.py': 'def main(a):\n    pass\n',
    'trainer/__init__.py': '',
    'setup.py': '',
    '.dockerignore': '*.md\n[abc\n!README.md\n',
  });
  return { dockerfilePath: DOCKERFILE, workspaceRoot: CTX, fs };
}

export interface Case {
  text: string;
  withContext: boolean;
}

export const arbitraryCase = (texts: fc.Arbitrary<string>): fc.Arbitrary<Case> => fc.record({ text: texts, withContext: fc.boolean() });

/** Runs the analysis, failing on any internal error it logged (a rule that threw is a bug). */
export function diagnosticsOf(c: Case, extra: AnalysisOptions = {}): Diagnostic[] {
  const failures: string[] = [];
  const log = extra.log ?? ((m: string, failure?: unknown) => failure !== undefined && failures.push(m));
  const analysis = analyzeDockerfile(c.text, { ...optionsFor(c.text, c.withContext), ...extra, log });
  if (failures.length > 0) throw new Error(`internal failure: ${failures.join('; ')}`);
  return analysis.diagnostics;
}

function rangesIn(value: unknown, found: Range[] = [], depth = 0): Range[] {
  if (depth > 6 || value === null || typeof value !== 'object') return found;
  const r = value as Partial<Range>;
  if (r.start && r.end && typeof r.start.line === 'number' && typeof r.end.character === 'number') found.push(r as Range);
  for (const v of Object.values(value)) rangesIn(v, found, depth + 1);
  return found;
}

/** Every range of every diagnostic (and those in its data) is inside the document as LSP sees it, start before end. */
export function assertRangesInside(text: string, diagnostics: Diagnostic[]): void {
  const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text);
  for (const d of diagnostics) {
    for (const range of rangesIn(d)) {
      for (const p of [range.start, range.end]) {
        const roundTrip = document.positionAt(document.offsetAt(p));
        if (p.line < 0 || p.character < 0 || roundTrip.line !== p.line || roundTrip.character !== p.character) {
          throw new Error(`${String(d.code)}: position ${JSON.stringify(p)} is outside the document (${document.lineCount} lines)`);
        }
      }
      if (document.offsetAt(range.start) > document.offsetAt(range.end))
        throw new Error(`${String(d.code)}: range ${JSON.stringify(range)} ends before it starts`);
    }
  }
}

/** What a diagnostic says, with its position: the part that must not change when nothing relevant did. */
const essence = (d: Diagnostic) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range });

export function noExceptionAndRangesInside(c: Case): void {
  assertRangesInside(c.text, diagnosticsOf(c));
}

export function sameInputSameDiagnostics(c: Case): void {
  const first = JSON.stringify(diagnosticsOf(c));
  const second = JSON.stringify(diagnosticsOf(c));
  if (first !== second) throw new Error(`two analyses differ:\n${first}\n${second}`);
}

/**
 * A comment line inserted before an instruction (not the first: parser directives live above it) changes
 * no diagnostic except for the line numbers after it.
 */
export function unrelatedCommentChangesNothing(c: Case, choice: number): void {
  const parsed = parseDockerfile(c.text);
  const starts = [...new Set(parsed.instructions.slice(1).map((i) => i.range.start.line))];
  if (starts.length === 0) return;
  const line = starts[choice % starts.length];
  const at = new LineIndex(c.text).lineStart(line);
  const changed = { ...c, text: `${c.text.slice(0, at)}# an unrelated comment\n${c.text.slice(at)}` };
  const shift = (n: number) => (n >= line ? n + 1 : n);
  const expected = diagnosticsOf(c).map((d) => {
    const e = essence(d);
    const message =
      typeof e.message === 'string' ? e.message.replace(/\bline (\d+)/g, (_, n: string) => `line ${shift(Number(n) - 1) + 1}`) : e.message;
    return {
      ...e,
      message,
      range: { start: { ...e.range.start, line: shift(e.range.start.line) }, end: { ...e.range.end, line: shift(e.range.end.line) } },
    };
  });
  const actual = diagnosticsOf(changed).map(essence);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `a comment at line ${line + 1} changed the diagnostics:\nexpected ${JSON.stringify(expected)}\nactual   ${JSON.stringify(actual)}`,
    );
  }
}

/** A rule that throws costs exactly what that rule would have reported: the rest is as if it reported nothing. */
export function failingRuleCostsOnlyThatRule(c: Case, ruleIndex: number): void {
  const checks = RULE_CHECKS as Array<(typeof RULE_CHECKS)[number]>;
  const index = ruleIndex % checks.length;
  const original = checks[index];
  const logged: string[] = [];
  try {
    checks[index] = [original[0], () => []];
    const silent = JSON.stringify(diagnosticsOf(c));
    checks[index] = [
      original[0],
      () => {
        throw new Error('injected failure');
      },
    ];
    const failing = JSON.stringify(diagnosticsOf(c, { log: (m, failure) => failure !== undefined && logged.push(m) }));
    if (failing !== silent) throw new Error(`rule ${original[0]} failing changed other diagnostics:\n${silent}\n${failing}`);
    if (!logged.some((m) => m.startsWith(`rule ${original[0]} failed`))) throw new Error(`the failure of ${original[0]} was not logged`);
  } finally {
    checks[index] = original;
  }
}

export const RULE_COUNT = RULE_CHECKS.length;

/**
 * Runs a property; on failure throws with the seed, the replay path and the counterexample (cut to 2,000
 * characters; the whole one is written to a file to keep as a fixture).
 */
export function checkProperty<T>(name: string, property: fc.IProperty<T>, numRuns: number, seed?: number): { runs: number } {
  const details = fc.check(property, { numRuns, seed, endOnFailure: true });
  if (!details.failed) return { runs: details.numRuns };
  const example = JSON.stringify(details.counterexample);
  const file = path.join(os.tmpdir(), `sm-fuzz-${details.seed}.json`);
  fs.writeFileSync(file, example);
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${name}: failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}")\n` +
      `${cause.slice(0, 2000)}\ncounterexample (${example.length} characters, all of it in ${file}): ${example.slice(0, 2000)}`,
  );
}

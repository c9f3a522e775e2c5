// The three output formats: exact JSON fields and 1-based UTF-16 positions, SARIF 2.1.0, and text lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Log } from 'sarif';
import { RULES, ruleDocUrl } from '../../analysis/src';
import { formatText } from '../../cli/src/format/text';
import { FINDING, checkJson, dockerfile, makeTree, runCli } from './helpers';

const TEXT_LINE = /^.+:\d+:\d+: (error|warning|info|hint) .+ \[SM\d{3}\]$/;
const SUMMARY_LINE = /^\d+ errors?, \d+ warnings?, \d+ info(, \d+ hints?)? in \d+ files?$/;

test('json: one array of objects with exactly the documented fields and 1-based positions', () => {
  const root = makeTree({ Dockerfile: dockerfile(FINDING.trainingModuleNoColon) });
  const findings = checkJson(['Dockerfile'], { cwd: root });
  assert.equal(findings.result.status, 1);
  const sm101 = findings.find((f) => f.code === 'SM101');
  assert.ok(sm101, `no SM101 in ${JSON.stringify(findings)}`);
  assert.deepEqual(Object.keys(sm101), ['file', 'code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
  assert.equal(sm101.file, 'Dockerfile');
  assert.equal(sm101.severity, 'error');
  assert.equal(sm101.line, 3);
  assert.equal(sm101.endLine, 3);
  const valueStart = FINDING.trainingModuleNoColon.indexOf('trainer') + 1;
  assert.ok(sm101.column >= valueStart && sm101.endColumn <= valueStart + 'trainer'.length && sm101.column < sm101.endColumn);
  assert.ok(sm101.message.length > 0);
});

test('json: columns count UTF-16 code units, like LSP', () => {
  const line = 'ENV EMOJI=😀 SAGEMAKER_TRAINING_MODULE=trainer';
  const root = makeTree({ Dockerfile: dockerfile(line) });
  const sm101 = checkJson(['Dockerfile'], { cwd: root }).find((f) => f.code === 'SM101');
  assert.ok(sm101);
  // The emoji is one code point but two UTF-16 units; a code-point column would be one less than valueStart.
  const valueStart = line.indexOf('trainer') + 1;
  assert.equal(sm101.column, valueStart);
  assert.equal(sm101.endColumn, valueStart + 'trainer'.length);
});

test('json: file is the path as discovered, relative, for files found in a folder', () => {
  const root = makeTree({ 'svc/train/Dockerfile': dockerfile(FINDING.trainingModuleNoColon) });
  const findings = checkJson(['svc'], { cwd: root });
  assert.deepEqual([...new Set(findings.map((f) => f.file))], ['svc/train/Dockerfile']);
});

test('sarif: version 2.1.0, a descriptor for every rule, and results pointing at the file', () => {
  const root = makeTree({ 'svc/Dockerfile': dockerfile(FINDING.trainingModuleNoColon, FINDING.misspeltProgram) });
  const result = runCli(['check', '--format', 'sarif'], { cwd: root });
  assert.equal(result.status, 1, result.stderr);
  const log = JSON.parse(result.stdout) as Log;
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema ?? '', /sarif-schema-2\.1\.0\.json$/);
  assert.equal(log.runs.length, 1);
  const { driver } = log.runs[0].tool;
  assert.equal(driver.name, 'sagemaker-entrypoint');
  assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
  assert.ok(driver.informationUri?.startsWith('https://'));
  assert.deepEqual(
    driver.rules?.map((r) => r.id),
    RULES.map((r) => r.id),
  );
  for (const descriptor of driver.rules ?? []) {
    assert.ok(descriptor.name && descriptor.shortDescription?.text, descriptor.id);
    assert.equal(descriptor.helpUri, ruleDocUrl(descriptor.id));
    assert.ok(['error', 'warning', 'note'].includes(descriptor.defaultConfiguration?.level ?? ''), descriptor.id);
  }
  assert.equal(driver.rules.find((r) => r.id === 'SM006')?.defaultConfiguration?.level, 'note');

  const results = log.runs[0].results ?? [];
  const sm101 = results.find((r) => r.ruleId === 'SM101');
  const sm001 = results.find((r) => r.ruleId === 'SM001');
  assert.ok(sm101 && sm001, JSON.stringify(results));
  assert.equal(sm101.level, 'error');
  assert.equal(sm001.level, 'warning');
  assert.equal(driver.rules[sm101.ruleIndex ?? -1]?.id, 'SM101');
  assert.ok(sm101.message.text);
  const location = sm101.locations?.[0]?.physicalLocation;
  assert.equal(location?.artifactLocation?.uri, 'svc/Dockerfile');
  assert.equal(location.region?.startLine, 3);
  assert.equal(location.region.endLine, 3);
  assert.ok((location.region.startColumn ?? 0) >= 1);
});

test('text: one finding per line in the documented shape, then a summary that matches the findings', () => {
  const root = makeTree({
    Dockerfile: dockerfile(FINDING.trainingModuleNoColon, FINDING.obsoleteRequirements),
    'serve/Dockerfile': dockerfile(FINDING.shellEntrypoint),
  });
  const result = runCli(['check'], { cwd: root });
  assert.equal(result.status, 1, result.stderr);
  // eslint-disable-next-line no-control-regex -- the escape character is what this checks for
  assert.doesNotMatch(result.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
  const lines = result.stdout.trimEnd().split('\n');
  const summary = lines.pop() ?? '';
  assert.match(summary, SUMMARY_LINE);
  assert.ok(lines.length > 0);
  for (const line of lines) assert.match(line, TEXT_LINE);
  assert.ok(lines.some((l) => /^Dockerfile:3:\d+: error .+ \[SM101\]$/.test(l)));
  assert.ok(lines.some((l) => /^Dockerfile:4:\d+: warning .+ \[SM304\]$/.test(l)));
  assert.ok(lines.some((l) => /^serve\/Dockerfile:3:\d+: warning .+ \[SM401\]$/.test(l)));
  // Grouped by file: all of Dockerfile's lines come before serve/Dockerfile's.
  const files = lines.map((l) => l.slice(0, l.indexOf(':')));
  const firstServe = files.indexOf('serve/Dockerfile');
  assert.ok(firstServe > 0 && files.slice(firstServe).every((f) => f === 'serve/Dockerfile'), files.join(', '));

  const findings = checkJson([], { cwd: root });
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  assert.equal(lines.length, findings.length);
  assert.ok(summary.startsWith(`${count('error')} error`), summary);
  assert.ok(summary.includes(`${count('warning')} warning`), summary);
  assert.ok(summary.endsWith('in 2 files'), summary);
});

test('text: colour codes only when asked for (a terminal without NO_COLOR)', () => {
  const files = [
    {
      displayPath: 'Dockerfile',
      absolutePath: '/x/Dockerfile',
      findings: [
        { file: 'Dockerfile', code: 'SM101', severity: 'error' as const, message: 'm', line: 2, column: 5, endLine: 2, endColumn: 9 },
      ],
    },
  ];
  // eslint-disable-next-line no-control-regex -- the colour codes start with the escape character
  assert.match(formatText(files, true), /\x1b\[31merror\x1b\[0m/);
  assert.equal(formatText(files, false), 'Dockerfile:2:5: error m [SM101]\n1 error, 0 warnings, 0 info in 1 file\n');
});

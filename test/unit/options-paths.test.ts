// One raw input, three ways in: the server's settings (over `workspace/configuration`), the client's Run and
// Train on SageMaker (what `vscode.workspace.getConfiguration` returns) and the CLI's config file on disk.
// Each row must come out as the same analysis options, with the same reasons logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runOptionsFromSettings, submitOptionsFromSettings, SETTINGS_SECTION } from '../../options/src';
import { SettingsCache } from '../../server/src/settings';
import { analysisOptionsFor } from '../../server/src/analysis-options';
import { ConfigFiles } from '../../cli/src/config';

interface Row {
  name: string;
  /** The `sagemakerEntrypoint` section; the config file holds the same with `context` for `buildContext`. */
  raw: unknown;
  expected: { context?: string; target?: string; buildArgs: Record<string, string>; severities: Record<string, string> };
  /** The reasons logged, without the name of their source (`sagemakerEntrypoint.` or `config '…': `). */
  logged: string[];
}

const ROWS: Row[] = [
  { name: 'nothing set', raw: {}, expected: { buildArgs: {}, severities: {} }, logged: [] },
  {
    name: 'rule IDs and severity words are trimmed and normalised; unknown IDs and words are left out',
    raw: { rules: { ' sm201 ': ' Error ', sm101: 'WARNING', SM999: 'error', SM102: 'loud', SM103: 3 } },
    expected: { buildArgs: {}, severities: { SM201: 'error', SM101: 'warning' } },
    logged: [
      "rules.SM999: unknown rule ID 'SM999'; left out",
      'rules.SM102: expected error|warning|info|hint|off, got "loud"; left out',
      'rules.SM103: expected error|warning|info|hint|off, got number 3; left out',
    ],
  },
  {
    name: 'build args: numbers and booleans are their text; other values are left out',
    raw: { buildArgs: { EPOCHS: 3, RATE: 0.5, DEBUG: false, NAME: ' x ', LIST: [1], MAP: { a: 1 }, NOTHING: null } },
    expected: { buildArgs: { EPOCHS: '3', RATE: '0.5', DEBUG: 'false', NAME: ' x ' }, severities: {} },
    logged: [
      'buildArgs.LIST: expected a string, got an array; left out',
      'buildArgs.MAP: expected a string, got an object; left out',
      'buildArgs.NOTHING: expected a string, got null; left out',
    ],
  },
  {
    name: 'a build arg named __proto__ is a plain entry',
    raw: JSON.parse('{ "buildArgs": { "__proto__": "1", "constructor": "2" } }') as unknown,
    expected: { buildArgs: JSON.parse('{ "__proto__": "1", "constructor": "2" }') as Record<string, string>, severities: {} },
    logged: [],
  },
  {
    name: 'target and build context are trimmed; the context is relative to the workspace folder',
    raw: { target: '  train ', buildContext: ' app/context ' },
    expected: { target: 'train', context: 'app/context', buildArgs: {}, severities: {} },
    logged: [],
  },
  {
    name: 'wrong types fall back to the defaults',
    raw: { rules: ['SM201'], target: 7, buildContext: false, buildArgs: 'A=1' },
    expected: { buildArgs: {}, severities: {} },
    logged: [
      'rules: expected an object such as { "SM201": "error" }, got an array; ignored',
      "target: expected a string, got number 7; using ''",
      "context: expected a string, got boolean false; using ''",
      'buildArgs: expected an object such as { "VERSION": "1.0" }, got "A=1"; ignored',
    ],
  },
];

/** The config file's name for a setting: the only key that differs. */
function asConfigFile(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { buildContext, ...rest } = raw as Record<string, unknown>;
  return buildContext === undefined ? rest : { ...rest, context: buildContext };
}

/** A log line without its source's name, and with the config file's `context` named as the setting is. */
function reason(line: string): string {
  return line
    .replace(/^sagemakerEntrypoint\./, '')
    .replace(/^sagemaker-entrypoint: warning: config '[^']*': /, '')
    .replace(/^buildContext:/, 'context:')
    .trimEnd();
}

/** What `vscode.workspace.getConfiguration` returns: the section's values as properties, and its methods. */
function workspaceConfiguration(raw: unknown): unknown {
  const values = typeof raw === 'object' && raw !== null ? raw : {};
  return Object.freeze({ ...values, get: () => undefined, has: () => false, inspect: () => undefined, update: () => Promise.resolve() });
}

function comparable(options: {
  workspaceRoot?: string;
  context?: string | null;
  target?: string;
  buildArgs?: Record<string, string>;
  severities?: Record<string, string>;
}) {
  return {
    workspaceRoot: options.workspaceRoot,
    context: options.context ?? undefined,
    target: options.target,
    buildArgs: { ...options.buildArgs },
    severities: { ...options.severities },
  };
}

for (const row of ROWS) {
  test(`server, client and CLI read the same options: ${row.name}`, async () => {
    const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-options-')));
    try {
      fs.mkdirSync(path.join(workspace, '.git'));
      fs.mkdirSync(path.join(workspace, 'app', 'context'), { recursive: true });
      const dockerfile = path.join(workspace, 'app', 'Dockerfile');
      fs.writeFileSync(dockerfile, 'FROM python:3.11\n');
      fs.writeFileSync(path.join(workspace, '.sagemaker-entrypoint.json'), JSON.stringify(asConfigFile(row.raw)));
      const expected = {
        workspaceRoot: workspace,
        context: row.expected.context === undefined ? undefined : path.join(workspace, row.expected.context),
        target: row.expected.target,
        buildArgs: row.expected.buildArgs,
        severities: row.expected.severities,
      };

      const serverLog: string[] = [];
      const settings = await new SettingsCache(
        () => Promise.resolve(JSON.parse(JSON.stringify(row.raw)) as unknown),
        (m) => serverLog.push(m),
      ).get(pathToFileURL(dockerfile).href);
      const server = analysisOptionsFor(
        pathToFileURL(dockerfile).href,
        settings,
        () => workspace,
        () => undefined,
      );

      const runLog: string[] = [];
      const scope = { dockerfilePath: dockerfile, workspaceFolder: workspace };
      const run = runOptionsFromSettings(workspaceConfiguration(row.raw), scope, (m) => runLog.push(m));
      const submitLog: string[] = [];
      const submit = submitOptionsFromSettings(workspaceConfiguration(row.raw), scope, (m) => submitLog.push(m));

      const cliLog: string[] = [];
      const cli = new ConfigFiles(undefined, workspace, (text) => cliLog.push(text)).analysisOptions({ dockerfile, buildArgs: {} }).options;

      for (const [path_, options] of Object.entries({ server, run, submit, cli })) {
        assert.deepEqual(comparable(options), expected, path_);
      }
      for (const [path_, log] of Object.entries({ server: serverLog, run: runLog, submit: submitLog, cli: cliLog })) {
        assert.deepEqual(log.map(reason).sort(), [...row.logged].sort(), path_);
      }
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
}

test('a section that is not an object is read as the defaults, with one reason, on every path', async () => {
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-options-')));
  try {
    const dockerfile = path.join(workspace, 'Dockerfile');
    fs.writeFileSync(dockerfile, 'FROM python:3.11\n');
    fs.writeFileSync(path.join(workspace, '.sagemaker-entrypoint.json'), '"SM201"');
    const serverLog: string[] = [];
    const settings = await new SettingsCache(
      () => Promise.resolve('SM201'),
      (m) => serverLog.push(m),
    ).get('file:///x');
    const cliLog: string[] = [];
    const cli = new ConfigFiles(undefined, workspace, (text) => cliLog.push(text)).analysisOptions({ dockerfile, buildArgs: {} }).options;
    assert.deepEqual(
      { ...settings, rules: { ...settings.rules }, buildArgs: { ...settings.buildArgs } },
      { rules: {}, target: '', buildContext: '', buildArgs: {} },
    );
    const runLog: string[] = [];
    const run = runOptionsFromSettings('SM201', { dockerfilePath: dockerfile, workspaceFolder: workspace }, (m) => runLog.push(m));
    assert.deepEqual([{ ...run.severities }, run.buildArgs, run.target], [{}, {}, undefined]);
    assert.deepEqual(runLog, serverLog);
    assert.deepEqual({ ...cli.severities }, {});
    assert.deepEqual(cli.buildArgs, {});
    assert.deepEqual(serverLog, [`${SETTINGS_SECTION}: expected an object, got "SM201"; using the defaults`]);
    assert.equal(cliLog.length, 1);
    assert.match(cliLog[0], /config '\.sagemaker-entrypoint\.json': expected a JSON object, got "SM201"; using the defaults/);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

test('run.* and submit.*: folders from the workspace folder, one --user rule, wrong values logged and left out', () => {
  const workspace = path.join(os.tmpdir(), 'project');
  const raw = {
    run: {
      channels: { training: 'data/train', test: { path: ' data/test ', contentType: 'text/csv' }, bad: 3 },
      checkpointDir: 'checkpoints',
      user: 'root; rm -rf /',
      environment: { MODE: 'fast', 'NOT-A-NAME': 'x', DEPTH: 3 },
      startupTimeoutSeconds: 12,
      port: '8080',
    },
    submit: { channels: { training: 's3://bucket/train' }, instanceCount: 0, tags: { team: 'ml' } },
  };
  const log: string[] = [];
  const scope = { dockerfilePath: path.join(workspace, 'Dockerfile'), workspaceFolder: workspace };
  const run = runOptionsFromSettings(workspaceConfiguration(raw), scope, (m) => log.push(m));
  assert.deepEqual(run.channels, {
    training: { dir: path.join(workspace, 'data', 'train') },
    test: { dir: path.join(workspace, 'data', 'test'), contentType: 'text/csv' },
  });
  assert.equal(run.checkpointDir, path.join(workspace, 'checkpoints'));
  assert.equal(run.user, undefined);
  assert.deepEqual({ ...run.env }, { MODE: 'fast' });
  assert.equal(run.startupTimeoutMs, 12_000);
  assert.equal(run.port, 8080);
  assert.deepEqual(log, [
    'sagemakerEntrypoint.run.channels.bad: expected a folder or { "path": folder, "contentType": type }, got number 3; left out',
    'sagemakerEntrypoint.run.port: expected a number, got "8080"; using 8080',
    'sagemakerEntrypoint.run.environment.NOT-A-NAME: not a plain variable name; left out',
    'sagemakerEntrypoint.run.environment.DEPTH: expected a string, got number 3; left out',
    `sagemakerEntrypoint.run.user: expected UID[:GID] or NAME[:GROUP], got "root; rm -rf /"; using the image's user`,
  ]);

  const submitLog: string[] = [];
  const submit = submitOptionsFromSettings(workspaceConfiguration(raw), scope, (m) => submitLog.push(m));
  assert.deepEqual(submit.cloud.channels, {
    training: { s3Uri: 's3://bucket/train', contentType: undefined },
    test: { dir: path.join(workspace, 'data', 'test'), contentType: 'text/csv' },
  });
  assert.equal(submit.cloud.instanceCount, 1);
  assert.deepEqual({ ...submit.cloud.tags }, { team: 'ml' });
  assert.deepEqual(submitLog, [...log, 'sagemakerEntrypoint.submit.instanceCount: expected a number above 0, got number 0; using 1']);

  const outside = runOptionsFromSettings(workspaceConfiguration(raw), { dockerfilePath: scope.dockerfilePath }, () => undefined);
  assert.equal(outside.checkpointDir, 'checkpoints');
});

// End-to-end tests in a real VS Code extension host, with the extension loaded from the repository (run by
// scripts/run-vscode-tests.js or scripts/run-vscode-electron.js, with the fixture workspace test/e2e/workspace
// copied to a scratch folder). `run()` is the contract of @vscode/test-electron's extensionTestsPath: it
// rejects when a test failed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { activationCase, diagnosticsCase, extension, openFixture, quickFixCase, RUN_COMMAND, trainCase } from './cases';
import { PROBE_DIR, grammarScopes, openEditor, probePage } from './helpers';
import { pictureTests } from './pictures';
import { pending, runTests, type TestCase } from './runner';

// A colour no theme uses: the grammar test paints our scopes with it and looks for it on the page.
const PROBE_COLOR = '#12ab34';
const PROBE_RGB = 'rgb(18, 171, 52)';

const tests: TestCase[] = [
  activationCase,
  diagnosticsCase,
  quickFixCase,
  {
    name: 'the injection grammar scopes SageMaker keys in the editor',
    run: async () => {
      if (!PROBE_DIR) pending('needs scripts/run-vscode-tests.js to look at the rendered editor');
      const scopes = grammarScopes(extension());
      assert.ok(scopes.length > 0, 'the grammar declares scopes ending in .sagemaker');
      // Paint every scope of ours in one colour; only tokens our grammar scoped can show it.
      await vscode.workspace
        .getConfiguration('editor')
        .update(
          'tokenColorCustomizations',
          { textMateRules: [{ scope: scopes, settings: { foreground: PROBE_COLOR } }] },
          vscode.ConfigurationTarget.Global,
        );
      try {
        await openEditor('training/Dockerfile');
        const { texts } = await probePage<{ texts: string[] }>({ kind: 'coloredText', color: PROBE_RGB });
        // The editor merges neighbouring tokens of one colour into one span (e.g. 'SAGEMAKER_PROGRAM=train.py').
        const painted = texts.map((text) => text.trim());
        assert.ok(
          painted.some((text) => text.startsWith('SAGEMAKER_PROGRAM')),
          `SAGEMAKER_PROGRAM is painted (painted: ${JSON.stringify(texts)})`,
        );
        assert.ok(
          !painted.some((text) => /ENV|FROM|COPY|python|#/.test(text)),
          `only SageMaker tokens are painted: ${JSON.stringify(texts)}`,
        );
      } finally {
        await vscode.workspace.getConfiguration('editor').update('tokenColorCustomizations', undefined, vscode.ConfigurationTarget.Global);
      }
    },
  },
  {
    name: 'the extension registers its commands',
    run: async () => {
      const declared = (extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map(
        (c) => c.command,
      );
      assert.ok(declared.includes(RUN_COMMAND));
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = declared.filter((command) => !registered.has(command));
      assert.deepEqual(missing, [], 'every command in package.json is registered');
    },
  },
  {
    name: 'a run code lens and a Train on SageMaker lens sit above SAGEMAKER_PROGRAM',
    run: async () => {
      const editor = await openEditor('training/Dockerfile');
      const uri = editor.document.uri;
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
      const run = lenses.filter((lens) => lens.command?.command === RUN_COMMAND);
      assert.equal(run.length, 1, `one run lens (lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))})`);
      const line = editor.document.lineAt(run[0].range.start.line).text;
      assert.match(line, /^ENV SAGEMAKER_PROGRAM=train\.py$/);
      const submit = lenses.filter((lens) => lens.command?.command === 'sagemakerEntrypoint.submit');
      assert.equal(submit.length, 1, 'one Train on SageMaker lens');
      assert.equal(submit[0].range.start.line, run[0].range.start.line, 'beside the run lens');
    },
  },
  {
    name: 'Train on SageMaker asks for its settings, then loads the cloud side and refuses a bad role, naming it',
    run: async () => {
      const editor = await openEditor('training/Dockerfile');
      const uri = editor.document.uri.toString();
      type Summary = { severity: string; text: string; actions: string[] };
      const missing = await vscode.commands.executeCommand<Summary | undefined>('sagemakerEntrypoint.submit', { uri });
      assert.deepEqual(missing, {
        severity: 'error',
        text: 'Set an IAM role and an instance type for SageMaker first.',
        actions: ['Open Settings'],
      });
      const submit = vscode.workspace.getConfiguration('sagemakerEntrypoint.submit', editor.document.uri);
      const settings: Array<[string, string]> = [
        ['role', 'SageMakerRole'],
        ['instanceType', 'ml.m5.large'],
        ['region', 'eu-west-1'],
      ];
      try {
        for (const [key, value] of settings) await submit.update(key, value, vscode.ConfigurationTarget.Workspace);
        const refused = await vscode.commands.executeCommand<Summary | undefined>('sagemakerEntrypoint.submit', { uri });
        assert.equal(refused?.severity, 'error');
        assert.match(refused.text, /^Not submitted: 'SageMakerRole' is a bare name; SageMaker needs the role's ARN/);
        assert.deepEqual(refused.actions, ['Open Settings', 'Show Log']);
      } finally {
        for (const [key] of settings) await submit.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      }
    },
  },
  ...pictureTests,
  trainCase('training-run'),
  {
    name: 'the Run command serves until /ping answers, and Stop removes the container',
    timeoutMs: 120_000,
    run: async () => {
      const editor = await openFixture('python/serve.Dockerfile');
      const port = await freePort();
      const settings = vscode.workspace.getConfiguration('sagemakerEntrypoint.run');
      await settings.update('port', port, vscode.ConfigurationTarget.Workspace);
      const image = 'localhost/sagemaker-entrypoint-python:local';
      try {
        // Resolves once GET /ping has answered 200; the container keeps serving.
        await vscode.commands.executeCommand(RUN_COMMAND, { uri: editor.document.uri.toString(), mode: 'serve' });
        const ping = await fetch(`http://127.0.0.1:${port}/ping`);
        assert.equal(ping.status, 200);
        const answer = await fetch(`http://127.0.0.1:${port}/invocations`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: 'hello',
        });
        assert.equal(((await answer.json()) as { upper: string }).upper, 'HELLO');
        await vscode.commands.executeCommand('sagemakerEntrypoint.stop');
        await assert.rejects(fetch(`http://127.0.0.1:${port}/ping`), 'nothing answers after Stop');
        const left = spawnSync('podman', ['ps', '-a', '--filter', `ancestor=${image}`, '--format', '{{.Names}}'], { encoding: 'utf8' });
        assert.equal(left.stdout.trim(), '', 'no container is left');
      } finally {
        await settings.update('port', undefined, vscode.ConfigurationTarget.Workspace);
        spawnSync('podman', ['rmi', '-f', image]);
      }
    },
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function run(): Promise<void> {
  const summary = await runTests('SageMaker Entry Points in VS Code', tests);
  if (summary.failed > 0) throw new Error(`${summary.failed} end-to-end test(s) failed`);
}

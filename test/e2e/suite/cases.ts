// Tests that both suites run: the development suite (the extension loaded from the repository) and the
// smoke suite (the .vsix installed the way users install it). They find the extension by its id.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { EXTENSION_ID, PROBE_DIR, codeOf, metric, openEditor, picture, probePage, waitForDiagnostics } from './helpers';
import type { TestCase } from './runner';

export const RUN_COMMAND = 'sagemakerEntrypoint.run';
/** The repository, from out/test/e2e/suite: both launchers run the compiled tests from it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DISPLAY_NAME = 'SageMaker Entry Points';
/** The engine tests' fixtures, which the launchers copy into the workspace (test/fixtures/runner). */
const RUNNER_FIXTURES = 'runner';

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
  return found;
}

/** Must be the first test: it proves nothing activated the extension before a Dockerfile was opened. */
export const activationCase: TestCase = {
  name: 'opening a Dockerfile activates the extension, and its diagnostics follow (timed)',
  timeoutMs: 60_000,
  run: async () => {
    assert.equal(extension().isActive, false, 'nothing activates the extension before a Dockerfile opens (no workspace scan)');
    const started = performance.now();
    const editor = await openEditor('mistakes/Dockerfile');
    // Resolves when activate() has: what a command that activates the extension waits for.
    await extension().activate();
    metric('activation finished after opening a Dockerfile', performance.now() - started);
    await waitForDiagnostics(editor.document.uri, (all) => all.some((d) => codeOf(d) === 'SM101'), 'the first diagnostics', 50_000);
    metric('first diagnostic after opening a Dockerfile', performance.now() - started);
    if (PROBE_DIR) {
      // VS Code's own count of the extension's activation, as Developer: Show Running Extensions shows it.
      await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
      const { ms } = await probePage<{ ms: number }>({ kind: 'activationTime', extensionNames: [DISPLAY_NAME, EXTENSION_ID] });
      metric("activation, VS Code's count (code loading + activate call)", ms);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  },
};

export const diagnosticsCase: TestCase = {
  name: 'a Dockerfile with mistakes shows our diagnostics, linked to rule pages that exist',
  run: async () => {
    const editor = await openEditor('mistakes/Dockerfile');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(
      uri,
      (all) => ['SM101', 'SM204'].every((code) => all.some((d) => codeOf(d) === code)),
      'SM101 and SM204 on mistakes/Dockerfile',
    );
    const sm204 = diagnostics.find((d) => codeOf(d) === 'SM204');
    assert.ok(sm204);
    assert.equal(sm204.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(sm204.range.start.line, 7, 'SM204 is on the SAGEMAKER_PROGRAM line');
    assert.equal(editor.document.getText(sm204.range), ' --epochs 10', 'SM204 underlines the arguments');
    const code = sm204.code;
    assert.ok(typeof code === 'object' && code.target instanceof vscode.Uri, 'the code links to the rule documentation');
    assert.equal(code.target.scheme, 'file');
    assert.ok(fs.existsSync(code.target.fsPath), `the rule page ${code.target.fsPath} is shipped`);
  },
};

export const quickFixCase: TestCase = {
  name: 'the SM001 quick fix renames the variable and its diagnostic goes away',
  run: async () => {
    const editor = await openEditor('typo/Dockerfile');
    const uri = editor.document.uri;
    const [typo] = (await waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'SM001'), 'SM001 on typo/Dockerfile')).filter(
      (d) => codeOf(d) === 'SM001',
    );
    assert.equal(editor.document.getText(typo.range), 'SAGEMAKR_REGION');

    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
        'vscode.executeCodeActionProvider',
        uri,
        typo.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find(
      (action): action is vscode.CodeAction =>
        'edit' in action && action.edit !== undefined && /SAGEMAKER_REGION/.test(action.title) && !/ignore/i.test(action.title),
    );
    assert.ok(fix?.edit, `a rename fix for SM001 (code actions offered: ${JSON.stringify(actions.map((a) => a.title))})`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit succeeded');
    assert.match(editor.document.lineAt(typo.range.start.line).text, /^ENV SAGEMAKER_REGION=us-east-1$/);
    await waitForDiagnostics(uri, (all) => !all.some((d) => codeOf(d) === 'SM001'), 'SM001 to go away after the fix');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  },
};

/** A Dockerfile of the engine tests' fixtures, from the workspace's copy. */
export function openFixture(relative: string): Promise<vscode.TextEditor> {
  return openEditor(`${RUNNER_FIXTURES}/${relative}`);
}

/** Runs training from VS Code; with `pictureName`, saves a picture of the finished run and its message. */
export function trainCase(pictureName?: string): TestCase {
  return {
    name: `the Run command trains in a container and leaves the model in the job folder${pictureName ? ' (picture)' : ''}`,
    timeoutMs: 120_000,
    run: async () => {
      const editor = await openFixture('shell/Dockerfile');
      const jobs = path.join(os.tmpdir(), 'sagemaker-entrypoint', 'jobs');
      const before = new Set(fs.existsSync(jobs) ? fs.readdirSync(jobs) : []);
      const image = 'localhost/sagemaker-entrypoint-shell:local';
      try {
        // The picture shows this run's message only.
        if (pictureName && PROBE_DIR) await vscode.commands.executeCommand('notifications.clearAll');
        // The command resolves when the run is over (the end message is not awaited).
        await vscode.commands.executeCommand(RUN_COMMAND, { uri: editor.document.uri.toString(), mode: 'train' });
        const created = fs.readdirSync(jobs).filter((name) => !before.has(name));
        assert.equal(created.length, 1, `one new job folder in ${jobs}: ${created.join(', ')}`);
        const job = path.join(jobs, created[0]);
        assert.match(fs.readFileSync(path.join(job, 'model', 'shell.txt'), 'utf8'), /^host=algo-1\n.*\ncwd=\/opt\/ml\/code\n$/s);
        assert.ok(fs.existsSync(path.join(job, 'output', 'success')), 'the stand-in toolkit reported success');
        assert.ok(fs.existsSync(path.join(job, 'model.tar.gz')), 'the model was packed like the SDK does');
        const left = spawnSync('podman', ['ps', '-a', '--filter', `name=${created[0]}`, '--format', '{{.Names}}'], { encoding: 'utf8' });
        assert.equal(left.stdout.trim(), '', 'no container is left');
        // Only the code-server launcher can take pictures; the run itself is tested everywhere.
        if (pictureName && PROBE_DIR)
          await picture(pictureName, '.notifications-toasts .notification-toast', 'Training completed (exit 0)');
      } finally {
        spawnSync('podman', ['rmi', '-f', image]);
      }
    },
  };
}

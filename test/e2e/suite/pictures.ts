// Pictures for the README, taken of the real workbench by the launcher (docs/images/*.png). Each waits for
// the element it is about to show the expected text, so a picture of the wrong thing fails its test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openEditor, PROBE_DIR, picture, waitForDiagnostics } from './helpers';
import { pending, type TestCase } from './runner';

/** Pictures need the launcher to look at the page; messages left by earlier tests are not in them. */
async function needsLauncher(): Promise<void> {
  if (!PROBE_DIR) pending('pictures need scripts/run-vscode-tests.js to look at the page');
  await vscode.commands.executeCommand('notifications.clearAll');
}

/** Opens a workspace file, puts the cursor on `needle` (+ offset) and gives the editor the focus. */
async function cursorAt(relative: string, needle: string, offset = 0): Promise<vscode.TextEditor> {
  const editor = await openEditor(relative);
  const at = editor.document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${relative}`);
  const position = editor.document.positionAt(at + offset);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  return editor;
}

export const pictureTests: TestCase[] = [
  {
    name: 'picture: diagnostics in the editor and the Problems panel',
    run: async () => {
      await needsLauncher();
      const editor = await cursorAt('mistakes/Dockerfile', 'FROM');
      await waitForDiagnostics(
        editor.document.uri,
        (all) => ['SM101', 'SM204'].every((c) => all.some((d) => codeOf(d) === c)),
        'SM101 and SM204',
      );
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await picture('diagnostics', '.markers-panel', 'SM204');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    },
  },
  {
    name: 'picture: the quick fix menu for a file path given as a training module',
    run: async () => {
      await needsLauncher();
      const editor = await cursorAt('mistakes/Dockerfile', 'trainer/entry.py', 3);
      await waitForDiagnostics(editor.document.uri, (all) => all.some((d) => codeOf(d) === 'SM101'), 'SM101');
      await vscode.commands.executeCommand('editor.action.quickFix');
      await picture('quick-fix', '.action-widget', 'trainer.entry:main');
      await vscode.commands.executeCommand('hideCodeActionWidget');
    },
  },
  {
    name: 'picture: hover on a module:function value',
    run: async () => {
      await needsLauncher();
      await cursorAt('module/Dockerfile', 'trainer.entry:main', 'trainer.entry:m'.length);
      await vscode.commands.executeCommand('editor.action.showHover');
      await picture('hover', '.monaco-hover', 'entry.py');
      await vscode.commands.executeCommand('editor.action.hideHover');
    },
  },
  {
    name: 'picture: completion of the functions a module defines',
    run: async () => {
      await needsLauncher();
      const editor = await cursorAt('module/Dockerfile', 'trainer.entry:main');
      const value = editor.selection.active;
      const start = value.translate(0, 'trainer.entry:'.length);
      await editor.edit((edit) => edit.delete(new vscode.Range(start, start.translate(0, 'main'.length))));
      editor.selection = new vscode.Selection(start, start);
      try {
        await vscode.commands.executeCommand('editor.action.triggerSuggest');
        await picture('completion', '.suggest-widget', 'evaluate');
      } finally {
        await vscode.commands.executeCommand('hideSuggestWidget');
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    },
  },
];

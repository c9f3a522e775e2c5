// The end message of a run or a submission, as the notification of its severity.
import * as vscode from 'vscode';

interface Shown<A extends string> {
  severity: 'info' | 'warning' | 'error';
  text: string;
  actions: readonly A[];
}

/** Shows the summary; resolves to the action the user chose, if any. */
export async function showSummary<A extends string>(summary: Shown<A>): Promise<A | undefined> {
  const show =
    summary.severity === 'error'
      ? vscode.window.showErrorMessage
      : summary.severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  return show(summary.text, ...summary.actions);
}

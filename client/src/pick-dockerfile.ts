// Which Dockerfile a command works on: the one it was given, else the active editor's, else one the user picks.
import * as vscode from 'vscode';

export async function pickDockerfile(uri: string | undefined, placeHolder: string): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile' && active.uri.scheme === 'file') return active;
  const found = await vscode.workspace.findFiles('**/{Dockerfile,Dockerfile.*,*.Dockerfile,Containerfile}', '**/node_modules/**', 50);
  const picked = await vscode.window.showQuickPick(
    found.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
    { placeHolder },
  );
  return picked && vscode.workspace.openTextDocument(picked.file);
}

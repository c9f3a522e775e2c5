// Helpers for the code action tests: a build context per case, code action requests, and a client-side
// applier for workspace edits (`changes` and `documentChanges`, snippet edits resolved to their defaults).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CodeActionRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, FULL_CAPABILITIES, type TestSession, withCode } from './harness';

/** VS Code's capabilities plus snippet edits in `documentChanges` (LSP 3.18). */
export const SNIPPET_CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  workspace: { ...FULL_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } },
};

/** Writes `files` (paths relative to `dir`) and returns the URI of `dir/Dockerfile` written with `dockerfile`. */
export function project(dir: string, dockerfile: string, files: Record<string, string> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return fileUri(join(dir, 'Dockerfile'));
}

export function isAction(item: CodeAction | Command): item is CodeAction {
  return !('command' in item && typeof item.command === 'string');
}

export async function requestActions(session: TestSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const result = await session.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } });
  return (result ?? []).filter(isAction);
}

/** `${1:main}` → `main`, `$1` → ``, `\$` → `$`: the text a snippet inserts when every placeholder keeps its default. */
export function snippetDefaults(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      const colon = snippet.indexOf(':', i);
      let depth = 1;
      let j = colon + 1;
      let inner = '';
      for (; j < snippet.length && depth > 0; j++) {
        if (snippet[j] === '\\') inner += snippet[j] + snippet[++j];
        else if (snippet[j] === '}' && --depth === 0) break;
        else inner += snippet[j];
      }
      out += snippetDefaults(inner);
      i = j;
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** The edits a workspace edit makes to `uri`, as plain text edits. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
    for (const e of change.edits) edits.push('snippet' in e ? { range: e.range, newText: snippetDefaults(e.snippet.value) } : e);
  }
  return edits;
}

export function applyEdit(text: string, edit: WorkspaceEdit | undefined, uri: string): string {
  assert.ok(edit, 'the action has no edit');
  const document = TextDocument.create(uri, 'dockerfile', 0, text);
  return TextDocument.applyEdits(document, editsFor(edit, uri));
}

/** The uris a workspace edit touches. */
export function editedUris(edit: WorkspaceEdit): string[] {
  const uris = Object.keys(edit.changes ?? {});
  for (const change of edit.documentChanges ?? []) if ('textDocument' in change) uris.push(change.textDocument.uri);
  return uris;
}

let version = 100;

/**
 * Opens `dockerfile`, takes the first diagnostic with `code`, asks for its code actions and applies the
 * one titled `title` (default: the preferred one). Then replaces the document with the result and
 * checks that no diagnostic with `code` is left. Returns the new text and all actions offered.
 */
export async function applyFix(
  session: TestSession,
  uri: string,
  text: string,
  code: string,
  title?: string,
): Promise<{ text: string; actions: CodeAction[]; action: CodeAction }> {
  await session.open(uri, text, ++version);
  const [diagnostic] = withCode(await session.diagnostics(uri), code);
  assert.ok(diagnostic, `${code} expected before the fix`);
  const actions = await requestActions(session, uri, [diagnostic]);
  const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
  assert.ok(action, `no action ${title ?? '(preferred)'} among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.deepEqual(action.diagnostics, [diagnostic]);
  const fixed = applyEdit(text, action.edit, uri);
  await session.replaceText(uri, fixed, ++version);
  assert.deepEqual(withCode(await session.diagnostics(uri), code), [], `${code} is still reported after '${action.title}'`);
  await session.close(uri);
  return { text: fixed, actions, action };
}

// The shape every quick fix is built in, and how it becomes an LSP CodeAction: a fix is a title and
// replacements whose text may hold placeholders (a choice the user makes); with a client that takes
// snippet edits the placeholders become tab stops, otherwise their defaults are written.
import {
  CodeActionKind,
  StringValue,
  TextDocumentEdit,
  TextEdit,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Range,
  type SnippetTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FindingData, RuleId } from '../../../../analysis/src';

/** Text to write: literal strings and placeholders that default to `placeholder`. */
export type Text = (string | { placeholder: string })[];

export interface Replacement {
  range: Range;
  text: Text;
}

export interface Fix {
  title: string;
  edits: Replacement[];
  /** Another document than the one the diagnostic is in (SM206 edits the script). */
  uri?: string;
  /** The one obvious fix for the diagnostic: applied by source.fixAll. */
  preferred?: boolean;
  /** What the fix rewrites, for overlap checks in fixAll; default: the ranges of its edits. */
  scope?: Range;
}

/** The fixes of rule `R`, from the payload its rule wrote (checked against the rule's schema before the call). */
export type Fixer<R extends RuleId> = (diagnostic: Diagnostic, data: FindingData[R], document: TextDocument) => Fix[];

export function plainText(text: Text): string {
  return text.map((part) => (typeof part === 'string' ? part : part.placeholder)).join('');
}

const escapeSnippet = (text: string) => text.replace(/[$}\\]/g, '\\$&');

function snippetText(text: Text): string {
  let stop = 0;
  return text.map((part) => (typeof part === 'string' ? escapeSnippet(part) : `\${${++stop}:${escapeSnippet(part.placeholder)}}`)).join('');
}

const hasPlaceholder = (edit: Replacement) => edit.text.some((part) => typeof part !== 'string');

/** Whether the client applies `SnippetTextEdit`s (LSP 3.18) inside `documentChanges`. */
export function supportsSnippetEdits(client: ClientCapabilities): boolean {
  const workspaceEdit = client.workspace?.workspaceEdit;
  return workspaceEdit?.snippetEditSupport === true && workspaceEdit.documentChanges === true;
}

/** The workspace edit of a fix: snippet edits where the client takes them, plain `changes` otherwise. */
export function workspaceEdit(fix: Fix, document: TextDocument, snippets: boolean): WorkspaceEdit {
  const uri = fix.uri ?? document.uri;
  if (snippets && fix.edits.some(hasPlaceholder)) {
    const edits = fix.edits.map((edit): TextEdit | SnippetTextEdit =>
      hasPlaceholder(edit)
        ? { range: edit.range, snippet: StringValue.createSnippet(snippetText(edit.text)) }
        : TextEdit.replace(edit.range, plainText(edit.text)),
    );
    const version = uri === document.uri ? document.version : null;
    return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
  }
  return { changes: { [uri]: fix.edits.map((edit) => TextEdit.replace(edit.range, plainText(edit.text))) } };
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic, document: TextDocument, snippets: boolean): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(fix, document, snippets),
  };
  if (fix.preferred) action.isPreferred = true;
  return action;
}

const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
const same = (a: Range['start'], b: Range['start']) => a.line === b.line && a.character === b.character;

/** Whether two ranges share text, or are insertions at the same place (their order would be undefined). */
export function overlaps(a: Range, b: Range): boolean {
  if (same(a.start, b.start)) return true;
  return before(a.start, b.end) && before(b.start, a.end);
}

export function scopesOf(fix: Fix): Range[] {
  return fix.scope ? [fix.scope] : fix.edits.map((edit) => edit.range);
}

// ---- Text of the document -------------------------------------------------------------------

export function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

export function lineEnd(document: TextDocument, line: number): Range['start'] {
  return { line, character: lineText(document, line).length };
}

export function indentation(document: TextDocument, line: number): string {
  return /^[ \t]*/.exec(lineText(document, line))?.[0] ?? '';
}

export function eol(document: TextDocument): string {
  return document.getText().includes('\r\n') ? '\r\n' : '\n';
}

// ---- ENV values ---------------------------------------------------------------------------

const SAFE_UNQUOTED = /^[^\s"'$\\`]*$/;

/**
 * Replaces an ENV value whose expanded text is `oldValue` with `text`, keeping the quotes it was
 * written with. A value built from variables or escapes is replaced as a whole.
 */
function replaceValue(document: TextDocument, valueRange: Range, oldValue: string, text: Text): Replacement {
  const raw = document.getText(valueRange);
  const plain = plainText(text);
  if (raw === oldValue && SAFE_UNQUOTED.test(plain)) return { range: valueRange, text };
  const quote = raw[0];
  if (raw.length >= 2 && (quote === '"' || quote === "'") && raw.endsWith(quote) && raw.slice(1, -1) === oldValue && !/\r|\n/.test(raw)) {
    const { start, end } = valueRange;
    const inner = { start: { line: start.line, character: start.character + 1 }, end: { line: end.line, character: end.character - 1 } };
    if (quote === "'" && !plain.includes("'")) return { range: inner, text };
    if (quote === '"') return { range: inner, text: quoted(text) };
  }
  return { range: valueRange, text: SAFE_UNQUOTED.test(plain) ? text : ['"', ...quoted(text), '"'] };
}

/** Text for inside double quotes. */
function quoted(text: Text): Text {
  return text.map((part) => (typeof part === 'string' ? part.replace(/["\\$]/g, '\\$&') : part));
}

/** The payload of the rules whose fixes replace an ENV value: the expanded value, and where it is written. */
export interface ValueData {
  value: string;
  valueRange?: Range;
}

/** A fix that replaces the whole ENV value with `text`; the diagnostic's range when the rule gave no value range. */
export function valueFix(
  diagnostic: Diagnostic,
  data: ValueData,
  document: TextDocument,
  title: string,
  text: Text,
  preferred = false,
): Fix {
  const where = data.valueRange ?? diagnostic.range;
  return { title, edits: [replaceValue(document, where, data.value, text)], preferred, scope: where };
}

// Quick fixes built from `diagnostic.data`, "ignore" actions (instruction and file) and source.fixAll:
// each fix is a pure function of the diagnostic and the document; nothing is cached between requests.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import {
  DIAGNOSTIC_SOURCE,
  findingData,
  instructionAt,
  isRuleId,
  type FindingData,
  type Removal,
  type RuleId,
} from '../../../analysis/src';
import type { FeatureContext } from './context';
import { eol, type Fix, overlaps, plainText, type Replacement, scopesOf, supportsSnippetEdits, toCodeAction } from './fixes/edits';
import { fileIgnoreFix, ignoreFix } from './fixes/ignore';
import { removalRange } from './fixes/remove';
import { FIXERS } from './fixes';

export function codeActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => only?.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (!only || wants(CodeActionKind.QuickFix)) {
    const snippets = supportsSnippetEdits(context.client);
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
      for (const fix of fixesFor(context, diagnostic)) actions.push(toCodeAction(fix, diagnostic, context.document, snippets));
      const ignore = ignoreFor(context, diagnostic);
      if (ignore) actions.push(toCodeAction(ignore, diagnostic, context.document, false));
      const fileIgnore = fileIgnoreFix(diagnostic.code, context.document);
      if (fileIgnore) actions.push(toCodeAction(fileIgnore, diagnostic, context.document, false));
    }
  }
  // Only on request: a fixAll action in every light bulb menu would be noise.
  if (only && wants(CodeActionKind.SourceFixAll)) {
    const fixAll = fixAllAction(context);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** The rule's fixes for one diagnostic; at most one of them preferred. */
function fixesFor(context: FeatureContext, diagnostic: Diagnostic): Fix[] {
  const code = String(diagnostic.code);
  if (!isRuleId(code)) return [];
  let preferred = false;
  const crlf = eol(context.document) === '\r\n';
  return fixesOf(code, context, diagnostic).map((fix) => {
    const keep = fix.preferred === true && !preferred;
    preferred ||= keep;
    // Lines a fix adds end as the document's lines do (a Dockerfile with CRLF keeps CRLF).
    const sameDocument = !fix.uri || fix.uri === context.document.uri;
    return { ...fix, preferred: keep, edits: crlf && sameDocument ? fix.edits.map(withCrlf) : fix.edits };
  });
}

const withCrlf = (edit: Replacement): Replacement => ({
  ...edit,
  text: edit.text.map((part) => (typeof part === 'string' ? part.replace(/\r?\n/g, '\r\n') : part)),
});

// R ties the fixer to the payload type of the same rule (FIXERS[R] takes FindingData[R]); without it the two are unrelated unions.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see above
function fixesOf<R extends RuleId>(rule: R, context: FeatureContext, diagnostic: Diagnostic): Fix[] {
  const fixer = FIXERS[rule];
  const data = fixer && dataOf(rule, context, diagnostic);
  return fixer && data ? fixer(diagnostic, data, context.document) : [];
}

/**
 * The diagnostic's payload, once checked against its rule's schema. A client that does not send `data`
 * back (or changes it) gets the payload of the server's own diagnostic with the same code and range.
 */
function dataOf<R extends RuleId>(rule: R, context: FeatureContext, diagnostic: Diagnostic): FindingData[R] | undefined {
  const sent = findingData(rule, diagnostic.data);
  if (sent) return sent;
  const same = (a: Range, b: Range) =>
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character;
  const own = context.analyzed.analysis.diagnostics.find((d) => d.code === rule && same(d.range, diagnostic.range));
  return own && findingData(rule, own.data);
}

function ignoreFor(context: FeatureContext, diagnostic: Diagnostic): Fix | undefined {
  const instructions = context.analyzed.analysis.model.parsed.instructions;
  const line = instructionAt(instructions, diagnostic.range.start.line)?.range.start.line;
  return line === undefined ? undefined : ignoreFix(String(diagnostic.code), line, context.document);
}

const PAIR_REMOVALS = new Set(['SM006', 'SM304', 'SM305']);

/**
 * Preferred removals (SM006, SM304, SM305) that together take every pair of one ENV: their ranges meet,
 * so one removal of the whole instruction stands for them all. The first of them carries that fix; the
 * others name it as their leader.
 */
function wholeInstructionRemovals(context: FeatureContext): Map<Diagnostic, { fix: Fix } | { leader: Diagnostic }> {
  const byInstruction = new Map<string, { diagnostics: Diagnostic[]; data: Removal }>();
  for (const diagnostic of context.analyzed.analysis.diagnostics) {
    const code = String(diagnostic.code);
    if (!PAIR_REMOVALS.has(code) || !isRuleId(code) || !fixesFor(context, diagnostic).some((f) => f.preferred)) continue;
    const data = findingData(code, diagnostic.data) as Removal | undefined;
    if (!data?.removeRange) continue;
    const key = `${data.instructionRange.start.line}:${data.instructionRange.start.character}`;
    const group = byInstruction.get(key) ?? { diagnostics: [], data };
    group.diagnostics.push(diagnostic);
    byInstruction.set(key, group);
  }
  const merged = new Map<Diagnostic, { fix: Fix } | { leader: Diagnostic }>();
  for (const { diagnostics, data } of byInstruction.values()) {
    if (diagnostics.length !== data.pairs) continue;
    const range = removalRange({ ...data, removeRange: undefined }, context.document);
    const [leader, ...others] = diagnostics;
    merged.set(leader, { fix: { title: 'Remove the instruction', edits: [{ range, text: [] }], preferred: true } });
    for (const other of others) merged.set(other, { leader });
  }
  return merged;
}

/** Every preferred fix of the document's current diagnostics whose edits do not overlap an earlier one's. */
function fixAllAction(context: FeatureContext): CodeAction | undefined {
  const { document } = context;
  const taken: Range[] = [];
  const edits: TextEdit[] = [];
  const fixed: Diagnostic[] = [];
  const whole = wholeInstructionRemovals(context);
  for (const diagnostic of context.analyzed.analysis.diagnostics) {
    const merged = whole.get(diagnostic);
    // Fixed by its leader's removal of the whole instruction, when that one was applied.
    if (merged && 'leader' in merged && fixed.includes(merged.leader)) {
      fixed.push(diagnostic);
      continue;
    }
    const fix = (merged && 'fix' in merged ? merged.fix : undefined) ?? fixesFor(context, diagnostic).find((f) => f.preferred);
    // Fixes that edit other files (SM205, SM206) are left to the quick fix.
    if (!fix || (fix.uri && fix.uri !== document.uri)) continue;
    const scopes = scopesOf(fix);
    if (scopes.some((scope) => taken.some((other) => overlaps(scope, other)))) continue;
    taken.push(...scopes);
    edits.push(...fix.edits.map((edit) => ({ range: edit.range, newText: plainText(edit.text) })));
    fixed.push(diagnostic);
  }
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all SageMaker entry point problems',
    kind: CodeActionKind.SourceFixAll,
    diagnostics: fixed,
    edit: { changes: { [document.uri]: edits } },
  };
}

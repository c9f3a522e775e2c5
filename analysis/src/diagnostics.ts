// The one constructor of diagnostics, and the mapping of rule severities to LSP.
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, ruleDocUrl, ruleInfo } from './rules/catalog';
import type { FindingData, RuleId } from './finding-data';
import type { DiagnosticData, RuleSeverities, Severity } from './types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface FindingOf<R extends RuleId> {
  readonly rule: R;
  readonly range: Range;
  readonly message: string;
  /** Payload for the rule's quick fix (finding-data.ts). */
  readonly data: FindingData[R];
  /** A severity other than the rule's default for this finding (e.g. SM203 inside /opt/ml/code). */
  readonly severity?: Severity;
  readonly unnecessary?: boolean;
}

/** What a rule reports: the rule's ID decides the type of its payload. */
export type Finding = { [R in RuleId]: FindingOf<R> }[RuleId];

/** A finding of `rule`, with the payload its fix reads. */
export function finding<R extends RuleId>(
  rule: R,
  range: Range,
  message: string,
  data: FindingData[R],
  options?: { severity?: Severity; unnecessary?: boolean },
): FindingOf<R> {
  // One shape for every finding (no spread): rules make many of them.
  return { rule, range, message: clipped(message), data, severity: options?.severity, unnecessary: options?.unnecessary };
}

const LONG_WORD = /\S{201,}/g;

/** Messages quote values from the file: a very long one is shown by its ends, so the message stays readable. */
function clipped(message: string): string {
  // Most messages are shorter than one such word: no scan for them (a file may have tens of thousands).
  if (message.length <= 200) return message;
  return message.replace(LONG_WORD, (word) => `${word.slice(0, 96)}…${word.slice(-96)}`);
}

// One description per rule and documentation base, shared by its diagnostics (a file can have thousands).
const descriptions = new Map<string | undefined, Map<string, { href: string }>>();

function codeDescription(rule: string, ruleDocsBase: string | undefined): { href: string } {
  let byRule = descriptions.get(ruleDocsBase);
  if (!byRule) {
    if (descriptions.size >= 8) descriptions.clear(); // the base is a setting: few values, but no unbounded growth
    descriptions.set(ruleDocsBase, (byRule = new Map<string, { href: string }>()));
  }
  let description = byRule.get(rule);
  if (!description) byRule.set(rule, (description = Object.freeze({ href: ruleDocUrl(rule, ruleDocsBase) })));
  return description;
}

/** Shared by every diagnostic with the tag: nothing changes a diagnostic once made. */
const UNNECESSARY: DiagnosticTag[] = Object.freeze([DiagnosticTag.Unnecessary]) as DiagnosticTag[];

/** Builds the diagnostic for a finding, or undefined when the rule is turned off. */
export function makeDiagnostic(finding: Finding, severities: RuleSeverities = {}, ruleDocsBase?: string): Diagnostic | undefined {
  // The settings name some rules, not all.
  const configured = Object.hasOwn(severities, finding.rule) ? severities[finding.rule] : undefined;
  if (configured === 'off') return undefined;
  const severity = configured ?? finding.severity ?? ruleInfo(finding.rule)?.defaultSeverity ?? 'warning';
  const data: DiagnosticData = { rule: finding.rule, ...finding.data };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: LSP_SEVERITY[severity],
    code: finding.rule,
    codeDescription: codeDescription(finding.rule, ruleDocsBase),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (finding.unnecessary) diagnostic.tags = UNNECESSARY;
  return diagnostic;
}

// The one constructor of diagnostics, and the mapping of rule severities to LSP.
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, ruleDocUrl, ruleInfo } from './rules/catalog';
import type { DiagnosticData, RuleSeverities, Severity } from './types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityName(severity: DiagnosticSeverity | undefined): Severity {
  switch (severity) {
    case DiagnosticSeverity.Error:
      return 'error';
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'info';
  }
}

export interface Finding {
  rule: string;
  range: Range;
  message: string;
  /** Payload for the rule's quick fix. */
  data?: Record<string, unknown>;
  /** A severity other than the rule's default for this finding (e.g. SM203 inside /opt/ml/code). */
  severity?: Severity;
  unnecessary?: boolean;
}

// One description per rule and documentation base, shared by its diagnostics (a file can have thousands).
const descriptions = new Map<string | undefined, Map<string, { href: string }>>();

function codeDescription(rule: string, ruleDocsBase: string | undefined): { href: string } {
  let byRule = descriptions.get(ruleDocsBase);
  if (!byRule) {
    if (descriptions.size >= 8) descriptions.clear(); // the base is a setting: few values, but no unbounded growth
    descriptions.set(ruleDocsBase, (byRule = new Map()));
  }
  let description = byRule.get(rule);
  if (!description) byRule.set(rule, (description = Object.freeze({ href: ruleDocUrl(rule, ruleDocsBase) })));
  return description;
}

/** Builds the diagnostic for a finding, or undefined when the rule is turned off. */
export function makeDiagnostic(finding: Finding, severities: RuleSeverities = {}, ruleDocsBase?: string): Diagnostic | undefined {
  const configured = severities[finding.rule];
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
  if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

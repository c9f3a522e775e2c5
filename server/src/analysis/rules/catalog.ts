// The rule table (docs/rules/README.md): IDs and names are stable API.
import type { RuleInfo, Severity } from '../types';

export const DIAGNOSTIC_SOURCE = 'sagemaker-entrypoint';

/** Where the rule pages (docs/rules/<ID>.md) are published; the default of `ruleDocUrl`. */
export const RULE_DOCS_BASE = 'https://github.com/sagemaker-entrypoint/sagemaker-entrypoint/blob/main/docs/rules';

/**
 * The page documenting rule `id`. `base` is the folder holding the pages, e.g. the `file:` URI of
 * the copy shipped in the extension (`…/docs/rules`); by default the published copy (CLI, SARIF).
 */
export function ruleDocUrl(id: string, base: string = RULE_DOCS_BASE): string {
  return `${base.replace(/\/+$/, '')}/${id}.md`;
}

function rule(id: string, name: string, defaultSeverity: Severity, summary: string, needsContext = false): RuleInfo {
  return { id, name, defaultSeverity, summary, needsContext };
}

export const RULES: readonly RuleInfo[] = [
  rule('SM000', 'unknown-suppression', 'hint', 'A suppression comment names a rule ID that does not exist.'),
  rule('SM001', 'unknown-variable', 'warning', 'An ENV key that is a near-miss of a SageMaker variable name.'),
  rule('SM002', 'empty-entry-point', 'error', 'An entry-point variable whose effective value is empty.'),
  rule('SM003', 'arg-only', 'warning', 'A SageMaker variable declared with ARG but never set with ENV: build arguments do not exist at run time.'),
  rule('SM004', 'unresolved-value', 'info', 'An entry-point value depends on a variable with no value; checks that need it were skipped.'),
  rule('SM005', 'not-in-target-stage', 'warning', 'An entry-point variable is set only in stages the target stage does not inherit from.'),
  rule('SM006', 'overridden', 'hint', 'An entry-point assignment that a later one in the target chain replaces.'),
  rule('SM101', 'training-module-syntax', 'error', 'SAGEMAKER_TRAINING_MODULE is not `dotted.module:function`.'),
  rule('SM102', 'serving-module-syntax', 'error', 'SAGEMAKER_SERVING_MODULE is not `dotted.module[:attribute]`.'),
  rule('SM103', 'serving-module-no-attribute', 'warning', 'SAGEMAKER_SERVING_MODULE has no `:attribute`; gunicorn then looks for `application`.'),
  rule('SM104', 'function-not-found', 'warning', 'The module defines or imports nothing of the named function.', true),
  rule('SM105', 'function-needs-arguments', 'warning', 'The training function takes required parameters; the toolkit calls it with none.', true),
  rule('SM201', 'program-not-in-code-dir', 'warning', 'The image places nothing at /opt/ml/code/<SAGEMAKER_PROGRAM>.'),
  rule('SM202', 'program-missing-from-context', 'error', "The script's COPY/ADD source is absent from the build context or excluded by .dockerignore.", true),
  rule('SM203', 'program-path-escapes-code-dir', 'warning', 'SAGEMAKER_PROGRAM is absolute outside /opt/ml/code, or climbs out with `..`.'),
  rule('SM204', 'program-has-whitespace', 'error', 'SAGEMAKER_PROGRAM contains whitespace; the toolkit treats it as one file name.'),
  rule('SM205', 'shell-program-no-shebang', 'warning', 'A non-.py entry point has no `#!` line: it runs under /bin/sh.', true),
  rule('SM206', 'shell-program-crlf', 'error', 'A non-.py entry point has CRLF line endings ("bad interpreter").', true),
  rule('SM207', 'copy-creates-file', 'warning', 'A single file is copied to /opt/ml/code without a trailing `/` while that folder does not exist: Docker creates a file named /opt/ml/code.'),
  rule('SM208', 'package-entry-point', 'info', 'setup.py lands at the root of /opt/ml/code: the program runs as `python -m <name>`.', true),
  rule('SM301', 'integer-expected', 'error', 'A SageMaker variable that the toolkits parse with int() is not an integer.'),
  rule('SM302', 'port-expected', 'error', 'SAGEMAKER_BIND_TO_PORT is not a port, or SAGEMAKER_SAFE_PORT_RANGE is not `N-M`.'),
  rule('SM303', 'boolean-expected', 'warning', 'SAGEMAKER_MULTI_MODEL is not exactly true/false, or SAGEMAKER_USE_NGINX is not a strtobool word.'),
  rule('SM304', 'obsolete-variable', 'warning', 'SAGEMAKER_REQUIREMENTS is read by no current toolkit.'),
  rule('SM305', 'platform-provided', 'info', 'A variable the platform sets itself is baked into the image.'),
  rule('SM401', 'shell-form-entrypoint', 'warning', 'Shell-form ENTRYPOINT: `train`/`serve` never reach it and signals are not forwarded.'),
  rule('SM402', 'program-and-training-module', 'info', 'Both SAGEMAKER_PROGRAM and SAGEMAKER_TRAINING_MODULE are set.'),
];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return byId.get(id);
}

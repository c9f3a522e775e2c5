// The rule table (docs/rules/README.md): IDs and names are stable API.
import type { RuleId } from '../finding-data';
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

type Row = Omit<RuleInfo, 'id'>;

function rule(name: string, defaultSeverity: Severity, summary: string, needsContext = false): Row {
  return { name, defaultSeverity, summary, needsContext };
}

/** One row per rule ID: the compiler holds it to the IDs of finding-data.ts. */
const CATALOG: { readonly [R in RuleId]: Row } = {
  SM000: rule('unknown-suppression', 'hint', 'A suppression comment names a rule ID that does not exist.'),
  SM001: rule('unknown-variable', 'warning', 'An ENV key that is a near-miss of a SageMaker variable name.'),
  SM002: rule('empty-entry-point', 'error', 'An entry-point variable whose effective value is empty.'),
  SM003: rule(
    'arg-only',
    'warning',
    'A SageMaker variable declared with ARG but never set with ENV: build arguments do not exist at run time.',
  ),
  SM004: rule('unresolved-value', 'info', 'An entry-point value depends on a variable with no value; checks that need it were skipped.'),
  SM005: rule('not-in-target-stage', 'warning', 'An entry-point variable is set only in stages the target stage does not inherit from.'),
  SM006: rule('overridden', 'hint', 'An entry-point assignment that a later one in the target chain replaces.'),
  SM101: rule('training-module-syntax', 'error', 'SAGEMAKER_TRAINING_MODULE is not `dotted.module:function`.'),
  SM102: rule('serving-module-syntax', 'error', 'SAGEMAKER_SERVING_MODULE is not `dotted.module[:attribute]`.'),
  SM103: rule(
    'serving-module-no-attribute',
    'warning',
    'SAGEMAKER_SERVING_MODULE has no `:attribute`; gunicorn then looks for `application`.',
  ),
  SM104: rule('function-not-found', 'warning', 'The module defines or imports nothing of the named function.', true),
  SM105: rule(
    'function-needs-arguments',
    'warning',
    'The training function takes required parameters; the toolkit calls it with none.',
    true,
  ),
  SM106: rule(
    'training-module-not-importable',
    'warning',
    'SAGEMAKER_TRAINING_MODULE is only in /opt/ml/code or the WORKDIR, which are not on the Python path when the training toolkit imports it.',
  ),
  SM107: rule(
    'async-training-function',
    'warning',
    'The training function is `async def`: the toolkit calls it without awaiting, so it never runs.',
    true,
  ),
  SM201: rule('program-not-in-code-dir', 'warning', 'The image places nothing at /opt/ml/code/<SAGEMAKER_PROGRAM>.'),
  SM202: rule(
    'program-missing-from-context',
    'error',
    "The script's COPY/ADD source is absent from the build context or excluded by .dockerignore.",
    true,
  ),
  SM203: rule('program-path-escapes-code-dir', 'warning', 'SAGEMAKER_PROGRAM is absolute outside /opt/ml/code, or climbs out with `..`.'),
  SM204: rule('program-has-whitespace', 'error', 'SAGEMAKER_PROGRAM contains whitespace; the toolkit treats it as one file name.'),
  SM205: rule('shell-program-no-shebang', 'warning', 'A non-.py entry point has no `#!` line: it runs under /bin/sh.', true),
  SM206: rule('shell-program-crlf', 'error', 'A non-.py entry point has CRLF line endings ("bad interpreter").', true),
  SM207: rule(
    'copy-creates-file',
    'warning',
    'A single file is copied to /opt/ml/code without a trailing `/` while that folder does not exist: Docker creates a file named /opt/ml/code.',
  ),
  SM208: rule('package-entry-point', 'info', 'setup.py lands at the root of /opt/ml/code: the program runs as `python -m <name>`.', true),
  SM209: rule(
    'inference-program-in-code-dir',
    'warning',
    'An inference-toolkit image copies SAGEMAKER_PROGRAM to /opt/ml/code; the toolkit imports it from /opt/ml/model/code.',
  ),
  SM301: rule('integer-expected', 'error', 'A SageMaker variable that the toolkits parse with int() is not an integer.'),
  SM302: rule('port-expected', 'error', 'SAGEMAKER_BIND_TO_PORT is not a port, or SAGEMAKER_SAFE_PORT_RANGE is not `N-M`.'),
  SM303: rule(
    'boolean-expected',
    'warning',
    'SAGEMAKER_MULTI_MODEL is not exactly true/false, or SAGEMAKER_USE_NGINX is not a strtobool word.',
  ),
  SM304: rule('obsolete-variable', 'warning', 'SAGEMAKER_REQUIREMENTS is read by no current toolkit.'),
  SM305: rule('platform-provided', 'info', 'A variable the platform sets itself is baked into the image.'),
  SM401: rule('shell-form-entrypoint', 'warning', 'Shell-form ENTRYPOINT: `train`/`serve` never reach it and signals are not forwarded.'),
  SM402: rule('program-and-training-module', 'info', 'Both SAGEMAKER_PROGRAM and SAGEMAKER_TRAINING_MODULE are set.'),
  SM403: rule(
    'no-start-command',
    'warning',
    'Nothing in the image answers `train` or `serve`: a plain public base image, no SageMaker toolkit installed, no such file copied, no ENTRYPOINT.',
  ),
};

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(CATALOG, id);
}

export const RULES: readonly RuleInfo[] = Object.keys(CATALOG)
  .filter(isRuleId)
  .map((id) => ({ id, ...CATALOG[id] }));

const byId = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo | undefined {
  return byId.get(id);
}

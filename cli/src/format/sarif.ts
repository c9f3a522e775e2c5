// `--format sarif`: SARIF 2.1.0 with one rule descriptor per rule ID, for code-scanning uploads.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES, ruleDocUrl } from '../../../analysis/src';
import type { Severity } from '../../../analysis/src';
import type { CheckedFile, Finding } from '../findings';
import { CLI_VERSION, INFORMATION_URI } from '../version';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SOURCE_ROOT = 'SRCROOT';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const RULE_DESCRIPTORS: ReportingDescriptor[] = RULES.map((rule) => ({
  id: rule.id,
  name: rule.name,
  shortDescription: { text: rule.summary },
  helpUri: ruleDocUrl(rule.id),
  defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
}));
const RULE_INDEX = new Map<string, number>(RULES.map((rule, index) => [rule.id, index]));

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Files under `cwd` are relative to the SRCROOT base; others get an absolute file URI. */
function artifactLocation(absolutePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(cwd, absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolutePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function toResult(finding: Finding, absolutePath: string, cwd: string): Result {
  const ruleIndex = RULE_INDEX.get(finding.code);
  return {
    ruleId: finding.code,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(absolutePath, cwd),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
  };
}

export function formatSarif(files: readonly CheckedFile[], cwd: string): string {
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sagemaker-entrypoint', version: CLI_VERSION, informationUri: INFORMATION_URI, rules: RULE_DESCRIPTORS } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: files.flatMap((f) => f.findings.map((finding) => toResult(finding, f.absolutePath, cwd))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

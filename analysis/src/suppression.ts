// Suppression comments (docs/rules/README.md#silencing-and-severities):
//   # sagemaker-entrypoint ignore=SM201,SM205 reason     → the instruction right below
//   # sagemaker-entrypoint global ignore=SM006 reason     → the whole file
import type { Range } from 'vscode-languageserver-types';
import { finding, type Finding } from './diagnostics';
import type { ParsedDockerfile } from './parse';
import { ruleInfo } from './rules/catalog';

/** Groups: 1 the prefix up to the ID list, 2 `global `, 3 the IDs and the reason. */
export const SUPPRESSION_COMMENT = /^(\s*#\s*sagemaker-entrypoint\s+(global\s+)?ignore\s*=\s*)(.*)$/i;

/** IDs come first in the list; the first word that does not look like one starts the reason. */
export function looksLikeRuleId(word: string): boolean {
  return /^[A-Za-z]+\d+$/.test(word) || /^SM\w+$/i.test(word);
}

export interface Suppressions {
  global: Set<string>;
  /** Rule IDs silenced per instruction start line. */
  byInstructionLine: Map<number, Set<string>>;
  /** Findings about the comments themselves (unknown IDs). */
  findings: Finding[];
}

export function readSuppressions(parsed: ParsedDockerfile): Suppressions {
  const result: Suppressions = { global: new Set(), byInstructionLine: new Map(), findings: [] };
  const { lines, text } = parsed;
  let instructionStarts: Set<number> | undefined;
  // The instruction below a block of comment lines, found once per block (not once per comment in it).
  let blockEnd = -1;
  let blockInstruction = -1;
  // Only the lines that name the tool are read: most files have none.
  for (let at = text.indexOf(MARK); at >= 0;) {
    const line = lines.positionAt(at).line;
    at = text.indexOf(MARK, lines.lineStart(line + 1));
    const match = SUPPRESSION_COMMENT.exec(lines.lineText(line));
    if (!match) continue;
    const ids = readIds(match[3], line, match[1].length, result.findings);
    if (match[2]) {
      ids.forEach((id) => result.global.add(id));
      continue;
    }
    instructionStarts ??= new Set(parsed.firstLines);
    if (line >= blockEnd) {
      blockEnd = line + 1;
      while (blockEnd < lines.lineCount && !instructionStarts.has(blockEnd) && lines.lineText(blockEnd).trim().startsWith('#')) blockEnd++;
      blockInstruction = instructionStarts.has(blockEnd) ? blockEnd : -1;
    }
    const below = blockInstruction;
    if (below < 0) continue;
    const set = result.byInstructionLine.get(below) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    result.byInstructionLine.set(below, set);
  }
  return result;
}

const MARK = 'sagemaker-entrypoint';

function readIds(list: string, line: number, start: number, findings: Finding[]): string[] {
  const ids: string[] = [];
  const pattern = /[^,\s]+/g;
  for (let m = pattern.exec(list); m; m = pattern.exec(list)) {
    if (!looksLikeRuleId(m[0])) break;
    const id = m[0].toUpperCase();
    if (ruleInfo(id)) {
      ids.push(id);
      continue;
    }
    const range: Range = { start: { line, character: start + m.index }, end: { line, character: start + m.index + m[0].length } };
    findings.push(finding('SM000', range, `Unknown rule ID '${m[0]}' in a suppression comment.`, { id: m[0] }));
  }
  return ids;
}

/** Whether a finding is silenced, given the start line of the instruction that contains it. */
export function isSuppressed(s: Suppressions, rule: string, instructionLine: number | undefined): boolean {
  if (s.global.has(rule)) return true;
  return instructionLine !== undefined && !!s.byInstructionLine.get(instructionLine)?.has(rule);
}

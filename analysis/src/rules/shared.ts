// What rules share: their input, and helpers to find assignments and point at parts of values.
import type { Range } from 'vscode-languageserver-types';
import type { BuildContext } from '../context';
import type { Finding } from '../diagnostics';
import { chainStages, type Assignment, type DockerfileModel, type Stage } from '../model';
import type { Layer, PackageInstall, StageImages } from '../image-files';
import type { Instr, ParsedDockerfile, Property } from '../parse';
import type { PythonFiles } from '../python-files';
import type { Removal } from '../finding-data';

/** What every rule reads; built once per analysis, which carries it to the editor features too. */
export interface RuleInput {
  readonly model: DockerfileModel;
  /** undefined when there is no build context: rules that read files return nothing. */
  readonly context: BuildContext | undefined;
  /** The image files of each stage. */
  readonly images: StageImages;
  /** Parsed Python files of the build context (context-relative path). */
  readonly python: PythonFiles;
}

/** The image as the rules see it: the model, its build context and its stages' files. */
export type ImageModel = Pick<RuleInput, 'model' | 'context' | 'images'>;

export type Rule = (input: RuleInput) => Finding[];

// Defined in model-queries.ts, which the editor features and the runner use too; re-exported for the rules.
export { CODE_DIR, effective, isCodeDir, programImagePath, resolvedValue, segmentRange, stageLabel, valueRange } from '../model-queries';

/** Every ENV assignment in every stage, in file order. */
export function allAssignments(model: DockerfileModel): Assignment[] {
  return model.assignments;
}

/** The ENV assignments of SageMaker variables in every stage, in file order: what most rules read. */
export function sageMakerAssignments(model: DockerfileModel): Assignment[] {
  return model.sageMakerAssignments;
}

/** The findings `check` makes of each item, in order (one array, not one per item). */
export function collect<T>(items: Iterable<T>, check: (item: T) => Finding | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const item of items) {
    const finding = check(item);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** The last instruction with `keyword` in a chain of stages (the one that counts for ENTRYPOINT, CMD, …). */
export function lastInstruction(chain: Stage[], keyword: string): Instr | undefined {
  for (let s = chain.length - 1; s >= 0; s--) {
    const list = chain[s].instructions;
    for (let i = list.length - 1; i >= 0; i--) if (list[i].keyword === keyword) return list[i];
  }
  return undefined;
}

/** Local folders a stage and the stages it is built on install as Python packages, oldest first. */
export function chainInstalls(images: StageImages, stage: Stage): PackageInstall[] {
  return chainStages(stage).flatMap((s) => images.get(s).installs);
}

/** Layers of a stage and of the stages it is built on, oldest first. */
export function chainLayers(images: StageImages, stage: Stage): Layer[] {
  return chainStages(stage).flatMap((s) => images.get(s).layers);
}

/**
 * What a quick fix deletes to remove one ENV/ARG pair: `removeRange` drops the pair from an
 * instruction with several (undefined when it is the only one: then the whole instruction goes).
 */
export function removalData(a: PairOf, parsed: ParsedDockerfile): Removal {
  return { instructionRange: a.instr.range, pairs: a.instr.properties.length, removeRange: pairRemoval(a, parsed) };
}

/** An ENV or ARG pair and its instruction (model.ts). */
type PairOf = { property: Property; nameRange: Range; instr: Instr };

const CONTINUED_BACKSLASH = /^[ \t]*\\[ \t]*$/;
const CONTINUED_BACKTICK = /^[ \t]*`[ \t]*$/;

/**
 * The range that removes one pair of several; found by identity, so no other pair's range is made.
 * A comment line inside the instruction belongs to the pair below it: it goes with that pair, and
 * the next pair keeps its own.
 */
function pairRemoval(a: PairOf, parsed: ParsedDockerfile): Range | undefined {
  const props = a.instr.properties;
  const index = props.indexOf(a.property);
  if (props.length < 2 || index < 0) return undefined;
  const end = (p: (typeof props)[number]) => p.value?.range.end ?? p.nameRange.end;
  if (index + 1 === props.length) return { start: end(props[index - 1]), end: end(props[index]) };
  const start = a.nameRange.start;
  const next = props[index + 1].nameRange.start;
  const pairEnd = end(a.property);
  const { lines, escapeChar } = parsed;
  // The rest of the pair's last line: blanks, then the escape character that continues the instruction.
  const rest = lines.lineText(pairEnd.line).slice(pairEnd.character);
  const continued = (escapeChar === '`' ? CONTINUED_BACKTICK : CONTINUED_BACKSLASH).test(rest);
  if (next.line === pairEnd.line || !continued) return { start, end: next };
  const isComment = (line: number) => lines.lineText(line).trim().startsWith('#');
  const alone = start.line > a.instr.range.start.line && lines.lineText(start.line).slice(0, start.character).trim() === '';
  if (!alone) {
    let comments = false;
    for (let line = pairEnd.line + 1; line < next.line && !comments; line++) comments = isComment(line);
    // After another pair or the keyword: up to the next pair, unless comment lines stand before it; then
    // the pair and its blanks go, and the continuation and the comments stay.
    return comments ? { start, end: { line: pairEnd.line, character: pairEnd.character + rest.search(/\S/) } } : { start, end: next };
  }
  // On lines of its own: those lines go, with the comment lines right above it.
  let first = start.line;
  while (first - 1 > a.instr.range.start.line && isComment(first - 1)) first--;
  return { start: { line: first, character: 0 }, end: { line: pairEnd.line + 1, character: 0 } };
}

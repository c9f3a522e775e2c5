// What rules share: their input, and helpers to find assignments and point at parts of values.
import * as path from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import type { BuildContext } from '../context';
import type { Finding } from '../diagnostics';
import type { Assignment, DockerfileModel, Stage } from '../model';
import type { Layer } from '../files';
import type { Instr } from '../parse';
import { parsePythonModule, PythonModuleInfo } from '../python';

export interface RuleInput {
  model: DockerfileModel;
  /** undefined when there is no build context: rules that read files return nothing. */
  context?: BuildContext;
  /** Parsed Python file of the build context (context-relative path), cached per analysis. */
  python(contextPath: string): PythonModuleInfo | undefined;
}

export type Rule = (input: RuleInput) => Finding[];

// Defined in model-queries.ts, which the editor features and the runner use too; re-exported for the rules.
export { CODE_DIR, effective, programImagePath, resolvedValue, segmentRange, stageLabel, valueRange } from '../model-queries';

export function makeRuleInput(model: DockerfileModel, context?: BuildContext): RuleInput {
  const cache = new Map<string, PythonModuleInfo | undefined>();
  return {
    model,
    context,
    python(contextPath) {
      if (!context) return undefined;
      if (!cache.has(contextPath)) {
        const text = context.fs.read(path.join(context.dir, contextPath));
        cache.set(contextPath, text === undefined ? undefined : parsePythonModule(text));
      }
      return cache.get(contextPath);
    },
  };
}

/** Every ENV assignment in every stage, in file order. */
export function allAssignments(model: DockerfileModel): Assignment[] {
  return model.assignments;
}

/** A stage and the stages it is built on, oldest first. */
export function chainStages(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) stages.push(s);
  return stages.reverse();
}

/** Layers of a stage and of the stages it is built on, oldest first. */
export function chainLayers(stage: Stage): Layer[] {
  return chainStages(stage).flatMap((s) => s.files?.layers ?? []);
}

/**
 * What a quick fix deletes to remove one ENV/ARG pair: `removeRange` drops the pair from an
 * instruction with several (undefined when it is the only one: then the whole instruction goes).
 */
export function removalData(a: { nameRange: Range; instr: Instr }): { instructionRange: Range; pairs: number; removeRange?: Range } {
  return { instructionRange: a.instr.range, pairs: a.instr.properties.length, removeRange: pairRemoval(a) };
}

function pairRemoval(a: { nameRange: Range; instr: Instr }): Range | undefined {
  const props = a.instr.properties;
  const index = props.findIndex((p) => p.nameRange.start.line === a.nameRange.start.line && p.nameRange.start.character === a.nameRange.start.character);
  if (props.length < 2 || index < 0) return undefined;
  const end = (p: (typeof props)[number]) => p.value?.range.end ?? p.nameRange.end;
  if (index + 1 < props.length) return { start: a.nameRange.start, end: props[index + 1].nameRange.start };
  return { start: end(props[index - 1]), end: end(props[index]) };
}

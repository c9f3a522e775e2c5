// What the rules, the editor features and the runner ask of a built model: the assignment a container
// sees, its resolved value, the range of part of a value, where SageMaker looks for the program.
import * as path from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { sourceOffset } from './expand';
import type { Assignment, DockerfileModel, Stage } from './model';

/** Where the training toolkit runs the user's code from (the container's working directory). */
export const CODE_DIR = '/opt/ml/code';

/** The assignment of `name` the container sees, if the target chain sets it. */
export function effective(model: DockerfileModel, name: string): Assignment | undefined {
  return model.effectiveEnv.get(name);
}

/** The resolved value, or undefined when a variable in it has no value. */
export function resolvedValue(a: Assignment): string | undefined {
  return a.expanded.unresolved.length > 0 ? undefined : a.expanded.value;
}

/** Range of the whole value (the name when there is no value). */
export function valueRange(a: Assignment): Range {
  if (!a.value) return a.nameRange;
  // An empty value (`ENV X=`) has an empty range: cover `X=` so there is something to underline.
  return a.value.raw === '' ? { start: a.nameRange.start, end: a.value.range.end } : a.value.range;
}

/** Range of value characters [start, end) of the expanded value; the whole value when they came from a variable. */
export function segmentRange(model: DockerfileModel, a: Assignment, start: number, end: number): Range {
  const length = a.expanded.value.length;
  if (!a.value || start >= end || start >= length) return valueRange(a);
  const first = sourceOffset(a.expanded, start);
  const last = sourceOffset(a.expanded, Math.min(end, length) - 1);
  if (first < 0 || last < 0) return valueRange(a);
  const { lines } = model.parsed;
  const base = lines.offsetAt(a.value.range.start);
  return { start: lines.positionAt(base + first), end: lines.positionAt(base + last + 1) };
}

/** Whether an image path names /opt/ml/code itself (`/opt/ml/code/`, `/opt/ml/code/.` too). */
export function isCodeDir(imagePath: string): boolean {
  return imagePath.startsWith('/') && path.posix.normalize(`${imagePath}/`) === `${CODE_DIR}/`;
}

/** Where the training toolkit finds SAGEMAKER_PROGRAM in the image. */
export function programImagePath(program: string): string {
  return path.posix.resolve(CODE_DIR, program);
}

export function stageLabel(stage: Stage): string {
  return stage.name ? `'${stage.name}'` : `#${stage.index}`;
}

// From a Dockerfile to what to run: the same analysis as the diagnostics decides the mode, the target stage,
// the build context and the image tag, and its errors stop the run unless forced.
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { analyzeDockerfile, effective, ENTRY_POINT_KEYS, readRegularFile, resolvedValue } from '../../analysis/src';
import type { Diagnostic, DockerfileModel, RuleSeverities } from '../../analysis/src';
import { slug } from './job';

/** As `check` reads Dockerfiles. */
const DOCKERFILE_LIMIT = 16 * 1024 * 1024;

export type RunMode = 'train' | 'serve';

export interface PlanOptions {
  dockerfilePath: string;
  /** The Dockerfile's text (an editor's unsaved buffer); read from disk when absent. */
  text?: string;
  context?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  workspaceRoot?: string;
  severities?: RuleSeverities;
  /** Default: from the entry-point variables. */
  mode?: RunMode;
  /** Default: imageTag(dockerfilePath, target). */
  image?: string;
  /** Run even with error diagnostics. */
  force?: boolean;
}

export interface RunPlan {
  mode: RunMode;
  /** Why this mode, for messages. */
  modeReason: string;
  dockerfilePath: string;
  /** The Dockerfile's text as checked (and as the build reads it). */
  text: string;
  contextDir: string;
  target?: string;
  buildArgs: Record<string, string>;
  image: string;
  /** The entry-point variables the target stage sets, with their values. */
  entryPoint: Record<string, string>;
  diagnostics: Diagnostic[];
  /** Error diagnostics that were overridden by `force`. */
  forcedErrors: Diagnostic[];
}

export type PlanResult =
  { kind: 'planned'; plan: RunPlan } | { kind: 'refused'; reason: string; diagnostics: Diagnostic[]; errors: Diagnostic[] };

/** Entry-point variables of the target chain with a non-empty value (an empty one counts as unset, T4). */
export function entryPointValues(model: DockerfileModel): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ENTRY_POINT_KEYS) {
    const assignment = effective(model, name);
    const value = assignment && resolvedValue(assignment);
    if (value) values[name] = value;
  }
  return values;
}

/** `train` for a training entry point, `serve` for a serving one; undefined when there is neither. */
export function detectMode(entryPoint: Readonly<Partial<Record<string, string>>>): { mode?: RunMode; reason: string } {
  const training = ['SAGEMAKER_TRAINING_MODULE', 'SAGEMAKER_PROGRAM'].find((n) => entryPoint[n] !== undefined);
  const serving = entryPoint.SAGEMAKER_SERVING_MODULE !== undefined;
  if (entryPoint.SAGEMAKER_TRAINING_MODULE !== undefined || (training && !serving)) {
    return { mode: 'train', reason: `${training} is set${serving ? ' (SAGEMAKER_SERVING_MODULE too: --mode serve to serve)' : ''}` };
  }
  if (serving) return { mode: 'serve', reason: 'SAGEMAKER_SERVING_MODULE is set' };
  return { reason: 'the target stage sets no SAGEMAKER_PROGRAM, SAGEMAKER_TRAINING_MODULE or SAGEMAKER_SERVING_MODULE' };
}

/** `localhost/sagemaker-entrypoint-<folder>[-<target>]:local`: fully qualified, so docker and podman agree on it. */
export function imageTag(dockerfilePath: string, target?: string): string {
  const folder = slug(path.basename(path.dirname(path.resolve(dockerfilePath))), 40);
  return `localhost/sagemaker-entrypoint-${folder}${target ? `-${slug(target)}` : ''}:local`;
}

export function planRun(options: PlanOptions): PlanResult {
  const refuse = (reason: string, diagnostics: Diagnostic[] = [], errors: Diagnostic[] = []): PlanResult => ({
    kind: 'refused',
    reason,
    diagnostics,
    errors,
  });
  let text = options.text;
  if (text === undefined) {
    // Non-blocking and regular files only: a FIFO or a device named as the Dockerfile must not hang the run.
    const read = readRegularFile(options.dockerfilePath, DOCKERFILE_LIMIT);
    if (!read.ok) return refuse(`cannot read '${options.dockerfilePath}': ${read.reason}`);
    text = read.text;
  }
  const analysis = analyzeDockerfile(text.replace(/^\uFEFF/, ''), {
    dockerfilePath: path.resolve(options.dockerfilePath),
    context: options.context,
    target: options.target,
    buildArgs: options.buildArgs,
    workspaceRoot: options.workspaceRoot,
    severities: options.severities,
  });
  const { model, diagnostics } = analysis;
  if (!model.target) return refuse('the Dockerfile has no FROM', diagnostics);
  if (model.targetProblem) return refuse(model.targetProblem, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length > 0 && !options.force) {
    return refuse(`${errors.length} error${errors.length === 1 ? '' : 's'} in the Dockerfile (force to run anyway)`, diagnostics, errors);
  }
  if (analysis.contextDir === undefined) return refuse('no build context could be found', diagnostics);
  const entryPoint = entryPointValues(model);
  const detected = detectMode(entryPoint);
  const mode = options.mode ?? detected.mode;
  if (!mode) return refuse(`cannot tell whether to train or serve: ${detected.reason}; choose a mode`, diagnostics);
  return {
    kind: 'planned',
    plan: {
      mode,
      modeReason: options.mode ? 'chosen' : detected.reason,
      dockerfilePath: path.resolve(options.dockerfilePath),
      text,
      contextDir: analysis.contextDir,
      target: options.target || undefined,
      buildArgs: { ...options.buildArgs },
      image: options.image ?? imageTag(options.dockerfilePath, options.target),
      entryPoint,
      diagnostics,
      forcedErrors: errors,
    },
  };
}

// The analysis pipeline: parse → model → build context → rules (asking for image files) → diagnostics.
// A part that fails costs only itself: a stage's image files become unknown, a rule reports nothing,
// and the failure is logged; everything else is still reported.
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BuildContext, detectContext, localSources, nodeFileSystem, openContext, runSteps, WorkLimitError, type Steps } from './context';
import { Finding, makeDiagnostic } from './diagnostics';
import { errorMessage } from './error-text';
import { buildModel, DockerfileModel } from './model';
import { instructionIndexAt, parseDockerfile } from './parse';
import { pythonFiles } from './python-files';
import { RULE_CHECKS } from './rules';
import { stageImages } from './stage-images';
import type { RuleInput } from './rules/shared';
import { isSuppressed, readSuppressions } from './suppression';
import type { AnalysisOptions } from './types';

/**
 * Everything known about one version of a Dockerfile, built once and not changed afterwards: what the
 * rules read (the model, the build context, each stage's image files, the Python files read), and
 * the diagnostics. The editor features read the same.
 */
export interface Analysis extends RuleInput {
  readonly diagnostics: Diagnostic[];
  /** The build context used; undefined when there is none (rules that read files were skipped). */
  readonly contextDir: string | undefined;
}

export function analyzeDockerfile(text: string, options: AnalysisOptions = {}): Analysis {
  return runSteps(analysisSteps(text, options));
}

/**
 * The same analysis, pausing for the event loop while it walks the disk to detect the build context, so a
 * server answers other requests meanwhile. Stops with an AbortError once `signal` is aborted.
 */
export async function analyzeDockerfileAsync(text: string, options: AnalysisOptions = {}, signal?: AbortSignal): Promise<Analysis> {
  const steps = analysisSteps(text, options);
  for (;;) {
    signal?.throwIfAborted();
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function* analysisSteps(text: string, options: AnalysisOptions): Steps<Analysis> {
  const log = options.log ?? (() => undefined);
  const failed = (what: string, error: unknown) => log(`${what} failed: ${errorMessage(error)}`, error);
  const parsed = parseDockerfile(text);
  for (const problem of parsed.problems) log(`line ${problem.range.start.line + 1}: ${problem.message}`);
  const model = buildModel(parsed, options.target || undefined, options.buildArgs);
  let context: BuildContext | undefined;
  try {
    context = yield* resolveContext(model, options, log);
  } catch (error) {
    log(`build context unavailable, rules that read files are skipped: ${errorMessage(error)}`);
  }
  for (const note of context?.notes ?? []) log(note);
  const images = stageImages(model, context, (stage, error) => {
    const what = `image files of stage ${stage.index + 1} (line ${stage.from.range.start.line + 1})`;
    if (error instanceof WorkLimitError) log(`${what} are unknown: ${error.message}`);
    else failed(what, error);
  });

  const input: RuleInput = { model, context, images, python: pythonFiles(context) };
  const findings: Finding[] = [];
  for (const [name, check] of RULE_CHECKS) {
    try {
      for (const finding of check(input)) findings.push(finding);
    } catch (error) {
      failed(`rule ${name}`, error);
    }
  }
  const suppressions = readSuppressions(parsed);
  for (const finding of suppressions.findings) findings.push(finding);
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const instruction = instructionIndexAt(parsed, finding.range.start.line);
    if (isSuppressed(suppressions, finding.rule, instruction >= 0 ? parsed.firstLines[instruction] : undefined)) continue;
    const diagnostic = makeDiagnostic(finding, options.severities, options.ruleDocsBase);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { ...input, diagnostics, contextDir: context?.dir };
}

function* resolveContext(
  model: DockerfileModel,
  options: AnalysisOptions,
  log: (message: string) => void,
): Steps<BuildContext | undefined> {
  const fs = options.fs ?? nodeFileSystem();
  const dockerfile = options.dockerfilePath;
  if (options.context === null) return undefined;
  if (typeof options.context === 'string') {
    const base = dockerfile ? path.dirname(dockerfile) : process.cwd();
    return openContext(path.resolve(base, options.context), fs, 'configured', dockerfile);
  }
  if (!dockerfile) return undefined;
  const { dir, reason, note } = yield* detectContext(dockerfile, localSources(model), fs, options.workspaceRoot);
  if (note) log(note);
  return openContext(dir, fs, reason, dockerfile);
}

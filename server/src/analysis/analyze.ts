// The analysis pipeline: parse → model → build context → image files → rules → diagnostics.
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BuildContext, detectContextDir, localSources, nodeFileSystem, openContext } from './context';
import { Finding, makeDiagnostic } from './diagnostics';
import { buildImageFiles } from './files';
import { buildModel, DockerfileModel } from './model';
import { instructionAt, parseDockerfile } from './parse';
import { RULE_CHECKS } from './rules';
import { makeRuleInput } from './rules/shared';
import { isSuppressed, readSuppressions } from './suppression';
import type { AnalysisOptions } from './types';

export interface Analysis {
  readonly model: DockerfileModel;
  readonly diagnostics: Diagnostic[];
  /** The build context used; undefined when there is none (rules that read files were skipped). */
  readonly contextDir: string | undefined;
  readonly context: BuildContext | undefined;
}

export function analyzeDockerfile(text: string, options: AnalysisOptions = {}): Analysis {
  const log = options.log ?? (() => undefined);
  const parsed = parseDockerfile(text);
  for (const problem of parsed.problems) log(`line ${problem.range.start.line + 1}: ${problem.message}`);
  const model = buildModel(parsed, options.target || undefined, options.buildArgs);
  let context: BuildContext | undefined;
  try {
    context = resolveContext(model, options);
  } catch (error) {
    log(`build context unavailable, rules that read files are skipped: ${(error as Error).message}`);
  }
  for (const stage of model.stages) stage.files = buildImageFiles(stage, model, context);

  const input = makeRuleInput(model, context);
  const findings: Finding[] = [];
  for (const [name, check] of RULE_CHECKS) {
    try {
      findings.push(...check(input));
    } catch (error) {
      log(`rule ${name} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
  const suppressions = readSuppressions(parsed);
  findings.push(...suppressions.findings);
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const instruction = instructionAt(parsed.instructions, finding.range.start.line);
    if (isSuppressed(suppressions, finding.rule, instruction?.range.start.line)) continue;
    const diagnostic = makeDiagnostic(finding, options.severities, options.ruleDocsBase);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model, diagnostics, contextDir: context?.dir, context };
}

function resolveContext(model: DockerfileModel, options: AnalysisOptions): BuildContext | undefined {
  const fs = options.fs ?? nodeFileSystem();
  const dockerfile = options.dockerfilePath;
  if (options.context === null) return undefined;
  if (typeof options.context === 'string') {
    const base = dockerfile ? path.dirname(dockerfile) : process.cwd();
    return openContext(path.resolve(base, options.context), fs, 'configured', dockerfile);
  }
  if (!dockerfile) return undefined;
  const { dir, reason } = detectContextDir(dockerfile, localSources(model), fs, options.workspaceRoot);
  return openContext(dir, fs, reason, dockerfile);
}

// The analysis' part of the options of `check`, `run` and `submit`: one rule for all three. Flags win over
// the config file; the build context is --context, else the config's, else detected below the workspace
// root (paths.ts).
import type { AnalysisOptions } from '../../analysis/src';
import type { ConfigFile } from './config-file';
import { isDirectory, shown, workspaceRootFor } from './paths';

export interface CommandLineAnalysis {
  /** Absolute. */
  dockerfile: string;
  cwd: string;
  /** --context (absolute); null for --no-context; undefined to take the config's or detect it. */
  context?: string | null;
  target?: string;
  /** --build-arg values, over the config's. */
  buildArgs: Record<string, string>;
  config?: ConfigFile;
}

export type CommandLineAnalysisOptions = Required<Pick<AnalysisOptions, 'dockerfilePath' | 'workspaceRoot' | 'buildArgs'>> &
  Pick<AnalysisOptions, 'context' | 'target' | 'severities'>;

export function commandLineAnalysisOptions(
  input: CommandLineAnalysis,
): { ok: true; options: CommandLineAnalysisOptions } | { ok: false; problem: string } {
  const { config, cwd } = input;
  let context = input.context;
  if (context === undefined && config?.context !== undefined) {
    if (!isDirectory(config.context))
      return { ok: false, problem: `build context '${shown(config.context, cwd)}' from '${shown(config.file, cwd)}' is not a folder` };
    context = config.context;
  }
  return {
    ok: true,
    options: {
      dockerfilePath: input.dockerfile,
      context,
      workspaceRoot: workspaceRootFor(input.dockerfile, cwd),
      target: input.target ?? (config?.target || undefined),
      buildArgs: { ...config?.buildArgs, ...input.buildArgs },
      severities: config?.rules,
    },
  };
}

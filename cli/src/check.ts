// `sagemaker-entrypoint check`: find Dockerfiles, analyze each, print the findings, pick the exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDockerfile } from '../../server/src/analysis';
import type { AnalysisOptions } from '../../server/src/analysis';
import { CHECK_HELP, parseCheckArgs } from './check-options';
import type { CheckOptions } from './check-options';
import { findConfigFile, loadConfig } from './config';
import type { CliConfig } from './config';
import { discoverDockerfiles, isDirectory } from './discover';
import type { FoundFile } from './discover';
import { InputError, PROGRAM, describeFsError } from './errors';
import { SEVERITY_RANK, byPosition, toFinding } from './findings';
import type { CheckedFile } from './findings';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
}

/** Shows a path relative to the current folder when it is inside it. */
function shown(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolutePath;
}

/** The nearest folder holding `.git`; else the current folder if it holds the file; else the file system root. */
function workspaceRootFor(dockerfile: string, cwd: string): string {
  for (let dir = path.dirname(dockerfile); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const relative = path.relative(cwd, dockerfile);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.parse(dockerfile).root : cwd;
}

/** Loads each config file once, remembering failures too. */
class ConfigLookup {
  private readonly loaded = new Map<string, CliConfig | InputError>();

  constructor(private readonly explicit: CliConfig | undefined, private readonly cwd: string) {}

  forDockerfile(dockerfile: string): CliConfig | undefined {
    if (this.explicit) return this.explicit;
    const file = findConfigFile(path.dirname(dockerfile));
    if (file === undefined) return undefined;
    if (!this.loaded.has(file)) {
      try {
        this.loaded.set(file, loadConfig(file, shown(file, this.cwd)));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        this.loaded.set(file, err);
      }
    }
    const config = this.loaded.get(file);
    if (config instanceof InputError) throw config;
    return config;
  }
}

function analysisOptions(file: FoundFile, options: CheckOptions, config: CliConfig | undefined, io: CliIO): AnalysisOptions {
  let context = options.context;
  if (context === undefined && config?.context !== undefined) {
    if (!isDirectory(config.context)) {
      throw new InputError(`build context '${shown(config.context, io.cwd)}' from '${shown(config.file, io.cwd)}' is not a folder`);
    }
    context = config.context;
  }
  return {
    dockerfilePath: file.absolutePath,
    context,
    workspaceRoot: workspaceRootFor(file.absolutePath, io.cwd),
    target: options.target ?? config?.target,
    buildArgs: { ...config?.buildArgs, ...options.buildArgs },
    severities: config?.rules,
    log: (message) => io.stderr(`${PROGRAM}: internal error while checking '${file.displayPath}': ${message}\n`),
  };
}

function checkFile(file: FoundFile, options: CheckOptions, configs: ConfigLookup, io: CliIO): CheckedFile {
  let text: string;
  try {
    text = fs.readFileSync(file.absolutePath, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read '${file.displayPath}': ${describeFsError(err)}`);
  }
  const config = configs.forDockerfile(file.absolutePath);
  const analysisOpts = analysisOptions(file, options, config, io);
  // Editors drop the byte-order mark too, so columns agree with what VS Code shows.
  const analysis = analyzeDockerfile(text.replace(/^\uFEFF/, ''), analysisOpts);
  if (options.verbose) {
    const name = file.displayPath;
    if (config) io.stderr(`${name}: config: ${shown(config.file, io.cwd)}\n`);
    io.stderr(
      analysis.contextDir === undefined
        ? `${name}: no build context: rules that read files were skipped\n`
        : `${name}: build context: ${analysis.contextDir}\n`,
    );
    io.stderr(`${name}: target stage: ${analysisOpts.target ?? '(the last stage)'}\n`);
  }
  const findings = analysis.diagnostics.map((d) => toFinding(d, file.displayPath)).sort(byPosition);
  return { ...file, findings };
}

function render(files: CheckedFile[], options: CheckOptions, io: CliIO): string {
  switch (options.format) {
    case 'json':
      return formatJson(files);
    case 'sarif':
      return formatSarif(files, io.cwd);
    case 'text': {
      const color = io.stdoutIsTTY && !io.env.NO_COLOR;
      return formatText(files, color);
    }
  }
}

/** Runs the subcommand and returns its exit code; throws UsageError/InputError for problems that stop it at once. */
export function runCheck(argv: string[], io: CliIO): number {
  const options = parseCheckArgs(argv, io.cwd, io.env);
  if (options.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const explicitConfig = options.configFile ? loadConfig(options.configFile, shown(options.configFile, io.cwd)) : undefined;
  const configs = new ConfigLookup(explicitConfig, io.cwd);
  const discovery = discoverDockerfiles(options.paths, io.cwd);
  const problems = [...discovery.problems];
  const checked: CheckedFile[] = [];
  // An unreadable file does not hide the findings of the others, but the exit code is still 2.
  for (const file of discovery.files) {
    try {
      checked.push(checkFile(file, options, configs, io));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message);
    }
  }
  if (checked.length > 0 || options.format !== 'text') io.stdout(render(checked, options, io));
  for (const problem of problems) io.stderr(`${PROGRAM}: ${problem}\n`);
  if (problems.length > 0) return 2;
  if (discovery.files.length === 0 && options.format === 'text') {
    io.stderr(`${PROGRAM}: no Dockerfiles found in ${options.paths.map((p) => `'${p}'`).join(', ')}\n`);
  }
  const threshold = SEVERITY_RANK[options.failOn];
  return checked.some((f) => f.findings.some((x) => SEVERITY_RANK[x.severity] >= threshold)) ? 1 : 0;
}

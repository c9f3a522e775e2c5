// `sagemaker-entrypoint check`: find Dockerfiles, analyze each, print the findings, pick the exit code.
import { shown } from '../../options/src';
import { analyzeDockerfile, errorMessage, errorWithStack, readRegularFile } from '../../analysis/src';
import { CHECK_HELP, parseCheckArgs } from './check-options';
import type { CheckOptions } from './check-options';
import { ConfigFiles } from './config';
import { discoverDockerfiles } from './discover';
import type { FoundFile } from './discover';
import { InputError, PROGRAM } from './errors';
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

/** Largest Dockerfile checked: far above any real one, far below what would exhaust memory. */
export const MAX_DOCKERFILE_BYTES = 16 * 1024 * 1024;

/** What went wrong inside the tool while checking one file: printed on one line, the stack with --verbose. */
class InternalFailures {
  count = 0;

  constructor(
    private readonly io: CliIO,
    private readonly verbose: boolean,
  ) {}

  report(file: string, message: string, failure: unknown): void {
    this.count++;
    this.io.stderr(`${PROGRAM}: internal error while checking '${file}': ${message}\n`);
    if (this.verbose) this.io.stderr(`${errorWithStack(failure)}\n`);
  }
}

function checkFile(file: FoundFile, options: CheckOptions, configs: ConfigFiles, io: CliIO, failures: InternalFailures): CheckedFile {
  const read = readRegularFile(file.absolutePath, MAX_DOCKERFILE_BYTES);
  if (!read.ok) {
    throw new InputError(`cannot read '${file.displayPath}': ${read.reason}`);
  }
  const flags = { dockerfile: file.absolutePath, context: options.context, target: options.target, buildArgs: options.buildArgs };
  const { options: analysisOpts, config } = configs.analysisOptions(flags);
  // Editors drop the byte-order mark too, so columns agree with what VS Code shows.
  const analysis = analyzeDockerfile(read.text.replace(/^\uFEFF/, ''), {
    ...analysisOpts,
    log: (message, failure) => {
      if (failure === undefined) io.stderr(`${PROGRAM}: ${file.displayPath}: ${message}\n`);
      else failures.report(file.displayPath, message, failure);
    },
  });
  // docker build stops on a target it cannot find; findings about another stage would mislead.
  if (analysis.model.targetProblem) throw new InputError(`'${file.displayPath}': ${analysis.model.targetProblem}`);
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
  const configs = new ConfigFiles(options.configFile, io.cwd, io.stderr);
  const discovery = discoverDockerfiles(options.paths, io.cwd);
  for (const note of discovery.notes) io.stderr(`${PROGRAM}: ${note}\n`);
  const problems = [...discovery.problems];
  const failures = new InternalFailures(io, options.verbose);
  const checked: CheckedFile[] = [];
  // A file that cannot be read, or that the tool fails on, does not hide the findings of the others;
  // the exit code is still 2 because the check is incomplete.
  for (const file of discovery.files) {
    try {
      checked.push(checkFile(file, options, configs, io, failures));
    } catch (err) {
      if (err instanceof InputError) problems.push(err.message);
      else failures.report(file.displayPath, errorMessage(err), err);
    }
  }
  if (checked.length > 0 || options.format !== 'text') io.stdout(render(checked, options, io));
  for (const problem of problems) io.stderr(`${PROGRAM}: ${problem}\n`);
  if (problems.length > 0 || failures.count > 0) return 2;
  if (discovery.files.length === 0 && options.format === 'text') {
    io.stderr(`${PROGRAM}: no Dockerfiles found in ${options.paths.map((p) => `'${p}'`).join(', ')}\n`);
  }
  const threshold = SEVERITY_RANK[options.failOn];
  return checked.some((f) => f.findings.some((x) => SEVERITY_RANK[x.severity] >= threshold)) ? 1 : 0;
}

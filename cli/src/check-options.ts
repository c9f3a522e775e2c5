// The command line of `sagemaker-entrypoint check`, parsed and validated.
import * as path from 'node:path';
import type { Severity } from '../../analysis/src';
import { oneOf, parseStrict } from './args';
import { isDirectory } from '../../options/src';
import { InputError, PROGRAM, UsageError } from './errors';

export const CHECK_HELP = `Usage: ${PROGRAM} check [FILE|DIR ...] [options]

Checks the SageMaker entry points (SAGEMAKER_PROGRAM, SAGEMAKER_TRAINING_MODULE,
SAGEMAKER_SERVING_MODULE ...) of Dockerfiles. A DIR is searched recursively for
Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.* and
*.Containerfile (skipping node_modules and dot-folders). Default: the current folder.

Options:
  --format text|json|sarif   output format (default: text)
  --context DIR              build context folder (default: detected per Dockerfile)
  --no-context               check without a build context: rules that read files are skipped
  --target STAGE             build stage to check (default: the last stage)
  --build-arg K=V            value for an ARG, like docker build; 'K' alone takes it from the
                             environment; repeatable
  --config FILE              JSON config (default: the nearest .sagemaker-entrypoint.json
                             above each Dockerfile), e.g. { "rules": { "SM201": "error" } }
  --fail-on error|warning|info
                             lowest severity that makes the exit code 1 (default: error)
  --verbose                  print the build context and target stage of each file to stderr
  -h, --help                 show this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage or unreadable input.
`;

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  help: boolean;
  paths: string[];
  format: OutputFormat;
  /** Absolute folder; null for --no-context; undefined to take the config's or detect it. */
  context: string | null | undefined;
  target?: string;
  buildArgs: Record<string, string>;
  /** Absolute path of --config. */
  configFile?: string;
  failOn: Severity;
  verbose: boolean;
}

const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `K=V`, or `K` alone to take the value from the environment (skipped when unset, as docker does). */
export function parseBuildArgs(specs: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const buildArgs: Record<string, string> = {};
  for (const spec of specs) {
    const equals = spec.indexOf('=');
    const name = equals === -1 ? spec : spec.slice(0, equals);
    if (!BUILD_ARG_NAME.test(name)) throw new UsageError(`--build-arg '${spec}' is not NAME=VALUE or NAME`);
    const value = equals === -1 ? env[name] : spec.slice(equals + 1);
    // Defined, not assigned: `--build-arg __proto__=x` is an entry like any other.
    if (value !== undefined) Object.defineProperty(buildArgs, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return buildArgs;
}

function contextFolder(dir: string, cwd: string): string {
  const absolute = path.resolve(cwd, dir);
  if (!isDirectory(absolute)) throw new InputError(`build context '${dir}' is not a folder`);
  return absolute;
}

export function parseCheckArgs(argv: string[], cwd: string, env: NodeJS.ProcessEnv): CheckOptions {
  const { values, positionals } = parseStrict(
    argv,
    {
      format: { type: 'string' },
      context: { type: 'string' },
      'no-context': { type: 'boolean' },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true },
      config: { type: 'string' },
      'fail-on': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    `${PROGRAM} check --help`,
  );
  const help = values.help === true;
  if (values.context !== undefined && values['no-context']) throw new UsageError('--context and --no-context cannot be used together');
  if (values.target === '') throw new UsageError('--target needs a stage name');
  return {
    help,
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('format', values.format ?? 'text', ['text', 'json', 'sarif'] as const),
    context: values['no-context'] ? null : values.context === undefined || help ? undefined : contextFolder(values.context, cwd),
    target: values.target,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], env),
    configFile: values.config === undefined ? undefined : path.resolve(cwd, values.config),
    failOn: oneOf('fail-on', values['fail-on'] ?? 'error', ['error', 'warning', 'info'] as const),
    verbose: values.verbose === true,
  };
}

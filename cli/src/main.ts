// Entry point of the `sagemaker-entrypoint` command: dispatches to a subcommand and maps errors to exit code 2.
import { errorMessage } from '../../analysis/src';
import { runCheck } from './check';
import type { CliIO } from './check';
import { InputError, PROGRAM, UsageError } from './errors';
import { stopForClosedOutput } from './interrupt';
import { CLI_VERSION } from './version';

interface Command {
  name: string;
  summary: string;
  run(argv: string[], io: CliIO): number | Promise<number>;
}

const COMMANDS: readonly Command[] = [
  { name: 'check', summary: 'check SageMaker entry points in Dockerfiles', run: runCheck },
  // Loaded on demand: `check` starts without the runner, the cloud side and the Node modules they need.
  {
    name: 'run',
    summary: 'build and run the entry point locally, as SageMaker does (train or serve)',
    run: (argv, io) => (require('./run') as typeof import('./run')).runRun(argv, io),
  },
  {
    name: 'submit',
    summary: 'train on SageMaker: push the image, upload data, start and follow the job',
    run: (argv, io) => (require('./submit') as typeof import('./submit')).runSubmit(argv, io),
  },
];

const TOP_HELP = `Usage: ${PROGRAM} <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help
  --version      print the version

Run '${PROGRAM} <command> --help' for a command's options.
`;

async function main(argv: string[], io: CliIO): Promise<number> {
  const first = argv.at(0);
  const rest = argv.slice(1);
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(TOP_HELP);
    return 0;
  }
  if (first === '--version') {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  if (first === undefined) {
    io.stderr(TOP_HELP);
    return 2;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? 'option' : 'command';
    throw new UsageError(`unknown ${what} '${first}'`, `${PROGRAM} --help`);
  }
  return command.run(rest, io);
}

function describeFailure(err: unknown): string {
  if (err instanceof UsageError) return `${err.message} (run '${err.helpCommand}' for usage)`;
  if (err instanceof InputError) return err.message;
  return `internal error: ${errorMessage(err)}`;
}

/** Set when stdout's reader has gone: later output is dropped rather than written to a closed pipe. */
let stdoutClosed = false;

const io: CliIO = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
};

// A reader that stops early (`| head`) is not an error. A run or a job in progress stops and cleans up
// first (its containers, its cloud job); anything else exits at once.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  if (stdoutClosed) return;
  stdoutClosed = true;
  if (!stopForClosedOutput()) process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${PROGRAM}: ${describeFailure(err)}\n`);
    process.exitCode = 2;
  },
);

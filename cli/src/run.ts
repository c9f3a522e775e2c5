// `sagemaker-entrypoint run`: check, build and run a SageMaker container locally through the runner.
// Phases and the build log go to stderr; a training container's stdout to stdout; an invocation's answer to stdout.
import { once } from 'node:events';
import { shown } from '../../options/src';
import type { CommandLineAnalysisOptions } from '../../options/src';
import { buildAdvice, engineAdvice, engineExitAdvice, folderAdvice, runLocally, servingAdvice, shellQuote } from '../../runner/src';
import type { Endpoint, LocalRunOptions, LocalRunOutcome, OptionNames, OutputReady, RunEvent, TrainResult } from '../../runner/src';
import type { CliIO } from './check';
import { ConfigFiles } from './config';
import { PROGRAM } from './errors';
import { toFinding } from './findings';
import { formatText } from './format/text';
import { CANCELLED, untilInterrupted } from './interrupt';
import { RUN_HELP, parseRunArgs } from './run-options';
import type { RunCliOptions } from './run-options';

/** The build log was printed as it went; its end is repeated under the verdict. */
const BUILD_LINES_SHOWN = 10;

/** How the advice after a fault names the options that change things. */
const OPTION_NAMES: OptionNames = {
  enginePath: '--engine-path PATH',
  usePodman: '--engine podman',
  jobsDir: '--jobs-dir DIR',
  checkpoints: '--checkpoints DIR',
  port: 'choose another with --port N, or leave --port out to use a free one',
  startupTimeout: 'raise --startup-timeout SECONDS',
};

function localOptions(options: RunCliOptions, io: CliIO, signal: AbortSignal, onEvent: (e: RunEvent) => void): LocalRunOptions {
  // With --no-build and no Dockerfile around there is nothing to analyse.
  const { dockerfile } = options;
  const flags = { context: options.context, target: options.target, buildArgs: options.buildArgs };
  const analysis: Partial<CommandLineAnalysisOptions> = dockerfile
    ? new ConfigFiles(undefined, io.cwd, io.stderr).analysisOptions({ ...flags, dockerfile }).options
    : flags;
  return {
    ...analysis,
    context: analysis.context ?? undefined,
    mode: options.mode,
    force: options.force,
    image: options.image,
    build: options.build,
    pull: options.pull,
    engine: options.engine,
    enginePath: options.enginePath,
    jobsRoot: options.jobsDir,
    hyperparameters: options.hyperparameters,
    hyperparameterEncoding: options.hyperparameterEncoding,
    channels: options.channels,
    readOnlyChannels: options.readOnlyChannels,
    instanceCount: options.instanceCount,
    checkpointDir: options.checkpointDir,
    model: options.model,
    port: options.port,
    strictPort: options.port !== undefined,
    startupTimeoutMs: options.startupTimeoutMs,
    env: options.env,
    hostEnv: io.env,
    passAwsCredentials: options.awsCredentials,
    init: options.init,
    gpus: options.gpus,
    user: options.user,
    signal,
    onEvent,
    outputReady: streamsReady([process.stdout, process.stderr]),
  };
}

/**
 * While the terminal or pipe that reads our output is behind (a write returned false), the engine's output waits:
 * the container blocks on its full pipe instead of this process buffering without bound.
 */
function streamsReady(streams: NodeJS.WriteStream[]): OutputReady {
  return () => {
    const behind = streams.filter((s) => s.writableNeedDrain);
    if (behind.length === 0) return undefined;
    return Promise.all(behind.map((s) => once(s, 'drain'))).then(
      () => undefined,
      () => undefined,
    );
  };
}

function printer(options: RunCliOptions, io: CliIO): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'phase': {
        io.stderr(`${PROGRAM}: ${event.message}\n`);
        return;
      }
      case 'warning': {
        io.stderr(`${PROGRAM}: warning: ${event.message}\n`);
        return;
      }
      case 'command':
        if (options.verbose) io.stderr(`${event.text}\n`);
        return;
      case 'output': {
        const line = event.host ? `[${event.host}] ${event.line}\n` : `${event.line}\n`;
        // A serving container's output stays off stdout, which carries the invocation's answer.
        if (event.source === 'train' && event.stream === 'stdout') io.stdout(line);
        else io.stderr(line);
      }
    }
  };
}

function indented(text: string): string {
  return `${text
    .replace(/\s+$/, '')
    .split(/\r?\n/)
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

function whatToDo(io: CliIO, advice: string | undefined): void {
  if (advice) io.stderr(`${PROGRAM}: what to do: ${advice}\n`);
}

function reportTraining(result: TrainResult, options: RunCliOptions, io: CliIO): number {
  if (result.kind === 'cancelled') {
    if (!result.removed) io.stderr(`${PROGRAM}: warning: container ${result.job.name} may still exist\n`);
    return CANCELLED;
  }
  if (result.kind === 'not-started') {
    io.stderr(`${PROGRAM}: not started: ${result.message}\n`);
    return 1;
  }
  const where = `${result.failedHost ? `${result.failedHost}:` : ''}/opt/ml/output/failure`;
  if (result.failure !== undefined) {
    io.stderr(`${PROGRAM}: failure reason (${where}${result.failureTruncated ? ', first 64 KiB' : ''}):\n${indented(result.failure)}`);
  }
  if (result.failureProblem) io.stderr(`${PROGRAM}: warning: ${where} was not read: ${result.failureProblem}\n`);
  // docker and podman exit 125–127 when they cannot run the container or its `train`.
  if (result.failure === undefined && result.kind === 'failed') whatToDo(io, engineExitAdvice(result.exitCode, 'train'));
  const verdict = result.kind === 'completed' ? 'training completed' : 'training failed';
  const hosts = result.hosts.length > 1 ? ` (${result.hosts.map((h) => `${h.host}: ${h.exitCode ?? 'stopped'}`).join(', ')})` : '';
  io.stderr(`${PROGRAM}: ${verdict}: exit code ${result.exitCode}${hosts}\n`);
  io.stderr(`${PROGRAM}: model: ${result.job.modelDir}\n`);
  if (result.modelArchive) io.stderr(`${PROGRAM}: model.tar.gz: ${result.modelArchive}\n`);
  if (result.outputArchive) io.stderr(`${PROGRAM}: output.tar.gz: ${result.outputArchive}\n`);
  io.stderr(`${PROGRAM}: output: ${result.job.outputDir}\n`);
  if (result.kind === 'completed' && result.modelArchive) {
    const dockerfile = options.dockerfile ? `${shellQuote(shown(options.dockerfile, io.cwd))} ` : '';
    io.stderr(
      `${PROGRAM}: serve this model: ${PROGRAM} run ${dockerfile}--mode serve --model ${shellQuote(shown(result.job.dir, io.cwd))}\n`,
    );
  }
  return result.exitCode;
}

async function keepServing(endpoint: Endpoint, options: RunCliOptions, io: CliIO, signal: AbortSignal): Promise<number> {
  if (options.invoke) {
    const answer = await endpoint.invoke({ ...options.invoke, signal });
    await endpoint.stop();
    if (answer.kind === 'cancelled') return CANCELLED;
    if (answer.kind === 'failed') {
      io.stderr(`${PROGRAM}: invocation failed: ${answer.message}\n`);
      return 1;
    }
    io.stderr(`${PROGRAM}: HTTP ${answer.status} ${answer.contentType ?? ''} in ${Math.round(answer.elapsedMs)} ms\n`);
    io.stdout(answer.body.toString('utf8'));
    if (answer.body.length > 0 && answer.body[answer.body.length - 1] !== 0x0a) io.stdout('\n');
    return answer.status >= 200 && answer.status < 300 ? 0 : 1;
  }
  io.stderr(`${PROGRAM}: serving until Ctrl+C\n`);
  const exit = await endpoint.exit;
  if (exit.kind === 'cancelled') return CANCELLED;
  const code = exit.kind === 'exited' ? exit.code : 1;
  io.stderr(`${PROGRAM}: the serving container exited with code ${code}; its last lines:\n${indented(endpoint.lastLines().join('\n'))}`);
  whatToDo(io, engineExitAdvice(code, 'serve'));
  return code || 1;
}

async function report(outcome: LocalRunOutcome, options: RunCliOptions, io: CliIO, signal: AbortSignal): Promise<number> {
  switch (outcome.kind) {
    case 'refused': {
      const file = options.dockerfile ?? '';
      if (outcome.diagnostics.length > 0) {
        const findings = outcome.diagnostics.map((d) => toFinding(d, shown(file, io.cwd)));
        io.stderr(formatText([{ displayPath: file, absolutePath: file, findings }], false));
      }
      io.stderr(`${PROGRAM}: not running: ${outcome.reason}\n`);
      return 1;
    }
    case 'engine-missing':
      io.stderr(`${PROGRAM}: ${outcome.message}\n`);
      whatToDo(io, engineAdvice(outcome.problems, OPTION_NAMES));
      return 2;
    case 'image-missing':
      io.stderr(`${PROGRAM}: image '${outcome.image}' does not exist (build it, or drop --no-build)\n`);
      return 1;
    case 'folder-unusable': {
      const what = outcome.purpose === 'checkpoints' ? 'the checkpoint folder' : 'a job folder in';
      io.stderr(`${PROGRAM}: cannot create ${what} ${outcome.folder}: ${outcome.reason}\n`);
      whatToDo(io, folderAdvice(outcome, OPTION_NAMES));
      return 2;
    }
    case 'build-failed': {
      const { step, exitCode } = outcome;
      const at = step ? ` at ${shown(step.file, io.cwd)}:${step.line}: ${step.instruction}` : '';
      io.stderr(`${PROGRAM}: the build failed${exitCode !== undefined ? ` with exit code ${exitCode}` : ''}${at}\n`);
      io.stderr(`${PROGRAM}: the build's last lines:\n${indented(outcome.lastLines.slice(-BUILD_LINES_SHOWN).join('\n'))}`);
      whatToDo(io, buildAdvice(step, outcome.lastLines));
      return 1;
    }
    case 'cancelled':
      return CANCELLED;
    case 'trained':
      return reportTraining(outcome.result, options, io);
    case 'serving': {
      const start = outcome.result;
      if (start.kind === 'ready') return keepServing(start.endpoint, options, io, signal);
      if (start.kind === 'cancelled') return CANCELLED;
      if (start.kind === 'not-started') io.stderr(`${PROGRAM}: not started: ${start.message}\n`);
      else {
        const why =
          start.kind === 'exited'
            ? `the container exited with code ${start.exitCode} before /ping answered 200`
            : `/ping did not answer 200 within ${Math.round(start.timeoutMs / 1000)} s (last: ${start.lastProblem ?? 'no answer'}); the container was stopped and removed`;
        io.stderr(`${PROGRAM}: not ready: ${why}; its last lines:\n${indented(start.lastLines.join('\n') || '(none)')}`);
      }
      whatToDo(io, servingAdvice(start, OPTION_NAMES));
      return 1;
    }
  }
}

export async function runRun(argv: string[], io: CliIO): Promise<number> {
  const options = parseRunArgs(argv, io.cwd, io.env);
  if (options.help) {
    io.stdout(RUN_HELP);
    return 0;
  }
  return untilInterrupted(io, 'Ctrl+C again to quit without cleaning up', async (signal) => {
    const outcome = await runLocally(localOptions(options, io, signal, printer(options, io)));
    const code = await report(outcome, options, io, signal);
    return signal.aborted ? CANCELLED : code;
  });
}

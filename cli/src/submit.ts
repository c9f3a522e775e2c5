// `sagemaker-entrypoint submit`: the same Dockerfile and settings as `run`, as a SageMaker training job.
// The AWS SDK is loaded only once the submission talks to AWS. Phases, status and progress go to stderr;
// the job's log lines and the dry run's request JSON to stdout.
import * as path from 'node:path';
import { downloadObject, redactRequest, submitTrainingJob } from '../../cloud/src';
import type { CloudClients, CloudEvent, FollowResult, SettingProblem, SubmitOptions, SubmitOutcome } from '../../cloud/src';
import { shown } from '../../options/src';
import type { CliIO } from './check';
import { ConfigFiles } from './config';
import { PROGRAM } from './errors';
import { toFinding } from './findings';
import { formatText } from './format/text';
import { CANCELLED, untilInterrupted } from './interrupt';
import { FLAG_OF, SUBMIT_HELP, parseSubmitArgs } from './submit-options';
import type { SubmitCliOptions } from './submit-options';

/** Paths inside the current folder shown relative to it, as everywhere else in the CLI. */
function relative(text: string, cwd: string): string {
  return text.split(`${cwd}${path.sep}`).join('');
}

function printer(options: SubmitCliOptions, io: CliIO): (event: CloudEvent) => void {
  const hosts = (options.cloud.instanceCount ?? 1) > 1;
  return (event) => {
    switch (event.type) {
      case 'phase':
      case 'progress': {
        io.stderr(`${PROGRAM}: ${relative(event.message, io.cwd)}\n`);
        return;
      }
      case 'status': {
        io.stderr(`${PROGRAM}: [${event.status}] ${event.message}\n`);
        return;
      }
      case 'warning': {
        io.stderr(`${PROGRAM}: warning: ${relative(event.message, io.cwd)}\n`);
        return;
      }
      case 'command':
        if (options.verbose) io.stderr(`${event.text}\n`);
        return;
      case 'output':
        if (options.verbose) io.stderr(`${event.line}\n`);
        return;
      case 'log': {
        io.stdout(hosts ? `[${event.stream}] ${event.line}\n` : `${event.line}\n`);
        return;
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

function problemLine(problem: SettingProblem): string {
  return `${PROGRAM}: ${problem.severity}: ${FLAG_OF[problem.field]}: ${problem.message}\n`;
}

async function reportJob(
  result: FollowResult,
  options: SubmitCliOptions,
  io: CliIO,
  dockerfile: string,
  signal: AbortSignal,
  s3: CloudClients['s3'] | undefined,
): Promise<number> {
  switch (result.kind) {
    case 'failed':
      // What SageMaker says went wrong comes first, as it does for a local run's failure file.
      io.stderr(`${PROGRAM}: failure reason:\n${indented(result.failureReason)}`);
      io.stderr(`${PROGRAM}: training job ${result.job.TrainingJobName} failed\n`);
      return 1;
    case 'stopped':
      io.stderr(`${PROGRAM}: training job ${result.job.TrainingJobName} stopped${result.byUs ? ' (as asked)' : ''}\n`);
      return result.byUs ? CANCELLED : 1;
    case 'lost':
      io.stderr(`${PROGRAM}: ${result.message}; the job may still be running${result.stopRequested ? ' (a stop was asked)' : ''}\n`);
      return 1;
    case 'completed': {
      const billable = result.job.BillableTimeInSeconds;
      io.stderr(
        `${PROGRAM}: training job ${result.job.TrainingJobName} completed${billable !== undefined ? ` (${billable} s billable)` : ''}\n`,
      );
      if (!result.modelArtifacts) return 0;
      io.stderr(`${PROGRAM}: model.tar.gz: ${result.modelArtifacts}\n`);
      if (!options.downloadDir || !s3) {
        io.stderr(
          `${PROGRAM}: (with --download DIR a submission downloads it at the end; '${PROGRAM} run ${shown(dockerfile, io.cwd)} --mode serve --model FILE' serves a downloaded one)\n`,
        );
        return 0;
      }
      const downloaded = await downloadObject({
        s3,
        s3Uri: result.modelArtifacts,
        dir: options.downloadDir,
        signal,
        onEvent: printer(options, io),
      });
      if (downloaded.kind === 'cancelled') return CANCELLED;
      if (downloaded.kind === 'failed') {
        io.stderr(`${PROGRAM}: ${downloaded.message}\n`);
        return 1;
      }
      io.stderr(
        `${PROGRAM}: downloaded ${downloaded.path}; serve it locally: ${PROGRAM} run ${shown(dockerfile, io.cwd)} --mode serve --model ${shown(downloaded.path, io.cwd)}\n`,
      );
      return 0;
    }
  }
}

async function report(
  outcome: SubmitOutcome,
  options: SubmitCliOptions,
  io: CliIO,
  signal: AbortSignal,
  s3: CloudClients['s3'] | undefined,
): Promise<number> {
  const file = options.dockerfile ?? '';
  switch (outcome.kind) {
    case 'refused':
      if (outcome.errors.length > 0) {
        const findings = outcome.diagnostics.map((d) => toFinding(d, shown(file, io.cwd)));
        io.stderr(formatText([{ displayPath: shown(file, io.cwd), absolutePath: file, findings }], false));
      }
      outcome.problems.forEach((p) => io.stderr(problemLine(p)));
      io.stderr(`${PROGRAM}: not submitted: ${outcome.reason}\n`);
      return 1;
    case 'dry-run': {
      const { request, hidden } = redactRequest(outcome.plan.request);
      const steps = outcome.steps.map((s) => `  ${relative(s, io.cwd)}\n`).join('');
      io.stderr(`${PROGRAM}: dry run: nothing was built, pushed, uploaded or created. The steps:\n${steps}`);
      if (hidden.length > 0) io.stderr(`${PROGRAM}: the values of ${hidden.join(', ')} are shown as *** (sent as given)\n`);
      io.stdout(`${JSON.stringify(request, null, 2)}\n`);
      return 0;
    }
    case 'engine-missing':
      io.stderr(`${PROGRAM}: ${outcome.message}\n`);
      return 2;
    case 'failed':
      if (outcome.lastLines?.length) io.stderr(indented(outcome.lastLines.join('\n')));
      io.stderr(`${PROGRAM}: not submitted: ${outcome.step} failed: ${outcome.message}\n`);
      return 1;
    case 'cancelled':
      io.stderr(`${PROGRAM}: cancelled before the job was created: nothing runs on SageMaker\n`);
      return CANCELLED;
    case 'submitted':
      io.stderr(`${PROGRAM}: created ${outcome.arn ?? outcome.plan.jobName}; not following it (--no-follow)\n`);
      return 0;
    case 'followed':
      return reportJob(outcome.result, options, io, file, signal, s3);
  }
}

function submitOptions(options: SubmitCliOptions, io: CliIO, signal: AbortSignal): SubmitOptions {
  const dockerfile = options.dockerfile ?? '';
  const flags = { dockerfile, context: options.context, target: options.target, buildArgs: options.buildArgs };
  const analysis = new ConfigFiles(undefined, io.cwd, io.stderr).analysisOptions(flags).options;
  return {
    ...analysis,
    context: analysis.context ?? undefined,
    force: options.force,
    image: options.image,
    pull: options.pull,
    engine: options.engine,
    enginePath: options.enginePath,
    hostEnv: io.env,
    hyperparameters: options.hyperparameters,
    hyperparameterEncoding: options.hyperparameterEncoding,
    environment: options.env,
    cloud: options.cloud,
    dryRun: options.dryRun,
    follow: options.follow,
    signal,
    onEvent: printer(options, io),
  };
}

export async function runSubmit(argv: string[], io: CliIO): Promise<number> {
  const options = parseSubmitArgs(argv, io.cwd, io.env);
  if (options.help) {
    io.stdout(SUBMIT_HELP);
    return 0;
  }
  // The SDK's notice that its releases from 2027 on need Node 22 concerns the version we pin, not the user.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return untilInterrupted(
    io,
    'a created job is stopped with StopTrainingJob; Ctrl+C again to quit and leave it running',
    async (signal) => {
      const outcome = await submitTrainingJob(submitOptions(options, io, signal));
      return report(outcome, options, io, signal, outcome.kind === 'followed' ? outcome.clients.s3 : undefined);
    },
  );
}

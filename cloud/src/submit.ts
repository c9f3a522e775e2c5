// A whole submission: plan and checks → engine → build (the runner's) → push to ECR → upload local
// channels → CreateTrainingJob → follow it to its end. The CLI's `submit` and the editor's
// "Train on SageMaker" both start here.
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { awsSdk, buildImage, decideEncoding, detectEngine, encodeHyperparameters } from '../../runner/src';
import type { Cancelled, Engine, EngineChoice, PullPolicy } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import { createClients } from './clients';
import type { CloudClients } from './clients';
import type { CloudEventSink } from './events';
import { followTrainingJob } from './follow';
import type { FollowOptions, FollowResult } from './follow';
import { describeSteps, planSubmission } from './plan';
import type { SubmitPlan, SubmitPlanOptions, SubmitPlanResult } from './plan';
import { pushImage } from './push';
import { uploadFolder } from './upload';

export interface SubmitOptions extends SubmitPlanOptions {
  /** Plan and stop: no engine, no network. */
  dryRun?: boolean;
  /** Default true: follow the job to its end. */
  follow?: boolean;
  pull?: PullPolicy;
  extraBuildArgs?: readonly string[];
  engine?: EngineChoice | Engine;
  enginePath?: string;
  engineEnv?: Record<string, string>;
  hostEnv?: NodeJS.ProcessEnv;
  /** Clients of one's own (tests: a local S3, scripted answers); the rest are made for the region. */
  clients?: Partial<CloudClients>;
  followOptions?: Pick<FollowOptions, 'wait' | 'minIntervalMs' | 'maxIntervalMs'>;
  signal?: AbortSignal;
  onEvent?: CloudEventSink;
}

export type SubmitOutcome =
  | Extract<SubmitPlanResult, { kind: 'refused' }>
  | { kind: 'dry-run'; plan: SubmitPlan; steps: string[] }
  | { kind: 'engine-missing'; message: string }
  | { kind: 'failed'; step: 'build' | 'push' | 'upload' | 'create'; message: string; lastLines?: string[] }
  /** Cancelled before CreateTrainingJob: nothing runs in the cloud. */
  | (Cancelled & { plan?: SubmitPlan })
  | { kind: 'submitted'; plan: SubmitPlan; arn?: string }
  /** `clients` for what comes after: downloading the model. */
  | { kind: 'followed'; plan: SubmitPlan; result: FollowResult; clients: CloudClients };

export async function submitTrainingJob(options: SubmitOptions): Promise<SubmitOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'phase', phase: 'check', message: `checking ${options.dockerfilePath}` });
  const planned = await planSubmission(options);
  if (planned.kind === 'refused') return planned;
  const { plan } = planned;
  for (const warning of plan.warnings) emit({ type: 'warning', message: warning.message });
  if (plan.run.forcedErrors.length > 0)
    emit({ type: 'warning', message: `submitting despite ${plan.run.forcedErrors.length} error(s) in the Dockerfile (forced)` });
  const steps = describeSteps(plan, options.cloud.createRepository === true);
  if (options.dryRun) return { kind: 'dry-run', plan, steps };
  const { signal } = options;
  const clients = createClients(plan.region, options.clients);

  let engine: Engine;
  if (typeof options.engine === 'object') engine = options.engine;
  else {
    const found = await detectEngine({
      choice: options.engine,
      path: options.enginePath,
      env: options.hostEnv,
      engineEnv: options.engineEnv,
      signal,
      log: (text) => emit({ type: 'command', text }),
    });
    if (found.kind === 'cancelled' || signal?.aborted) return { kind: 'cancelled', plan };
    if (found.kind === 'missing') return { kind: 'engine-missing', message: found.message };
    engine = found.engine;
  }
  const { run } = plan;
  const built = await buildImage(
    engine,
    {
      dockerfile: run.dockerfilePath,
      context: run.contextDir,
      tag: run.image,
      target: run.target,
      buildArgs: run.buildArgs,
      pull: options.pull,
      extraArgs: options.extraBuildArgs,
    },
    { signal, onEvent: emit, env: options.hostEnv },
  );
  if (built.kind === 'cancelled') return { kind: 'cancelled', plan };
  if (built.kind === 'not-found') return { kind: 'engine-missing', message: built.message };
  if (built.kind === 'failed')
    return { kind: 'failed', step: 'build', message: `the build failed with exit code ${built.exitCode}`, lastLines: built.lastLines };
  // As for a local run: the built image's variables (its base image may set the entry point) and the environment decide.
  const encoding = await decideEncoding({
    engine,
    image: run.image,
    env: options.environment,
    hostEnv: options.hostEnv,
    signal,
    hyperparameterEncoding: options.hyperparameterEncoding,
  });
  emit({
    type: 'phase',
    phase: 'build',
    message: `hyperparameters ${encoding.encoding === 'json' ? 'JSON-encoded' : 'as plain strings'}: ${encoding.reason}`,
  });

  const pushed = await pushImage({
    engine,
    ecr: clients.ecr,
    localImage: run.image,
    repository: plan.repository,
    tag: plan.jobName,
    createRepository: options.cloud.createRepository,
    hostEnv: options.hostEnv,
    signal,
    onEvent: emit,
  });
  if (pushed.kind === 'cancelled') return { kind: 'cancelled', plan };
  if (pushed.kind === 'failed') return { kind: 'failed', step: 'push', message: pushed.message };

  for (const upload of plan.uploads) {
    const uploaded = await uploadFolder({
      s3: clients.s3,
      dir: upload.dir,
      target: upload.target,
      label: upload.channel,
      signal,
      onEvent: emit,
    });
    if (uploaded.kind === 'cancelled') return { kind: 'cancelled', plan };
    if (uploaded.kind === 'failed') return { kind: 'failed', step: 'upload', message: uploaded.message };
  }

  if (signal?.aborted) return { kind: 'cancelled', plan };
  const request: CreateTrainingJobRequest = {
    ...plan.request,
    HyperParameters: plan.request.HyperParameters && encodeHyperparameters(options.hyperparameters ?? {}, encoding.encoding),
    // The registry's address as ECR confirmed it at login.
    AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: pushed.image },
  };
  emit({
    type: 'phase',
    phase: 'submit',
    message: `CreateTrainingJob ${plan.jobName} in ${plan.region} (${request.ResourceConfig?.InstanceCount} × ${request.ResourceConfig?.InstanceType})`,
  });
  let arn: string | undefined;
  try {
    // Not aborted by the signal: once sent, the job exists and a cancel must stop it instead.
    arn = (await clients.sagemaker.send(new (awsSdk().sagemaker().CreateTrainingJobCommand)(request))).TrainingJobArn;
  } catch (error) {
    return { kind: 'failed', step: 'create', message: `CreateTrainingJob: ${errorMessage(error)}` };
  }
  emit({ type: 'phase', phase: 'submit', message: `created ${arn ?? plan.jobName}` });
  const finalPlan = { ...plan, remoteImage: pushed.image, request };
  if (options.follow === false) return { kind: 'submitted', plan: finalPlan, arn };
  const result = await followTrainingJob({
    ...options.followOptions,
    sagemaker: clients.sagemaker,
    logs: clients.logs,
    jobName: plan.jobName,
    signal,
    onEvent: emit,
  });
  return { kind: 'followed', plan: finalPlan, result, clients };
}

// From a Dockerfile and the settings to everything a submission will do, before anything is done: the
// same checks and plan as a local run (errors stop it unless forced), the checks that only the cloud
// needs, the names (job, image, S3 prefixes) and the exact CreateTrainingJob request. `--dry-run` prints
// this and stops; a submission carries it out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import { analyzeDockerfile, errorMessage } from '../../analysis/src';
import type { Diagnostic } from '../../analysis/src';
import {
  chooseEncoding,
  encodeHyperparameters,
  formatBytes,
  imageTag,
  jobName as newJobName,
  planRun,
  TOOLKIT_VARIABLES,
} from '../../runner/src';
import type { HyperparameterEncodingChoice, PlanOptions, RunPlan } from '../../runner/src';
import { regionFor } from './clients';
import { TRAINING_LOG_GROUP } from './logs';
import { joinS3, parseRepository, parseRoleArn } from './names';
import type { Repository } from './names';
import { createTrainingJobRequest } from './request';
import type { JobRequestInput } from './request';
import { checkGpuImage, checkSettings } from './settings';
import type { CloudSettings, ImageFacts, SettingProblem } from './settings';
import { listFolder } from './upload';
import type { FolderListing } from './upload';

export interface SubmitPlanOptions extends Omit<PlanOptions, 'mode' | 'image'> {
  /** The local tag to build (default: as Run). */
  image?: string;
  hyperparameters?: Record<string, unknown>;
  /** As for Run; `auto` (the default) is decided from the Dockerfile here and from the built image at submission. */
  hyperparameterEncoding?: HyperparameterEncodingChoice;
  /** The container's environment (Environment of the request). */
  environment?: Record<string, string>;
  cloud: CloudSettings;
  /** Default: sagemaker-entrypoint-<folder>-<time>-<random>, as local runs. */
  jobName?: string;
}

export interface ChannelUpload {
  channel: string;
  dir: string;
  /** s3://…/<job>/input/<channel>/ */
  target: string;
  files: number;
  bytes: number;
}

export interface SubmitPlan {
  run: RunPlan;
  jobName: string;
  region: string;
  regionSource: string;
  repository: Repository;
  /** Where the image is pushed (the registry's address is confirmed by ECR at push time). */
  remoteImage: string;
  uploads: ChannelUpload[];
  encodingReason: string;
  request: CreateTrainingJobRequest;
  warnings: SettingProblem[];
}

export type SubmitPlanResult =
  | { kind: 'planned'; plan: SubmitPlan }
  | { kind: 'refused'; reason: string; diagnostics: Diagnostic[]; errors: Diagnostic[]; problems: SettingProblem[] };

/** What the Dockerfile's target chain is built FROM, and the variables it sets. */
function imageFacts(text: string, options: Pick<PlanOptions, 'dockerfilePath' | 'target' | 'buildArgs'>): ImageFacts {
  const { model } = analyzeDockerfile(text, {
    dockerfilePath: options.dockerfilePath,
    context: null,
    target: options.target,
    buildArgs: options.buildArgs,
  });
  const base = model.chain.at(0);
  return {
    baseImage: base?.image || undefined,
    baseLine: base ? base.from.range.start.line + 1 : undefined,
    envNames: [...model.effectiveEnv.keys()],
  };
}

function refuse(
  reason: string,
  problems: SettingProblem[] = [],
  diagnostics: Diagnostic[] = [],
  errors: Diagnostic[] = [],
): SubmitPlanResult {
  return { kind: 'refused', reason, diagnostics, errors, problems };
}

export async function planSubmission(options: SubmitPlanOptions): Promise<SubmitPlanResult> {
  const { cloud } = options;
  const planned = planRun({ ...options, mode: 'train' });
  if (planned.kind === 'refused') return refuse(planned.reason, [], planned.diagnostics, planned.errors);
  const run = planned.plan;
  if (run.entryPoint.SAGEMAKER_SERVING_MODULE && !run.entryPoint.SAGEMAKER_PROGRAM && !run.entryPoint.SAGEMAKER_TRAINING_MODULE) {
    return refuse('the Dockerfile sets only SAGEMAKER_SERVING_MODULE: it serves, it does not train', [], run.diagnostics);
  }
  const environment = options.environment ?? {};
  // Before the build, from the Dockerfile's variables; a submission decides again from the built image, as Run does.
  const choice = options.hyperparameterEncoding ?? 'auto';
  const fromEnvironment = TOOLKIT_VARIABLES.some((name) => Object.hasOwn(environment, name));
  const encoding = chooseEncoding(choice, { ...run.entryPoint, ...environment }, fromEnvironment ? 'the environment' : 'the Dockerfile');
  const encodingReason =
    choice === 'auto' && encoding.encoding === 'raw'
      ? `${encoding.reason} (unless its base image sets one: the built image decides, as for Run)`
      : encoding.reason;
  const hyperparameters = encodeHyperparameters(options.hyperparameters ?? {}, encoding.encoding);
  const problems = checkSettings(cloud, environment, hyperparameters);
  const text = options.text ?? fs.readFileSync(run.dockerfilePath, 'utf8');
  const gpu = checkGpuImage(cloud.instanceType, imageFacts(text.replace(/^\uFEFF/, ''), options));
  if (gpu) problems.push(gpu);
  for (const [name, channel] of Object.entries(cloud.channels ?? {})) {
    if ('dir' in channel && !fs.statSync(channel.dir, { throwIfNoEntry: false })?.isDirectory()) {
      problems.push({ severity: 'error', field: 'channels', message: `channel '${name}': '${channel.dir}' is not a folder` });
    }
  }
  const role = parseRoleArn(cloud.roleArn);
  const region = await regionFor(cloud.region);
  if ('problem' in region) problems.push({ severity: 'error', field: 'region', message: region.problem });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || 'problem' in role || 'problem' in region) {
    return refuse(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the submit settings`, problems, run.diagnostics);
  }

  const defaultRepository = imageTag(run.dockerfilePath, run.target)
    .replace(/^localhost\//, '')
    .replace(/:local$/, '');
  const repository = parseRepository(cloud.ecrRepository || defaultRepository, role.account, region.region);
  if ('problem' in repository)
    return refuse(repository.problem, [{ severity: 'error', field: 'ecrRepository', message: repository.problem }], run.diagnostics);
  const jobName = options.jobName ?? newJobName(path.basename(path.dirname(run.dockerfilePath)));
  const outputPath = cloud.outputPath ?? `s3://sagemaker-${region.region}-${role.account}/`;
  const uploads: ChannelUpload[] = [];
  const channels: JobRequestInput['channels'][number][] = [];
  for (const [name, channel] of Object.entries(cloud.channels ?? {})) {
    if ('s3Uri' in channel) {
      channels.push({ name, s3Uri: channel.s3Uri, contentType: channel.contentType });
      continue;
    }
    const target = `${joinS3(outputPath, jobName, 'input', name)}/`;
    let listing: FolderListing;
    try {
      listing = listFolder(channel.dir);
    } catch (error) {
      const message = `channel '${name}': cannot read '${channel.dir}' (${errorMessage(error)})`;
      return refuse(message, [{ severity: 'error', field: 'channels', message }], run.diagnostics);
    }
    uploads.push({ channel: name, dir: channel.dir, target, files: listing.files.length, bytes: listing.bytes });
    channels.push({ name, s3Uri: target, contentType: channel.contentType });
  }
  const remoteImage = `${repository.registry}/${repository.name}:${jobName}`;
  const request = createTrainingJobRequest({
    ...cloud,
    jobName,
    image: remoteImage,
    outputPath,
    channels,
    hyperparameters,
    environment,
    tags: cloud.tags ?? {},
  });
  return {
    kind: 'planned',
    plan: {
      run,
      jobName,
      region: region.region,
      regionSource: region.source,
      repository,
      remoteImage,
      uploads,
      encodingReason,
      request,
      warnings: problems,
    },
  };
}

/** The steps a submission takes, one line each, for the dry run and the log. */
export function describeSteps(plan: SubmitPlan, createRepository: boolean): string[] {
  const { run, repository } = plan;
  return [
    `check    ${run.dockerfilePath}: ${run.diagnostics.length} finding(s)${run.forcedErrors.length ? `, ${run.forcedErrors.length} error(s) overridden (--force)` : ''}; entry point ${
      Object.entries(run.entryPoint)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || "(the image's own train)"
    }`,
    `build    ${run.image} from ${run.contextDir}${run.target ? ` (stage ${run.target})` : ''}`,
    `login    ${repository.registry} as AWS with a GetAuthorizationToken token (password on the engine's stdin, never shown)`,
    `push     ${plan.remoteImage}${createRepository ? ` (repository ${repository.name} created if missing)` : ` (repository ${repository.name} must exist)`}`,
    ...plan.uploads.map((u) => `upload   ${u.dir} (${u.files} file${u.files === 1 ? '' : 's'}, ${formatBytes(u.bytes)}) → ${u.target}`),
    `create   CreateTrainingJob ${plan.jobName} in ${plan.region} (from ${plan.regionSource}); hyperparameters: ${plan.encodingReason}`,
    `follow   DescribeTrainingJob and the logs ${TRAINING_LOG_GROUP}/${plan.jobName}/…; Ctrl+C asks StopTrainingJob`,
  ];
}

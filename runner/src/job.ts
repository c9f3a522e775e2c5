// The job folder: SageMaker's /opt/ml layout on the host (CONTRACT.md §5.1, R1–R2), and what is mounted where.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Mount } from './commands';

export const OPT_ML = '/opt/ml';
export const DEFAULT_HOST = 'algo-1';

export interface TrainingJobSpec {
  name: string;
  /** Folder holding one folder per job; default defaultJobsRoot(). */
  root?: string;
  /** Raw values; each is JSON-encoded into hyperparameters.json as the SDK does. */
  hyperparameters?: Record<string, unknown>;
  /** Channel name → absolute host folder, mounted at /opt/ml/input/data/<name>. */
  channels?: Record<string, string>;
  host?: string;
  gpu?: boolean;
  /**
   * Default read-only: on SageMaker a channel is a private copy of the data, so a script that writes into it
   * changes nothing; bound in place read-write it would change the user's own files (the SDK does that).
   */
  writableChannels?: boolean;
}

export interface TrainingJob {
  name: string;
  dir: string;
  host: string;
  configDir: string;
  modelDir: string;
  outputDir: string;
  outputDataDir: string;
  failureFile: string;
  successFile: string;
  mounts: Mount[];
}

export function defaultJobsRoot(): string {
  return path.join(os.tmpdir(), 'sagemaker-entrypoint', 'jobs');
}

/** Lower-case letters, digits and single dashes: valid in image names, container names and job names. */
export function slug(text: string, maxLength = 20): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, maxLength).replace(/^-+|-+$/g, '');
  return s || 'image';
}

/** `sagemaker-entrypoint-<base>-<yyyymmdd-hhmmss>-<4 hex>`: unique, ≤ 63 characters like a SageMaker job name. */
export function jobName(base: string, now = new Date(), random = randomBytes(2).toString('hex')): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `sagemaker-entrypoint-${slug(base)}-${stamp}-${random}`;
}

/** Python's json.dumps with its defaults (', ' and ': ' separators, ASCII only), which is what the SDK writes. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return pythonJson(String(value));
}

/** hyperparameters.json: every value JSON-encoded (3 → "3", "adam" → "\"adam\""). */
export function encodeHyperparameters(hyperparameters: Record<string, unknown>): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(hyperparameters)) encoded[key] = pythonJson(value);
  return encoded;
}

export function resourceConfig(host: string, gpu = false): Record<string, unknown> {
  return { current_host: host, hosts: [host], network_interface_name: 'eth0', current_instance_type: gpu ? 'local_gpu' : 'local' };
}

export function inputDataConfig(channelNames: readonly string[]): Record<string, { TrainingInputMode: 'File' }> {
  const config: Record<string, { TrainingInputMode: 'File' }> = {};
  for (const name of channelNames) config[name] = { TrainingInputMode: 'File' };
  return config;
}

const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Problems with a job spec, as messages; [] when it can be created. */
export function validateTrainingJob(spec: TrainingJobSpec): string[] {
  const problems: string[] = [];
  for (const [name, dir] of Object.entries(spec.channels ?? {})) {
    if (!CHANNEL_NAME.test(name) || name === '.' || name === '..') problems.push(`channel name '${name}' must be 1-64 letters, digits, '.', '-' or '_'`);
    else if (!path.isAbsolute(dir)) problems.push(`channel '${name}': '${dir}' is not an absolute path`);
    else if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) problems.push(`channel '${name}': '${dir}' is not a folder`);
    else if (process.platform !== 'win32' && dir.includes(':')) problems.push(`channel '${name}': a folder path with ':' cannot be mounted`);
  }
  return problems;
}

/** Where each host folder goes: the /opt/ml sub-folders, never /opt/ml itself (that would hide /opt/ml/code). */
export function trainingMounts(job: Pick<TrainingJob, 'dir'>, channels: Record<string, string>, writableChannels = false): Mount[] {
  const mounts: Mount[] = [
    { host: path.join(job.dir, 'input'), container: `${OPT_ML}/input` },
    { host: path.join(job.dir, 'model'), container: `${OPT_ML}/model` },
    { host: path.join(job.dir, 'output'), container: `${OPT_ML}/output` },
  ];
  for (const [name, dir] of Object.entries(channels)) {
    mounts.push({ host: dir, container: `${OPT_ML}/input/data/${name}`, readOnly: !writableChannels });
  }
  return mounts;
}

function writeJson(file: string, data: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** Creates `<root>/<name>/{input/config,input/data/<channel>,model,output/data}` and the three config files. */
export function createTrainingJob(spec: TrainingJobSpec): TrainingJob {
  const dir = path.join(spec.root ?? defaultJobsRoot(), spec.name);
  const host = spec.host ?? DEFAULT_HOST;
  const channels = spec.channels ?? {};
  const configDir = path.join(dir, 'input', 'config');
  const job: TrainingJob = {
    name: spec.name,
    dir,
    host,
    configDir,
    modelDir: path.join(dir, 'model'),
    outputDir: path.join(dir, 'output'),
    outputDataDir: path.join(dir, 'output', 'data'),
    failureFile: path.join(dir, 'output', 'failure'),
    successFile: path.join(dir, 'output', 'success'),
    mounts: trainingMounts({ dir }, channels, spec.writableChannels),
  };
  for (const folder of [configDir, job.modelDir, job.outputDataDir]) fs.mkdirSync(folder, { recursive: true });
  for (const name of Object.keys(channels)) fs.mkdirSync(path.join(dir, 'input', 'data', name), { recursive: true });
  writeJson(path.join(configDir, 'hyperparameters.json'), encodeHyperparameters(spec.hyperparameters ?? {}));
  writeJson(path.join(configDir, 'resourceconfig.json'), resourceConfig(host, spec.gpu));
  writeJson(path.join(configDir, 'inputdataconfig.json'), inputDataConfig(Object.keys(channels)));
  return job;
}

/** Reads /opt/ml/output/failure as the toolkit left it; undefined when absent. */
export function readFailure(job: TrainingJob): string | undefined {
  try {
    return fs.readFileSync(job.failureFile, 'utf8');
  } catch {
    return undefined;
  }
}

// STAND-IN, to be replaced at merge by the runner's own `runner/src/hyperparameters.ts` and
// `runner/src/aws.ts` (same names and signatures): hyperparameters kept as the user wrote them, the
// choice between JSON and plain strings, and the region as the AWS SDK finds it. Only what a submission
// needs is here; the runner's versions also read hyperparameter files and resolve credentials.
import { loadSharedConfigFiles } from '@smithy/core/config';
import { pythonJson } from '../../runner/src';

export type HyperparameterEncoding = 'json' | 'raw';
export type HyperparameterEncodingChoice = HyperparameterEncoding | 'auto';

/** One value, kept as written: its JSON text (`1.0`, `"adam"`) and its plain text (`1.0`, `adam`). */
export class Hyperparameter {
  constructor(
    readonly json: string,
    readonly text: string,
  ) {}

  /** `K=V` on a command line: V as JSON when it is JSON (kept as typed), else a string. */
  static fromText(value: string): Hyperparameter {
    try {
      const parsed: unknown = JSON.parse(value);
      return new Hyperparameter(value, typeof parsed === 'string' ? parsed : value);
    } catch {
      return new Hyperparameter(pythonJson(value), value);
    }
  }

  /** A value that was already parsed (a setting): strings as they are, the rest as JSON. */
  static fromValue(value: unknown): Hyperparameter {
    if (value instanceof Hyperparameter) return value;
    return new Hyperparameter(pythonJson(value), typeof value === 'string' ? value : pythonJson(value));
  }
}

/** The values SageMaker receives: JSON text (`3`, `"adam"`) or plain text (`3`, `adam`). */
export function encodeHyperparameters(values: Readonly<Record<string, unknown>>, encoding: HyperparameterEncoding = 'json'): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const h = Hyperparameter.fromValue(value);
      return [key, encoding === 'json' ? h.json : h.text];
    }),
  );
}

const TOOLKIT_VARIABLES = ['SAGEMAKER_PROGRAM', 'SAGEMAKER_TRAINING_MODULE'] as const;

/** `auto`: JSON when an entry-point variable is set (the image runs the training toolkit), else plain strings. */
export function chooseEncoding(
  choice: HyperparameterEncodingChoice,
  env: Readonly<Record<string, string>>,
  envSource: string,
): { encoding: HyperparameterEncoding; reason: string } {
  if (choice !== 'auto') return { encoding: choice, reason: `chosen (${choice})` };
  const variable = TOOLKIT_VARIABLES.find((name) => env[name]);
  if (variable) return { encoding: 'json', reason: `${envSource} sets ${variable}=${env[variable]}: SageMaker's training toolkit JSON-decodes each value` };
  return { encoding: 'raw', reason: `${envSource} sets neither SAGEMAKER_PROGRAM nor SAGEMAKER_TRAINING_MODULE: a bring-your-own image reads the strings itself` };
}

export type RegionResult = { region: string; source: string } | { region?: undefined; source?: undefined };

/** AWS_REGION, AWS_DEFAULT_REGION, then `region` of the profile (AWS_PROFILE, else default) in the config file. */
export async function resolveRegion(env: NodeJS.ProcessEnv): Promise<RegionResult> {
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const profile = env.AWS_PROFILE || 'default';
  try {
    const { configFile } = await loadSharedConfigFiles({
      ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
      ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
      ignoreCache: true,
    });
    const region = configFile[profile]?.region;
    if (region) return { region, source: `profile ${profile}` };
  } catch {
    // no readable config file: no region
  }
  return {};
}

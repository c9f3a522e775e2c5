// The `sagemakerEntrypoint.*` settings: each key with its default and how it is read. The server gets the
// section over `workspace/configuration`, the client from `vscode.workspace.getConfiguration`; both hand
// it over as it is. package.json declares the same keys, defaults and choices (a unit test holds them
// together).
import { SETTINGS_SECTION } from './ids';
import { isUserSpec, ENV_NAME, USER_SPEC_FORM } from './names';
import {
  emptyMap,
  isPlainObject,
  readBoolean,
  readBuildArgs,
  readChoice,
  readNumber,
  readObject,
  readRules,
  readText,
  readTextList,
  readTextMap,
  Reader,
} from './read';
import type { Log } from './read';

export interface Setting<T> {
  /** As package.json declares it. */
  readonly default: T;
  /** The words package.json's `enum` allows. */
  readonly choices?: readonly string[];
  read(value: unknown, key: string, reader: Reader): T;
}

const text: Setting<string> = { default: '', read: readText };
const textList: Setting<string[]> = { default: [], read: readTextList };
const textMap: Setting<Record<string, string>> = { default: {}, read: (value, key, reader) => readTextMap(value, key, reader) };

function flag(fallback: boolean): Setting<boolean> {
  return { default: fallback, read: (value, key, reader) => readBoolean(value, key, fallback, reader) };
}

function number(fallback: number, positive = false): Setting<number> {
  return { default: fallback, read: (value, key, reader) => readNumber(value, key, fallback, reader, positive) };
}

function choice<T extends string>(choices: readonly T[], fallback: T): Setting<T> {
  return { default: fallback, choices, read: (value, key, reader) => readChoice(value, key, choices, fallback, reader) };
}

/** A channel of a local run: a folder, or a folder with the content type inputdataconfig.json gives it. */
export interface ChannelSetting {
  path: string;
  contentType?: string;
}

const channels: Setting<Record<string, ChannelSetting>> = {
  default: {},
  read(value, key, reader) {
    const result = emptyMap<ChannelSetting>();
    for (const [name, channel] of Object.entries(readObject(value, key, reader))) {
      if (typeof channel === 'string') result[name] = { path: channel.trim() };
      else if (isPlainObject(channel) && typeof channel.path === 'string') {
        const contentType = typeof channel.contentType === 'string' ? channel.contentType.trim() : '';
        result[name] = { path: channel.path.trim(), ...(contentType ? { contentType } : {}) };
      } else reader.wrong(`${key}.${name}`, 'a folder or { "path": folder, "contentType": type }', channel, 'left out');
    }
    return result;
  },
};

const user: Setting<string> = {
  default: '',
  read(value, key, reader) {
    const spec = readText(value, key, reader);
    if (spec === '' || isUserSpec(spec)) return spec;
    reader.wrong(key, USER_SPEC_FORM, spec, "using the image's user");
    return '';
  },
};

const environment: Setting<Record<string, string>> = {
  default: {},
  read: (value, key, reader) => readTextMap(value, key, reader, { test: (name) => ENV_NAME.test(name), says: 'not a plain variable name' }),
};

/** What the analysis reads: the same for the diagnostics, Run and Train on SageMaker. */
export const ANALYSIS_SETTINGS = {
  rules: { default: {}, read: readRules } as Setting<ReturnType<typeof readRules>>,
  /** Build stage to check; '' = the last stage. */
  target: text,
  /** Build context relative to the workspace folder; '' = detect. */
  buildContext: text,
  buildArgs: { default: {}, read: readBuildArgs } as Setting<Record<string, string>>,
};

/** `run.*`: how Run builds and runs the container. */
export const RUN_SETTINGS = {
  engine: choice(['auto', 'docker', 'podman'] as const, 'auto'),
  enginePath: text,
  extraBuildArgs: textList,
  extraRunArgs: textList,
  hyperparameters: { default: {}, read: readObject } as Setting<Record<string, unknown>>,
  hyperparameterEncoding: choice(['auto', 'json', 'raw'] as const, 'auto'),
  channels,
  readOnlyChannels: flag(false),
  instanceCount: number(1),
  checkpointDir: text,
  port: number(8080),
  startupTimeoutSeconds: number(300),
  environment,
  passAwsCredentials: flag(false),
  init: flag(false),
  gpus: flag(false),
  user,
};

/** `submit.*`: what only a SageMaker training job needs. */
export const SUBMIT_SETTINGS = {
  role: text,
  instanceType: text,
  instanceCount: number(1, true),
  outputPath: text,
  channels: textMap,
  checkpointS3Uri: text,
  spot: flag(false),
  region: text,
  volumeSizeGb: number(30, true),
  maxRuntimeSeconds: number(86400, true),
  tags: textMap,
  ecrRepository: text,
  createRepository: flag(false),
};

/** Read by vscode-languageclient itself, not by us. */
export const CLIENT_SETTINGS = {
  'trace.server': choice(['off', 'messages', 'verbose'] as const, 'off'),
};

type SettingTable = Record<string, Setting<unknown>>;
export type SettingValues<S extends SettingTable> = { -readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export type AnalysisSettings = SettingValues<typeof ANALYSIS_SETTINGS>;
export type RunSettings = SettingValues<typeof RUN_SETTINGS>;
export type SubmitSettings = SettingValues<typeof SUBMIT_SETTINGS>;

/** Every key under `sagemakerEntrypoint.`, as package.json declares them. */
export type SettingKey =
  | keyof typeof ANALYSIS_SETTINGS
  | `run.${keyof typeof RUN_SETTINGS}`
  | `submit.${keyof typeof SUBMIT_SETTINGS}`
  | keyof typeof CLIENT_SETTINGS;

/** Every setting with its table entry, keyed as package.json does (`sagemakerEntrypoint.run.port`). */
export function allSettings(): Map<string, Setting<unknown>> {
  const groups: Array<[string, SettingTable]> = [
    ['', ANALYSIS_SETTINGS],
    ['run.', RUN_SETTINGS],
    ['submit.', SUBMIT_SETTINGS],
    ['', CLIENT_SETTINGS],
  ];
  return new Map(
    groups.flatMap(([prefix, table]) =>
      Object.entries(table).map(([key, setting]) => [settingName(`${prefix}${key}` as SettingKey), setting] as const),
    ),
  );
}

/** The full name of a setting, for messages and for "Open Settings". */
export function settingName(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${key}`;
}

/** Reads a group of settings from an object, every key with its own default. */
export function readTable<S extends SettingTable>(
  table: S,
  raw: Record<string, unknown>,
  prefix: string,
  reader: Reader,
): SettingValues<S> {
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(table)) values[key] = setting.read(raw[key], `${prefix}${key}`, reader);
  return values as SettingValues<S>;
}

/** The editor's way of naming a value in a log line: `sagemakerEntrypoint.run.port`. */
export function settingsReader(log: Log): Reader {
  return new Reader((key) => (key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION), log);
}

/** The section's object, or (logged) an empty one; `group` picks `run` or `submit` inside it. */
export function sectionOf(raw: unknown, reader: Reader, group?: 'run' | 'submit'): Record<string, unknown> {
  const value = group === undefined ? raw : isPlainObject(raw) ? raw[group] : undefined;
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return value;
  reader.wrong(group ?? '', 'an object', value, 'using the defaults');
  return {};
}

export function readAnalysisSettings(raw: unknown, log: Log): AnalysisSettings {
  const reader = settingsReader(log);
  return readTable(ANALYSIS_SETTINGS, sectionOf(raw, reader), '', reader);
}

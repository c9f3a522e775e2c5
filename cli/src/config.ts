// The CLI's configuration file: `--config FILE`, or `.sagemaker-entrypoint.json` found upwards from a Dockerfile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, ruleInfo } from '../../server/src/analysis';
import type { RuleSeverities, SeveritySetting } from '../../server/src/analysis';
import { InputError } from './errors';

export const CONFIG_FILE_NAME = '.sagemaker-entrypoint.json';
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface CliConfig {
  /** Absolute path of the file the settings came from. */
  file: string;
  rules: RuleSeverities;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Absolute build context folder (the file holds it relative to its own folder). */
  context?: string;
}

const SEVERITY_WORDS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];
const KNOWN_KEYS = ['rules', 'target', 'buildArgs', 'context'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function parseJson(text: string, shownPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new InputError(`invalid JSON in '${shownPath}'${where}: ${message.replace(/ in JSON at position \d+$/, '')}`);
  }
}

function validate(data: unknown, file: string, shownPath: string): CliConfig {
  const fail = (what: string): never => {
    throw new InputError(`invalid config '${shownPath}': ${what}`);
  };
  if (!isPlainObject(data)) return fail('expected a JSON object');
  for (const key of Object.keys(data)) {
    if (key !== '$schema' && !KNOWN_KEYS.includes(key)) fail(`unknown key '${key}' (expected ${KNOWN_KEYS.join(', ')})`);
  }
  const config: CliConfig = { file, rules: {} };
  if (data.rules !== undefined) {
    if (!isPlainObject(data.rules)) fail("'rules' must be an object such as { \"SM201\": \"error\" }");
    for (const [id, level] of Object.entries(data.rules as Record<string, unknown>)) {
      if (!ruleInfo(id)) fail(`unknown rule ID '${id}' in 'rules'`);
      if (typeof level !== 'string' || !SEVERITY_WORDS.includes(level as SeveritySetting)) {
        fail(`rules.${id}: ${JSON.stringify(level)} is not one of ${SEVERITY_WORDS.join(', ')}`);
      }
      config.rules[id] = level as SeveritySetting;
    }
  }
  if (data.target !== undefined) {
    if (typeof data.target !== 'string' || data.target === '') fail("'target' must be a stage name");
    config.target = data.target as string;
  }
  if (data.buildArgs !== undefined) {
    if (!isPlainObject(data.buildArgs)) fail("'buildArgs' must be an object of strings");
    for (const [key, value] of Object.entries(data.buildArgs as Record<string, unknown>)) {
      if (typeof value !== 'string') fail(`buildArgs.${key} must be a string`);
    }
    config.buildArgs = { ...(data.buildArgs as Record<string, string>) };
  }
  if (data.context !== undefined) {
    if (typeof data.context !== 'string' || data.context === '') fail("'context' must be a folder path");
    config.context = path.resolve(path.dirname(file), data.context as string);
  }
  return config;
}

/** Reads and validates a config file; throws InputError naming the file and the problem. */
export function loadConfig(file: string, shownPath: string): CliConfig {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    throw new InputError(`cannot read config '${shownPath}': ${read.reason}`);
  }
  return validate(parseJson(read.text.replace(/^\uFEFF/, ''), shownPath), file, shownPath);
}

/** The nearest `.sagemaker-entrypoint.json` in `dir` or its ancestors. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

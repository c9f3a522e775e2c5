// The CLI's config file: `--config FILE`, or `.sagemaker-entrypoint.json` found upwards from a Dockerfile.
// It holds what the editor's settings hold for the analysis, read by the same rules (read.ts); its
// `context` is relative to the file's own folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../analysis/src';
import type { RuleSeverities } from '../../analysis/src';
import { isPlainObject, readBuildArgs, readRules, readText, Reader } from './read';
import type { Log } from './read';

const CONFIG_FILE_NAME = '.sagemaker-entrypoint.json';
const MAX_CONFIG_BYTES = 1024 * 1024;
const CONFIG_KEYS = ['rules', 'target', 'buildArgs', 'context'];

export interface ConfigFile {
  /** Absolute path of the file the settings came from. */
  file: string;
  rules: RuleSeverities;
  /** '' = the last stage. */
  target: string;
  buildArgs: Record<string, string>;
  /** Absolute build context folder; undefined = detect. */
  context?: string;
}

export type ConfigRead = { ok: true; config: ConfigFile } | { ok: false; problem: string };

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function parseJson(text: string, shownPath: string): { ok: true; data: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (err) {
    // JSON.parse reports bad text as a SyntaxError; anything else is not the file's fault.
    if (!(err instanceof SyntaxError)) throw err;
    const message = err.message;
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    return { ok: false, problem: `invalid JSON in '${shownPath}'${where}: ${message.replace(/ in JSON at position \d+$/, '')}` };
  }
}

/** The file's settings; a wrong type or an unknown key is logged and falls back, as in the editor. */
export function parseConfig(data: unknown, file: string, shownPath: string, log: Log): ConfigFile {
  const reader = new Reader((key) => (key ? `config '${shownPath}': ${key}` : `config '${shownPath}'`), log);
  let values: Record<string, unknown> = {};
  if (isPlainObject(data)) values = data;
  else reader.wrong('', 'a JSON object', data, 'using the defaults');
  for (const key of Object.keys(values)) {
    if (key !== '$schema' && !CONFIG_KEYS.includes(key)) reader.note(key, `unknown key (expected ${CONFIG_KEYS.join(', ')}); ignored`);
  }
  const context = readText(values.context, 'context', reader);
  return {
    file,
    rules: readRules(values.rules, 'rules', reader),
    target: readText(values.target, 'target', reader),
    buildArgs: readBuildArgs(values.buildArgs, 'buildArgs', reader),
    context: context === '' ? undefined : path.resolve(path.dirname(file), context),
  };
}

/** Reads a config file; what cannot be read or is not JSON is a problem, anything else is logged and falls back. */
export function readConfigFile(file: string, shownPath: string, log: Log): ConfigRead {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (!read.ok) return { ok: false, problem: `cannot read config '${shownPath}': ${read.reason}` };
  const parsed = parseJson(read.text.replace(/^\uFEFF/, ''), shownPath);
  return parsed.ok ? { ok: true, config: parseConfig(parsed.data, file, shownPath, log) } : parsed;
}

/** The nearest `.sagemaker-entrypoint.json` in `dir` or its ancestors. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

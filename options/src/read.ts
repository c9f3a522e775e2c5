// The one validation of the editor's settings and of the CLI's config file. A value of the wrong type falls
// back to its default and the reason is logged (the server's and the editor's log, the CLI's stderr):
//   - text is trimmed; '' is the default ("not set");
//   - rule IDs are trimmed and upper-cased, severity words trimmed and lower-cased; an unknown rule ID is
//     logged and left out;
//   - a build argument given as a number or a boolean is that text (`"EPOCHS": 3` is `EPOCHS=3`); any
//     other non-text value is logged and left out.
import { ruleInfo } from '../../analysis/src';
import type { RuleSeverities, SeveritySetting } from '../../analysis/src';

export type Log = (message: string) => void;

/** Reports what was wrong with a value: `where(key)` names it as its source does. */
export class Reader {
  constructor(
    readonly where: (key: string) => string,
    private readonly log: Log,
  ) {}

  /** `<where>: expected <expected>, got <value>; <outcome>`. */
  wrong(key: string, expected: string, value: unknown, outcome: string): void {
    this.log(`${this.where(key)}: expected ${expected}, got ${describe(value)}; ${outcome}`);
  }

  note(key: string, message: string): void {
    this.log(`${this.where(key)}: ${message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a log line shows it: short, and never more than 40 characters of a string. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  switch (typeof value) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'undefined':
      return `${typeof value} ${String(value)}`;
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}

/** A map with a null prototype: a key such as `__proto__` or `constructor` is a plain entry, never Object.prototype's. */
export function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The entries of an object-valued setting; anything else is logged and read as empty. */
function entries(value: unknown, key: string, example: string, reader: Reader): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  if (isPlainObject(value)) return Object.entries(value);
  reader.wrong(key, `an object such as ${example}`, value, 'ignored');
  return [];
}

export function readText(value: unknown, key: string, reader: Reader): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  reader.wrong(key, 'a string', value, "using ''");
  return '';
}

export function readBoolean(value: unknown, key: string, fallback: boolean, reader: Reader): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  reader.wrong(key, 'true or false', value, `using ${fallback}`);
  return fallback;
}

/** A finite number (its range is the consumer's to check); `positive` also refuses zero and below. */
export function readNumber(value: unknown, key: string, fallback: number, reader: Reader, positive = false): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && (!positive || value > 0)) return value;
  reader.wrong(key, positive ? 'a number above 0' : 'a number', value, `using ${fallback}`);
  return fallback;
}

export function readChoice<T extends string>(value: unknown, key: string, choices: readonly T[], fallback: T, reader: Reader): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value.trim())) return value.trim() as T;
  reader.wrong(key, choices.join('|'), value, `using ${fallback}`);
  return fallback;
}

export function readTextList(value: unknown, key: string, reader: Reader): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    reader.wrong(key, 'a list of strings', value, 'ignored');
    return [];
  }
  return value.filter((item: unknown, index): item is string => {
    if (typeof item === 'string') return true;
    reader.wrong(`${key}[${index}]`, 'a string', item, 'left out');
    return false;
  });
}

/** `name → text`; an entry whose name `validName` refuses, or whose value is not text, is logged and left out. */
export function readTextMap(
  value: unknown,
  key: string,
  reader: Reader,
  validName?: { test(name: string): boolean; says: string },
): Record<string, string> {
  const map = emptyMap<string>();
  for (const [name, item] of entries(value, key, '{ "NAME": "value" }', reader)) {
    if (validName && !validName.test(name)) reader.note(`${key}.${name}`, `${validName.says}; left out`);
    else if (typeof item === 'string') map[name] = item;
    else reader.wrong(`${key}.${name}`, 'a string', item, 'left out');
  }
  return map;
}

/** Build arguments: text, or a number or a boolean as the text it is written as. */
export function readBuildArgs(value: unknown, key: string, reader: Reader): Record<string, string> {
  const args = emptyMap<string>();
  for (const [name, arg] of entries(value, key, '{ "VERSION": "1.0" }', reader)) {
    if (typeof arg === 'string' || (typeof arg === 'number' && Number.isFinite(arg)) || typeof arg === 'boolean') args[name] = String(arg);
    else reader.wrong(`${key}.${name}`, 'a string', arg, 'left out');
  }
  return args;
}

const SEVERITY_WORDS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Severities per rule ID: `{ "sm201": " Error " }` is `{ SM201: 'error' }`; unknown IDs and words are logged and left out. */
export function readRules(value: unknown, key: string, reader: Reader): RuleSeverities {
  const rules = emptyMap<SeveritySetting>();
  for (const [id, severity] of entries(value, key, '{ "SM201": "error" }', reader)) {
    const ruleId = id.trim().toUpperCase();
    const word = typeof severity === 'string' ? severity.trim().toLowerCase() : undefined;
    if (!ruleInfo(ruleId)) reader.note(`${key}.${id}`, `unknown rule ID '${ruleId}'; left out`);
    else if (word === undefined || !(SEVERITY_WORDS as readonly string[]).includes(word))
      reader.wrong(`${key}.${id}`, SEVERITY_WORDS.join('|'), severity, 'left out');
    else rules[ruleId] = word as SeveritySetting;
  }
  return rules;
}

/** An object of any values (hyperparameters); anything else is logged and read as empty. */
export function readObject(value: unknown, key: string, reader: Reader): Record<string, unknown> {
  return Object.fromEntries(entries(value, key, '{ "epochs": 3 }', reader));
}

// Hyperparameters as the user wrote them, and how they reach hyperparameters.json. SageMaker writes whatever
// strings the request holds; the SDK JSON-encodes each value for images that run the training toolkit (which
// JSON-decodes them again, docs/sagemaker-contract.md#how-the-program-runs) and writes plain strings for a bring-your-own image.

export type HyperparameterEncoding = 'json' | 'raw';
export type HyperparameterEncodingChoice = HyperparameterEncoding | 'auto';

/** One value, kept as written: its JSON text (`1.0`, `"adam"`, `[1, 2]`) and its plain text (`1.0`, `adam`, `[1, 2]`). */
export class Hyperparameter {
  constructor(
    readonly json: string,
    readonly text: string,
  ) {}

  /** `K=V` on a command line: V as JSON when it is JSON (kept as typed, so `1.0` stays `1.0`), else a string. */
  static fromText(value: string): Hyperparameter {
    if (isJson(value)) {
      const parsed: unknown = JSON.parse(value);
      return new Hyperparameter(value, typeof parsed === 'string' ? parsed : value);
    }
    return new Hyperparameter(pythonJson(value), value);
  }

  /** A value that was already parsed (a setting, a library caller): strings as they are, the rest as JSON. */
  static fromValue(value: unknown): Hyperparameter {
    if (value instanceof Hyperparameter) return value;
    return new Hyperparameter(pythonJson(value), typeof value === 'string' ? value : pythonJson(value));
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Python's json.dumps with its defaults (', ' and ': ' separators, ASCII only), which is what the SDK writes. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  // What is left (bigint, symbol, function) is written as JavaScript prints it.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return pythonJson(String(value));
}

/** Every value as a Hyperparameter, in a table without a prototype (a key may be `__proto__`). */
export function toHyperparameters(values: Readonly<Record<string, unknown>>): Record<string, Hyperparameter> {
  const table: Record<string, Hyperparameter> = Object.create(null) as Record<string, Hyperparameter>;
  for (const [key, value] of Object.entries(values)) table[key] = Hyperparameter.fromValue(value);
  return table;
}

/** hyperparameters.json's values: JSON text (`3`, `"adam"`) or plain text (`3`, `adam`). */
export function encodeHyperparameters(
  values: Readonly<Record<string, unknown>>,
  encoding: HyperparameterEncoding = 'json',
): Record<string, string> {
  return Object.fromEntries(Object.entries(toHyperparameters(values)).map(([key, h]) => [key, encoding === 'json' ? h.json : h.text]));
}

/**
 * A JSON object's members with each value's source text, so a file keeps its values' types and spelling
 * (`1.0` stays `1.0`, `12345678901234567890` stays exact). Throws SyntaxError for anything but a JSON object.
 */
export function parseHyperparameterFile(text: string): Record<string, Hyperparameter> {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SyntaxError('the file must hold a JSON object');
  const table: Record<string, Hyperparameter> = Object.create(null) as Record<string, Hyperparameter>;
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (text[i] !== '}') {
    const keyEnd = valueEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    table[key] = Hyperparameter.fromText(text.slice(start, end));
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return table;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return i;
}

/** Where the JSON value starting at `i` ends (the text is known to be valid JSON). */
function valueEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      j++;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 0) return j + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return j;
      depth--;
      if (depth === 0) return j + 1;
    } else if (depth === 0 && (c === ',' || ' \t\n\r'.includes(c))) return j;
  }
  return text.length;
}

/** The variables that make SageMaker's training toolkit run the job, which then JSON-decodes hyperparameters. */
export const TOOLKIT_VARIABLES = ['SAGEMAKER_PROGRAM', 'SAGEMAKER_TRAINING_MODULE'] as const;

/**
 * `auto`: JSON when the container's environment sets an entry-point variable (the image uses the toolkit),
 * plain strings otherwise, as the SDK does; with the reason, for the log.
 */
export function chooseEncoding(
  choice: HyperparameterEncodingChoice,
  env: Readonly<Record<string, string>>,
  envSource: string,
): { encoding: HyperparameterEncoding; reason: string } {
  if (choice !== 'auto') return { encoding: choice, reason: `chosen (${choice})` };
  const variable = TOOLKIT_VARIABLES.find((name) => env[name]);
  if (variable)
    return {
      encoding: 'json',
      reason: `${envSource} sets ${variable}=${env[variable]}: SageMaker's training toolkit JSON-decodes each value`,
    };
  return {
    encoding: 'raw',
    reason: `${envSource} sets neither SAGEMAKER_PROGRAM nor SAGEMAKER_TRAINING_MODULE: a bring-your-own image reads the strings itself`,
  };
}

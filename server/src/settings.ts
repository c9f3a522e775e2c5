// The `sagemakerEntrypoint.*` settings as the server sees them (the manifest in package.json is the schema),
// validated defensively and cached per document until the configuration changes.
import type { RuleSeverities, SeveritySetting } from './analysis';
import { errorText } from './errors';

export const SETTINGS_SECTION = 'sagemakerEntrypoint';

export interface ServerSettings {
  readonly rules: RuleSeverities;
  /** Build stage to check; '' = the last stage. */
  readonly target: string;
  /** Build context relative to the workspace folder; '' = detect. */
  readonly buildContext: string;
  readonly buildArgs: Readonly<Record<string, string>>;
}

export const DEFAULT_SETTINGS: ServerSettings = Object.freeze({
  rules: Object.freeze({}),
  target: '',
  buildContext: '',
  buildArgs: Object.freeze({}),
});

const SEVERITY_SETTINGS: ReadonlySet<string> = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off']);

type Log = (message: string) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns whatever the client sent into settings; anything of the wrong type falls back to its default and is logged. */
export function parseSettings(raw: unknown, log: Log): ServerSettings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  if (!isPlainObject(raw)) {
    log(`${SETTINGS_SECTION}: expected an object, got ${describe(raw)}; using defaults`);
    return DEFAULT_SETTINGS;
  }
  return {
    rules: parseRules(raw.rules, log),
    target: parseString(raw.target, 'target', log),
    buildContext: parseString(raw.buildContext, 'buildContext', log),
    buildArgs: parseBuildArgs(raw.buildArgs, log),
  };
}

function parseString(value: unknown, name: string, log: Log): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  log(`${SETTINGS_SECTION}.${name}: expected a string, got ${describe(value)}; using ''`);
  return '';
}

function parseRules(value: unknown, log: Log): RuleSeverities {
  if (value === undefined || value === null) return DEFAULT_SETTINGS.rules;
  if (!isPlainObject(value)) {
    log(`${SETTINGS_SECTION}.rules: expected an object such as { "SM201": "error" }, got ${describe(value)}; ignored`);
    return DEFAULT_SETTINGS.rules;
  }
  // Null prototype: a key such as `__proto__` or `constructor` is a plain entry, never Object.prototype's.
  const rules: RuleSeverities = Object.create(null);
  for (const [id, severity] of Object.entries(value)) {
    const normalized = typeof severity === 'string' ? severity.trim().toLowerCase() : undefined;
    if (normalized !== undefined && SEVERITY_SETTINGS.has(normalized)) {
      rules[id.trim().toUpperCase()] = normalized as SeveritySetting;
    } else {
      log(`${SETTINGS_SECTION}.rules.${id}: expected error|warning|info|hint|off, got ${describe(severity)}; ignored`);
    }
  }
  return rules;
}

function parseBuildArgs(value: unknown, log: Log): Record<string, string> {
  if (value === undefined || value === null) return DEFAULT_SETTINGS.buildArgs;
  if (!isPlainObject(value)) {
    log(`${SETTINGS_SECTION}.buildArgs: expected an object such as { "VERSION": "1.0" }, got ${describe(value)}; ignored`);
    return DEFAULT_SETTINGS.buildArgs;
  }
  const args: Record<string, string> = Object.create(null);
  for (const [name, arg] of Object.entries(value)) {
    // Numbers and booleans are what a user means when typing `"EPOCHS": 3` in settings.json.
    if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean') {
      args[name] = String(arg);
    } else {
      log(`${SETTINGS_SECTION}.buildArgs.${name}: expected a string, got ${describe(arg)}; ignored`);
    }
  }
  return args;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * Settings per document URI, fetched once through `workspace/configuration` and kept until `clear()`
 * (called on `workspace/didChangeConfiguration`). Without the client capability every document gets
 * the global settings, which are the defaults unless the client pushed some with the notification.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<ServerSettings>>();
  private globalSettings: ServerSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly fetch: ((uri: string) => Promise<unknown>) | undefined,
    private readonly log: Log,
  ) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.fetch) return Promise.resolve(this.globalSettings);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.load(this.fetch, uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** `pushed` is the `settings` of a didChangeConfiguration notification, used only without the capability. */
  clear(pushed?: unknown): void {
    this.byUri.clear();
    if (!this.fetch && isPlainObject(pushed)) this.globalSettings = parseSettings(pushed[SETTINGS_SECTION], this.log);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private async load(fetch: (uri: string) => Promise<unknown>, uri: string): Promise<ServerSettings> {
    try {
      return parseSettings(await fetch(uri), this.log);
    } catch (error) {
      this.log(`could not read the settings for ${uri}: ${errorText(error)}; using defaults`);
      this.byUri.delete(uri); // ask again next time rather than keep the defaults
      return DEFAULT_SETTINGS;
    }
  }
}

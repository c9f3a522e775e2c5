// The analysis' settings as the server sees them, read by the options' one validation (wrong types fall
// back to their defaults with a log line) and cached per document until the configuration changes.
import { readAnalysisSettings, SETTINGS_SECTION } from '../../options/src';
import type { AnalysisSettings } from '../../options/src';
import { errorWithStack } from '../../analysis/src';

export { SETTINGS_SECTION };

export type ServerSettings = AnalysisSettings;

const DEFAULT_SETTINGS: ServerSettings = Object.freeze({
  rules: Object.freeze({}),
  target: '',
  buildContext: '',
  buildArgs: Object.freeze({}),
});

type Log = (message: string) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns whatever the client sent into settings; anything of the wrong type falls back to its default and is logged. */
export function parseSettings(raw: unknown, log: Log): ServerSettings {
  return readAnalysisSettings(raw, log);
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
      this.log(`could not read the settings for ${uri}: ${errorWithStack(error)}; using defaults`);
      this.byUri.delete(uri); // ask again next time rather than keep the defaults
      return DEFAULT_SETTINGS;
    }
  }
}

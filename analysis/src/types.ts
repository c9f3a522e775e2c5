// Public types of the analysis. Everything here is plain data: no `vscode`, no I/O.
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { FindingData, RuleId } from './finding-data';

export type { FindingData, RuleId };

export type { Diagnostic, Range };

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type RuleSeverities = Record<string, SeveritySetting>;

/** Read-only view of the disk that the analysis uses for the build context. */
export interface ContextFileSystem {
  /** 'file', 'dir', or undefined when nothing is there (or it cannot be read). */
  kind(absolutePath: string): 'file' | 'dir' | undefined;
  /** Entry names of a folder; [] when it cannot be read. */
  list(absolutePath: string): string[];
  /** Whether the path itself is a symbolic link; globs do not walk through links. Absent: never. */
  isLink?(absolutePath: string): boolean;
  /** The target of a symbolic link as written; undefined when the path is no link. Absent: no links are followed. */
  readLink?(absolutePath: string): string | undefined;
  /** File text (UTF-8); undefined when it cannot be read. */
  read(absolutePath: string): string | undefined;
}

export interface AnalysisOptions {
  /** Absolute path of the Dockerfile on disk; absent for an unsaved buffer. */
  dockerfilePath?: string;
  /**
   * Build context folder. A string is used as given (absolute, or relative to the Dockerfile's folder);
   * `null` means "no context": rules that read files are skipped; `undefined` means detect it (docs/rules/README.md#build-context).
   */
  context?: string | null;
  /** Upper bound for context detection (the workspace folder); defaults to the file system root. */
  workspaceRoot?: string;
  /** Build stage to check; default: the last stage. */
  target?: string;
  /** Values for ARGs, like `--build-arg K=V`. */
  buildArgs?: Record<string, string>;
  /** Per-rule severity overrides, e.g. `{ SM201: 'error', SM006: 'off' }`. */
  severities?: RuleSeverities;
  /** Defaults to the real disk through `fs`. */
  fs?: ContextFileSystem;
  /** Folder URI of the rule pages linked from each diagnostic; default: the published pages. */
  ruleDocsBase?: string;
  /**
   * Where notes about the input (a `.dockerignore` pattern Docker rejects, a walk stopped at its limit) and
   * internal failures go. `failure` is set for an internal failure (a rule that threw): the result is incomplete.
   */
  log?: (message: string, failure?: unknown) => void;
}

/** Payload carried in `Diagnostic.data` for quick fixes: the rule's ID and its payload (finding-data.ts). */
export type DiagnosticData<R extends RuleId = RuleId> = { rule: R } & FindingData[R];

export interface RuleInfo {
  id: RuleId;
  name: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule reports. */
  summary: string;
  /** Whether the rule needs the build context on disk. */
  needsContext: boolean;
}

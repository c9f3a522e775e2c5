// One analysis per (document URI, version), computed on the first request and shared by every feature
// (diagnostics now; hover, completion and code actions read the same `analysis.model` later).
import * as path from 'node:path';
import { Emitter, type Event } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfileAsync, errorWithStack, type Analysis, type AnalysisOptions } from '../../analysis/src';
import { analysisOptionsFor } from './analysis-options';
import { isInside, mayMoveDetectedContext } from '../../analysis/src';
import type { ServerSettings } from './settings';

export interface AnalyzedDocument {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  readonly options: AnalysisOptions;
  /** Changes whenever the analysis is redone, so pull diagnostics can answer "unchanged". */
  readonly resultId: string;
}

interface Entry {
  readonly version: number;
  /** Aborted when a newer version or a change on disk replaces this analysis before it is done. */
  readonly cancel: AbortController;
  result: Promise<AnalyzedDocument | undefined>;
  /** Set in the same synchronous step that ran the analysis, so file events can tell what it depended on. */
  done?: AnalyzedDocument;
}

export interface DocumentAnalysesDependencies {
  readonly settingsFor: (uri: string) => Promise<ServerSettings>;
  /** The workspace folder holding a file, the upper bound of context detection. */
  readonly workspaceFolderOf: (fsPath: string) => string | undefined;
  readonly log: (message: string) => void;
  /** Folder URI of the rule pages shipped with the client, when it sent one. */
  readonly ruleDocsBase?: () => string | undefined;
}

export class DocumentAnalyses {
  private readonly entries = new Map<string, Entry>();
  private readonly analyzed = new Emitter<AnalyzedDocument>();
  private count = 0;

  constructor(private readonly deps: DocumentAnalysesDependencies) {}

  /** How many analyses ran since the server started (tests prove one per document version with it). */
  get analysisCount(): number {
    return this.count;
  }

  get onDidAnalyze(): Event<AnalyzedDocument> {
    return this.analyzed.event;
  }

  /** The analysis of the document's current version; undefined when it failed (already logged). */
  get(document: TextDocument): Promise<AnalyzedDocument | undefined> {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.result;
    cached?.cancel.abort();
    const entry: Entry = { version: document.version, cancel: new AbortController(), result: Promise.resolve(undefined) };
    entry.result = this.analyze(document.uri, document.version, document.getText(), entry);
    this.entries.set(document.uri, entry);
    return entry.result;
  }

  forget(uri: string): void {
    this.entries.get(uri)?.cancel.abort();
    this.entries.delete(uri);
  }

  invalidateAll(): void {
    for (const entry of this.entries.values()) entry.cancel.abort();
    this.entries.clear();
  }

  /**
   * Drops the analyses that read any of these paths: a file inside the build context, a folder holding
   * the context, the Dockerfile itself or its `<Dockerfile>.dockerignore`. Returns whether any was dropped.
   */
  invalidatePaths(changedPaths: readonly string[]): boolean {
    let dropped = false;
    for (const [uri, entry] of this.entries) {
      // One still running may have read the disk before the change: it answers the requests waiting for
      // it, and the next request analyses again.
      const { done } = entry;
      if (!done || changedPaths.some((changed) => dependsOn(done, changed))) {
        this.entries.delete(uri);
        dropped = true;
      }
    }
    return dropped;
  }

  private async analyze(uri: string, version: number, text: string, entry: Entry): Promise<AnalyzedDocument | undefined> {
    try {
      const settings = await this.deps.settingsFor(uri);
      // Stack traces of internal failures belong in the log; the analysis' own message is one line.
      const log = (message: string, failure?: unknown) =>
        this.deps.log(failure === undefined ? message : `${message}\n${errorWithStack(failure)}`);
      const options = analysisOptionsFor(uri, settings, this.deps.workspaceFolderOf, log, this.deps.ruleDocsBase?.());
      this.count++;
      // Pauses while it walks the disk for the build context: other documents' requests go on meanwhile.
      const analysis = await analyzeDockerfileAsync(text, options, entry.cancel.signal);
      if (analysis.model.targetProblem) log(`${uri}: ${analysis.model.targetProblem}; checking the last stage`);
      const done: AnalyzedDocument = { uri, version, analysis, options, resultId: String(this.count) };
      entry.done = done;
      this.analyzed.fire(done);
      return done;
    } catch (error) {
      if (entry.cancel.signal.aborted) return undefined;
      this.deps.log(`analysis of ${uri} (version ${version}) failed: ${errorWithStack(error)}`);
      return undefined;
    }
  }
}

function dependsOn(analyzed: AnalyzedDocument, changed: string): boolean {
  // Git rewrites .git/ all the time and no entry point lives there.
  if (changed.split(/[\\/]/).includes('.git')) return false;
  const { dockerfilePath } = analyzed.options;
  const contextDir = analyzed.analysis.contextDir;
  if (contextDir !== undefined) {
    const context = dockerfilePath ? path.resolve(path.dirname(dockerfilePath), contextDir) : contextDir;
    if (isInside(changed, context) || isInside(context, changed)) return true;
  }
  if (dockerfilePath === undefined) return false;
  if (changed === dockerfilePath || changed === `${dockerfilePath}.dockerignore`) return true;
  const detected = analyzed.analysis.context?.reason !== 'configured' && analyzed.options.context === undefined;
  return detected && mayMoveDetectedContext(analyzed.analysis.model, dockerfilePath, changed, analyzed.options.workspaceRoot);
}

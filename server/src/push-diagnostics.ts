// `textDocument/publishDiagnostics` for clients that never pull (LSP before 3.17: Neovim before 0.10,
// and others). The same cached analysis as pull diagnostics: publishing never runs an analysis of its own.
import type { Disposable, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './documents';
import { errorWithStack } from '../../analysis/src';

/** Typing pauses shorter than this publish once, for the last version. */
const PUSH_DEBOUNCE_MS = 150;

export interface PushDiagnosticsDependencies {
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: DocumentAnalyses;
  readonly send: (params: PublishDiagnosticsParams) => Promise<void>;
  readonly log: (message: string) => void;
  readonly debounceMs?: number;
}

export class PushDiagnostics implements Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The analysis (by result id) whose diagnostics the client has for each open document. */
  private readonly published = new Map<string, string>();
  private readonly subscriptions: Disposable[];

  constructor(private readonly deps: PushDiagnosticsDependencies) {
    const { documents } = deps;
    this.subscriptions = [
      // Fires on open and on every change: the first time (open) publishes at once, later ones debounced.
      documents.onDidChangeContent(({ document }) => {
        if (this.published.has(document.uri) || this.timers.has(document.uri)) this.schedule(document.uri);
        else void this.publish(document.uri);
      }),
      documents.onDidClose(({ document }) => this.clear(document.uri)),
    ];
  }

  /** After settings or build-context files changed: publishes every open document whose analysis was redone. */
  republishAll(): void {
    for (const document of this.deps.documents.all()) void this.publish(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private schedule(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, this.deps.debounceMs ?? PUSH_DEBOUNCE_MS),
    );
  }

  /** Never rejects: a failure is logged. Sends nothing when the client already has this analysis. */
  private async publish(uri: string): Promise<void> {
    try {
      const document = this.deps.documents.get(uri);
      if (!document) return;
      const version = document.version;
      if (!this.published.has(uri)) this.published.set(uri, '');
      const analyzed = await this.deps.analyses.get(document);
      // Edited or closed meanwhile: the newer version publishes for itself, a closed one stays cleared.
      if (this.deps.documents.get(uri) !== document || document.version !== version) return;
      const resultId = analyzed?.resultId ?? `failed@${version}`;
      if (this.published.get(uri) === resultId) return;
      this.published.set(uri, resultId);
      await this.deps.send({ uri, version, diagnostics: analyzed?.analysis.diagnostics ?? [] });
    } catch (error) {
      this.deps.log(`publishing diagnostics for ${uri} failed: ${errorWithStack(error)}`);
    }
  }

  private clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.published.delete(uri);
    this.deps
      .send({ uri, diagnostics: [] })
      .catch((error: unknown) => this.deps.log(`clearing diagnostics for ${uri} failed: ${errorWithStack(error)}`));
  }
}

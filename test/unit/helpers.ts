// Shared helpers for the rule tests: an in-memory build context, one call to run the analysis on
// an inline Dockerfile, and compact views of the diagnostics (code + the exact text the range covers).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDockerfile, type Analysis, type AnalysisOptions, type ContextFileSystem } from '../../analysis/src';

/** Where the in-memory build context lives; the Dockerfile is `${CTX}/Dockerfile`. */
export const CTX = '/ctx';
export const DOCKERFILE = `${CTX}/Dockerfile`;

/**
 * A read-only file system holding `files` (paths relative to `root`, posix). Folders are implied by
 * the files under them; a key ending in `/` makes an empty folder.
 */
export function memoryFs(files: Record<string, string>, root = CTX): ContextFileSystem {
  const fileMap = new Map<string, string>();
  const dirs = new Set<string>(['/']);
  const addDirs = (p: string) => {
    for (let d = p; d !== path.posix.dirname(d); d = path.posix.dirname(d)) dirs.add(d);
  };
  addDirs(root);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.posix.resolve(root, rel);
    if (rel.endsWith('/')) {
      addDirs(abs);
    } else {
      fileMap.set(abs, text);
      addDirs(path.posix.dirname(abs));
    }
  }
  const norm = (p: string) => path.posix.resolve(p.split(path.sep).join('/'));
  return {
    kind(p) {
      const abs = norm(p);
      if (fileMap.has(abs)) return 'file';
      return dirs.has(abs) ? 'dir' : undefined;
    },
    list(p) {
      const abs = norm(p);
      if (!dirs.has(abs)) return [];
      const names = new Set<string>();
      for (const entry of [...fileMap.keys(), ...dirs]) {
        if (entry !== abs && path.posix.dirname(entry) === abs) names.add(path.posix.basename(entry));
      }
      return [...names].sort();
    },
    read(p) {
      return fileMap.get(norm(p));
    },
  };
}

export type AnalyzeOptions = AnalysisOptions;

/**
 * Analyses `text` as `/ctx/Dockerfile` with an in-memory context holding `files` (and the
 * Dockerfile itself). The context is `/ctx` unless `options.context` says otherwise
 * (`null` = no context, `undefined` given explicitly = detect).
 */
export function analyze(text: string, files: Record<string, string> = {}, options: AnalyzeOptions = {}): Analysis & { text: string } {
  const fs = memoryFs({ Dockerfile: text, ...files });
  const merged: AnalysisOptions = { dockerfilePath: DOCKERFILE, context: CTX, workspaceRoot: CTX, fs, ...options };
  const logs: string[] = [];
  merged.log = (m) => logs.push(m);
  const result = analyzeDockerfile(text, merged);
  // A rule that throws is a bug, never an accepted outcome.
  const failures = logs.filter((m) => m.startsWith('rule '));
  assert.deepEqual(failures, [], `a rule threw:\n${failures.join('\n')}`);
  return Object.assign(result, { text });
}

/** Offset of an LSP position in `text` (lines split on \r\n, \n or \r). */
export function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.slice(offset).search(/\r\n|\r|\n/);
    if (next < 0) return text.length;
    offset += next + (text.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return offset + character;
}

/** The exact Dockerfile text a diagnostic's range covers. */
export function rangeText(text: string, d: Diagnostic): string {
  return text.slice(offsetAt(text, d.range.start.line, d.range.start.character), offsetAt(text, d.range.end.line, d.range.end.character));
}

/** `[code, range text]` of every diagnostic, in report order. */
export function pairs(result: Analysis & { text: string }): Array<[string, string]> {
  return result.diagnostics.map((d) => [String(d.code), rangeText(result.text, d)]);
}

/** `[code, range text]` of the diagnostics with one of `codes`. */
export function pairsOf(result: Analysis & { text: string }, ...codes: string[]): Array<[string, string]> {
  return pairs(result).filter(([code]) => codes.includes(code));
}

/** The diagnostics with `code`. */
export function diagnosticsOf(result: Analysis, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

/** Exactly one diagnostic with `code`; fails with the full list otherwise. */
export function only(result: Analysis & { text: string }, code: string): Diagnostic {
  const found = diagnosticsOf(result, code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got ${JSON.stringify(pairs(result))}`);
  return found[0];
}

/** Fails unless no diagnostic has any of `codes`. */
export function assertNone(result: Analysis & { text: string }, ...codes: string[]): void {
  assert.deepEqual(pairsOf(result, ...codes), [], `expected no ${codes.join('/')}`);
}

/** `data` of a diagnostic as a plain record. */
export function dataOf(d: Diagnostic): Record<string, unknown> {
  assert.ok(d.data && typeof d.data === 'object', `${String(d.code)} has no data`);
  return d.data as Record<string, unknown>;
}

/** LSP severities. */
export const ERROR = 1;
export const WARNING = 2;
export const INFO = 3;
export const HINT = 4;

/** A firing case: the Dockerfile, its context files, and what exactly must be reported. */
export interface FireCase {
  title: string;
  dockerfile: string;
  files?: Record<string, string>;
  options?: AnalyzeOptions;
  /** The exact text the range covers (a RegExp when the spec allows more than one answer). */
  range: string | RegExp;
  severity?: number;
  /** Fields that `data` must contain (deep-equal per field). */
  data?: Record<string, unknown>;
  /** Substrings the message must contain. */
  message?: string[];
}

/** A case where `code` must not fire. */
export interface QuietCase {
  title: string;
  dockerfile: string;
  files?: Record<string, string>;
  options?: AnalyzeOptions;
}

/** Asserts one `code` diagnostic as described by `c` (severity defaults to `severity`). */
export function assertFires(code: string, defaultSeverity: number, c: FireCase): Diagnostic {
  const result = analyze(c.dockerfile, c.files, c.options);
  const found = diagnosticsOf(result, code);
  assert.equal(found.length, 1, `expected exactly one ${code}, got ${JSON.stringify(pairs(result))}`);
  const d = found[0];
  const covered = rangeText(c.dockerfile, d);
  if (typeof c.range === 'string') assert.equal(covered, c.range, `${code} range`);
  else assert.match(covered, c.range, `${code} range`);
  assert.equal(d.severity, c.severity ?? defaultSeverity, `${code} severity`);
  assert.equal(d.source, 'sagemaker-entrypoint');
  assert.ok(d.codeDescription?.href, `${code} has no codeDescription.href`);
  const data = dataOf(d);
  assert.equal(data.rule, code);
  for (const [key, value] of Object.entries(c.data ?? {})) assert.deepEqual(data[key], value, `${code} data.${key}`);
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  for (const part of c.message ?? [])
    assert.ok(message.includes(part), `${code} message ${JSON.stringify(d.message)} should mention ${JSON.stringify(part)}`);
  return d;
}

/** Asserts that `code` is not reported for `c`. */
export function assertQuiet(code: string, c: QuietCase): void {
  const result = analyze(c.dockerfile, c.files, c.options);
  assert.deepEqual(pairsOf(result, code), [], `expected no ${code}; all: ${JSON.stringify(pairs(result))}`);
}

// Helpers for the end-to-end tests: open fixture files, wait on editor events (never on sleeps),
// and ask the launcher about what the page shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'sagemaker-entrypoint.sagemaker-entrypoint';
export const SOURCE = 'sagemaker-entrypoint';

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function openEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** The diagnostic's code as text (`code` is `{ value, target }` when the rule has a documentation link). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with `check()`'s first defined result, checking now and after each `event`;
 * rejects after `timeoutMs` with `describe()` in the message.
 */
export function waitFor<T>(
  event: vscode.Event<unknown>,
  check: () => T | undefined,
  what: string,
  timeoutMs = 20_000,
  describe: () => string = () => '',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // eslint-disable-next-line prefer-const -- assigned after the timer that reads it is created
    let listener: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      listener?.dispose();
      const detail = describe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; last seen: ${detail}` : ''}`));
    }, timeoutMs);
    const attempt = (): boolean => {
      const value = check();
      if (value === undefined) return false;
      clearTimeout(timer);
      listener?.dispose();
      resolve(value);
      return true;
    };
    listener = event(() => void attempt());
    attempt();
  });
}

/** Waits until our diagnostics for `uri` satisfy `accept`, and returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const diagnostics = ourDiagnostics(uri);
      return accept(diagnostics) ? diagnostics : undefined;
    },
    what,
    timeoutMs,
    () => JSON.stringify(ourDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`)),
  );
}

/** The scope names the extension's injection grammar assigns (all end in `.sagemaker`). */
export function grammarScopes(extension: vscode.Extension<unknown>): string[] {
  const grammars = (extension.packageJSON as { contributes?: { grammars?: { path: string }[] } }).contributes?.grammars ?? [];
  const scopes = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'name' || key === 'contentName') && typeof child === 'string') {
          child
            .split(/\s+/)
            .filter((scope) => scope.endsWith('.sagemaker'))
            .forEach((scope) => scopes.add(scope));
        } else collect(child);
      }
    }
  };
  for (const grammar of grammars) collect(JSON.parse(fs.readFileSync(path.join(extension.extensionPath, grammar.path), 'utf8')));
  return [...scopes];
}

/** Where the launcher answers probes; undefined when the suite runs under another launcher. */
export const PROBE_DIR = process.env.SAGEMAKER_E2E_PROBE_DIR;

let probeCount = 0;

/**
 * Asks scripts/run-vscode-tests.js to look at the page (the extension host cannot see it): prints
 * a request on the console, which reaches the page, and waits for the answer file the launcher writes.
 */
export function probePage<T>(request: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  const dir = PROBE_DIR;
  if (!dir) return Promise.reject(new Error('no launcher answers probes (SAGEMAKER_E2E_PROBE_DIR is not set)'));
  const id = `probe-${process.pid}-${++probeCount}`;
  const file = path.join(dir, `${id}.json`);
  return new Promise<T>((resolve, reject) => {
    const watcher = fs.watch(dir);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the launcher did not answer probe ${JSON.stringify(request)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const read = (): void => {
      if (!fs.existsSync(file)) return;
      clearTimeout(timer);
      watcher.close();
      const answer = JSON.parse(fs.readFileSync(file, 'utf8')) as T & { error?: string };
      if (answer.error) reject(new Error(`probe failed: ${answer.error}`));
      else resolve(answer);
    };
    watcher.on('change', read);
    watcher.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    console.log(`e2e-probe ${JSON.stringify({ ...request, id, timeoutMs: timeoutMs - 5_000 })}`);
    read();
  });
}

/** Reports a timing to the launcher, which prints it with the results. */
export function metric(name: string, ms: number): void {
  console.log(`e2e-metric ${JSON.stringify({ name, ms })}`);
}

/**
 * Asks the launcher to save a picture of the page as docs/images/<name>.png once an element matching
 * `selector` is visible and contains `text`: the picture shows what its name says, or the test fails.
 */
export async function picture(name: string, selector: string, text: string): Promise<void> {
  const saved = await probePage<{ file: string; bytes: number }>({ kind: 'screenshot', name, selector, text });
  console.log(`    picture ${saved.file} (${Math.round(saved.bytes / 1024)} KiB)`);
}

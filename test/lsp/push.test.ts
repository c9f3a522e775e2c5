// Push diagnostics (`textDocument/publishDiagnostics`) for clients without `textDocument.diagnostic`,
// and none for clients that pull. Every wait is on a message, never on a timer.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  PublishDiagnosticsNotification,
  type ClientCapabilities,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { codes, fileUri, folder, FULL_CAPABILITIES, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 10_000 };

/** What Neovim 0.7 announces for the parts this server uses: no pull, no refresh. */
const PUSH_ONLY: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: false },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: false } },
};

const BASE = 'FROM python:3.11\nRUN pip install sagemaker-training\n';
const SM101_TEXT = `${BASE}ENV SAGEMAKER_TRAINING_MODULE trainer\n`;
const FIXED_TEXT = `${BASE}ENV SAGEMAKER_TRAINING_MODULE trainer:main\n`;
const PROGRAM_TEXT = `${BASE}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n`;

/** Records every publication and lets a test wait for the next one of a document that passes a check. */
class Publications {
  readonly all: PublishDiagnosticsParams[] = [];
  private readonly waiters: {
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];

  constructor(session: TestSession) {
    session.client.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.all.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
  }

  /** The next publication for `uri` from now on that `accept` takes. */
  next(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  of(uri: string): PublishDiagnosticsParams[] {
    return this.all.filter((p) => p.uri === uri);
  }
}

describe('push diagnostics for clients that do not pull', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let published: Publications;

  beforeEach(async () => {
    workspace = temporaryFolder();
    session = new TestSession();
    published = new Publications(session);
    await session.initialize(PUSH_ONLY, [folder(workspace.path)]);
  });
  afterEach(() => {
    session.dispose();
    workspace.remove();
  });

  function dockerfile(name: string, text: string): string {
    const path = join(workspace.path, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return fileUri(path);
  }

  it('announces no pull provider and publishes on open, with the version', async () => {
    const fresh = new TestSession();
    try {
      const result = await fresh.initialize(PUSH_ONLY, null);
      assert.equal(result.capabilities.diagnosticProvider, undefined);
      assert.equal(fresh.server.diagnosticsDelivery(), 'push');
      await fresh.registration('workspace/didChangeWatchedFiles'); // the last thing the server sends after `initialized`
    } finally {
      fresh.dispose();
    }
    const uri = dockerfile('Dockerfile', SM101_TEXT);
    const first = published.next(uri);
    await session.open(uri, SM101_TEXT, 3);
    const params = await first;
    assert.deepEqual(codes(params.diagnostics), ['SM101']);
    assert.equal(params.version, 3);
    assert.equal(params.diagnostics[0].range.start.line, 2);
  });

  it('publishes once for a burst of edits, the last version, from one analysis', async () => {
    const uri = dockerfile('Dockerfile', SM101_TEXT);
    const opened = published.next(uri);
    await session.open(uri, SM101_TEXT, 1);
    await opened;
    const analysesBefore = session.server.analyses.analysisCount;

    const last = published.next(uri, (p) => p.version === 4);
    await session.replaceText(uri, FIXED_TEXT, 2);
    await session.replaceText(uri, SM101_TEXT, 3);
    await session.replaceText(uri, FIXED_TEXT, 4);
    const params = await last;

    assert.deepEqual(params.diagnostics, [], 'the fixed text has no findings');
    assert.deepEqual(
      published.of(uri).map((p) => p.version),
      [1, 4],
      'nothing for versions 2 and 3',
    );
    assert.equal(session.server.analyses.analysisCount, analysesBefore + 1, 'one analysis for the burst');
  });

  it('publishes again after a settings change, with the new severities', async () => {
    const uri = dockerfile('Dockerfile', SM101_TEXT);
    const opened = published.next(uri);
    await session.open(uri, SM101_TEXT);
    assert.deepEqual(codes((await opened).diagnostics), ['SM101']);

    session.settings = { rules: { SM101: 'off' } };
    const after = published.next(uri);
    await session.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual((await after).diagnostics, [], 'SM101 is turned off');
    assert.equal(session.refreshCount, 0, 'a push client is never asked to pull');
  });

  it('publishes again when a file in the build context appears', async () => {
    const uri = dockerfile('image/Dockerfile', PROGRAM_TEXT);
    const opened = published.next(uri);
    await session.open(uri, PROGRAM_TEXT);
    assert.ok(codes((await opened).diagnostics).includes('SM202'), 'the script is missing');

    const script = join(workspace.path, 'image', 'train.py');
    writeFileSync(script, 'print("training")\n');
    const after = published.next(uri);
    await session.filesChanged([script], FileChangeType.Created);
    assert.ok(!codes((await after).diagnostics).includes('SM202'), 'SM202 is gone once the script exists');
  });

  it('clears the published diagnostics when the document closes', async () => {
    const uri = dockerfile('Dockerfile', SM101_TEXT);
    const opened = published.next(uri);
    await session.open(uri, SM101_TEXT);
    assert.equal((await opened).diagnostics.length, 1);

    const cleared = published.next(uri);
    await session.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('publishes nothing for an edit that a close overtook', async () => {
    const uri = dockerfile('Dockerfile', SM101_TEXT);
    const opened = published.next(uri);
    await session.open(uri, SM101_TEXT);
    await opened;
    const cleared = published.next(uri);
    await session.replaceText(uri, FIXED_TEXT, 2);
    await session.close(uri);
    await cleared;
    // Reopening publishes at once; had the pending edit survived the close, it would come first.
    const reopened = published.next(uri);
    await session.open(uri, SM101_TEXT, 5);
    assert.equal((await reopened).version, 5);
    assert.deepEqual(
      published.of(uri).map((p) => [p.version, p.diagnostics.length]),
      [
        [1, 1],
        [undefined, 0],
        [5, 1],
      ],
    );
  });
});

describe('clients that pull get no pushed diagnostics', TIMEOUT, () => {
  it('answers pulls and publishes nothing on open, edit or settings change', async () => {
    const workspace = temporaryFolder();
    const session = new TestSession();
    const published = new Publications(session);
    try {
      const result = await session.initialize(FULL_CAPABILITIES, [folder(workspace.path)]);
      assert.ok(result.capabilities.diagnosticProvider, 'pull is announced');
      assert.equal(session.server.diagnosticsDelivery(), 'pull');
      const path = join(workspace.path, 'Dockerfile');
      writeFileSync(path, SM101_TEXT);
      const uri = fileUri(path);
      await session.open(uri, SM101_TEXT);
      assert.deepEqual(codes(await session.diagnostics(uri)), ['SM101']);
      await session.replaceText(uri, FIXED_TEXT, 2);
      assert.deepEqual(await session.diagnostics(uri), []);
      await session.changeConfiguration({ rules: { SM101: 'off' } });
      // The server answers in order: any publication sent before this answer has arrived by now.
      await session.diagnostics(uri);
      assert.deepEqual(published.all, []);
    } finally {
      session.dispose();
      workspace.remove();
    }
  });
});

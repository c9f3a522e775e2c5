// Pull diagnostics over an in-process connection: capabilities, findings, edits, caching, untitled buffers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import type { AnalyzedDocument } from '../../server/src/documents';
import { codes, fileUri, folder, FULL_CAPABILITIES, temporaryFolder, TestSession, withCode } from './harness';

const TIMEOUT = { timeout: 10_000 };

describe('pull diagnostics', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;

  before(async () => {
    workspace = temporaryFolder();
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
  });
  after(() => {
    session.dispose();
    workspace.remove();
  });

  function dockerfile(name: string, text: string): string {
    const path = join(workspace.path, name);
    writeFileSync(path, text);
    return fileUri(path);
  }

  it('announces pull diagnostics with inter-file dependencies', async () => {
    const fresh = new TestSession();
    try {
      const result = await fresh.initialize(FULL_CAPABILITIES, [folder(workspace.path)]);
      assert.deepEqual(result.capabilities.diagnosticProvider, { interFileDependencies: true, workspaceDiagnostics: false });
      const watchers = await fresh.registration('workspace/didChangeWatchedFiles');
      assert.deepEqual(watchers.registerOptions, { watchers: [{ globPattern: '**/*' }] });
      const configuration = await fresh.registration('workspace/didChangeConfiguration');
      assert.deepEqual(configuration.registerOptions, { section: 'sagemakerEntrypoint' });
    } finally {
      fresh.dispose();
    }
  });

  it('reports a training module without a function as SM101 (error)', async () => {
    const uri = dockerfile('Dockerfile.sm101', 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer\n');
    await session.open(uri, 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer\n');
    const [sm101] = withCode(await session.diagnostics(uri), 'SM101');
    assert.ok(sm101, 'SM101 expected');
    assert.equal(sm101.severity, DiagnosticSeverity.Error);
    assert.equal(sm101.source, 'sagemaker-entrypoint');
  });

  it('reports a near-miss variable name as SM001 (warning)', async () => {
    const text = 'FROM python:3.11\nENV SAGEMAKR_PROGRAM x.py\n';
    const uri = dockerfile('Dockerfile.sm001', text);
    await session.open(uri, text);
    const [sm001] = withCode(await session.diagnostics(uri), 'SM001');
    assert.ok(sm001, 'SM001 expected');
    assert.equal(sm001.severity, DiagnosticSeverity.Warning);
  });

  it('analyses the new text after an edit, once per version', async () => {
    const uri = dockerfile('Dockerfile.edit', '');
    await session.open(uri, 'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_TRAINING_MODULE trainer\n', 1);
    assert.deepEqual(codes(await session.diagnostics(uri)), ['SM101']);
    const before = session.server.analyses.analysisCount;
    await session.replaceText(uri, 'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_TRAINING_MODULE trainer:main\n', 2);
    assert.deepEqual(codes(await session.diagnostics(uri)), []);
    assert.equal(session.server.analyses.analysisCount, before + 1);
  });

  it('runs one analysis per document version however often it is pulled', async () => {
    const uri = dockerfile('Dockerfile.once', 'FROM python:3.11\n');
    await session.open(uri, 'FROM python:3.11\nENV SAGEMAKER_PROGRAM train.py\n', 7);
    const analysed: AnalyzedDocument[] = [];
    const subscription = session.server.analyses.onDidAnalyze((done) => done.uri === uri && analysed.push(done));
    try {
      const reports = await Promise.all([session.pull(uri), session.pull(uri)]);
      await session.pull(uri);
      assert.equal(analysed.length, 1);
      assert.equal(analysed[0]?.version, 7);
      const count = session.server.analyses.analysisCount;
      await session.pull(uri);
      assert.equal(session.server.analyses.analysisCount, count);
      assert.deepEqual(reports[0], reports[1]);
    } finally {
      subscription.dispose();
    }
  });

  it('answers "unchanged" when the client already has the current result', async () => {
    const uri = dockerfile('Dockerfile.unchanged', 'FROM python:3.11\n');
    await session.open(uri, 'FROM python:3.11\n');
    const first = await session.pull(uri);
    assert.equal(first.kind, DocumentDiagnosticReportKind.Full);
    assert.ok(first.resultId);
    const second = await session.pull(uri, first.resultId);
    assert.deepEqual(second, { kind: DocumentDiagnosticReportKind.Unchanged, resultId: first.resultId });
    await session.replaceText(uri, 'FROM python:3.12\n', 2);
    assert.equal((await session.pull(uri, first.resultId)).kind, DocumentDiagnosticReportKind.Full);
  });

  it('passes the Dockerfile path and its workspace folder to the analysis', async () => {
    const uri = dockerfile('Dockerfile.options', 'FROM python:3.11\n');
    await session.open(uri, 'FROM python:3.11\n');
    await session.diagnostics(uri);
    const analysed = await cachedAnalysis(session, uri);
    assert.equal(analysed.options.dockerfilePath, join(workspace.path, 'Dockerfile.options'));
    assert.equal(analysed.options.workspaceRoot, workspace.path);
    assert.equal(analysed.options.context, undefined, 'an empty buildContext setting means: detect');
  });

  it('checks an untitled buffer without a build context', async () => {
    const uri = 'untitled:Untitled-1';
    await session.open(uri, 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n');
    const diagnostics = await session.diagnostics(uri);
    assert.deepEqual(withCode(diagnostics, 'SM202'), []);
    const analysed = await cachedAnalysis(session, uri);
    assert.equal(analysed.options.context, null);
    assert.equal(analysed.options.dockerfilePath, undefined);
    assert.equal(analysed.analysis.contextDir, undefined);
  });

  it('forgets a document when it is closed', async () => {
    const uri = dockerfile('Dockerfile.closed', 'FROM python:3.11\n');
    await session.open(uri, 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer\n');
    await session.diagnostics(uri);
    await session.close(uri);
    assert.deepEqual(await session.pull(uri), { kind: DocumentDiagnosticReportKind.Full, items: [] });
  });
});

/** The analysis the server holds for a document's current version (analysing it if needed). */
async function cachedAnalysis(session: TestSession, uri: string): Promise<AnalyzedDocument> {
  const document = session.server.documents.get(uri);
  assert.ok(document, `${uri} is not open`);
  const analysed = await session.server.analyses.get(document);
  assert.ok(analysed, `no analysis for ${uri}`);
  return analysed;
}

describe('rule pages', TIMEOUT, () => {
  it('link the published pages by default and the client’s shipped copy when it sends one', async () => {
    const workspace = temporaryFolder();
    const shipped = 'file:///extensions/sagemaker-entrypoint/docs/rules';
    const sessions = [await TestSession.start(), await TestSession.start({ initializationOptions: { ruleDocsBase: shipped } })];
    try {
      const uri = fileUri(join(workspace.path, 'Dockerfile'));
      const hrefs: (string | undefined)[] = [];
      for (const session of sessions) {
        await session.open(uri, 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=trainer\n');
        hrefs.push(withCode(await session.diagnostics(uri), 'SM101')[0]?.codeDescription?.href);
      }
      assert.equal(hrefs[0], 'https://github.com/sagemaker-entrypoint/sagemaker-entrypoint/blob/main/docs/rules/SM101.md');
      assert.equal(hrefs[1], `${shipped}/SM101.md`);
    } finally {
      sessions.forEach((s) => s.dispose());
      workspace.remove();
    }
  });
});

// File events: a change inside a document's build context drops its analysis and refreshes diagnostics.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver/node';
import { codes, fileUri, folder, temporaryFolder, TestSession, withCode } from './harness';

const TIMEOUT = { timeout: 10_000 };
const PROGRAM_TEXT = 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n';

describe('watched files', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let context: string;
  let uri: string;

  beforeEach(async () => {
    workspace = temporaryFolder();
    context = join(workspace.path, 'image');
    mkdirSync(context);
    writeFileSync(join(context, 'Dockerfile'), PROGRAM_TEXT);
    uri = fileUri(join(context, 'Dockerfile'));
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
    await session.open(uri, PROGRAM_TEXT);
  });
  afterEach(() => {
    session.dispose();
    workspace.remove();
  });

  it('clears SM202 once the missing script is created in the build context', async () => {
    assert.deepEqual(codes(withCode(await session.diagnostics(uri), 'SM202')), ['SM202']);

    writeFileSync(join(context, 'train.py'), 'print("training")\n');
    const created = () => session.filesChanged([join(context, 'train.py')], FileChangeType.Created);
    assert.ok(await session.refreshedBy(created), 'refresh expected');

    assert.deepEqual(withCode(await session.diagnostics(uri), 'SM202'), []);
  });

  it('reports SM202 again when the script is deleted', async () => {
    writeFileSync(join(context, 'train.py'), 'print("training")\n');
    assert.deepEqual(withCode(await session.diagnostics(uri), 'SM202'), []);

    rmSync(join(context, 'train.py'));
    const deleted = () => session.filesChanged([join(context, 'train.py')], FileChangeType.Deleted);
    assert.ok(await session.refreshedBy(deleted), 'refresh expected');

    assert.deepEqual(codes(withCode(await session.diagnostics(uri), 'SM202')), ['SM202']);
  });

  it('keeps the analysis when the change is outside the build context or inside .git', async () => {
    await session.diagnostics(uri);
    const analysed = await session.server.analyses.get(session.server.documents.get(uri)!);
    assert.equal(analysed?.analysis.contextDir, context, 'the context is the Dockerfile folder');
    const count = session.server.analyses.analysisCount;

    const elsewhere = join(workspace.path, 'notes.txt');
    writeFileSync(elsewhere, 'unrelated\n');
    const gitIndex = join(context, '.git', 'index');
    assert.equal(await session.refreshedBy(() => session.filesChanged([elsewhere, gitIndex])), false);
    await session.diagnostics(uri);
    assert.equal(session.server.analyses.analysisCount, count);
  });

  it('drops the analysis when the Dockerfile-specific .dockerignore changes', async () => {
    writeFileSync(join(context, 'train.py'), 'print("training")\n');
    await session.diagnostics(uri);
    const count = session.server.analyses.analysisCount;

    const ignoreFile = join(context, 'Dockerfile.dockerignore');
    writeFileSync(ignoreFile, 'train.py\n');
    assert.ok(await session.refreshedBy(() => session.filesChanged([ignoreFile])), 'refresh expected');

    assert.deepEqual(codes(withCode(await session.diagnostics(uri), 'SM202')), ['SM202']);
    assert.equal(session.server.analyses.analysisCount, count + 1);
  });

  it('re-detects the build context when a COPY source appears in a parent folder', async () => {
    const nested = join(workspace.path, 'docker', 'train');
    mkdirSync(nested, { recursive: true });
    const text = 'FROM python:3.11\nCOPY src/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n';
    const nestedUri = fileUri(join(nested, 'Dockerfile'));
    writeFileSync(join(nested, 'Dockerfile'), text);
    await session.open(nestedUri, text);
    assert.deepEqual(codes(withCode(await session.diagnostics(nestedUri), 'SM202')), ['SM202']);

    mkdirSync(join(workspace.path, 'src'));
    writeFileSync(join(workspace.path, 'src', 'train.py'), 'print("training")\n');
    const created = () => session.filesChanged([join(workspace.path, 'src', 'train.py')], FileChangeType.Created);
    assert.ok(await session.refreshedBy(created), 'refresh expected');

    assert.deepEqual(withCode(await session.diagnostics(nestedUri), 'SM202'), []);
    const analysed = await session.server.analyses.get(session.server.documents.get(nestedUri)!);
    assert.equal(analysed?.analysis.contextDir, workspace.path);
  });
});

describe('workspace folders', TIMEOUT, () => {
  it('follows folders added and removed, and refreshes diagnostics', async () => {
    const outer = temporaryFolder();
    const inner = join(outer.path, 'project');
    mkdirSync(inner);
    const session = await TestSession.start({ workspaceFolders: [folder(outer.path)] });
    try {
      const uri = fileUri(join(inner, 'Dockerfile'));
      await session.open(uri, 'FROM python:3.11\n');
      await session.diagnostics(uri);
      const before = await session.server.analyses.get(session.server.documents.get(uri)!);
      assert.equal(before?.options.workspaceRoot, outer.path);

      assert.ok(await session.refreshedBy(() => session.workspaceFoldersChanged([folder(inner)], [folder(outer.path)])));
      await session.diagnostics(uri);
      const after = await session.server.analyses.get(session.server.documents.get(uri)!);
      assert.equal(after?.options.workspaceRoot, inner);
    } finally {
      session.dispose();
      outer.remove();
    }
  });
});

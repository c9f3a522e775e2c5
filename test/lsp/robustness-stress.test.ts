// The server under load and abuse: bursts of edits, malformed messages, a build context that takes long
// to detect, and parts of the analysis that fail.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Diagnostic, DocumentDiagnosticReportKind, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import * as files from '../../analysis/src/files';
import { RULE_CHECKS } from '../../analysis/src/rules';
import { codes, fileUri, folder, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 120_000 };

describe('server stress', TIMEOUT, () => {
  let session: TestSession;
  before(async () => {
    session = await TestSession.start();
  });
  after(() => session.dispose());

  it('1,000 rapid edits, then one pull: the report is the last version, analysed once', async () => {
    const uri = 'untitled:burst';
    await session.open(uri, 'FROM python:3.11\nRUN pip install sagemaker-training\n', 1);
    const before = session.server.analyses.analysisCount;
    for (let version = 2; version <= 1_001; version++) {
      const key = version === 1_001 ? 'SAGEMAKER_TRAINING_MODULE' : 'SAGEMAKER_PROGRAM';
      void session.replaceText(uri, `FROM python:3.11\nRUN pip install sagemaker-training\nENV ${key}=v${version}\n`, version);
    }
    const diagnostics = await session.diagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['SM101']);
    assert.match(Diagnostic.getMessageString(diagnostics[0]), /'v1001'/);
    assert.equal(session.server.documents.get(uri)?.version, 1_001);
    assert.equal(session.server.analyses.analysisCount - before, 1);
  });

  it('malformed requests get errors, and the server goes on answering', async () => {
    await assert.rejects(
      session.client.sendRequest('textDocument/diagnostic', {}),
      (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams,
    );
    await assert.rejects(
      session.client.sendRequest('textDocument/diagnostic', null),
      (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams,
    );
    await assert.rejects(
      session.client.sendRequest('sagemaker/noSuchMethod', {}),
      (error: ResponseError<unknown>) => error.code === ErrorCodes.MethodNotFound,
    );
    const uri = 'untitled:malformed';
    await session.open(uri, 'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_TRAINING_MODULE=x\n');
    // A diagnostic code named like an Object.prototype member finds no fixer.
    const actions = await session.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
      context: {
        diagnostics: [
          {
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
            message: 'm',
            source: 'sagemaker-entrypoint',
            code: 'constructor',
            data: { rule: 'constructor' },
          },
        ],
      },
    });
    assert.ok(Array.isArray(actions));
    assert.equal(
      await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: -5, character: 1e9 } }),
      null,
    );
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'untitled:never-opened', version: 2 },
      contentChanges: [{ text: 'x' }],
    });
    await session.client.sendNotification('textDocument/didOpen', { textDocument: null });
    assert.deepEqual(codes(await session.diagnostics(uri)), ['SM101']);
  });
});

describe('build context detection is off the request path', TIMEOUT, () => {
  const tree = temporaryFolder();
  let session: TestSession;
  before(async () => {
    // 21,000 entries under the root: the glob `*/missing.py` reaches the detection limit there.
    const crowded = path.join(tree.path, 'crowded');
    fs.mkdirSync(path.join(crowded, 'app'), { recursive: true });
    fs.mkdirSync(path.join(crowded, 'changing'), { recursive: true });
    for (let i = 0; i < 21_000; i++) fs.writeFileSync(path.join(crowded, `f${i}`), '');
    session = await TestSession.start({ workspaceFolders: [folder(path.join(tree.path, 'elsewhere'))] });
  });
  after(() => {
    session.dispose();
    tree.remove();
  });

  it('a document outside any workspace folder whose detection is long does not hold up another document', async () => {
    const slow = fileUri(path.join(tree.path, 'crowded', 'app', 'Dockerfile'));
    const quick = 'untitled:quick';
    await session.open(
      slow,
      'FROM python:3.11\nRUN pip install sagemaker-training\nCOPY */missing.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=x\n',
    );
    await session.open(quick, 'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_REQUIREMENTS=r\n');
    const order: string[] = [];
    const slowReport = session.diagnostics(slow).then((d) => (order.push('slow'), d));
    const quickReport = session.diagnostics(quick).then((d) => (order.push('quick'), d));
    const [slowDiagnostics, quickDiagnostics] = await Promise.all([slowReport, quickReport]);
    assert.deepEqual(order, ['quick', 'slow']);
    assert.deepEqual(codes(quickDiagnostics), ['SM304']);
    assert.deepEqual(codes(slowDiagnostics), ['SM101']);
    assert.ok(
      session.logs.some((m) => /build context detection stopped: .* needs more than 20000 folder entries/.test(m)),
      session.logs.join('\n'),
    );
  });

  it('the pull for the old version is cancelled with retriggerRequest, the new one answers', async () => {
    const uri = fileUri(path.join(tree.path, 'crowded', 'changing', 'Dockerfile'));
    await session.open(
      uri,
      'FROM python:3.11\nRUN pip install sagemaker-training\nCOPY */missing.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=x\n',
      1,
    );
    const old = session.pull(uri);
    await session.replaceText(
      uri,
      'FROM python:3.11\nRUN pip install sagemaker-training\nCOPY */missing.py /opt/ml/code/\nENV SAGEMAKER_REQUIREMENTS=r\n',
      2,
    );
    const latest = session.diagnostics(uri);
    await assert.rejects(
      old,
      (error: ResponseError<{ retriggerRequest?: boolean }>) =>
        error.code === LSPErrorCodes.ServerCancelled && error.data?.retriggerRequest === true,
    );
    assert.deepEqual(codes(await latest), ['SM304']);
  });
});

describe('a failing part costs only that part', TIMEOUT, () => {
  let session: TestSession;
  before(async () => {
    session = await TestSession.start();
  });
  after(() => session.dispose());

  it("a rule that throws: the editor gets every other rule's diagnostics, the log has the stack", async () => {
    const checks = RULE_CHECKS as Array<(typeof RULE_CHECKS)[number]>;
    checks.unshift([
      'exploding-rule',
      () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    ]);
    try {
      const uri = 'untitled:rule-fails';
      await session.open(
        uri,
        'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_TRAINING_MODULE=x SAGEMAKER_REQUIREMENTS=r\n',
      );
      assert.deepEqual(codes(await session.diagnostics(uri)), ['SM101', 'SM304']);
      assert.ok(
        session.logs.some((m) => /rule exploding-rule failed: RangeError: Maximum call stack size exceeded\nRangeError/.test(m)),
        session.logs.join('\n'),
      );
    } finally {
      checks.shift();
    }
  });

  it('a stage whose image model throws: the other stages and every rule still report', async () => {
    const original = files.buildImageFiles;
    const patched = files as { buildImageFiles: typeof files.buildImageFiles };
    patched.buildImageFiles = (stage, model, context, images) => {
      if (stage.index === 0) throw new Error('stage on fire');
      return original(stage, model, context, images);
    };
    try {
      const uri = 'untitled:stage-fails';
      await session.open(
        uri,
        'FROM python:3.11 AS base\nRUN pip install sagemaker-training\nCOPY a /b\nFROM base\nENV SAGEMAKER_TRAINING_MODULE=x\n',
      );
      const report = await session.pull(uri);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
      assert.deepEqual(codes(report.items), ['SM101']);
      assert.ok(
        session.logs.some((m) => m.includes('image files of stage 1 (line 1) failed: stage on fire')),
        session.logs.join('\n'),
      );
    } finally {
      patched.buildImageFiles = original;
    }
  });
});

// Code actions beyond single value fixes: snippet or plain edits by client capability, an edit on the
// script's own file (SM206), "ignore" comments, source.fixAll, and which kinds are answered when.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeActionKind, TextDocumentEdit, type Diagnostic } from 'vscode-languageserver/node';
import { codes, fileUri, folder, FULL_CAPABILITIES, temporaryFolder, TestSession, withCode } from './harness';
import { applyEdit, applyFix, editedUris, project, requestActions, snippetDefaults, SNIPPET_CAPABILITIES } from './code-actions.helpers';

const TIMEOUT = { timeout: 20_000 };

describe('code actions', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let vscodeLike: TestSession;
  let plain: TestSession;
  let count = 0;

  before(async () => {
    workspace = temporaryFolder();
    const workspaceFolders = [folder(workspace.path)];
    vscodeLike = await TestSession.start({ workspaceFolders, capabilities: SNIPPET_CAPABILITIES });
    plain = await TestSession.start({ workspaceFolders, capabilities: FULL_CAPABILITIES });
  });
  after(() => {
    vscodeLike.dispose();
    plain.dispose();
    workspace.remove();
  });

  const fresh = (dockerfile: string, files?: Record<string, string>) => project(join(workspace.path, `more${++count}`), dockerfile, files);

  async function diagnosticsOf(session: TestSession, uri: string, text: string): Promise<Diagnostic[]> {
    await session.open(uri, text, 1);
    return session.diagnostics(uri);
  }

  describe('snippet edits', () => {
    const text = 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=trainer\n';

    it('puts the function name in a placeholder when the client takes snippet edits', async () => {
      const uri = fresh(text);
      const [d] = withCode(await diagnosticsOf(vscodeLike, uri, text), 'SM101');
      const [action] = await requestActions(vscodeLike, uri, [d]);
      assert.equal(action.title, "Add ':main'");
      assert.equal(action.isPreferred, true);
      const [change] = action.edit!.documentChanges!;
      assert.ok(TextDocumentEdit.is(change));
      assert.deepEqual(change.textDocument, { uri, version: 1 });
      assert.deepEqual(change.edits, [{ range: d.range, snippet: { kind: 'snippet', value: 'trainer:${1:main}' } }]);
      assert.equal(applyEdit(text, action.edit, uri), 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n');
      await vscodeLike.close(uri);
    });

    it('writes the default as plain text for a client without snippet edits', async () => {
      const uri = fresh(text);
      const [d] = withCode(await diagnosticsOf(plain, uri, text), 'SM101');
      const [action] = await requestActions(plain, uri, [d]);
      assert.equal(action.edit!.documentChanges, undefined);
      assert.deepEqual(action.edit!.changes, { [uri]: [{ range: d.range, newText: 'trainer:main' }] });
      await plain.close(uri);
    });

    it('offers the COPY source as a placeholder when the script is not in the context', async () => {
      const dockerfile = 'FROM python:3.11\nWORKDIR /opt/ml/code\nENV SAGEMAKER_PROGRAM=run}.py\n';
      const uri = fresh(dockerfile);
      const [d] = withCode(await diagnosticsOf(vscodeLike, uri, dockerfile), 'SM201');
      const actions = await requestActions(vscodeLike, uri, [d]);
      const copy = actions.find((a) => a.title === 'Copy run}.py into /opt/ml/code');
      assert.ok(copy, actions.map((a) => a.title).join(' | '));
      // A guess, so not preferred; `}` in the text is escaped in the snippet.
      assert.equal(copy.isPreferred, undefined);
      const [change] = copy.edit!.documentChanges!;
      assert.ok(TextDocumentEdit.is(change));
      const snippet = (change.edits[0] as { snippet: { value: string } }).snippet.value;
      assert.equal(snippet, '\nCOPY ${1:run\\}.py} /opt/ml/code/run\\}.py');
      assert.equal(snippetDefaults(snippet), '\nCOPY run}.py /opt/ml/code/run}.py');
      const fixed = applyEdit(dockerfile, copy.edit, uri);
      assert.equal(fixed, 'FROM python:3.11\nWORKDIR /opt/ml/code\nCOPY run}.py /opt/ml/code/run}.py\nENV SAGEMAKER_PROGRAM=run}.py\n');
      await vscodeLike.replaceText(uri, fixed, 2);
      assert.deepEqual(withCode(await vscodeLike.diagnostics(uri), 'SM201'), []);
      await vscodeLike.close(uri);
    });
  });

  describe('SM206', () => {
    it("converts the script's line endings to LF with an edit on the script", async () => {
      const script = '#!/bin/sh\r\necho train\r\nexit 0\r\n';
      const dockerfile = 'FROM python:3.11\nCOPY train.sh /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.sh\n';
      const uri = fresh(dockerfile, { 'train.sh': script });
      const scriptPath = join(workspace.path, `more${count}`, 'train.sh');
      const [d] = withCode(await diagnosticsOf(plain, uri, dockerfile), 'SM206');
      assert.ok(d, 'SM206 expected');
      const actions = await requestActions(plain, uri, [d]);
      const action = actions.find((a) => a.isPreferred);
      assert.equal(action?.title, 'Convert train.sh to LF line endings');
      assert.deepEqual(editedUris(action.edit!), [fileUri(scriptPath)]);
      const fixed = applyEdit(readFileSync(scriptPath, 'utf8'), action.edit, fileUri(scriptPath));
      assert.equal(fixed, '#!/bin/sh\necho train\nexit 0\n');
      writeFileSync(scriptPath, fixed);
      await plain.filesChanged([scriptPath]);
      assert.deepEqual(withCode(await plain.diagnostics(uri), 'SM206'), []);
      await plain.close(uri);
    });
  });

  describe('ignore', () => {
    it('inserts a suppression comment above the instruction, with its indentation', async () => {
      const text = 'FROM python:3.11\n    ENV A=1 \\\n        SAGEMAKER_BIND_TO_PORT=8080\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(plain, uri, text, 'SM305', 'Ignore SM305 for this instruction');
      assert.equal(
        fixed,
        'FROM python:3.11\n    # sagemaker-entrypoint ignore=SM305\n    ENV A=1 \\\n        SAGEMAKER_BIND_TO_PORT=8080\n',
      );
    });

    it('adds the ID to a suppression comment that is already there', async () => {
      const text =
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM305 the platform sets it\n# another comment\nENV SAGEMAKER_BIND_TO_PORT=http\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(plain, uri, text, 'SM302', 'Ignore SM302 for this instruction');
      assert.equal(
        fixed,
        'FROM python:3.11\n# sagemaker-entrypoint ignore=SM305,SM302 the platform sets it\n# another comment\nENV SAGEMAKER_BIND_TO_PORT=http\n',
      );
    });

    it('keeps CRLF line endings', async () => {
      const text = 'FROM python:3.11\r\nENV SAGEMAKER_TRAINING_MODULE=trainer\r\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(plain, uri, text, 'SM101', 'Ignore SM101 for this instruction');
      assert.equal(fixed, 'FROM python:3.11\r\n# sagemaker-entrypoint ignore=SM101\r\nENV SAGEMAKER_TRAINING_MODULE=trainer\r\n');
    });

    it('is offered for a rule without a quick fix, and for every diagnostic', async () => {
      const text = 'FROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\nENV SAGEMAKER_TRAINING_MODULE=t:main SAGEMAKER_PROGRAM=x.py\n';
      const uri = fresh(text);
      const diagnostics = await diagnosticsOf(plain, uri, text);
      assert.ok(diagnostics.length > 0);
      for (const d of diagnostics) {
        const actions = await requestActions(plain, uri, [d]);
        assert.ok(
          actions.some((a) => a.title === `Ignore ${String(d.code)} for this instruction`),
          `no ignore action for ${String(d.code)}`,
        );
        assert.ok(actions.filter((a) => a.isPreferred).length <= 1);
      }
      await plain.close(uri);
    });
  });

  describe('source.fixAll', () => {
    const broken = [
      'FROM python:3.11',
      'ENV SAGEMAKR_PROGRAM=train.py SAGEMAKER_REQUIREMENTS=requirements.txt',
      'COPY train.py /opt/ml/code',
      'ENV SAGEMAKER_TRAINING_MODULE=src/trainer.py:main',
      'ENV SAGEMAKER_MULTI_MODEL=True SAGEMAKER_USE_NGINX=maybe',
      'ENTRYPOINT python serve.py',
      '',
    ].join('\n');

    it('applies every preferred fix in one edit', async () => {
      const uri = fresh(broken, { 'train.py': 'print(1)\n' });
      const before = await diagnosticsOf(plain, uri, broken);
      const actions = await requestActions(plain, uri, [], [CodeActionKind.SourceFixAll]);
      assert.equal(actions.length, 1);
      const [fixAll] = actions;
      assert.equal(fixAll.kind, CodeActionKind.SourceFixAll);
      const fixed = applyEdit(broken, fixAll.edit, uri);
      assert.equal(
        fixed,
        [
          'FROM python:3.11',
          'ENV SAGEMAKER_PROGRAM=train.py',
          'COPY train.py /opt/ml/code/',
          'ENV SAGEMAKER_TRAINING_MODULE=src.trainer:main',
          'ENV SAGEMAKER_MULTI_MODEL=true SAGEMAKER_USE_NGINX=maybe',
          'ENTRYPOINT ["python", "serve.py"]',
          '',
        ].join('\n'),
      );
      const fixedCodes = ['SM001', 'SM101', 'SM207', 'SM304', 'SM401'];
      assert.deepEqual(codes(fixAll.diagnostics ?? []), ['SM001', 'SM101', 'SM207', 'SM303', 'SM304', 'SM401']);
      await plain.replaceText(uri, fixed, 2);
      const after = codes(await plain.diagnostics(uri));
      for (const code of fixedCodes)
        assert.ok(codes(before).includes(code) && !after.includes(code), `${code} not fixed: ${after.join(' ')}`);
      // No obvious value for 'maybe': it stays for the user.
      assert.deepEqual(
        after.filter((c) => c === 'SM303'),
        ['SM303'],
      );
      await plain.close(uri);
    });

    it('removals that take every pair of one ENV remove the instruction', async () => {
      const text =
        'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py \\\n    SAGEMAKER_REQUIREMENTS=requirements.txt\nCOPY evaluate.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=evaluate.py\n';
      const uri = fresh(text, { 'evaluate.py': 'print(1)\n' });
      await diagnosticsOf(plain, uri, text);
      const [fixAll] = await requestActions(plain, uri, [], [CodeActionKind.SourceFixAll]);
      assert.deepEqual(codes(fixAll.diagnostics ?? []), ['SM006', 'SM304']);
      const fixed = applyEdit(text, fixAll.edit, uri);
      assert.equal(fixed, 'FROM python:3.11\nCOPY evaluate.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=evaluate.py\n');
      await plain.replaceText(uri, fixed, 2);
      assert.deepEqual(
        codes(await plain.diagnostics(uri)).filter((c) => c === 'SM006' || c === 'SM304'),
        [],
      );
      await plain.close(uri);
    });

    it("answers 'source' but not a quick fix request or a request without kinds", async () => {
      const uri = fresh(broken, { 'train.py': 'print(1)\n' });
      const diagnostics = await diagnosticsOf(plain, uri, broken);
      const source = await requestActions(plain, uri, [], [CodeActionKind.Source]);
      assert.deepEqual(
        source.map((a) => a.kind),
        [CodeActionKind.SourceFixAll],
      );
      const quick = await requestActions(plain, uri, diagnostics, [CodeActionKind.QuickFix]);
      assert.ok(quick.length > 0 && quick.every((a) => a.kind === CodeActionKind.QuickFix));
      const any = await requestActions(plain, uri, diagnostics);
      assert.ok(any.every((a) => a.kind === CodeActionKind.QuickFix));
      const refactor = await requestActions(plain, uri, diagnostics, [CodeActionKind.Refactor]);
      assert.deepEqual(refactor, []);
      await plain.close(uri);
    });

    it('leaves out overlapping fixes and answers nothing when nothing is fixable', async () => {
      const clean = 'FROM python:3.11\nRUN pip install sagemaker-training\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n';
      const uri = fresh(clean);
      await diagnosticsOf(plain, uri, clean);
      assert.deepEqual(await requestActions(plain, uri, [], [CodeActionKind.SourceFixAll]), []);
      // Two fixes for one value (SM103 and SM104 both add the attribute): only one is applied.
      const serving =
        'FROM python:3.11\nRUN pip install sagemaker-containers\nCOPY wsgi.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=wsgi\n';
      await plain.replaceText(uri, serving, 2);
      writeFileSync(join(workspace.path, `more${count}`, 'wsgi.py'), 'app = object()\n');
      await plain.filesChanged([join(workspace.path, `more${count}`, 'wsgi.py')]);
      assert.deepEqual(codes(await plain.diagnostics(uri)), ['SM103', 'SM104']);
      const [fixAll] = await requestActions(plain, uri, [], [CodeActionKind.SourceFixAll]);
      assert.equal(
        applyEdit(serving, fixAll.edit, uri),
        'FROM python:3.11\nRUN pip install sagemaker-containers\nCOPY wsgi.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=wsgi:app\n',
      );
      assert.equal(fixAll.diagnostics?.length, 1);
      await plain.close(uri);
    });
  });

  it('reads the payload from the server when the client does not send data back', async () => {
    const text = 'FROM python:3.11\nENV SAGEMAKR_PROGRAM=x.py\n';
    const uri = fresh(text);
    const [d] = withCode(await diagnosticsOf(plain, uri, text), 'SM001');
    const withoutData: Diagnostic = { ...d, data: undefined };
    const actions = await requestActions(plain, uri, [withoutData]);
    assert.equal(actions[0]?.title, 'Rename to SAGEMAKER_PROGRAM');
    await plain.close(uri);
  });

  it('ignores diagnostics of other tools', async () => {
    const text = 'FROM python:3.11\nENV SAGEMAKR_PROGRAM=x.py\n';
    const uri = fresh(text);
    const [d] = withCode(await diagnosticsOf(plain, uri, text), 'SM001');
    assert.deepEqual(await requestActions(plain, uri, [{ ...d, source: 'hadolint' }]), []);
    await plain.close(uri);
  });
});

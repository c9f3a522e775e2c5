// Code actions that edit the script (SM205's '#!' line) or the whole file ("Ignore SMxxx in this file"),
// and source.fixAll with the fixes of SM003/SM006 (applied) and SM205/SM305 (left to the quick fix).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CodeActionKind, type Diagnostic } from 'vscode-languageserver/node';
import { codes, fileUri, FULL_CAPABILITIES, sessionInTemporaryFolder, withCode } from './harness';
import { applyEdit, applyFix, editedUris, project, requestActions } from './code-actions.helpers';

const TIMEOUT = { timeout: 20_000 };

describe('code actions on the script and the whole file', TIMEOUT, () => {
  const on = sessionInTemporaryFolder(FULL_CAPABILITIES);
  let count = 0;

  const dirOf = () => join(on.folder, `files${count}`);
  const fresh = (dockerfile: string, files?: Record<string, string>) => project(join(on.folder, `files${++count}`), dockerfile, files);

  async function diagnosticsOf(uri: string, text: string): Promise<Diagnostic[]> {
    await on.session.open(uri, text, 1);
    return on.session.diagnostics(uri);
  }

  describe('SM205', () => {
    /** Applies the action titled `title` (or the preferred one) to the script; checks SM205 is gone; returns the script and the actions. */
    async function addShebang(program: string, script: string, title?: string) {
      const dockerfile = `FROM python:3.11\nCOPY ${program} /opt/ml/code/\nENV SAGEMAKER_PROGRAM ${program}\n`;
      const uri = fresh(dockerfile, { [program]: script });
      const scriptPath = join(dirOf(), program);
      const [d] = withCode(await diagnosticsOf(uri, dockerfile), 'SM205');
      assert.ok(d, 'SM205 expected');
      const actions = await requestActions(on.session, uri, [d]);
      const action = title === undefined ? actions.find((a) => a.isPreferred) : actions.find((a) => a.title === title);
      assert.ok(action?.edit, actions.map((a) => a.title).join(' | '));
      assert.deepEqual(editedUris(action.edit), [fileUri(scriptPath)]);
      const fixed = applyEdit(readFileSync(scriptPath, 'utf8'), action.edit, fileUri(scriptPath));
      writeFileSync(scriptPath, fixed);
      await on.session.filesChanged([scriptPath]);
      assert.deepEqual(withCode(await on.session.diagnostics(uri), 'SM205'), []);
      await on.session.close(uri);
      return { fixed, actions };
    }
    const shebangActions = (actions: { title: string; isPreferred?: boolean }[]) =>
      actions.filter((a) => a.title.startsWith("Add '#!")).map((a) => [a.title, a.isPreferred === true]);

    it("adds '#!/bin/sh' to a .sh script (preferred) and offers '#!/bin/bash'", async () => {
      const { fixed, actions } = await addShebang('train.sh', 'echo train\n');
      assert.equal(fixed, '#!/bin/sh\necho train\n');
      assert.deepEqual(shebangActions(actions), [
        ["Add '#!/bin/sh' to train.sh", true],
        ["Add '#!/bin/bash' to train.sh", false],
      ]);
    });

    it("can add '#!/bin/bash' instead", async () => {
      const { fixed } = await addShebang('train.sh', 'set -e\necho train\n', "Add '#!/bin/bash' to train.sh");
      assert.equal(fixed, '#!/bin/bash\nset -e\necho train\n');
    });

    it("offers only '#!/bin/sh' for a script without .sh, and replaces a byte-order mark", async () => {
      const { fixed, actions } = await addShebang('train', '\uFEFFecho train\n');
      assert.equal(fixed, '#!/bin/sh\necho train\n');
      assert.deepEqual(shebangActions(actions), [["Add '#!/bin/sh' to train", true]]);
    });
  });

  describe('ignore in this file', () => {
    const port = 'FROM python:3.11\nENV SAGEMAKER_BIND_TO_PORT=8080\n';

    it('inserts a global suppression comment at the top of the file', async () => {
      const uri = fresh(port);
      const { text, action } = await applyFix(on.session, uri, port, 'SM305', 'Ignore SM305 in this file');
      assert.equal(text, `# sagemaker-entrypoint global ignore=SM305\n${port}`);
      assert.equal(action.isPreferred, undefined);
    });

    it('inserts it after parser directives', async () => {
      const text = '# syntax=docker/dockerfile:1\n# escape=`\n\n# Training image\nFROM python:3.11\nENV SAGEMAKER_BIND_TO_PORT=8080\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(on.session, uri, text, 'SM305', 'Ignore SM305 in this file');
      assert.equal(
        fixed,
        '# syntax=docker/dockerfile:1\n# escape=`\n# sagemaker-entrypoint global ignore=SM305\n\n# Training image\nFROM python:3.11\nENV SAGEMAKER_BIND_TO_PORT=8080\n',
      );
    });

    it('adds the ID to the global suppression comment already there, wherever it is', async () => {
      const text = 'FROM python:3.11\n# sagemaker-entrypoint global ignore=SM006 base defaults\nENV SAGEMAKER_BIND_TO_PORT=8080\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(on.session, uri, text, 'SM305', 'Ignore SM305 in this file');
      assert.equal(
        fixed,
        'FROM python:3.11\n# sagemaker-entrypoint global ignore=SM006,SM305 base defaults\nENV SAGEMAKER_BIND_TO_PORT=8080\n',
      );
    });

    it('leaves instruction suppression comments alone and keeps CRLF', async () => {
      const text = '# sagemaker-entrypoint ignore=SM006\r\nFROM python:3.11\r\nENV SAGEMAKER_TRAINING_MODULE=trainer\r\n';
      const uri = fresh(text);
      const { text: fixed } = await applyFix(on.session, uri, text, 'SM101', 'Ignore SM101 in this file');
      assert.equal(fixed, `# sagemaker-entrypoint global ignore=SM101\r\n${text}`);
    });

    it('is offered for every diagnostic, never preferred, after the instruction ignore', async () => {
      const text =
        'FROM python:3.11\nARG SAGEMAKER_PROGRAM=train.py\n# sagemaker-entrypoint ignore=SM999\nENV SAGEMAKER_TRAINING_MODULE=t:main SAGEMAKER_PROGRAM=x.py\n';
      const uri = fresh(text);
      const diagnostics = await diagnosticsOf(uri, text);
      assert.ok(codes(diagnostics).includes('SM000'));
      for (const d of diagnostics) {
        const actions = await requestActions(on.session, uri, [d]);
        const titles = actions.map((a) => a.title);
        const index = titles.indexOf(`Ignore ${String(d.code)} in this file`);
        assert.ok(index >= 0, `no file ignore for ${String(d.code)}: ${titles.join(' | ')}`);
        assert.equal(actions[index].isPreferred, undefined);
        const instruction = titles.indexOf(`Ignore ${String(d.code)} for this instruction`);
        assert.ok(instruction < index);
      }
      await on.session.close(uri);
    });
  });

  it('source.fixAll applies the SM003 and SM006 fixes, not the SM305 removal or the edit on the script', async () => {
    const dockerfile = [
      'FROM python:3.11',
      'RUN pip install sagemaker-training',
      'ARG SAGEMAKER_CONTAINER_LOG_LEVEL=20',
      'COPY train.sh /opt/ml/code/',
      'ENV SAGEMAKER_PROGRAM=old.sh',
      'ENV SAGEMAKER_PROGRAM=train.sh SAGEMAKER_BIND_TO_PORT=8080',
      '',
    ].join('\n');
    const uri = fresh(dockerfile, { 'train.sh': 'echo train\n' });
    const before = codes(await diagnosticsOf(uri, dockerfile));
    assert.deepEqual([...before].sort(), ['SM003', 'SM006', 'SM205', 'SM305']);
    const fixAll = (await requestActions(on.session, uri, [], [CodeActionKind.SourceFixAll])).at(0);
    assert.equal(fixAll?.kind, CodeActionKind.SourceFixAll);
    assert.deepEqual(editedUris(fixAll.edit!), [uri]);
    assert.deepEqual(codes(fixAll.diagnostics ?? []).sort(), ['SM003', 'SM006']);
    const fixed = applyEdit(dockerfile, fixAll.edit, uri);
    assert.equal(
      fixed,
      [
        'FROM python:3.11',
        'RUN pip install sagemaker-training',
        'ENV SAGEMAKER_CONTAINER_LOG_LEVEL=20',
        'COPY train.sh /opt/ml/code/',
        'ENV SAGEMAKER_PROGRAM=train.sh SAGEMAKER_BIND_TO_PORT=8080',
        '',
      ].join('\n'),
    );
    await on.session.replaceText(uri, fixed, 2);
    assert.deepEqual(codes(await on.session.diagnostics(uri)).sort(), ['SM205', 'SM305']);
    await on.session.close(uri);
  });
});

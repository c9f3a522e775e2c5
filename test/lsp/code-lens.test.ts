// Code lens: one "run" lens per mode, above the entry-point assignment the container uses.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver/node';
import { fileUri, folder, temporaryFolder, TestSession } from './harness';

describe('code lens', { timeout: 10_000 }, () => {
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

  const lenses = async (uri: string, text: string) => {
    await session.open(uri, text);
    const result = (await session.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    // A command's arguments are whatever the server sent: compared as data, never used.
    return result.map((lens): { line: number; title?: string; argument: unknown } => ({
      line: lens.range.start.line,
      title: lens.command?.title,
      argument: lens.command?.arguments?.[0],
    }));
  };

  it('offers training (locally and on SageMaker) above the effective program and serving above the serving module', async () => {
    const uri = fileUri(join(workspace.path, 'Dockerfile'));
    const text = [
      'FROM python:3.11 AS base',
      'ENV SAGEMAKER_PROGRAM=old.py',
      'FROM base',
      'ENV SAGEMAKER_PROGRAM=train.py',
      'ENV SAGEMAKER_SERVING_MODULE=app.server:app',
    ].join('\n');
    assert.deepEqual(await lenses(uri, text), [
      { line: 3, title: '$(play) Run training locally', argument: { uri, mode: 'train' } },
      { line: 3, title: '$(cloud-upload) Train on SageMaker', argument: { uri } },
      { line: 4, title: '$(play) Serve locally', argument: { uri, mode: 'serve' } },
    ]);
  });

  it('offers nothing for an unsaved buffer, an empty value or a stage the target does not use', async () => {
    assert.deepEqual(await lenses('untitled:Untitled-1', 'FROM a\nENV SAGEMAKER_PROGRAM=train.py\n'), []);
    const uri = fileUri(join(workspace.path, 'other.Dockerfile'));
    assert.deepEqual(await lenses(uri, 'FROM a AS side\nENV SAGEMAKER_PROGRAM=train.py\nFROM a\nENV SAGEMAKER_SERVING_MODULE=\n'), []);
  });
});

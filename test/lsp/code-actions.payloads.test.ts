// A quick fix reads only the diagnostic's payload and the document: the fixes that edit the script
// (SM205, SM206) still work once the script is gone from disk after the analysis, and a payload that
// is not its rule's shape is never handed to a fix.
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { fileUri, FULL_CAPABILITIES, sessionInTemporaryFolder, withCode } from './harness';
import { applyEdit, editedUris, project, requestActions } from './code-actions.helpers';

const TIMEOUT = { timeout: 20_000 };

describe('quick fixes from the payload alone', TIMEOUT, () => {
  const on = sessionInTemporaryFolder(FULL_CAPABILITIES);
  let count = 0;

  /** The diagnostic `code` for a Dockerfile that runs `program`, after which the script is deleted from disk. */
  async function withScriptGone(
    code: string,
    program: string,
    script: string,
  ): Promise<{ uri: string; scriptPath: string; diagnostic: Diagnostic }> {
    const dir = join(on.folder, `payload${++count}`);
    const dockerfile = `FROM python:3.11\nCOPY ${program} /opt/ml/code/\nENV SAGEMAKER_PROGRAM ${program}\n`;
    const uri = project(dir, dockerfile, { [program]: script });
    await on.session.open(uri, dockerfile, 1);
    const [diagnostic] = withCode(await on.session.diagnostics(uri), code);
    assert.ok(diagnostic, `${code} expected`);
    const scriptPath = join(dir, program);
    rmSync(scriptPath);
    assert.ok(!readdirSync(dir).includes(program));
    return { uri, scriptPath, diagnostic };
  }

  it("SM205: adds the '#!' line, in place of a byte-order mark, with the script gone from disk", async () => {
    const script = '\uFEFFecho train\r\n';
    const { uri, scriptPath, diagnostic } = await withScriptGone('SM205', 'train.sh', script);
    const actions = await requestActions(on.session, uri, [diagnostic]);
    const shebangs = actions.filter((a) => a.title.startsWith("Add '#!"));
    assert.deepEqual(
      shebangs.map((a) => [a.title, a.isPreferred === true]),
      [
        ["Add '#!/bin/sh' to train.sh", true],
        ["Add '#!/bin/bash' to train.sh", false],
      ],
    );
    assert.deepEqual(editedUris(shebangs[0].edit!), [fileUri(scriptPath)]);
    assert.equal(applyEdit(script, shebangs[0].edit, fileUri(scriptPath)), '#!/bin/sh\necho train\r\n');
    await on.session.close(uri);
  });

  it('SM206: turns every CRLF into LF and keeps a lone CR, with the script gone from disk', async () => {
    const script = '#!/bin/sh\r\necho "a\rb"\r\n\r\necho done\nexit 0\r\n';
    const { uri, scriptPath, diagnostic } = await withScriptGone('SM206', 'run.sh', script);
    const action = (await requestActions(on.session, uri, [diagnostic])).find((a) => a.isPreferred);
    assert.equal(action?.title, 'Convert run.sh to LF line endings');
    assert.deepEqual(editedUris(action.edit!), [fileUri(scriptPath)]);
    assert.equal(applyEdit(script, action.edit, fileUri(scriptPath)), '#!/bin/sh\necho "a\rb"\n\necho done\nexit 0\n');
    await on.session.close(uri);
  });

  it("a payload that is not its rule's shape is replaced by the server's own, and an unknown one gives no fix", async () => {
    const dir = join(on.folder, `payload${++count}`);
    const dockerfile = 'FROM python:3.11\nENV SAGEMAKER_PROGRAMM=train.py\n';
    const uri = project(dir, dockerfile);
    await on.session.open(uri, dockerfile, 1);
    const [d] = withCode(await on.session.diagnostics(uri), 'SM001');
    assert.ok(d, 'SM001 expected');
    const renames = async (diagnostic: Diagnostic) =>
      (await requestActions(on.session, uri, [diagnostic])).filter((a) => a.title.startsWith('Rename'));
    assert.deepEqual(
      (await renames({ ...d, data: { rule: 'SM001', suggestion: 42 } })).map((a) => a.title),
      ['Rename to SAGEMAKER_PROGRAM'],
    );
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
    assert.deepEqual(await renames({ ...d, range: elsewhere, data: { rule: 'SM001', suggestion: 42 } }), []);
    await on.session.close(uri);
  });
});

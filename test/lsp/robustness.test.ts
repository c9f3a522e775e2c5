// Whatever the text, the server answers with a report: never an error response, never a crash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import { TestSession } from './harness';

const TIMEOUT = { timeout: 30_000 };

/** Small deterministic generator, so a failing text can be reproduced from its index. */
function randomTexts(count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pieces = [
    'FROM ',
    'ENV ',
    'ARG ',
    'COPY ',
    'ADD ',
    'WORKDIR ',
    'RUN ',
    'ENTRYPOINT ',
    '# escape=`\n',
    '\\\n',
    '`\n',
    '\n',
    ' ',
    'SAGEMAKER_PROGRAM',
    'SAGEMAKER_TRAINING_MODULE',
    'SAGEMAKER_SERVING_MODULE',
    '=',
    '"',
    "'",
    '${',
    '}',
    '$',
    ':-',
    ':',
    '/opt/ml/code/',
    '..',
    'train.py',
    '--from=0 ',
    'AS ',
    '\t',
    '\r\n',
    '\u0000',
    '😀',
    '[',
    ']',
    '#',
    '.',
    '*',
  ];
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 80) }, () =>
      next() < 0.8 ? pieces[Math.floor(next() * pieces.length)] : String.fromCharCode(Math.floor(next() * 0xffff)),
    ).join(''),
  );
}

describe('robustness', TIMEOUT, () => {
  let session: TestSession;
  before(async () => {
    session = await TestSession.start();
  });
  after(() => session.dispose());

  const cases: [string, string][] = [
    ['an empty file', ''],
    ['a huge single line', `FROM python:3.11\nENV SAGEMAKER_PROGRAM ${'a'.repeat(1_000_000)}\n`],
    ['many lines', 'FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n'.repeat(20_000)],
    ['deeply continued lines', `FROM python:3.11\nENV SAGEMAKER_PROGRAM \\\n${'  x \\\n'.repeat(10_000)}\n`],
    ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1')],
    ['unbalanced variables', 'FROM python\nARG A=${B:-${C:+${D\nENV SAGEMAKER_PROGRAM ${A\n'],
  ];
  for (const [name, text] of cases) {
    it(`returns a report for ${name}`, async () => {
      const uri = `untitled:${encodeURIComponent(name)}`;
      await session.open(uri, text);
      const report = await session.pull(uri);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full);
    });
  }

  it('returns a report for 300 random texts', async () => {
    const uri = 'untitled:random';
    await session.open(uri, '', 1);
    const texts = randomTexts(300, 42);
    for (const [index, text] of texts.entries()) {
      await session.replaceText(uri, text, index + 2);
      const report = await session.pull(uri);
      assert.equal(report.kind, DocumentDiagnosticReportKind.Full, `text #${index}`);
    }
  });

  it('returns an empty report for a document that is not open', async () => {
    assert.deepEqual(await session.pull('file:///nowhere/Dockerfile'), { kind: DocumentDiagnosticReportKind.Full, items: [] });
  });

  it('accepts unusual URIs and malformed notifications', async () => {
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 1 }] });
    await session.client.sendNotification('workspace/didChangeWatchedFiles', {});
    await session.client.sendNotification('workspace/didChangeConfiguration', null);
    const uri = 'vscode-vfs://github/owner/repo/Dockerfile';
    await session.open(uri, 'FROM python:3.11\n');
    assert.equal((await session.pull(uri)).kind, DocumentDiagnosticReportKind.Full);
  });
});

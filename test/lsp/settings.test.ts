// Settings: fetched per document, cleared on change (with a diagnostics refresh), validated defensively.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { fileUri, folder, temporaryFolder, TestSession, withCode } from './harness';

const TIMEOUT = { timeout: 10_000 };
const SM101_TEXT = 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer\n';

describe('settings', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  before(() => {
    workspace = temporaryFolder();
  });
  after(() => workspace.remove());

  async function sessionWith(settings: unknown): Promise<{ session: TestSession; uri: string }> {
    const session = await TestSession.start({ workspaceFolders: [folder(workspace.path)], settings });
    const uri = fileUri(join(workspace.path, 'Dockerfile'));
    await session.open(uri, SM101_TEXT);
    return { session, uri };
  }

  it('asks for the section scoped to the document', async () => {
    const { session, uri } = await sessionWith({});
    try {
      await session.diagnostics(uri);
      assert.deepEqual(session.configurationScopes, [uri]);
      await session.diagnostics(uri);
      assert.equal(session.configurationScopes.length, 1, 'settings are cached per document');
    } finally {
      session.dispose();
    }
  });

  it('re-reads settings after didChangeConfiguration: a severity changes, then the rule is turned off', async () => {
    const { session, uri } = await sessionWith({});
    try {
      assert.equal(withCode(await session.diagnostics(uri), 'SM101')[0]?.severity, DiagnosticSeverity.Error);
      const analysesBefore = session.server.analyses.analysisCount;

      await session.changeConfiguration({ rules: { SM101: 'warning' } });
      assert.equal(withCode(await session.diagnostics(uri), 'SM101')[0]?.severity, DiagnosticSeverity.Warning);
      assert.equal(session.server.analyses.analysisCount, analysesBefore + 1, 'same version, analysed again');

      await session.changeConfiguration({ rules: { SM101: 'off' } });
      assert.deepEqual(withCode(await session.diagnostics(uri), 'SM101'), []);
      assert.equal(session.configurationScopes.length, 3);
    } finally {
      session.dispose();
    }
  });

  it('hands target, build arguments and the build context (relative to the workspace folder) to the analysis', async () => {
    const settings = { target: ' train ', buildContext: 'src', buildArgs: { VERSION: '1.0', EPOCHS: 3 }, rules: { sm006: 'OFF' } };
    const { session, uri } = await sessionWith(settings);
    try {
      await session.diagnostics(uri);
      const options = (await session.server.analyses.get(session.server.documents.get(uri)!))!.options;
      assert.equal(options.target, 'train');
      assert.equal(options.context, join(workspace.path, 'src'));
      assert.deepEqual(options.buildArgs, { VERSION: '1.0', EPOCHS: '3' });
      assert.deepEqual(options.severities, { SM006: 'off' });
    } finally {
      session.dispose();
    }
  });

  for (const [name, settings] of [
    ['a number', 42],
    ['an array', ['SM101']],
    ['fields of the wrong type', { rules: 'SM101=off', target: 5, buildContext: {}, buildArgs: ['A=1'] }],
    ['bad entries inside the maps', { rules: { SM101: 'loud', SM201: 3 }, buildArgs: { A: { nested: true }, B: null } }],
  ] as const) {
    it(`falls back to defaults for ${name} and logs why`, async () => {
      const { session, uri } = await sessionWith(settings);
      try {
        const sm101 = withCode(await session.diagnostics(uri), 'SM101');
        assert.ok(sm101.every((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error));
        const options = (await session.server.analyses.get(session.server.documents.get(uri)!))!.options;
        assert.equal(options.target, undefined);
        assert.equal(options.context, undefined);
        assert.deepEqual(options.severities, {});
        assert.ok(
          session.logs.some((line) => line.startsWith('sagemakerEntrypoint')),
          `expected a log line, got ${session.logs.join('\n')}`,
        );
      } finally {
        session.dispose();
      }
    });
  }

  it('survives a client that fails the configuration request', async () => {
    const session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
    try {
      session.client.onRequest('workspace/configuration', () => {
        throw new Error('no configuration here');
      });
      const uri = fileUri(join(workspace.path, 'Dockerfile'));
      await session.open(uri, SM101_TEXT);
      assert.equal(withCode(await session.diagnostics(uri), 'SM101')[0]?.severity, DiagnosticSeverity.Error);
      assert.ok(session.logs.some((line) => line.includes('could not read the settings')));
    } finally {
      session.dispose();
    }
  });

  it('uses the defaults for a client without the configuration capability', async () => {
    const session = await TestSession.start({ capabilities: {}, settings: { rules: { SM101: 'off' } } });
    try {
      const uri = fileUri(join(workspace.path, 'Dockerfile'));
      await session.open(uri, SM101_TEXT);
      assert.equal(withCode(await session.diagnostics(uri), 'SM101')[0]?.severity, DiagnosticSeverity.Error);
      assert.deepEqual(session.configurationScopes, []);
      assert.deepEqual(session.registrations, []);
    } finally {
      session.dispose();
    }
  });
});

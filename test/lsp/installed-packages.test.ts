// A framework image installs its own package (`pip install <dir>`) and points the toolkit at it:
// hover, definition, document links and completion reach the module and function in the build
// context, and the diagnostics (SM105) come from the same resolution.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentDiagnosticRequest,
  DocumentLinkRequest,
  HoverRequest,
  type CompletionItem,
  type FullDocumentDiagnosticReport,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { range, withCursor, writeProject } from './editor-project';
import { fileUri, folder, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 10_000 };

/** `bootstrap.py`: main(config_path) on line 4, run() on line 8 (1-based). */
const FRAMEWORK = {
  'framework/pyproject.toml':
    '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "acme-trainer"\nversion = "1.0"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
  'framework/src/acme_trainer/__init__.py': '',
  'framework/src/acme_trainer/bootstrap.py': 'import os\n\n\ndef main(config_path):\n    pass\n\n\ndef run():\n    pass\n',
  'framework/tests/test_bootstrap.py': '',
};

const DOCKERFILE = (value: string) =>
  `FROM python:3.11\nCOPY framework/ /opt/framework/\nRUN pip install --no-cache-dir /opt/framework\nENV SAGEMAKER_TRAINING_MODULE=${value}\n`;

describe('installed packages in the editor', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let documents = 0;
  const file = (name: string) => fileUri(join(workspace.path, name));
  const newUri = () => file(`Dockerfile.${++documents}`);
  const BOOTSTRAP = 'framework/src/acme_trainer/bootstrap.py';

  before(async () => {
    workspace = temporaryFolder();
    writeProject(workspace.path, FRAMEWORK);
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
  });
  after(() => {
    session.dispose();
    workspace.remove();
  });

  async function open(marked: string): Promise<{ uri: string; position: { line: number; character: number } }> {
    const { text, position } = withCursor(marked.includes('|') ? marked : `${marked}|`);
    const uri = newUri();
    await session.open(uri, text);
    return { uri, position };
  }

  const noFailures = () =>
    assert.deepEqual(
      session.logs.filter((l) => / failed/.test(l)),
      [],
      'no feature failed',
    );

  it('hover names the file, where it is imported from and the RUN that installs it', async () => {
    const { uri, position } = await open(DOCKERFILE('acme_trainer.boot|strap:main'));
    const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    noFailures();
    const text = (hover?.contents as MarkupContent).value;
    assert.match(
      text,
      /`framework\/src\/acme_trainer\/bootstrap\.py` in the build context → `\/opt\/framework\/src\/acme_trainer\/bootstrap\.py`, installed by the RUN on line 3/,
    );
    assert.match(text, /`main`: `def main\(config_path\)` on line 4 of framework\/src\/acme_trainer\/bootstrap\.py\. It needs arguments/);
  });

  it('goes to the module file and to the function', async () => {
    const onModule = await open(DOCKERFILE('acme_trainer.boot|strap:main'));
    const moduleTarget = (await session.client.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: onModule.uri },
      position: onModule.position,
    })) as Location[];
    assert.deepEqual(moduleTarget, [{ uri: file(BOOTSTRAP), range: range(0, 0, 0) }]);
    const onFunction = await open(DOCKERFILE('acme_trainer.bootstrap:ma|in'));
    const functionTarget = (await session.client.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: onFunction.uri },
      position: onFunction.position,
    })) as Location[];
    assert.deepEqual(functionTarget, [{ uri: file(BOOTSTRAP), range: range(3, 4, 4) }]);
    noFailures();
  });

  it('links the module and the function', async () => {
    const { uri } = await open(DOCKERFILE('acme_trainer.bootstrap:main'));
    const links = await session.client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    noFailures();
    assert.deepEqual(
      (links ?? []).map((l) => [l.range, l.target]),
      [
        [range(3, 30, 52), file(BOOTSTRAP)],
        [range(3, 53, 57), `${file(BOOTSTRAP)}#L4`],
      ],
    );
  });

  it('completes the installed modules, then their functions', async () => {
    const complete = async (marked: string): Promise<CompletionItem[]> => {
      const { uri, position } = await open(marked);
      const items = await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      noFailures();
      assert.ok(Array.isArray(items));
      return items;
    };
    const modules = await complete(DOCKERFILE('acme|'));
    assert.deepEqual(modules.map((i) => i.label).sort(), ['acme_trainer', 'acme_trainer.bootstrap'], 'tests/ is not part of the package');
    assert.equal(modules.find((i) => i.label === 'acme_trainer.bootstrap')?.detail, 'imported from /opt/framework/src');
    const functions = await complete(DOCKERFILE('acme_trainer.bootstrap:|'));
    assert.deepEqual(functions.map((i) => i.label).sort(), ['main', 'run']);
  });

  it('reports SM105 from the same resolution', async () => {
    const { uri } = await open(DOCKERFILE('acme_trainer.bootstrap:main'));
    const report = (await session.client.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
    })) as FullDocumentDiagnosticReport;
    assert.deepEqual(
      report.items.map((d) => [d.code, d.range]),
      [['SM105', range(3, 53, 57)]],
    );
  });
});

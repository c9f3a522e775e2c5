// Go to definition and document links over the LSP connection, and one analysis per document version
// however many editor features ask.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  HoverRequest,
  type DocumentLink,
  type Location,
  type Position,
} from 'vscode-languageserver/node';
import { range, withCursor, writeProject } from './editor-project';
import { fileUri, folder, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 10_000 };

describe('navigation', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let documents = 0;
  const file = (name: string) => fileUri(join(workspace.path, name));

  before(async () => {
    workspace = temporaryFolder();
    writeProject(workspace.path);
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
  });
  after(() => {
    session.dispose();
    workspace.remove();
  });

  const newUri = () => file(`Dockerfile.${++documents}`);
  const noFailures = () =>
    assert.deepEqual(
      session.logs.filter((l) => / failed/.test(l)),
      [],
      'no feature failed',
    );

  async function definitionAt(marked: string, uri = newUri()): Promise<Location[]> {
    const { text, position } = withCursor(marked);
    await session.open(uri, text);
    const result = await session.client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    noFailures();
    assert.ok(Array.isArray(result ?? []), 'locations');
    return (result ?? []) as Location[];
  }

  async function linksOf(text: string, uri = newUri()): Promise<DocumentLink[]> {
    await session.open(uri, text);
    const result = await session.client.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    noFailures();
    return result ?? [];
  }

  const at = (line: number, character: number): Position => ({ line, character });
  const location = (name: string, line: number, character = 0): Location => ({
    uri: file(name),
    range: { start: at(line, character), end: at(line, character) },
  });

  describe('definition', () => {
    it('goes from SAGEMAKER_PROGRAM to the script in the build context', async () => {
      assert.deepEqual(await definitionAt('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=tr|ain.py\n'), [
        location('train.py', 0),
      ]);
    });

    it('follows the COPY to the file it copies', async () => {
      const locations = await definitionAt('FROM python:3.11\nCOPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM "entry.py|"\n');
      assert.deepEqual(locations, [location('src/entry.py', 0)]);
    });

    it('falls back to the file of that name when no COPY places it', async () => {
      assert.deepEqual(await definitionAt('FROM python:3.11\nENV SAGEMAKER_PROGRAM=|run.sh\n'), [location('run.sh', 0)]);
    });

    it('goes to the module file from the module part and to the def line from the function part', async () => {
      const text = 'FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=pkg.m|od:helper\n';
      assert.deepEqual(await definitionAt(text), [location('pkg/mod.py', 0)]);
      assert.deepEqual(await definitionAt(text.replace('pkg.m|od:helper', 'pkg.mod:hel|per')), [location('pkg/mod.py', 7, 4)]);
      assert.deepEqual(await definitionAt(text.replace('pkg.m|od:helper', 'pk|g:x')), [location('pkg/__init__.py', 0)]);
    });

    it('goes to the WSGI app of the serving module, and to `application` when there is no attribute', async () => {
      const text = 'FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE pkg.mod:a|pp\n';
      assert.deepEqual(await definitionAt(text), [location('pkg/mod.py', 11, 0)]);
      assert.deepEqual(await definitionAt(text.replace('pkg.mod:a|pp', 'pkg.mo|d')), [location('pkg/mod.py', 0)]);
    });

    it('answers nothing elsewhere, for missing files and without a build context', async () => {
      assert.deepEqual(await definitionAt('FROM py|thon:3.11\nENV SAGEMAKER_PROGRAM=train.py\n'), []);
      assert.deepEqual(await definitionAt('FROM python:3.11\nENV SAGEMAKER_PRO|GRAM=train.py\n'), []);
      assert.deepEqual(await definitionAt('FROM python:3.11\nENV SAGEMAKER_PROGRAM=miss|ing.py\n'), []);
      assert.deepEqual(await definitionAt('FROM python:3.11\nENV SAGEMAKER_PROGRAM=secret|.py\n'), [], '.dockerignore excludes it');
      assert.deepEqual(await definitionAt('FROM python:3.11\nENV SAGEMAKER_PROGRAM=tr|ain.py\n', 'untitled:Untitled-1'), []);
    });
  });

  describe('document links', () => {
    it('links each entry-point value; the function part to its def line', async () => {
      const text = [
        'FROM python:3.11',
        'COPY . /opt/ml/code/',
        'ENV SAGEMAKER_PROGRAM=train.py',
        'ENV SAGEMAKER_TRAINING_MODULE="pkg.mod:main"',
        'ENV SAGEMAKER_SERVING_MODULE pkg.mod',
        'ENV SAGEMAKER_REGION=pkg.mod',
      ].join('\n');
      const links = (await linksOf(text)).map(({ range: r, target }) => ({ range: r, target }));
      assert.deepEqual(links, [
        { range: range(2, 22, 30), target: file('train.py') },
        { range: range(3, 31, 38), target: file('pkg/mod.py') },
        { range: range(3, 39, 43), target: `${file('pkg/mod.py')}#L4` },
        { range: range(4, 29, 36), target: file('pkg/mod.py') },
      ]);
    });

    it('makes one link when the value comes from a variable', async () => {
      const links = await linksOf('FROM python:3.11\nCOPY . /opt/ml/code/\nARG M=pkg.mod:main\nENV SAGEMAKER_TRAINING_MODULE=$M\n');
      assert.deepEqual(
        links.map((l) => [l.range, l.target]),
        [[range(3, 30, 32), `${file('pkg/mod.py')}#L4`]],
      );
    });

    it('has no links without a build context or without files', async () => {
      assert.deepEqual(await linksOf('FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n', 'untitled:Untitled-2'), []);
      assert.deepEqual(await linksOf('FROM python:3.11\nENV SAGEMAKER_PROGRAM=missing.py\nENV SAGEMAKER_TRAINING_MODULE=x.y:z\n'), []);
    });
  });

  it('analyses a document version once for diagnostics, completion, hover, definition and links', async () => {
    const uri = newUri();
    const text = 'FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main\n';
    const before = session.server.analyses.analysisCount;
    await session.open(uri, text, 3);
    const textDocument = { uri };
    const [report, completion, hover, definition, links] = await Promise.all([
      session.pull(uri),
      session.client.sendRequest(CompletionRequest.type, { textDocument, position: at(3, 38) }),
      session.client.sendRequest(HoverRequest.type, { textDocument, position: at(2, 25) }),
      session.client.sendRequest(DefinitionRequest.type, { textDocument, position: at(3, 40) }),
      session.client.sendRequest(DocumentLinkRequest.type, { textDocument }),
    ]);
    assert.equal(report.kind, 'full');
    assert.ok(Array.isArray(completion) && completion.length > 0, 'completion items');
    assert.ok(hover, 'a hover');
    assert.deepEqual(definition, [location('pkg/mod.py', 3, 4)]);
    assert.equal(links?.length, 3);
    await session.client.sendRequest(HoverRequest.type, { textDocument, position: at(3, 25) });
    assert.equal(session.server.analyses.analysisCount, before + 1);
    noFailures();
  });
});

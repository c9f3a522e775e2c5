// Completion over the LSP connection: SageMaker keys after ENV, scripts for SAGEMAKER_PROGRAM, modules
// and functions for the module keys, booleans; untitled buffers and positions outside ENV.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver/node';
import { range, withCursor, writeProject } from './editor-project';
import { fileUri, folder, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 10_000 };

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
const edit = (item: CompletionItem | undefined) => item?.textEdit as TextEdit;

describe('completion', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let documents = 0;

  before(async () => {
    workspace = temporaryFolder();
    writeProject(workspace.path);
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
  });
  after(() => {
    session.dispose();
    workspace.remove();
  });

  /** Opens `marked` as a new Dockerfile of the workspace (or under `uri`) and asks for completion at the `|`. */
  async function complete(marked: string, uri = fileUri(join(workspace.path, `Dockerfile.${++documents}`))): Promise<CompletionItem[]> {
    const { text, position } = withCursor(marked);
    await session.open(uri, text);
    const result = await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    assert.ok(Array.isArray(result), 'a list of items');
    assert.deepEqual(
      session.logs.filter((l) => / failed/.test(l)),
      [],
      'no feature failed',
    );
    return result;
  }

  describe('keys', () => {
    it('completes a partly typed key with its meaning as documentation', async () => {
      const items = await complete('FROM python:3.11\nENV SAGE|');
      const program = items.find((i) => i.label === 'SAGEMAKER_PROGRAM');
      assert.ok(program, 'SAGEMAKER_PROGRAM offered');
      assert.deepEqual(edit(program), { range: range(1, 4, 8), newText: 'SAGEMAKER_PROGRAM' });
      const doc = program.documentation as MarkupContent;
      assert.equal(doc.kind, 'markdown');
      assert.match(doc.value, /relative to `\/opt\/ml\/code`/);
      assert.match(doc.value, /sagemaker-training: environment\.py/);
      assert.ok(items.some((i) => i.label === 'SAGEMAKER_MULTI_MODEL'));
      assert.ok(items.every((i) => i.label.startsWith('SAGEMAKER_')));
    });

    it('lists the entry-point keys first and marks the obsolete one', async () => {
      const items = await complete('FROM python:3.11\nENV |');
      const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      assert.deepEqual(
        sorted.slice(0, 3).map((i) => i.label),
        ['SAGEMAKER_PROGRAM', 'SAGEMAKER_TRAINING_MODULE', 'SAGEMAKER_SERVING_MODULE'],
      );
      assert.deepEqual(edit(items[0]).range, range(1, 4, 4));
      assert.equal(edit(items[0]).newText, items[0].label, 'the first key of an instruction gets no "="');
      assert.deepEqual(items.find((i) => i.label === 'SAGEMAKER_REQUIREMENTS')?.tags, [1]);
    });

    it('inserts NAME= in the K=v form', async () => {
      const items = await complete('FROM python:3.11\nENV A=1 SAGE|');
      assert.deepEqual(edit(items.find((i) => i.label === 'SAGEMAKER_PROGRAM')), { range: range(1, 8, 12), newText: 'SAGEMAKER_PROGRAM=' });
      const blank = await complete('FROM python:3.11\nENV A=1 |');
      assert.equal(edit(blank[0]).newText.endsWith('='), true);
    });

    it('does not add a second "=" to a key that has one', async () => {
      const items = await complete('FROM python:3.11\nENV A=1 SAGE|=train.py');
      assert.equal(edit(items.find((i) => i.label === 'SAGEMAKER_PROGRAM')).newText, 'SAGEMAKER_PROGRAM');
    });

    it('completes a key on a continuation line', async () => {
      const items = await complete('FROM python:3.11\nENV A=1 \\\n    SAGEM|');
      assert.deepEqual(edit(items.find((i) => i.label === 'SAGEMAKER_PROGRAM')), { range: range(2, 4, 9), newText: 'SAGEMAKER_PROGRAM=' });
    });
  });

  describe('SAGEMAKER_PROGRAM', () => {
    it('offers the scripts COPY puts in /opt/ml/code, named from there', async () => {
      const items = await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=|');
      assert.deepEqual(labels(items), ['pkg/mod.py', 'run.sh', 'src/entry.py', 'train.py']);
      const train = items.find((i) => i.label === 'train.py')!;
      assert.deepEqual(edit(train), { range: range(2, 22, 22), newText: 'train.py' });
      assert.equal(train.detail, 'runs as python train.py');
      assert.equal(items.find((i) => i.label === 'run.sh')?.detail, 'runs as /bin/sh -c ./run.sh');
    });

    it('names files relative to /opt/ml/code when a subfolder is copied there', async () => {
      const items = await complete('FROM python:3.11\nCOPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM |');
      assert.deepEqual(labels(items), ['entry.py']);
      assert.match((items[0].documentation as MarkupContent).value, /`src\/entry\.py` in the build context/);
    });

    it('follows COPY --from to the context files a build stage copied', async () => {
      const text =
        'FROM python:3.11 AS build\nCOPY src/ /app/\nCOPY train.py /app/bin/\nFROM python:3.11\nCOPY --from=build /app /opt/ml/code\nCOPY --from=build /app/bin/train.py /opt/ml/code/main.py\nENV SAGEMAKER_PROGRAM=|';
      const items = await complete(text);
      assert.deepEqual(labels(items), ['bin/train.py', 'entry.py', 'main.py']);
      assert.match((items.find((i) => i.label === 'main.py')!.documentation as MarkupContent).value, /`train\.py` in the build context/);
    });

    it('replaces the whole value, inside its quotes', async () => {
      const spaced = await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM tr|ain');
      assert.deepEqual(edit(spaced[0]).range, range(2, 22, 27));
      const quoted = await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM="tr|"');
      assert.deepEqual(edit(quoted[0]).range, range(2, 23, 25));
    });

    it('lists the context scripts, marked as not copied, when nothing reaches /opt/ml/code', async () => {
      const items = await complete('FROM python:3.11\nENV SAGEMAKER_PROGRAM=|');
      assert.deepEqual(labels(items), ['pkg/mod.py', 'run.sh', 'src/entry.py', 'train.py']);
      assert.ok(items.every((i) => i.detail === 'not copied to /opt/ml/code yet'));
    });
  });

  describe('module keys', () => {
    it('offers dotted modules of the context before the colon, then asks for the function', async () => {
      const items = await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=pkg.|');
      assert.deepEqual(labels(items), ['pkg', 'pkg.mod', 'src.entry', 'train']);
      const mod = items.find((i) => i.label === 'pkg.mod')!;
      assert.deepEqual(edit(mod), { range: range(2, 30, 34), newText: 'pkg.mod:' });
      assert.equal(mod.command?.command, 'editor.action.triggerSuggest');
      assert.equal(mod.detail, 'in the build context');
    });

    it('names modules from the roots on PYTHONPATH', async () => {
      const text = 'FROM python:3.11\nCOPY src/ /srv/lib/\nENV PYTHONPATH=/srv/lib\nENV SAGEMAKER_TRAINING_MODULE=|:start';
      const items = await complete(text);
      assert.deepEqual(labels(items), ['entry']);
      assert.equal(items[0].detail, 'imported from /srv/lib');
      assert.deepEqual(edit(items[0]), { range: range(3, 30, 30), newText: 'entry' }, 'the colon is already there');
    });

    it('offers the functions of the chosen module after the colon', async () => {
      const items = await complete('FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:|');
      assert.deepEqual(labels(items), ['helper', 'main']);
      const helper = items.find((i) => i.label === 'helper')!;
      assert.equal(helper.detail, 'def helper(x)');
      assert.deepEqual(edit(helper), { range: range(1, 38, 38), newText: 'helper' });
      assert.match((helper.documentation as MarkupContent).value, /no arguments/);
      assert.ok((items.find((i) => i.label === 'main')!.sortText ?? '') < (helper.sortText ?? ''), 'zero-argument functions first');
    });

    it('adds WSGI-looking assignments for the serving module', async () => {
      const items = await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE pkg.mod:a|');
      assert.deepEqual(labels(items), ['app', 'helper', 'main']);
      assert.deepEqual(edit(items.find((i) => i.label === 'app')), { range: range(2, 37, 38), newText: 'app' });
    });
  });

  it('offers true and false for boolean keys', async () => {
    assert.deepEqual(labels(await complete('FROM python:3.11\nENV SAGEMAKER_MULTI_MODEL=|')), ['false', 'true']);
    assert.deepEqual(labels(await complete('FROM python:3.11\nENV SAGEMAKER_USE_NGINX |')), ['false', 'true']);
  });

  it('answers nothing outside ENV keys and SageMaker values', async () => {
    assert.deepEqual(await complete('FROM python|:3.11\nENV A=1'), []);
    assert.deepEqual(await complete('FROM python:3.11\nRUN echo |'), []);
    assert.deepEqual(await complete('FROM python:3.11\nENV FOO=|'), []);
    assert.deepEqual(await complete('FROM python:3.11\nENV SAGEMAKER_PROGRAM train.py |'), []);
    assert.deepEqual(await complete('FROM python:3.11\n|\nENV A=1'), []);
    assert.deepEqual(await complete('FROM python:3.11\n# ENV SAGE|'), []);
  });

  it('completes keys but no files in an untitled buffer', async () => {
    const keys = await complete('FROM python:3.11\nENV SAGE|', 'untitled:Untitled-1');
    assert.ok(keys.some((i) => i.label === 'SAGEMAKER_PROGRAM'));
    assert.deepEqual(await complete('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=|', 'untitled:Untitled-2'), []);
    assert.deepEqual(await complete('FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:|', 'untitled:Untitled-3'), []);
    assert.deepEqual(labels(await complete('FROM python:3.11\nENV SAGEMAKER_MULTI_MODEL=|', 'untitled:Untitled-4')), ['false', 'true']);
  });
});

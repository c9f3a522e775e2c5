// Hover over the LSP connection: the key's meaning and readers, the value and its stage, where the
// program lands and how it runs, the module file and function, and the build context.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver/node';
import { range, withCursor, writeProject } from './editor-project';
import { fileUri, folder, temporaryFolder, TestSession } from './harness';

const TIMEOUT = { timeout: 10_000 };

describe('hover', TIMEOUT, () => {
  let workspace: ReturnType<typeof temporaryFolder>;
  let session: TestSession;
  let documents = 0;

  before(async () => {
    workspace = temporaryFolder();
    writeProject(workspace.path);
    mkdirSync(join(workspace.path, 'packaged'));
    writeProject(join(workspace.path, 'packaged'), { 'setup.py': 'from setuptools import setup\n', 'main.py': '' });
    session = await TestSession.start({ workspaceFolders: [folder(workspace.path)] });
  });
  after(() => {
    session.dispose();
    workspace.remove();
  });

  async function hoverAt(marked: string, uri = fileUri(join(workspace.path, `Dockerfile.${++documents}`))): Promise<Hover | null> {
    const { text, position } = withCursor(marked);
    await session.open(uri, text);
    const result = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(
      session.logs.filter((l) => / failed/.test(l)),
      [],
      'no feature failed',
    );
    return result;
  }

  async function markdown(marked: string, uri?: string): Promise<string> {
    const result = await hoverAt(marked, uri);
    assert.ok(result, 'a hover');
    const contents = result.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    return contents.value;
  }

  it('explains SAGEMAKER_PROGRAM: meaning, readers, value, stage, image path, interpreter, context', async () => {
    const result = await hoverAt('FROM python:3.11 AS train\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PRO|GRAM=train.py\n');
    assert.ok(result);
    assert.deepEqual(result.range, range(2, 4, 21));
    const text = (result.contents as MarkupContent).value;
    assert.match(text, /^\*\*SAGEMAKER_PROGRAM\*\*: The user entry point/);
    assert.match(text, /Read by sagemaker-training: environment\.py/);
    assert.match(text, /Value `train\.py` from stage 'train' \(line 3\)/);
    assert.match(text, /This is what the container sees/);
    assert.match(text, /In the image at `\/opt\/ml\/code\/train\.py`: present, copied from `train\.py` in the build context \(line 2\)/);
    assert.match(text, /Runs as `python train\.py` in \/opt\/ml\/code/);
    assert.ok(text.includes(`Build context: \`${workspace.path}\` (the Dockerfile's folder)`), text);
  });

  it('covers the value and tells how a shell script runs', async () => {
    const result = await hoverAt('FROM python:3.11\nCOPY run.sh /opt/ml/code/\nENV SAGEMAKER_PROGRAM r|un.sh\n');
    assert.deepEqual(result?.range, range(2, 22, 28));
    assert.match((result.contents as MarkupContent).value, /Runs as `\/bin\/sh -c \.\/run\.sh`/);
  });

  it('tells that setup.py turns the program into python -m', async () => {
    const uri = fileUri(join(workspace.path, 'packaged', 'Dockerfile'));
    const text = await markdown('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=ma|in.py\n', uri);
    assert.match(text, /Runs as `python -m main`.*setup\.py/);
    assert.ok(text.includes(`Build context: \`${join(workspace.path, 'packaged')}\``));
  });

  it('says when the program is not placed, and when the value is overridden', async () => {
    const text = await markdown(
      'FROM python:3.11 AS base\nENV SAGEMAKER_PROGRAM=tr|ain.py\nFROM base\nCOPY train.py /opt/ml/\nENV SAGEMAKER_PROGRAM=run.sh\n',
    );
    assert.match(text, /Overridden by stage #1 \(line 5\): the container sees `run\.sh`/);
    assert.match(text, /`\/opt\/ml\/code\/train\.py`: not placed/);
    assert.match(text, /`train\.py` is in the build context, but no COPY puts it there/);
  });

  it('reports a value set outside the target chain, and an unresolved one', async () => {
    const other = await markdown(
      'FROM python:3.11 AS side\nENV SAGEMAKER_PROGRAM=a.py\nFROM python:3.11 AS final\nENV SAGEMAKER_PROGRAM=b.py\n'.replace(
        'a.py',
        'a|.py',
      ),
    );
    assert.match(other, /Not in the image: stage 'side' is not the target stage 'final'.*`b\.py` from stage 'final' \(line 4\)/);
    const unresolved = await markdown('FROM python:3.11\nARG P\nENV SAGEMAKER_PROGRAM=$|P\n');
    assert.match(unresolved, /Value `\$P` in stage #0 \(line 3\): unresolved, `\$P` has no value/);
  });

  it('finds the module file and the function of SAGEMAKER_TRAINING_MODULE', async () => {
    const text = await markdown('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:ma|in\n');
    assert.match(text, /Module `pkg\.mod`: `pkg\/mod\.py` in the build context → `\/opt\/ml\/code\/pkg\/mod\.py`\. Not on the Python path/);
    assert.match(text, /`main`: `def main\(\)` on line 4 of pkg\/mod\.py\./);
    const onPath = await markdown(
      'FROM python:3.11\nCOPY . /opt/ml/code/\nENV PYTHONPATH=/opt/ml/code\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:help|er\n',
    );
    assert.doesNotMatch(onPath, /Not on the Python path/);
    assert.match(onPath, /`def helper\(x\)` on line 8 of pkg\/mod\.py\. It needs arguments/);
  });

  it('says when the function is missing, and what gunicorn looks for without an attribute', async () => {
    const missing = await markdown('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=pkg.mod:no|pe\n');
    assert.match(missing, /`nope` is not defined in pkg\/mod\.py/);
    const serving = await markdown('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=pkg.m|od\n');
    assert.match(serving, /No ':attribute': gunicorn looks for `application`/);
    assert.match(serving, /`application` is not defined in pkg\/mod\.py/);
    const absent = await markdown('FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=sagemaker_pytorch_container.training:m|ain\n');
    assert.match(absent, /not in the build context \(it may come from an installed package\)/);
  });

  it('explains other catalogue keys', async () => {
    const text = await markdown('FROM python:3.11\nENV SAGEMAKER_MULTI_MO|DEL=true\n');
    assert.match(text, /only the exact lowercase `true` enables it/);
    assert.match(text, /Normally set by the platform/);
    assert.match(text, /Read by sagemaker-inference: environment\.py, model_server\.py/);
  });

  it('says there is no build context for an untitled buffer', async () => {
    const text = await markdown('FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=tr|ain.py\n', 'untitled:Untitled-1');
    assert.match(text, /No build context: the file is not saved/);
    assert.match(text, /placement unknown \(no build context to check\)/);
  });

  it('answers null away from SageMaker keys', async () => {
    assert.equal(await hoverAt('FR|OM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n'), null);
    assert.equal(await hoverAt('FROM python:3.11\nENV PY|THONPATH=/x\n'), null);
    assert.equal(await hoverAt('FROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py   |\n'), null);
    assert.equal(await hoverAt('FROM python:3.11\n# SAGEMAKER_PRO|GRAM\n'), null);
  });
});

// The one cache of Python files per analysis: the rules and the editor features read each file once,
// a byte-order mark is not part of the lines, and what it keeps is bounded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile, type ContextFileSystem } from '../../analysis/src';
import { openContext } from '../../analysis/src/context';
import { PYTHON_FILE_LIMITS, pythonFiles } from '../../analysis/src/python-files';
import { hover } from '../../server/src/features/hover';
import { CTX, DOCKERFILE, memoryFs } from './helpers';

/** `fs` with a count of the reads of each path. */
function counted(fs: ContextFileSystem): ContextFileSystem & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    ...fs,
    reads,
    read(p) {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return fs.read(p);
    },
  };
}

describe('Python files of an analysis', () => {
  it('strips a byte-order mark from the lines, as the parser does from positions', () => {
    const fs = memoryFs({ 'train.py': '\uFEFFdef main():\r\n    pass\n' });
    const file = pythonFiles(openContext(CTX, fs, 'configured'))('train.py');
    assert.deepEqual(file?.lines, ['def main():', '    pass', '']);
    assert.equal(file.info.symbols.get('main')?.line, 0);
    assert.equal(file.info.symbols.get('main')?.character, 4);
  });

  it('reads each file once, and nothing without a build context or for a missing file', () => {
    const fs = counted(memoryFs({ 'a.py': 'x = 1\n' }));
    const files = pythonFiles(openContext(CTX, fs, 'configured'));
    for (let i = 0; i < 3; i++) assert.ok(files('a.py'));
    for (let i = 0; i < 3; i++) assert.equal(files('missing.py'), undefined);
    const pythonReads = [...fs.reads].filter(([p]) => p.endsWith('.py'));
    assert.deepEqual(Object.fromEntries(pythonReads), { [`${CTX}/a.py`]: 1, [`${CTX}/missing.py`]: 1 });
    assert.equal(pythonFiles(undefined)('a.py'), undefined);
  });

  it(`keeps at most ${PYTHON_FILE_LIMITS.files} files: past that the oldest is read again when asked for`, () => {
    const names = Array.from({ length: PYTHON_FILE_LIMITS.files + 1 }, (_, i) => `m${i}.py`);
    const fs = counted(memoryFs(Object.fromEntries(names.map((n) => [n, `def f${n.slice(1, -3)}(): pass\n`]))));
    const files = pythonFiles(openContext(CTX, fs, 'configured'));
    for (const name of names) files(name);
    files(names[names.length - 1]);
    assert.equal(fs.reads.get(`${CTX}/${names[names.length - 1]}`), 1, 'the newest is kept');
    files(names[0]);
    assert.equal(fs.reads.get(`${CTX}/${names[0]}`), 2, 'the oldest was dropped');
  });

  it(`keeps at most ${PYTHON_FILE_LIMITS.characters / 1024 / 1024} Mi characters`, () => {
    const big = `# ${'x'.repeat(PYTHON_FILE_LIMITS.characters / 4)}\n`;
    const fs = counted(memoryFs({ 'a.py': big, 'b.py': big, 'c.py': big, 'd.py': big, 'e.py': 'x = 1\n' }));
    const files = pythonFiles(openContext(CTX, fs, 'configured'));
    for (const name of ['a.py', 'b.py', 'c.py', 'd.py', 'e.py', 'b.py', 'a.py']) files(name);
    assert.equal(fs.reads.get(`${CTX}/a.py`), 2, 'the first was dropped to make room');
    assert.equal(fs.reads.get(`${CTX}/b.py`), 1);
  });

  it('hover reads the module through the analysis: no new read, whatever the number of requests', () => {
    const text = 'FROM python:3.11\nCOPY serve.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=serve:app\n';
    const fs = counted(memoryFs({ Dockerfile: text, 'serve.py': 'def app(environ, start_response):\n    pass\n' }));
    const analysis = analyzeDockerfile(text, { dockerfilePath: DOCKERFILE, context: CTX, workspaceRoot: CTX, fs });
    assert.equal(fs.reads.get(`${CTX}/serve.py`), 1, 'the rules read it once');
    const document = TextDocument.create('file:///ctx/Dockerfile', 'dockerfile', 1, text);
    const context = { document, analyzed: { uri: document.uri, version: 1, analysis, options: {}, resultId: '1' }, client: {} };
    for (let i = 0; i < 3; i++) {
      const shown = hover(context, { textDocument: { uri: document.uri }, position: { line: 2, character: 36 } });
      assert.match(JSON.stringify(shown?.contents), /def app\(environ, start_response\)/);
    }
    assert.equal(fs.reads.get(`${CTX}/serve.py`), 1, 'hover read it again');
  });
});

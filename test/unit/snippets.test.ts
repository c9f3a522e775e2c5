// The Dockerfile snippets: every snippet in snippets/dockerfile.code-snippets, expanded
// with its defaults, must be a Dockerfile the checker finds nothing wrong with, in a real build
// context on disk that holds the files it COPYs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDockerfile, type Analysis } from '../../analysis/src';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

// ---- A small expander of VS Code's snippet syntax ----------------------------------------------
// tabstops `$1` `${1}`, placeholders `${1:default}` (nested), choices `${1|a,b|}` (first choice),
// `$0`, variables `$TM_FILENAME` `${TM_FILENAME:default}` (no value here: the default or nothing),
// escapes `\$` `\}` `\\` (and `\,` `\|` in choices). A tabstop that appears more than once takes the
// first default given for it, as VS Code mirrors it.

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children?: Node[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children?: Node[] };

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw new Error(`unexpected '${this.src[this.pos]}' at ${this.pos}`);
    return nodes;
  }

  /** Nodes up to the end, or up to an unescaped `}` when `nested`. */
  private sequence(nested: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      const next = this.src.at(this.pos + 1);
      if (c === '\\' && next !== undefined && '$}\\'.includes(next)) {
        text += next;
        this.pos += 2;
      } else if (c === '}' && nested) {
        break;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          this.pos++;
        }
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  /** A construct starting at `$`, or undefined when the `$` is plain text. */
  private dollar(): Node | undefined {
    const rest = this.src.slice(this.pos);
    let m = /^\$(\d+)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      return { kind: 'tabstop', index: Number(m[1]) };
    }
    m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      return { kind: 'variable', name: m[1] };
    }
    m = /^\$\{(\d+|[_a-zA-Z][_a-zA-Z0-9]*)([:|/}])/.exec(rest);
    if (!m) return undefined;
    const [, id, sep] = m;
    const isIndex = /^\d+$/.test(id);
    this.pos += m[0].length;
    if (sep === '}') return isIndex ? { kind: 'tabstop', index: Number(id) } : { kind: 'variable', name: id };
    if (sep === '/') throw new Error(`transforms are not supported by this expander: \${${id}/…}`);
    if (sep === '|') {
      if (!isIndex) throw new Error(`a choice needs a tabstop number, not ${id}`);
      return { kind: 'choice', index: Number(id), options: this.choices() };
    }
    const children = this.sequence(true);
    if (this.src[this.pos] !== '}') throw new Error(`unclosed \${${id}:…`);
    this.pos++;
    return isIndex ? { kind: 'tabstop', index: Number(id), children } : { kind: 'variable', name: id, children };
  }

  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      const next = this.src.at(this.pos + 1);
      if (c === '\\' && next !== undefined && '$}\\,|'.includes(next)) {
        current += next;
        this.pos += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        this.pos++;
      } else if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return options;
      } else {
        current += c;
        this.pos++;
      }
    }
    throw new Error('unclosed choice');
  }
}

/** The text VS Code inserts when every tabstop keeps its default. */
function expandSnippet(body: string): string {
  const nodes = new SnippetParser(body).parse();
  const defaults = new Map<number, Node[] | string>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop' && n.children) {
        if (!defaults.has(n.index)) defaults.set(n.index, n.children);
        collect(n.children);
      } else if (n.kind === 'choice' && !defaults.has(n.index)) {
        defaults.set(n.index, n.options[0] ?? '');
      } else if (n.kind === 'variable' && n.children) {
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: Node[], seen: number[]): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.text;
        if (n.kind === 'variable') return n.children ? render(n.children, seen) : '';
        if (seen.includes(n.index)) throw new Error(`tabstop ${n.index} contains itself`);
        const value = defaults.get(n.index);
        if (value === undefined) return '';
        return typeof value === 'string' ? value : render(value, [...seen, n.index]);
      })
      .join('');
  return render(nodes, []);
}

describe('snippet expander', () => {
  it('defaults, mirrors, choices, $0, variables and escapes', () => {
    assert.equal(
      expandSnippet('FROM ${1:python:3.11-slim}\nCOPY ${2:a.py} /x/\nENV P=$2$0'),
      'FROM python:3.11-slim\nCOPY a.py /x/\nENV P=a.py',
    );
    assert.equal(expandSnippet('${1|warning,error|} ${1}'), 'warning warning');
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
    assert.equal(expandSnippet('$TM_FILENAME|${TM_FILENAME}|${TM_FILENAME:none}|$1'), '||none|');
    assert.equal(expandSnippet('\\$HOME \\} \\\\ ${1:a\\}b} a\\b \\'), '$HOME } \\ a}b a\\b \\');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
    assert.equal(expandSnippet('cost: $ 5, ${ x'), 'cost: $ 5, ${ x');
    assert.throws(() => expandSnippet('${1:open'), /unclosed/);
    assert.throws(() => expandSnippet('${TM_FILENAME/(.*)/$1/}'), /transforms/);
  });
});

// ---- The snippets ---------------------------------------------------------------------------------

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  contributes: { snippets?: Array<{ language: string; path: string }> };
};
const contribution = manifest.contributes.snippets?.find((s) => s.language === 'dockerfile');
const snippetFile = contribution ? path.resolve(REPO, contribution.path) : path.join(REPO, 'snippets', 'dockerfile.code-snippets');
const snippets = JSON.parse(fs.readFileSync(snippetFile, 'utf8')) as Record<string, Snippet>;

const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const prefixesOf = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

const TRAIN_PY = [
  'import json',
  'import os',
  '',
  '',
  'def main():',
  '    hyperparameters = json.loads(os.environ.get("SM_HPS", "{}"))',
  '    print("training with", hyperparameters)',
  '',
  '',
  'if __name__ == "__main__":',
  '    main()',
  '',
].join('\n');

const SERVE_PY = [
  'import sys',
  'from http.server import BaseHTTPRequestHandler, HTTPServer',
  '',
  '',
  'class Handler(BaseHTTPRequestHandler):',
  '    def do_GET(self):',
  '        self.send_response(200 if self.path == "/ping" else 404)',
  '        self.end_headers()',
  '',
  '    def do_POST(self):',
  '        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))',
  '        self.send_response(200 if self.path == "/invocations" else 404)',
  '        self.end_headers()',
  '        self.wfile.write(body)',
  '',
  '',
  'if __name__ == "__main__":',
  '    if sys.argv[1:] != ["serve"]:',
  '        sys.exit(f"usage: {sys.argv[0]} serve")',
  '    HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()',
  '',
].join('\n');

/** Per snippet prefix: the build-context files its defaults COPY, and what the image must look like. */
const EXPECTED: Partial<
  Record<
    string,
    {
      files: Record<string, string>;
      check: (a: Analysis, text: string) => void;
      broken: Array<{ title: string; edit: (text: string, files: Record<string, string>) => string; code: string }>;
    }
  >
> = {
  'sagemaker-train-script': {
    files: { 'train.py': TRAIN_PY },
    check(a, text) {
      assert.match(text, /pip install --no-cache-dir sagemaker-training/);
      assert.equal(a.model.effectiveEnv.get('SAGEMAKER_PROGRAM')?.expanded.value, 'train.py');
      assert.equal(a.images.get(a.model.target!).lookup('/opt/ml/code/train.py').status, 'present');
    },
    broken: [
      { title: 'without the trailing / on the COPY destination', edit: (t) => t.replace('/opt/ml/code/', '/opt/ml/code'), code: 'SM201' },
      { title: 'without train.py in the build context', edit: (t, files) => (delete files['train.py'], t), code: 'SM202' },
    ],
  },
  'sagemaker-train-module': {
    files: { 'trainer/__init__.py': '', 'trainer/entry.py': TRAIN_PY },
    check(a, text) {
      assert.match(text, /pip install --no-cache-dir sagemaker-training/);
      assert.equal(a.model.effectiveEnv.get('SAGEMAKER_TRAINING_MODULE')?.expanded.value, 'trainer.entry:main');
      assert.equal(a.model.effectiveEnv.get('PYTHONPATH')?.expanded.value, '/opt/program');
      assert.equal(a.images.get(a.model.target!).lookup('/opt/program/trainer/entry.py').status, 'present');
    },
    broken: [
      {
        title: 'when the module defines no main()',
        edit: (t, files) => ((files['trainer/entry.py'] = 'def train():\n    pass\n'), t),
        code: 'SM104',
      },
      {
        title: 'when main() needs an argument',
        edit: (t, files) => ((files['trainer/entry.py'] = 'def main(env):\n    pass\n'), t),
        code: 'SM105',
      },
    ],
  },
  'sagemaker-serve': {
    files: { 'requirements.txt': '', 'serve.py': SERVE_PY },
    check(a, text) {
      assert.match(text, /^EXPOSE 8080$/m);
      assert.match(text, /^CMD \["serve"\]$/m);
      const entrypoints = a.model.target?.instructions.filter((i) => i.keyword === 'ENTRYPOINT') ?? [];
      assert.equal(entrypoints.length, 1);
      assert.ok(entrypoints[0].json, 'ENTRYPOINT must be in exec form');
      assert.equal(a.images.get(a.model.target!).lookup('/opt/program/serve.py').status, 'present');
      assert.match(text, /ENTRYPOINT \["python", "\/opt\/program\/serve\.py"\]/);
    },
    broken: [
      {
        title: 'with a shell-form ENTRYPOINT',
        edit: (t) => t.replace(/ENTRYPOINT \[.*\]/, 'ENTRYPOINT python /opt/program/serve.py'),
        code: 'SM401',
      },
    ],
  },
};

/** Writes `files` and the Dockerfile into a fresh folder and analyses it like the editor would. */
function analyzeInFolder(text: string, files: Record<string, string>, context?: null): { analysis: Analysis; dir: string; logs: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-snippet-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const dockerfilePath = path.join(dir, 'Dockerfile');
  fs.writeFileSync(dockerfilePath, text);
  const logs: string[] = [];
  const analysis = analyzeDockerfile(text, {
    dockerfilePath,
    workspaceRoot: dir,
    log: (m) => logs.push(m),
    ...(context === null ? { context: null } : {}),
  });
  return { analysis, dir, logs };
}

const summary = (a: Analysis) =>
  a.diagnostics.map((d) => `${String(d.code)} line ${d.range.start.line + 1}: ${Diagnostic.getMessageString(d)}`);

describe('snippets file', () => {
  it('is contributed for Dockerfiles from snippets/', () => {
    assert.ok(contribution, 'package.json contributes no dockerfile snippets');
    assert.equal(path.relative(REPO, snippetFile), path.join('snippets', 'dockerfile.code-snippets'));
  });

  it('ships in the extension', () => {
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!snippets/**'), '.vscodeignore must let snippets/** into the package');
  });

  it('has the three SageMaker containers, each with a description', () => {
    const prefixes = Object.values(snippets).flatMap(prefixesOf);
    assert.deepEqual([...prefixes].sort(), Object.keys(EXPECTED).sort());
    for (const [name, s] of Object.entries(snippets)) assert.ok(s.description && s.description.length > 20, `${name} has no description`);
  });
});

for (const [name, snippet] of Object.entries(snippets)) {
  const prefix = prefixesOf(snippet)[0];
  describe(`snippet ${prefix}`, () => {
    const text = expandSnippet(bodyOf(snippet));
    const expected = EXPECTED[prefix];

    it('starts with FROM and ends with a newline; the base image is the first placeholder', () => {
      assert.match(text, /^FROM \S+\n/);
      assert.ok(text.endsWith('\n'));
      assert.match(bodyOf(snippet), /^FROM \$\{1:[^}]+\}/);
    });

    it('has nothing wrong with it, in a build context holding what it copies', () => {
      assert.ok(expected, `no build-context files are defined for ${prefix} (${name})`);
      const { analysis, dir, logs } = analyzeInFolder(text, { ...expected.files });
      try {
        assert.equal(analysis.contextDir, dir, 'the context rules must have run');
        assert.deepEqual(
          logs.filter((l) => l.startsWith('rule ')),
          [],
        );
        assert.deepEqual(summary(analysis), [], `expanded:\n${text}`);
        expected.check(analysis, text);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has nothing wrong with it without a build context', () => {
      const { analysis, dir } = analyzeInFolder(text, {}, null);
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(analysis.contextDir, undefined);
      assert.deepEqual(summary(analysis), []);
    });

    // A prefix without expectations already fails above.
    if (!expected) return;
    for (const b of expected.broken) {
      it(`the same check reports ${b.code} ${b.title}`, () => {
        const files = { ...expected.files };
        const { analysis, dir } = analyzeInFolder(b.edit(text, files), files);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.ok(
          analysis.diagnostics.some((d) => d.code === b.code),
          `expected ${b.code}, got ${JSON.stringify(summary(analysis))}`,
        );
      });
    }
  });
}

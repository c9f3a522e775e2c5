// The injection grammar in syntaxes/, loaded the way package.json declares it: VS Code's
// Dockerfile grammar (tm-grammars' docker.json, scope source.dockerfile) plus every grammar of
// `contributes.grammars` whose `injectTo` names source.dockerfile, read from the declared `path`.
// Fixtures in test/fixtures/grammar/*.Dockerfile are tokenized line by line and compared with the
// `.snap` file next to each; `UPDATE_SNAPSHOTS=1` rewrites the snapshots.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { SAGEMAKER_KEYS } from '../../analysis/src/sagemaker-keys';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'grammar');
const DOCKERFILE_SCOPE = 'source.dockerfile';
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  contributes: { grammars?: GrammarContribution[] };
};
const contributed = manifest.contributes.grammars ?? [];

/** Tokens of one line: the text and the scopes below the root scope. */
interface Token {
  text: string;
  scopes: string[];
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOniguruma(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

/** The Dockerfile grammar, with the contributed injections unless `withInjections` is false. */
async function loadDockerfileGrammar(withInjections: boolean): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName) => {
      const file =
        scopeName === DOCKERFILE_SCOPE
          ? require.resolve('tm-grammars/grammars/docker.json')
          : contributed.find((g) => g.scopeName === scopeName) &&
            path.resolve(REPO, contributed.find((g) => g.scopeName === scopeName)!.path);
      if (!file) return null;
      return vsctm.parseRawGrammar(await fs.promises.readFile(file, 'utf8'), file);
    },
    getInjections: (scopeName) =>
      withInjections ? contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName) : [],
  });
  const grammar = await registry.loadGrammar(DOCKERFILE_SCOPE);
  assert.ok(grammar, 'source.dockerfile did not load');
  return grammar;
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
  });
}

/** Scopes of every character of every line, with `keep` applied (for comparisons that ignore token boundaries). */
function scopesPerCharacter(lines: Token[][], keep: (scope: string) => boolean): string[][] {
  return lines.map((tokens) => tokens.flatMap((t) => Array.from({ length: t.text.length }, () => t.scopes.filter(keep).join(' '))));
}

/** The snapshot text: each line, then one row per token with its scopes (the root scope left out). */
function snapshot(text: string, lines: Token[][]): string {
  const source = text.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((tokens, i) => {
    if (i === lines.length - 1 && source[i] === '') return;
    out.push(`> ${source[i]}`);
    for (const t of tokens) {
      if (t.text === '') continue;
      out.push(`  ${JSON.stringify(t.text).padEnd(34)} ${t.scopes.join(' ') || '-'}`.trimEnd());
    }
  });
  return `${out.join('\n')}\n`;
}

const SAGEMAKER = (scope: string) => scope.endsWith('.sagemaker');

let injected: vsctm.IGrammar;
let builtIn: vsctm.IGrammar;

/** Tokens of a one-line (or few-line) Dockerfile snippet with the injection. */
const tokensOf = (text: string): Token[] =>
  tokenize(injected, text)
    .flat()
    .filter((t) => t.text !== '');
/** The scopes of the first token whose text is exactly `text`. */
function scopesOf(text: string, tokenText: string): string[] {
  const found = tokensOf(text).find((t) => t.text === tokenText);
  assert.ok(found, `no token ${JSON.stringify(tokenText)} in ${JSON.stringify(tokensOf(text).map((t) => t.text))}`);
  return found.scopes;
}
const sageMakerScopes = (text: string) => tokensOf(text).filter((t) => t.scopes.some(SAGEMAKER));

before(async () => {
  injected = await loadDockerfileGrammar(true);
  builtIn = await loadDockerfileGrammar(false);
});

describe('grammar: declared in package.json', () => {
  it('contributes the injection into source.dockerfile, from a file that exists and says so', () => {
    const entry = contributed.find((g) => g.injectTo?.includes(DOCKERFILE_SCOPE));
    assert.ok(entry, 'package.json contributes no grammar injected into source.dockerfile');
    const raw = JSON.parse(fs.readFileSync(path.resolve(REPO, entry.path), 'utf8')) as {
      scopeName: string;
      injectionSelector?: string;
      patterns?: unknown[];
    };
    assert.equal(raw.scopeName, entry.scopeName);
    assert.match(raw.injectionSelector ?? '', /source\.dockerfile/);
    assert.ok(raw.patterns && raw.patterns.length > 0);
    // An injection, not a replacement: nothing contributed claims the Dockerfile scope or language.
    assert.ok(!contributed.some((g) => g.scopeName === DOCKERFILE_SCOPE), 'the built-in Dockerfile grammar must not be replaced');
    assert.ok(entry.path.startsWith('./syntaxes/'), entry.path);
  });
});

describe('grammar: fixture snapshots', () => {
  const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.Dockerfile'));
  it('has fixtures', () => assert.ok(fixtures.length >= 3, `fixtures: ${fixtures.join(', ')}`));
  for (const name of fixtures) {
    it(name, () => {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const actual = snapshot(text, tokenize(injected, text));
      const snapFile = path.join(FIXTURES, `${name}.snap`);
      if (UPDATE) {
        fs.writeFileSync(snapFile, actual);
        return;
      }
      assert.ok(fs.existsSync(snapFile), `${path.relative(REPO, snapFile)} is missing: run the test with UPDATE_SNAPSHOTS=1`);
      assert.equal(actual, fs.readFileSync(snapFile, 'utf8'), `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)`);
    });
  }
  it('every snapshot belongs to a fixture', () => {
    const orphans = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.snap') && !fixtures.includes(f.slice(0, -'.snap'.length)));
    assert.deepEqual(orphans, []);
  });
});

describe('grammar: the injection only adds scopes to the built-in grammar', () => {
  // Without the `.sagemaker` scopes, every character is scoped exactly as VS Code's Dockerfile grammar
  // scopes it: the injection does not replace the built-in grammar, and each instruction it enters
  // ends where it should (otherwise the following lines would differ).
  const files = [
    ...fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.Dockerfile'))
      .map((f) => path.join(FIXTURES, f)),
    ...fs
      .readdirSync(path.join(REPO, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /(^|[/\\])Dockerfile[^/\\]*$/.test(f))
      .map((f) => path.join(REPO, 'examples', f)),
  ];
  it('covers the fixtures and the examples', () => assert.ok(files.length >= 8, files.join(', ')));
  for (const file of files) {
    it(path.relative(REPO, file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const withInjection = scopesPerCharacter(tokenize(injected, text), (s) => !SAGEMAKER(s));
      const without = scopesPerCharacter(tokenize(builtIn, text), () => true);
      assert.deepEqual(withInjection, without);
    });
  }
});

describe('grammar: what is scoped', () => {
  it('the module, the separator and the function of SAGEMAKER_TRAINING_MODULE', () => {
    const line = 'ENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main';
    assert.ok(scopesOf(line, 'SAGEMAKER_TRAINING_MODULE').includes('variable.other.constant.sagemaker'));
    assert.deepEqual(scopesOf(line, 'trainer.entry'), ['entity.name.namespace.module.sagemaker']);
    assert.deepEqual(scopesOf(line, ':'), ['punctuation.separator.sagemaker']);
    assert.deepEqual(scopesOf(line, 'main'), ['entity.name.function.sagemaker']);
  });

  it('the same in the legacy form, in quotes, and for SAGEMAKER_SERVING_MODULE', () => {
    for (const line of [
      'ENV SAGEMAKER_TRAINING_MODULE trainer.entry:main',
      'ENV SAGEMAKER_TRAINING_MODULE "trainer.entry:main"',
      "ENV A=1 SAGEMAKER_SERVING_MODULE='trainer.entry:main' B=2",
      'ENV A=1 \\\n    SAGEMAKER_SERVING_MODULE=trainer.entry:main',
    ]) {
      assert.ok(scopesOf(line, 'trainer.entry').includes('entity.name.namespace.module.sagemaker'), line);
      assert.ok(scopesOf(line, 'main').includes('entity.name.function.sagemaker'), line);
    }
    const quoted = scopesOf('ENV SAGEMAKER_TRAINING_MODULE="trainer.entry:main"', 'main');
    assert.deepEqual(quoted, ['string.quoted.double.dockerfile', 'entity.name.function.sagemaker']);
  });

  it('a serving module without :attribute is all module', () => {
    assert.deepEqual(
      sageMakerScopes('ENV SAGEMAKER_SERVING_MODULE=predictor').map((t) => [t.text, t.scopes.join(' ')]),
      [
        ['SAGEMAKER_SERVING_MODULE', 'variable.other.constant.sagemaker'],
        ['=', 'keyword.operator.assignment.sagemaker'],
        ['predictor', 'entity.name.namespace.module.sagemaker'],
      ],
    );
  });

  it('the SAGEMAKER_PROGRAM file name, in every form', () => {
    for (const line of [
      'ENV SAGEMAKER_PROGRAM=train.py',
      'ENV SAGEMAKER_PROGRAM train.py',
      'ENV SAGEMAKER_PROGRAM "train.py"',
      "ENV X=1 SAGEMAKER_PROGRAM='train.py'",
      'ARG SAGEMAKER_PROGRAM=train.py',
    ]) {
      assert.ok(scopesOf(line, 'train.py').includes('entity.name.file.program.sagemaker'), line);
    }
  });

  it('every catalogue key, and only those, in ENV K=v, ENV K v and ARG K', () => {
    const grammarFile = contributed.find((g) => g.injectTo?.includes(DOCKERFILE_SCOPE))!.path;
    for (const { name } of SAGEMAKER_KEYS) {
      for (const line of [`ENV ${name}=1`, `ENV ${name} 1`, `ARG ${name}`, `ARG ${name}=1`, `ENV A=1 ${name}=1`]) {
        assert.deepEqual(
          scopesOf(line, name),
          ['variable.other.constant.sagemaker'],
          `${line} (keep ${grammarFile} in line with sagemaker-keys.ts)`,
        );
      }
    }
    for (const line of [
      'ENV SAGEMAKER_SKLEARN_VERSION=1.2-1',
      'ENV SAGEMAKR_PROGRAM=train.py',
      'ENV sagemaker_program=train.py',
      'ENV SAGEMAKER_PROGRAMS=x',
      'ARG SAGEMAKER_PROGRAMX',
    ]) {
      assert.deepEqual(sageMakerScopes(line), [], line);
    }
  });

  it('several pairs on one instruction and over continuation lines', () => {
    const text =
      'ENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_CONTAINER_LOG_LEVEL=20 \\\n    # SAGEMAKER_REGION=x\n\n    SAGEMAKER_REGION=us-east-1\nRUN SAGEMAKER_REGION=1';
    assert.deepEqual(
      sageMakerScopes(text)
        .filter((t) => t.scopes.includes('variable.other.constant.sagemaker'))
        .map((t) => t.text),
      ['SAGEMAKER_PROGRAM', 'SAGEMAKER_CONTAINER_LOG_LEVEL', 'SAGEMAKER_REGION'],
    );
  });
});

describe('grammar: what is not scoped', () => {
  it('SAGEMAKER_ text in comments', () => {
    for (const line of ['# SAGEMAKER_PROGRAM=train.py', '#ENV SAGEMAKER_PROGRAM=train.py', '   # ENV SAGEMAKER_TRAINING_MODULE=a.b:c']) {
      const tokens = tokensOf(line);
      assert.ok(
        tokens.every((t) => t.scopes.includes('comment.line.number-sign.dockerfile') || t.text.trim() === ''),
        line,
      );
      assert.deepEqual(sageMakerScopes(line), [], line);
    }
  });

  it('SAGEMAKER_ text in values of other variables and other instructions', () => {
    for (const line of [
      'ENV NODE_TYPE SAGEMAKER_TRAINING_WORKER',
      'ENV ROLE SAGEMAKER_PROGRAM=train.py',
      'ENV MESSAGE hello \\\n    SAGEMAKER_PROGRAM=train.py',
      'ENV FOO="SAGEMAKER_PROGRAM=x" BAR=SAGEMAKER_PROGRAM',
      'LABEL SAGEMAKER_PROGRAM=train.py',
      'RUN SAGEMAKER_PROGRAM=train.py python x.py',
      'CMD ["SAGEMAKER_PROGRAM=train.py"]',
      'ARG NOT_SAGEMAKER=SAGEMAKER_PROGRAM',
    ]) {
      assert.deepEqual(sageMakerScopes(line), [], line);
    }
  });

  it('the line after a finished instruction', () => {
    // The ENV region ends at the first line end that is not a continuation.
    assert.deepEqual(
      sageMakerScopes('ENV SAGEMAKER_PROGRAM=train.py\nLABEL SAGEMAKER_REGION=x').map((t) => t.text),
      ['SAGEMAKER_PROGRAM', '=', 'train.py'],
    );
    assert.deepEqual(
      sageMakerScopes('ENV SAGEMAKER_PROGRAM train.py\nLABEL x=SAGEMAKER_REGION').map((t) => t.text),
      ['SAGEMAKER_PROGRAM', 'train.py'],
    );
  });
});

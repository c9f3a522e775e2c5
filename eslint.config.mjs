// ESLint: typescript-eslint's strict, type-aware rules for the TypeScript, the recommended rules for the
// build and test scripts, and the boundaries between the programs. Formatting is Prettier's (.prettierrc.json).
import { readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The programs and their folders. Each has an `index.ts` as its only entrance: another program imports it
 * through that file (or the folder), never a file inside.
 */
const programs = {
  analysis: 'analysis/src',
  server: 'server/src',
  runner: 'runner/src',
  cloud: 'cloud/src',
  cli: 'cli/src',
  client: 'client/src',
  options: 'options/src',
};
/** Only the editor side may import `vscode`: the analysis, the runner and the CLI run under plain Node. */
const vscodeAllowed = ['client', 'test/e2e'];

const noVscode = {
  name: 'vscode',
  message: 'Only client/ and test/e2e run inside VS Code; everything else runs under plain Node.',
};

/** Every folder under `dir` (itself included), as paths relative to the repository root. */
function folders(dir) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return []; // a program not (yet) in this checkout
  }
  return [dir, ...entries.filter((e) => e.isDirectory()).flatMap((e) => folders(posix.join(dir, e.name)))];
}

/** The program a folder belongs to: the one with the longest folder that contains it. */
function programOf(folder) {
  return Object.keys(programs)
    .filter((name) => folder === programs[name] || folder.startsWith(`${programs[name]}/`))
    .sort((a, b) => programs[b].length - programs[a].length)[0];
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One block per source folder: its imports are relative, so the path to another program's folder depends on
 * where the importing file sits. `../runner/src/docker` is refused; `../runner/src` and `../runner/src/index`
 * are the entrance.
 */
function boundaryBlocks() {
  return Object.values(programs)
    .flatMap(folders)
    .map((folder) => {
      const owner = programOf(folder);
      const patterns = Object.entries(programs)
        .filter(([name]) => name !== owner)
        .map(([name, dir]) => {
          let path = posix.normalize(relative(join(root, folder), join(root, dir)).split('\\').join('/'));
          if (!path.startsWith('.')) path = `./${path}`;
          // A program inside this one (the analysis inside the server) is guarded by its own pattern.
          const inner = Object.values(programs)
            .filter((other) => other.startsWith(`${dir}/`))
            .map((other) => `(?!${escapeRegExp(posix.relative(dir, other))}(/|$))`)
            .join('');
          return {
            regex: `^${escapeRegExp(path)}/(?!index$)${inner}.+`,
            message: `Import the ${name} program through its entrance, ${dir}/index.ts.`,
          };
        });
      return {
        files: [`${folder}/*.ts`],
        rules: {
          'no-restricted-imports': ['error', { paths: owner === 'client' ? [] : [noVscode], patterns }],
        },
      };
    });
}

export default defineConfig(
  {
    ignores: ['out/', 'dist/', 'node_modules/', '.vscode-test/', '.cache/', 'bench/results/', 'test/fixtures/', 'docs/'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode] }],
      // node:test tracks the promise `test()` and `describe()` return; awaiting them at the top level is not needed.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      // Numbers in messages print as expected; objects, undefined and null still need an explicit conversion.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => send(x)` as a callback is clear; only a void value used as a statement's value confuses.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The AWS SDK, the runner and the CLI's subcommands are required on first use so that checking a
      // Dockerfile never loads them; `require` keeps those call sites synchronous in the CommonJS output.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // A test that reads a missing value fails as plainly at `!` as at an assertion.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: vscodeAllowed.map((dir) => `${dir}/**/*.ts`),
    rules: { 'no-restricted-imports': 'off' },
  },
  ...boundaryBlocks(),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);

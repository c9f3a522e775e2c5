// Bundles the extension client, the language server and the CLI with esbuild.
// `--production` minifies and drops source maps (used when packaging the .vsix).
// The CLI is a small launcher (dist/cli.js) and its bundle (dist/cli-bundle.js) with a V8 code cache
// (dist/cli-bundle.cache) made by running one check: start-up counts in every CI run.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// The AWS SDK, every part of it (runner/src/aws-sdk.ts), is a bundle of its own that the others load only
// when a run reads the AWS configuration or a submission talks to AWS: checking a Dockerfile never loads it.
const awsSdkApart = {
  name: 'aws-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/aws-sdk\.js$/ }, () => ({ path: './aws-sdk.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [awsSdkApart],
  }),
  // Also the `sagemaker-entrypoint-server` command (`--stdio`) for editors other than VS Code.
  esbuild.build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli-bundle.js', plugins: [awsSdkApart] }),
  esbuild.build({
    ...common,
    sourcemap: false,
    entryPoints: ['scripts/cli-launcher.cjs'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({ ...common, entryPoints: ['runner/src/aws-sdk.ts'], outfile: 'dist/aws-sdk.js' }),
]);
// esbuild escapes non-ASCII text in strings and names but keeps it in the comments it keeps; one such
// character makes the whole bundle a two-byte string for V8. Escaped, the bundle is ASCII and the
// launcher reads it as one-byte text (\u escapes mean the same in comments, strings and patterns).
const cliBundle = readFileSync('dist/cli-bundle.js', 'utf8');
const asciiBundle = cliBundle.replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (asciiBundle !== cliBundle) writeFileSync('dist/cli-bundle.js', asciiBundle);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);

const sample = mkdtempSync(join(tmpdir(), 'sm-build-'));
try {
  writeFileSync(join(sample, 'Dockerfile'), 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n');
  const cache = resolve('dist/cli-bundle.cache');
  rmSync(cache, { force: true });
  const check = spawnSync(process.execPath, ['dist/cli.js', 'check', '--no-context', '--format', 'json', join(sample, 'Dockerfile')], {
    env: { ...process.env, SAGEMAKER_ENTRYPOINT_WRITE_CODE_CACHE: cache },
    encoding: 'utf8',
  });
  if (check.status !== 0) throw new Error(`the CLI bundle does not run (exit ${check.status}): ${check.stderr}`);
} finally {
  rmSync(sample, { recursive: true, force: true });
}

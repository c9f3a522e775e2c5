// Bundles the extension client, the language server and the CLI with esbuild.
// `--production` minifies and drops source maps (used when packaging the .vsix).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

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
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [awsSdkApart] }),
  // Also the `sagemaker-entrypoint-server` command (`--stdio`) for editors other than VS Code.
  esbuild.build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [awsSdkApart] }),
  esbuild.build({ ...common, entryPoints: ['runner/src/aws-sdk.ts'], outfile: 'dist/aws-sdk.js' }),
]);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);

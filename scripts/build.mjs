// Bundles the extension client, the language server and the CLI with esbuild.
// `--production` minifies and drops source maps (used when packaging the .vsix).
// The cloud side (the AWS SDK) is bundled on its own and loaded on use: `submit` is dist/submit.js, and
// both it and the extension's "Train on SageMaker" require dist/cloud.js, so neither `check` nor the
// extension's activation loads the SDK.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import * as path from 'node:path';

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

/** Imports of these source modules stay `require('./<bundle>')` calls to a bundle beside the output. */
const LAZY = new Map([
  [path.resolve('cloud/src'), './cloud.js'],
  [path.resolve('cloud/src/index'), './cloud.js'],
  [path.resolve('cli/src/submit'), './submit.js'],
]);

const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const bundle = LAZY.get(path.resolve(args.resolveDir, args.path).replace(/\.(ts|js)$/, ''));
      return bundle ? { path: bundle, external: true } : undefined;
    });
  },
};

// The AWS SDK (runner/src/aws-sdk.ts) is a bundle of its own that the others load only when a run needs it.
const awsSdkApart = {
  name: 'aws-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/aws-sdk\.js$/ }, () => ({ path: './aws-sdk.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyBundles, awsSdkApart] }),
  esbuild.build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyBundles, awsSdkApart] }),
  esbuild.build({ ...common, entryPoints: ['cli/src/submit.ts'], outfile: 'dist/submit.js', plugins: [lazyBundles, awsSdkApart] }),
  esbuild.build({ ...common, entryPoints: ['cloud/src/index.ts'], outfile: 'dist/cloud.js', plugins: [awsSdkApart] }),
  esbuild.build({ ...common, entryPoints: ['runner/src/aws-sdk.ts'], outfile: 'dist/aws-sdk.js' }),
]);
chmodSync('dist/cli.js', 0o755);

// dist/cli.js, the `sagemaker-entrypoint` command: runs the CLI bundle (dist/cli-bundle.js) from the V8
// code cache that the build made for this Node version (dist/cli-bundle.cache), so a `check` in CI
// spends no time compiling the bundle. Another Node version rejects the cache and compiles as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.join(__dirname, 'cli-bundle.js');
const cacheFile = path.join(__dirname, 'cli-bundle.cache');
// The build leaves the bundle ASCII (scripts/build.mjs): read as one-byte text, without decoding UTF-8.
const source = fs.readFileSync(bundle, 'latin1');
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
// The build runs a check with this variable set to write the cache, with what that check compiled.
const cacheOut = process.env.SAGEMAKER_ENTRYPOINT_WRITE_CODE_CACHE;
if (cacheOut) {
  process.once('exit', () => {
    fs.writeFileSync(`${cacheOut}.tmp`, script.createCachedData());
    fs.renameSync(`${cacheOut}.tmp`, cacheOut);
  });
}
const bundled = { exports: {} };
script.runInThisContext()(bundled.exports, require, bundled, bundle, __dirname);

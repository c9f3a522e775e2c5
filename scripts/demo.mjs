// The README's first command: check the bundled examples (the `mistakes/` project is expected to
// fail the check) and package the extension as a .vsix.
import { spawnSync } from 'node:child_process';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status;

const checkStatus = run(process.execPath, ['dist/cli.js', 'check', 'examples']);
if (checkStatus !== 1) {
  console.error(`\nexpected the check of examples/ to report the mistakes (exit 1), got exit ${checkStatus}`);
  process.exit(1);
}
console.log('\nThe findings above are the deliberate mistakes in examples/mistakes/.\n');
process.exit(run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--out', 'sagemaker-entrypoint.vsix']) ?? 1);

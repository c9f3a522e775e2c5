// The editor's run messages: what the user reads at the end of a run, for every outcome.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summarize, terminalText } from '../../client/src/run/messages';
import type { LocalRunOutcome } from '../../runner/src';

const job = { name: 'j', dir: '/jobs/j', host: 'algo-1', configDir: '/jobs/j/input/config', modelDir: '/jobs/j/model', outputDir: '/jobs/j/output', outputDataDir: '/jobs/j/output/data', failureFile: '/jobs/j/output/failure', successFile: '/jobs/j/output/success', mounts: [] };
const trained = (result: unknown) => ({ kind: 'trained', engine: {}, image: 'img', result }) as unknown as LocalRunOutcome;

test('a failed training shows the failure file first and offers to open it', () => {
  const summary = summarize(trained({ kind: 'failed', exitCode: 1, failure: 'ValueError: bad learning rate\nTraceback…', job, lastLines: ['x'] }));
  assert.equal(summary.severity, 'error');
  assert.equal(summary.text, 'Training failed (exit 1): ValueError: bad learning rate');
  assert.deepEqual(summary.actions, ['Open Failure', 'Show Log']);
  assert.equal(summary.failureFile, '/jobs/j/output/failure');
});

test('a failed training without a failure file falls back to the last output line', () => {
  const summary = summarize(trained({ kind: 'failed', exitCode: 2, job, lastLines: ['starting', 'sh: ./run.sh: not found', ''] }));
  assert.equal(summary.text, 'Training failed (exit 2): Last output: sh: ./run.sh: not found');
  assert.deepEqual(summary.actions, ['Show Log']);
});

test('a completed training points at the model archive and offers to serve it', () => {
  const summary = summarize(trained({ kind: 'completed', exitCode: 0, job, modelArchive: '/jobs/j/model.tar.gz', lastLines: [] }));
  assert.equal(summary.severity, 'info');
  assert.match(summary.text, /model\.tar\.gz$/);
  assert.deepEqual(summary.actions, ['Serve Model', 'Open Model Folder', 'Show Log']);
  assert.equal(summary.jobDir, '/jobs/j');
  const unpacked = summarize(trained({ kind: 'completed', exitCode: 0, job, lastLines: [] }));
  assert.deepEqual(unpacked.actions, ['Open Model Folder', 'Show Log'], 'nothing to serve without model.tar.gz');
});

test('a failure file that was not read is said so, never shown', () => {
  const summary = summarize(trained({ kind: 'failed', exitCode: 1, failureProblem: 'output/failure is a symbolic link (not followed)', job, lastLines: ['x'] }));
  assert.equal(summary.text, 'Training failed (exit 1): the failure file was not read: output/failure is a symbolic link (not followed)');
  assert.deepEqual(summary.actions, ['Show Log']);
});

test('serving, refusals, missing engines and cancels each say what happened', () => {
  const ready = summarize({ kind: 'serving', engine: {}, image: 'i', result: { kind: 'ready', endpoint: { url: 'http://127.0.0.1:8080', readyAfterMs: 1234 } } } as unknown as LocalRunOutcome);
  assert.equal(ready.text, 'Serving at http://127.0.0.1:8080 (ready after 1.2 s).');
  assert.deepEqual(ready.actions, ['Send Invocation', 'Stop']);
  const died = summarize({ kind: 'serving', engine: {}, image: 'i', result: { kind: 'exited', exitCode: 3, lastLines: ['ModuleNotFoundError: app'] } } as unknown as LocalRunOutcome);
  assert.match(died.text, /exited with code 3 before \/ping answered\. Last output: ModuleNotFoundError: app/);
  assert.equal(summarize({ kind: 'refused', reason: 'the Dockerfile has 1 error', diagnostics: [], errors: [] }).actions[0], 'Show Problems');
  assert.match(summarize({ kind: 'engine-missing', message: 'neither docker nor podman answered' }).text, /No container engine/);
  assert.equal(summarize({ kind: 'cancelled' }).severity, 'info');
});

test('terminal lines: phases bold, commands dimmed, output as it came', () => {
  assert.equal(terminalText({ type: 'output', source: 'build', stream: 'stdout', line: 'STEP 1/3' }), 'STEP 1/3\n');
  assert.equal(terminalText({ type: 'phase', phase: 'build', message: 'building' }), '\x1b[1m» building\x1b[0m\n');
  assert.equal(terminalText({ type: 'command', text: 'podman build …' }), '\x1b[2m$ podman build …\x1b[0m\n');
  assert.equal(terminalText({ type: 'output', source: 'train', stream: 'stdout', line: 'epoch 1', host: 'algo-2' }), '\x1b[2m[algo-2]\x1b[0m epoch 1\n');
});

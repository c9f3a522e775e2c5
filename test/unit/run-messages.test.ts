// The editor's run messages: what the user reads at the end of a run, for every outcome.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { summarize, terminalText } from '../../client/src/run/messages';
import type { LocalRunOutcome } from '../../runner/src';

const job = {
  name: 'j',
  dir: '/jobs/j',
  host: 'algo-1',
  configDir: '/jobs/j/input/config',
  modelDir: '/jobs/j/model',
  outputDir: '/jobs/j/output',
  outputDataDir: '/jobs/j/output/data',
  failureFile: '/jobs/j/output/failure',
  successFile: '/jobs/j/output/success',
  mounts: [],
};
const trained = (result: unknown) => ({ kind: 'trained', engine: {}, image: 'img', result }) as unknown as LocalRunOutcome;

test('a failed training shows the failure file first and offers to open it', () => {
  const summary = summarize(
    trained({ kind: 'failed', exitCode: 1, failure: 'ValueError: bad learning rate\nTraceback…', job, lastLines: ['x'] }),
  );
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
  const summary = summarize(
    trained({ kind: 'failed', exitCode: 1, failureProblem: 'output/failure is a symbolic link (not followed)', job, lastLines: ['x'] }),
  );
  assert.equal(summary.text, 'Training failed (exit 1): the failure file was not read: output/failure is a symbolic link (not followed)');
  assert.deepEqual(summary.actions, ['Show Log']);
});

test('serving, refusals, missing engines and cancels each say what happened', () => {
  const ready = summarize({
    kind: 'serving',
    engine: {},
    image: 'i',
    result: { kind: 'ready', endpoint: { url: 'http://127.0.0.1:8080', readyAfterMs: 1234 } },
  } as unknown as LocalRunOutcome);
  assert.equal(ready.text, 'Serving at http://127.0.0.1:8080 (ready after 1.2 s).');
  assert.deepEqual(ready.actions, ['Send Invocation', 'Stop']);
  const died = summarize({
    kind: 'serving',
    engine: {},
    image: 'i',
    result: { kind: 'exited', exitCode: 3, lastLines: ['ModuleNotFoundError: app'] },
  } as unknown as LocalRunOutcome);
  assert.match(died.text, /exited with code 3 before \/ping answered\. Last output: ModuleNotFoundError: app/);
  assert.equal(
    summarize({ kind: 'refused', reason: 'the Dockerfile has 1 error', diagnostics: [], errors: [] }).actions[0],
    'Show Problems',
  );
  const missing = summarize({
    kind: 'engine-missing',
    message: 'no working container engine (docker or podman): docker: not found (ENOENT); podman: not found (ENOENT)',
    problems: [
      { kind: 'not-installed', engine: 'docker', path: 'docker', detail: 'ENOENT' },
      { kind: 'not-installed', engine: 'podman', path: 'podman', detail: 'ENOENT' },
    ],
  });
  assert.equal(
    missing.text,
    'No working container engine (docker or podman): docker: not found (ENOENT); podman: not found (ENOENT). Install Docker or Podman, or give the path of its executable with the setting sagemakerEntrypoint.run.enginePath.',
  );
  assert.deepEqual([missing.actions, missing.settingsQuery], [['Open Settings', 'Show Log'], 'sagemakerEntrypoint.run.engine']);
  assert.equal(summarize({ kind: 'cancelled' }).severity, 'info');
});

test('terminal lines: phases bold, commands dimmed, output as it came', () => {
  assert.equal(terminalText({ type: 'output', source: 'build', stream: 'stdout', line: 'STEP 1/3' }), 'STEP 1/3\n');
  assert.equal(terminalText({ type: 'phase', phase: 'build', message: 'building' }), '\x1b[1m» building\x1b[0m\n');
  assert.equal(terminalText({ type: 'command', text: 'podman build …' }), '\x1b[2m$ podman build …\x1b[0m\n');
  assert.equal(
    terminalText({ type: 'output', source: 'train', stream: 'stdout', line: 'epoch 1', host: 'algo-2' }),
    '\x1b[2m[algo-2]\x1b[0m epoch 1\n',
  );
});

test('a docker without its daemon: the editor says to start it or to choose podman in the settings', () => {
  const summary = summarize({
    kind: 'engine-missing',
    message: 'no working container engine (docker): docker: installed, but no Docker daemon answers (Cannot connect)',
    problems: [{ kind: 'not-running', engine: 'docker', path: 'docker', detail: 'Cannot connect', serviceAddress: 'unix:///x.sock' }],
  });
  assert.match(
    summary.text,
    /no Docker daemon answers \(Cannot connect\)\. Start the Docker daemon at DOCKER_HOST=unix:\/\/\/x\.sock .*, or correct DOCKER_HOST, or use podman \(set sagemakerEntrypoint\.run\.engine to podman\)\.$/,
  );
});

test('a failed build names the Dockerfile line and offers to go there', () => {
  const step = { file: '/p/my project/train.Dockerfile', line: 6, instruction: 'RUN echo building && exit 3' };
  const summary = summarize({
    kind: 'build-failed',
    message: 'the build failed',
    exitCode: 3,
    lastLines: ['building', 'Error: building at STEP "RUN echo building && exit 3": exit status 3'],
    step,
  });
  assert.equal(
    summary.text,
    'Build failed at train.Dockerfile:6 (RUN echo building && exit 3), exit code 3. Last output: Error: building at STEP "RUN echo building && exit 3": exit status 3 Fix that instruction and run again; the build\'s last lines say what went wrong.',
  );
  assert.deepEqual(summary.actions, ['Go to Failing Line', 'Show Log']);
  assert.deepEqual(summary.location, { file: step.file, line: 6 });
});

test('a job folder that cannot be created: where, why, and what to do without a --jobs-dir', () => {
  const summary = summarize({
    kind: 'folder-unusable',
    purpose: 'jobs',
    folder: '/tmp/sagemaker-entrypoint/jobs',
    reason: 'EROFS: read-only file system',
    explicit: false,
  });
  assert.equal(
    summary.text,
    'Cannot create a job folder in /tmp/sagemaker-entrypoint/jobs: EROFS: read-only file system. Make /tmp/sagemaker-entrypoint/jobs writable, or point TMPDIR at a writable folder.',
  );
});

test('serving faults: /ping timing out, a port taken, a server without serve', () => {
  const serving = (result: unknown) => summarize({ kind: 'serving', engine: {}, image: 'i', result } as unknown as LocalRunOutcome);
  const timeout = serving({ kind: 'timeout', lastLines: [], lastProblem: 'ECONNREFUSED', timeoutMs: 300_000 });
  assert.equal(
    timeout.text,
    '/ping did not answer 200 within 300 s (last: ECONNREFUSED); the container was stopped and removed. Nothing answered on port 8080 in the container: the server must listen on 0.0.0.0:8080 (not 127.0.0.1), or if loading the model takes longer than 300 s, raise the setting sagemakerEntrypoint.run.startupTimeoutSeconds.',
  );
  assert.equal(timeout.settingsQuery, 'sagemakerEntrypoint.run.startupTimeoutSeconds');
  assert.match(
    serving({ kind: 'not-started', message: 'port 8080 on 127.0.0.1 is taken', portTaken: 8080 }).text,
    /Free port 8080, or choose another in the setting sagemakerEntrypoint\.run\.port\.$/,
  );
  assert.match(
    serving({ kind: 'exited', exitCode: 127, lastLines: ['exec: "serve": executable file not found in $PATH'] }).text,
    /The image has no `serve` on its PATH/,
  );
});

test('a training container the engine could not start says why by its exit code', () => {
  assert.match(
    summarize(trained({ kind: 'failed', exitCode: 127, job, lastLines: ['exec: "train": executable file not found in $PATH'] })).text,
    /The image has no `train` on its PATH/,
  );
});

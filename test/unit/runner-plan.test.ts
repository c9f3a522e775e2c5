// The plan: mode from the entry-point variables, target, context and image tag from the analysis,
// and a refusal when the checks find errors (unless forced).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectMode, imageTag, planRun } from '../../runner/src/plan';
import type { PlanResult, RunPlan } from '../../runner/src/plan';

const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-runner-plan-')));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function project(name: string, dockerfile: string, files: Record<string, string> = { 'train.py': 'print(1)\n' }): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  for (const [file, text] of Object.entries({ Dockerfile: dockerfile, ...files })) fs.writeFileSync(path.join(dir, file), text);
  return path.join(dir, 'Dockerfile');
}

function planned(result: PlanResult): RunPlan {
  assert.equal(result.kind, 'planned', result.kind === 'refused' ? result.reason : '');
  return (result as { plan: RunPlan }).plan;
}

describe('detectMode', () => {
  const rows: Array<[string, Record<string, string>, 'train' | 'serve' | undefined]> = [
    ['SAGEMAKER_PROGRAM alone trains', { SAGEMAKER_PROGRAM: 'train.py' }, 'train'],
    ['SAGEMAKER_TRAINING_MODULE trains', { SAGEMAKER_TRAINING_MODULE: 'a:b' }, 'train'],
    ['SAGEMAKER_SERVING_MODULE serves', { SAGEMAKER_SERVING_MODULE: 'app:app' }, 'serve'],
    [
      'a program with a serving module is the serving script',
      { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SERVING_MODULE: 'a:b' },
      'serve',
    ],
    ['a training module wins over a serving module', { SAGEMAKER_TRAINING_MODULE: 'a:b', SAGEMAKER_SERVING_MODULE: 'c:d' }, 'train'],
    ['nothing: undecided', {}, undefined],
  ];
  for (const [title, values, mode] of rows) it(title, () => assert.equal(detectMode(values).mode, mode));
});

describe('imageTag', () => {
  it('fully qualified under localhost, from the folder name and the target', () => {
    assert.equal(imageTag('/home/me/My Model/Dockerfile'), 'localhost/sagemaker-entrypoint-my-model:local');
    assert.equal(imageTag('/home/me/proj/Dockerfile', 'Train'), 'localhost/sagemaker-entrypoint-proj-train:local');
  });
});

describe('planRun', () => {
  it('training: mode, context, entry point, default tag', () => {
    const file = project('script', 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n');
    const plan = planned(planRun({ dockerfilePath: file }));
    assert.equal(plan.mode, 'train');
    assert.equal(plan.contextDir, path.dirname(file));
    assert.deepEqual(plan.entryPoint, { SAGEMAKER_PROGRAM: 'train.py' });
    assert.equal(plan.image, 'localhost/sagemaker-entrypoint-script:local');
  });

  it('the target stage decides the mode, and is passed to the build', () => {
    const file = project(
      'stages',
      'FROM python:3.11 AS train\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n' +
        'FROM python:3.11 AS serve\nCOPY app.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=app:app\n',
      { 'train.py': 'print(1)\n', 'app.py': 'app = None\n' },
    );
    assert.equal(planned(planRun({ dockerfilePath: file })).mode, 'serve');
    const train = planned(planRun({ dockerfilePath: file, target: 'train' }));
    assert.equal(train.mode, 'train');
    assert.equal(train.target, 'train');
    assert.equal(train.image, 'localhost/sagemaker-entrypoint-stages-train:local');
  });

  it('the user can choose the mode and the tag', () => {
    const file = project('choose', 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n');
    const plan = planned(planRun({ dockerfilePath: file, mode: 'serve', image: 'localhost/mine:1' }));
    assert.equal(plan.mode, 'serve');
    assert.equal(plan.modeReason, 'chosen');
    assert.equal(plan.image, 'localhost/mine:1');
  });

  it('refuses on error diagnostics and lists them; force runs anyway', () => {
    const file = project('broken', 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py --epochs 3"\n');
    const refused = planRun({ dockerfilePath: file });
    assert.equal(refused.kind, 'refused');
    assert.deepEqual(
      refused.errors.map((d) => d.code),
      ['SM204'],
    );
    assert.match(refused.reason, /1 error/);
    const forced = planned(planRun({ dockerfilePath: file, force: true }));
    assert.deepEqual(
      forced.forcedErrors.map((d) => d.code),
      ['SM204'],
    );
  });

  it('severities from the config count: an error turned off does not refuse', () => {
    const file = project('severities', 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py --epochs 3"\n');
    assert.equal(planRun({ dockerfilePath: file, severities: { SM204: 'off' } }).kind, 'planned');
  });

  it('refuses when the mode cannot be told, or the target does not exist', () => {
    const file = project('nothing', 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n');
    const none = planRun({ dockerfilePath: file });
    assert.equal(none.kind, 'refused');
    assert.match(none.reason, /train or serve/);
    assert.equal(planRun({ dockerfilePath: file, mode: 'train' }).kind, 'planned');
    assert.equal(planRun({ dockerfilePath: file, mode: 'train', target: 'nope' }).kind, 'refused');
  });

  it('an unsaved buffer is planned from its text; an unreadable file is refused', () => {
    const file = project('buffer', 'FROM python:3.11\n');
    const plan = planned(
      planRun({ dockerfilePath: file, text: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n' }),
    );
    assert.equal(plan.mode, 'train');
    const missing = planRun({ dockerfilePath: path.join(root, 'missing', 'Dockerfile') });
    assert.match(missing.kind === 'refused' ? missing.reason : '', /cannot read/);
  });
});

// Which Dockerfile line a failed build stopped at, from the output shapes of podman (also behind the docker CLI),
// docker's classic builder and BuildKit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BuildStepTracker } from '../../runner/src/build-failure';
import type { FailedStep } from '../../runner/src/build-failure';

const FILE = '/p/Dockerfile';

function located(dockerfile: string, output: string, file = FILE): FailedStep | undefined {
  const tracker = new BuildStepTracker(file);
  for (const line of output.split('\n')) tracker.push(line);
  return tracker.locate(file, dockerfile);
}

const TWO_STAGES = [
  'FROM localhost/sm-busybox:latest AS base', // 1
  'RUN echo one', // 2
  '', // 3
  '# the real work', // 4
  'FROM base', // 5
  'RUN echo building && \\', // 6
  '    # a comment inside the continuation', // 7
  '    exit 3', // 8
  'COPY train.py /opt/ml/code/', // 9
].join('\n');

describe('BuildStepTracker', () => {
  it('podman, two stages: the RUN whose continuation lines it joined', () => {
    const output = [
      '[1/2] STEP 1/2: FROM localhost/sm-busybox:latest AS base',
      '[1/2] STEP 2/2: RUN echo one',
      'one',
      '--> 7937fbee753',
      '[2/2] STEP 1/3: FROM 7937fbee753b6e7a42e852bfd8f53755c1dfdc1940a62dd757c4d2c7475ba531',
      '[2/2] STEP 2/3: RUN echo building &&     exit 3',
      'building',
      'Error: building at STEP "RUN echo building &&     exit 3": while running runtime: exit status 3',
    ].join('\n');
    assert.deepEqual(located(TWO_STAGES, output), { file: FILE, line: 6, instruction: 'RUN echo building && exit 3' });
  });

  it('podman behind the docker CLI: the same steps, the error without "Error: "', () => {
    const output = [
      'Sending build context to Docker daemon  2.048kB',
      '[2/2] STEP 3/3: COPY train.py /opt/ml/code/',
      'building at STEP "COPY train.py /opt/ml/code/": checking on sources under "/ctx": no such file',
    ].join('\n');
    assert.equal(located(TWO_STAGES, output)?.line, 9);
  });

  it("podman: a FROM on an earlier stage is printed with that stage's image id", () => {
    assert.equal(located(TWO_STAGES, '[2/2] STEP 1/3: FROM 7937fbee753b6e7a\nError: creating build container: no such image')?.line, 5);
  });

  it('podman, one stage: FROM with its ARG expanded', () => {
    const dockerfile = 'ARG BASE=python:3.11\nFROM ${BASE}\nRUN true\n';
    assert.deepEqual(located(dockerfile, 'STEP 1/2: FROM python:3.11\nError: creating build container: image not known'), {
      file: FILE,
      line: 2,
      instruction: 'FROM ${BASE}',
    });
  });

  it('the same instruction in two stages: the one of the stage the engine named', () => {
    const dockerfile = 'FROM a AS one\nRUN make\nFROM b\nRUN make\n';
    assert.equal(located(dockerfile, '[1/2] STEP 2/2: RUN make\nError: building at STEP "RUN make": exit status 2')?.line, 2);
    assert.equal(located(dockerfile, '[2/2] STEP 2/2: RUN make\nError: building at STEP "RUN make": exit status 2')?.line, 4);
  });

  it("docker's classic builder: Step i/n", () => {
    const output = [
      'Step 1/3 : FROM localhost/sm-busybox:latest AS base',
      ' ---> e66264b98777',
      'Step 2/3 : RUN echo one',
      "The command '/bin/sh -c echo one' returned a non-zero code: 1",
    ].join('\n');
    assert.equal(located(TWO_STAGES, output)?.line, 2);
  });

  it('BuildKit: the file and line of its error, under the Dockerfile name given with -f', () => {
    const dockerfile = 'FROM alpine\nWORKDIR /app\nRUN apk add \\\n    nothing-such\nCMD ["x"]\n';
    const output = [
      '#6 [2/3] RUN apk add     nothing-such',
      '#6 0.5 ERROR: unable to select packages',
      'train.Dockerfile:3',
      '--------------------',
      '   2 |     WORKDIR /app',
      '   3 | >>> RUN apk add \\',
      '   4 | >>>     nothing-such',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c apk add     nothing-such" did not complete successfully: exit code: 1',
    ].join('\n');
    assert.deepEqual(located(dockerfile, output, '/p/train.Dockerfile'), {
      file: '/p/train.Dockerfile',
      line: 3,
      instruction: 'RUN apk add nothing-such',
    });
  });

  it('lower-case keywords, a backtick escape, CRLF line ends', () => {
    const dockerfile = '# escape=`\r\nfrom busybox\r\nrun echo a `\r\n  && false\r\n';
    assert.equal(
      located(dockerfile, 'STEP 2/2: run echo a   && false\nError: building at STEP "run echo a   && false": exit status 1')?.line,
      3,
    );
  });

  it('a long instruction is shown cut to 200 characters', () => {
    const long = `RUN echo ${'x'.repeat(500)}`;
    const step = located(`FROM a\n${long}\n`, `STEP 2/2: ${long}`);
    assert.equal(step?.line, 2);
    assert.equal(step.instruction.length, 201);
  });

  it('nothing recognisable: undefined, never a guess', () => {
    assert.equal(located(TWO_STAGES, 'some error\nanother'), undefined);
    assert.equal(located(TWO_STAGES, 'STEP 2/2: RUN something that is not in the file'), undefined);
  });
});

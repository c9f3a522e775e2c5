// SM201–SM208: SAGEMAKER_PROGRAM and what lands in /opt/ml/code (docs/rules/README.md#image-file-model,
// #build-context; docs/sagemaker-contract.md#how-the-program-runs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyze,
  assertFires,
  assertNone,
  assertQuiet,
  only,
  rangeText,
  ERROR,
  INFO,
  WARNING,
  type FireCase,
  type QuietCase,
} from './helpers';

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(code, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

const TRAIN = { 'train.py': 'print("training")\n' };
const F = 'FROM python:3.11\n';
const PT_TRAINING = 'FROM 763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker\n';
const TF_TRAINING = 'FROM 763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.14.1-cpu-py310-ubuntu20.04-sagemaker\n';

table(
  'SM201',
  WARNING,
  [
    {
      title: 'a file COPY --from a builder that copied the whole context: only that file arrives',
      dockerfile: `FROM python:3.11 AS builder\nCOPY . /src/\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /src/fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'fit.py': '' },
      range: 'train.py',
    },
    {
      title: 'the same without a context: a name that can only be a file',
      dockerfile: `FROM python:3.11 AS builder\nWORKDIR /src\nCOPY . .\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /src/fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
      range: 'train.py',
    },
    {
      title: 'a heredoc copied into the folder under its word EOF: the message says where it went',
      dockerfile: `${F}COPY <<EOF /opt/ml/code/\nprint(1)\nEOF\nENV SAGEMAKER_PROGRAM=train.py\n`,
      range: 'train.py',
      message: ['The heredoc of line 2 is written to /opt/ml/code/EOF', '(COPY <<EOF /opt/ml/code/train.py)'],
    },
    {
      title: '--target the stage with the ONBUILD COPY: it runs only in images built FROM this one',
      dockerfile: `FROM python:3.11 AS base\nRUN pip install sagemaker-training\nONBUILD COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\nFROM base AS final\nLABEL x=y\n`,
      files: TRAIN,
      options: { target: 'base' },
      range: 'train.py',
      message: ['The ONBUILD on line 3 runs its COPY only in images built FROM this one'],
    },
    {
      title: 'an ONBUILD COPY of the program: the message says it runs only in images built FROM this one',
      dockerfile: `${F}ONBUILD COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
      message: ['The ONBUILD on line 2 runs its COPY only in images built FROM this one'],
    },
    ...[
      '["tini", "--"]',
      '["/usr/local/bin/dockerd-entrypoint.sh"]',
      '["bash", "-m", "start_with_right_hostname.sh"]',
      '["bash", "-c", "exec \\"$@\\"", "--"]',
    ].map((entrypoint) => ({
      title: `an exec ENTRYPOINT that runs what follows it ('train'): ${entrypoint}`,
      dockerfile: `${F}RUN pip install sagemaker-training\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ${entrypoint}\n`,
      files: TRAIN,
      range: 'train.py',
    })),
    {
      title: 'an exec ENTRYPOINT that starts the training toolkit still reads SAGEMAKER_PROGRAM',
      dockerfile: `${F}COPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["python3", "-m", "sagemaker_training.cli.train"]\n`,
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY on S3 in a training-toolkit image: the message says it brings no code',
      dockerfile: `${F}RUN pip install --no-cache-dir sagemaker-training\nENV SAGEMAKER_SUBMIT_DIRECTORY=s3://my-bucket/code/sourcedir.tar.gz\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
      range: 'train.py',
      message: [
        'SAGEMAKER_SUBMIT_DIRECTORY (line 3) brings no code',
        "sagemaker_submit_directory hyperparameter (the SageMaker SDK's source_dir)",
      ],
    },
    {
      title: 'a global ARG the stage does not declare again is empty in a COPY destination: the message says so',
      dockerfile:
        'ARG CODE=/opt/ml/code\nFROM python:3.11\nRUN pip install sagemaker-training\nCOPY train.py ${CODE}/\nENV SAGEMAKER_PROGRAM train.py\n',
      options: { context: null },
      range: 'train.py',
      message: ["The COPY on line 4 copies to '/': ${CODE} is empty in this stage", 'ARG CODE is declared only before the first FROM'],
    },
    {
      title: 'nothing copied at all',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
      data: { program: 'train.py' },
      message: ['/opt/ml/code/train.py'],
    },
    {
      title: 'copied elsewhere: says where it landed',
      dockerfile: `${F}COPY train.py /app/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
      data: { program: 'train.py', landedAt: '/app/train.py', source: 'train.py' },
      message: ['/app/train.py'],
    },
    {
      title: 'copied to /opt/ml instead of /opt/ml/code',
      dockerfile: `${F}COPY train.py /opt/ml/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
      data: { landedAt: '/opt/ml/train.py' },
    },
    {
      title: "a folder's contents copied into /opt/ml, one level too high (`WORKDIR /opt/ml` + `COPY code .`), not a missing code/code/",
      dockerfile: `${F}WORKDIR /opt/ml\nCOPY code .\nENV SAGEMAKER_PROGRAM serve_app.py\n`,
      files: { 'code/serve_app.py': 'print(1)\n' },
      range: 'serve_app.py',
      data: { landedAt: '/opt/ml/serve_app.py' },
      message: ['The script was copied to /opt/ml/serve_app.py (line'],
    },
    {
      title: 'copied from another stage into /opt/ml: says where it landed',
      dockerfile:
        'FROM python:3.11 AS build\nWORKDIR /src\nCOPY fit.py .\nFROM python:3.11-slim\nCOPY --from=build /src/fit.py /opt/ml/\nENV SAGEMAKER_PROGRAM=fit.py\n',
      files: { 'fit.py': 'print(1)\n' },
      options: { context: null },
      range: 'fit.py',
      data: { landedAt: '/opt/ml/fit.py', copyLine: 4 },
      message: ['The script was copied to /opt/ml/fit.py (line 5)'],
    },
    {
      title: 'copied into a subfolder of /opt/ml/code',
      dockerfile: `${F}COPY train.py /opt/ml/code/src/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: 'train.py',
      data: { landedAt: '/opt/ml/code/src/train.py' },
    },
    {
      title: 'glob does not match the script',
      dockerfile: `${F}COPY *.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'util.py': '' },
      range: 'train.py',
    },
    {
      title: 'copied only in a stage the target does not build on',
      dockerfile: 'FROM python:3.11 AS build\nCOPY train.py /opt/ml/code/\nFROM python:3.11\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
      range: 'train.py',
    },
    {
      title: 'value resolved from an ARG: range is the reference',
      dockerfile: `${F}ARG P=train.py\nENV SAGEMAKER_PROGRAM=$P\n`,
      files: TRAIN,
      range: '$P',
      data: { program: 'train.py' },
    },
    {
      title: 'without a build context too (the rule does not read files)',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
      range: 'train.py',
    },
  ],
  [
    { title: 'COPY train.py /opt/ml/code/', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`, files: TRAIN },
    {
      title: 'COPY . /opt/ml/code/ with the script in the context',
      dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'COPY src/ /opt/ml/code/ with src/train.py',
      dockerfile: `${F}COPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'src/train.py': '' },
    },
    {
      title: 'COPY src /opt/ml/code copies the folder contents',
      dockerfile: `${F}COPY src /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'src/train.py': '' },
    },
    {
      title: 'program in a subfolder',
      dockerfile: `${F}COPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=pkg/train.py\n`,
      files: { 'src/pkg/train.py': '' },
    },
    {
      title: 'COPY *.py /opt/ml/code/',
      dockerfile: `${F}COPY *.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'train.py': '', 'util.py': '' },
    },
    {
      title: 'COPY with --chown',
      dockerfile: `${F}COPY --chown=1000:1000 train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'WORKDIR /opt/ml/code then COPY train.py .',
      dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY train.py .\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'relative WORKDIR then COPY train.py ./',
      dockerfile: `${F}WORKDIR /opt/ml\nWORKDIR code\nCOPY train.py ./\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'WORKDIR /opt/ml/code then COPY train.py /opt/ml/code',
      dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY train.py /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'destination from an ENV variable',
      dockerfile: `${F}ENV CODE=/opt/ml/code\nCOPY train.py \${CODE}/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
    },
    {
      title: 'copied by the parent stage',
      dockerfile: 'FROM python:3.11 AS base\nCOPY train.py /opt/ml/code/\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
    },
    {
      title: 'RUN cp /tmp/x.py /opt/ml/code/train.py makes it unknown',
      dockerfile: `${F}RUN cp /tmp/x.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'RUN git clone ... /opt/ml/code makes it unknown',
      dockerfile: `${F}RUN git clone https://example.com/repo.git /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'RUN mkdir + tar into /opt/ml/code',
      dockerfile: `${F}RUN mkdir -p /opt/ml/code && tar -xzf /tmp/code.tar.gz -C /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'an exec ENTRYPOINT that runs the script itself: nothing reads SAGEMAKER_PROGRAM',
      dockerfile: `FROM python:3.11-slim\nRUN pip install --no-cache-dir pandas\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["python3", "/opt/program/train.py"]\n`,
      files: TRAIN,
    },
    {
      title: 'an exec ENTRYPOINT that runs a module of its own',
      dockerfile: `${F}COPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["/usr/bin/python3.11", "-u", "-m", "program.main"]\n`,
      files: TRAIN,
    },
    ...[
      '["torchrun", "--nproc_per_node=8", "/opt/program/train.py"]',
      '["accelerate", "launch", "--config_file", "acc.yaml", "train.py"]',
      '["deepspeed", "/opt/program/train.py", "--deepspeed"]',
      '["mpirun", "-np", "4", "--allow-run-as-root", "python", "train.py"]',
      '["dumb-init", "--", "python", "/opt/program/train.py"]',
      '["/usr/bin/tini", "-g", "--", "python3", "-m", "program.main"]',
      '["conda", "run", "--no-capture-output", "-n", "train", "python", "-m", "program.main"]',
      '["uv", "run", "--project", "/opt/program", "train.py"]',
      '["poetry", "run", "python", "train.py"]',
      '["bash", "-c", "cd /opt/program && exec python train.py"]',
      '["/opt/program/train.py"]',
      '["gunicorn", "-b", "0.0.0.0:8080", "app.main:app"]',
      '["sh", "-c", "exec uvicorn app.main:app --port 8080"]',
    ].map((entrypoint) => ({
      title: `an exec ENTRYPOINT that runs a program of its own through a launcher or wrapper: ${entrypoint}`,
      dockerfile: `${F}RUN pip install sagemaker-training\nCOPY train.py /opt/program/\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ${entrypoint}\n`,
      files: TRAIN,
    })),
    {
      title: 'a file COPY --from a builder whose RUN made it: unknown at its own name',
      dockerfile: `FROM python:3.11 AS builder\nRUN mkdir -p /gen && python -c "open('/gen/train.py', 'w')"\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /gen/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'a glob COPY --from a builder that copied the context: the glob matches what the stage holds',
      dockerfile: `FROM python:3.11 AS builder\nWORKDIR /build\nCOPY src/ ./\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /build/*.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'src/train.py': '' },
    },
    {
      title: 'a glob COPY --from a builder whose RUN wrote the files',
      dockerfile: `FROM python:3.11 AS builder\nRUN mkdir -p /gen && python -c "open('/gen/train.py', 'w')"\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /gen/t*.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'a folder COPY --from a builder whose contents are unknown',
      dockerfile: `FROM python:3.11 AS builder\nRUN mkdir -p /gen/code\nFROM python:3.11-slim\nRUN pip install sagemaker-training\nCOPY --from=builder /gen/code /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: "a folder copy's --exclude of other files keeps the script",
      dockerfile: `${F}COPY --exclude=*.md --exclude=tests/ . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'train.py': '', 'README.md': '', 'tests/test_train.py': '' },
    },
    {
      title: 'a COPY to a build argument without a value may have put it there',
      dockerfile: `${F}ARG CODE_DIR\nCOPY train.py \${CODE_DIR}/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'a folder COPY to a destination through an ENV of the base image',
      dockerfile: `${F}COPY src/ \${APP_HOME}/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'a cp that starts a continued line of a RUN',
      dockerfile: `${F}COPY src /tmp/src\nRUN apt-get update && \\\n    mkdir -p /opt/ml/code && \\\n    cp /tmp/src/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'src/train.py': '' },
    },
    {
      title: 'a cp after a comment line inside a continued RUN',
      dockerfile: `${F}RUN echo start && \\\n    # the code\n    cp /tmp/x.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'a cp in the body of a RUN heredoc',
      dockerfile: `${F}RUN <<EOT\nset -e\nmkdir -p /opt/ml/code\ncp /tmp/x.py /opt/ml/code/train.py\nEOT\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'a continued line under the escape directive',
      dockerfile: `# escape=\`\n${F}RUN echo a && \`\n    cp /tmp/x.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    { title: 'ADD of a URL', dockerfile: `${F}ADD https://example.com/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n` },
    {
      title: 'ADD of a local archive',
      dockerfile: `${F}ADD code.tar.gz /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: { 'code.tar.gz': 'binary' },
    },
    {
      title: 'COPY --from an image, not a stage',
      dockerfile: `${F}COPY --from=myorg/code:latest /src/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'COPY --from=builder where the builder stage has it',
      dockerfile:
        'FROM python:3.11 AS builder\nCOPY train.py /out/train.py\nFROM python:3.11\nCOPY --from=builder /out/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
    },
    {
      title: 'COPY --from=builder of a folder',
      dockerfile:
        'FROM python:3.11 AS builder\nCOPY train.py /out/\nFROM python:3.11\nCOPY --from=builder /out/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
    },
    {
      title: 'COPY --from=0 by index',
      dockerfile:
        'FROM python:3.11\nCOPY train.py /out/\nFROM python:3.11\nCOPY --from=0 /out/train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
    },
    {
      title: 'COPY --from=builder where a RUN made the file',
      dockerfile:
        'FROM python:3.11 AS builder\nRUN python -m build --outdir /out\nFROM python:3.11\nCOPY --from=builder /out/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    },
    {
      title: 'SAGEMAKER_SUBMIT_DIRECTORY is set',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY=s3://bucket/code.tar.gz\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    { title: 'quoted value', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py"\n`, files: TRAIN },
    {
      title: 'legacy form with a quoted value',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM "train.py"\n`,
      files: TRAIN,
    },
    { title: 'missing final newline', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py`, files: TRAIN },
    {
      title: 'lower-case instructions',
      dockerfile: 'from python:3.11\ncopy train.py /opt/ml/code/\nenv SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
    },
    {
      title: 'an ONBUILD COPY of a stage the target is built FROM: BuildKit runs it in the target',
      dockerfile: `FROM python:3.11 AS base\nRUN pip install sagemaker-training\nONBUILD COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\nFROM base AS final\nLABEL x=y\n`,
      files: TRAIN,
    },
    {
      title: 'the same with an ONBUILD COPY in exec form',
      dockerfile: `FROM python:3.11 AS base\nONBUILD COPY ["train.py", "/opt/ml/code/"]\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'the same with an ONBUILD RUN that writes the script',
      dockerfile: `FROM python:3.11 AS base\nONBUILD RUN cp /tmp/fit.py /opt/ml/code/train.py\nFROM base\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'a RUN with BuildKit flags that copies the script into place',
      dockerfile: `${F}RUN --mount=type=bind,source=src,target=/src \\\n    cp /src/fit.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
    },
    {
      title: 'heredoc COPY creates the file',
      dockerfile: `${F}COPY <<EOF /opt/ml/code/train.py\nprint(1)\nEOF\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'an ADD of a git repository over SSH (git@host:repo.git) brings unknown contents',
      dockerfile: `${F}RUN pip install sagemaker-training\nADD git@github.com:example/proj.git /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'a heredoc copied into the folder is a file named after its word',
      dockerfile: `${F}COPY <<train.py /opt/ml/code/\nprint(1)\ntrain.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    {
      title: 'the same with ADD, two heredocs and a quoted, tab-stripping word',
      dockerfile: `${F}ADD <<util.py <<-"train.py" /opt/ml/code/\nX = 1\nutil.py\n\timport util\n\ttrain.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
    { title: 'unresolved value: skipped (SM004 instead)', dockerfile: `${F}ARG P\nENV SAGEMAKER_PROGRAM=$P\n` },
    {
      title: '--target selects the stage that has the script',
      dockerfile:
        'FROM python:3.11 AS train\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\nFROM python:3.11 AS serve\nENV SAGEMAKER_PROGRAM=train.py\n',
      files: TRAIN,
      options: { target: 'train' },
    },
  ],
);

describe('SM201 explains a heredoc only where its word names the file', () => {
  it('a heredoc copied to a file of its own is not said to be named after its word', () => {
    const result = analyze(`${F}COPY <<EOF /opt/ml/code/train.py\nprint(1)\nEOF\nENV SAGEMAKER_PROGRAM=nothere.py\n`);
    const messages = result.diagnostics.filter((d) => d.code === 'SM201').map((d) => d.message);
    assert.deepEqual(messages, ['Nothing in the image is at /opt/ml/code/nothere.py, where SageMaker looks for SAGEMAKER_PROGRAM.']);
  });
});

describe('SM201 uses the target stage', () => {
  it('fires for the last stage when no target is configured', () => {
    const text =
      'FROM python:3.11 AS train\nENV SAGEMAKER_PROGRAM=train.py\nCOPY train.py /opt/ml/code/\nFROM python:3.11 AS serve\nENV SAGEMAKER_PROGRAM=train.py\n';
    const d = only(analyze(text, TRAIN), 'SM201');
    assert.equal(d.range.start.line, 4);
    assert.equal(rangeText(text, d), 'train.py');
  });
});

const sm202Fires: FireCase[] = [
  {
    title: 'COPY source absent from the context',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'trian.py': '' },
    range: 'train.py',
    data: { source: 'train.py', excluded: false },
  },
  {
    title: 'script excluded by .dockerignore',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', '.dockerignore': '*.py\n' },
    range: 'train.py',
    data: { source: 'train.py', excluded: true },
    message: ['.dockerignore'],
  },
  {
    title: 'ADD source absent from the context: the message names the ADD',
    dockerfile: `${F}ADD train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'trian.py': '' },
    range: 'train.py',
    message: ['so the ADD on line 2 cannot put SAGEMAKER_PROGRAM in the image'],
  },
  {
    title: 'script excluded by .dockerignore from COPY . /opt/ml/code/',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', '.dockerignore': 'train.py\n' },
    range: 'train.py',
    data: { source: 'train.py', excluded: true },
  },
  {
    title: 'folder excluded by .dockerignore',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=src/train.py\n`,
    files: { 'src/train.py': '', '.dockerignore': 'src\n' },
    range: 'src/train.py',
    data: { source: 'src/train.py', excluded: true },
  },
  {
    title: "a folder copy's --exclude leaves the script out",
    dockerfile: `${F}COPY --exclude=train.py . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'README.md': '' },
    range: 'train.py',
    data: { source: 'train.py', excluded: true },
    message: ["'train.py' is excluded by the COPY's --exclude", 'the COPY on line 2'],
  },
  {
    title: 'excluded by <Dockerfile>.dockerignore',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'Dockerfile.dockerignore': 'train.py\n' },
    range: 'train.py',
    data: { excluded: true },
    message: ["'train.py' is excluded by Dockerfile.dockerignore"],
  },
  {
    title: 'COPY src/ /opt/ml/code/ but src/train.py missing',
    dockerfile: `${F}COPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'src/pkg/train.py': '' },
    range: 'train.py',
    data: { source: 'src/train.py', excluded: false },
  },
  {
    title: 'glob source whose match is excluded by .dockerignore',
    dockerfile: `${F}COPY *.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'util.py': '', '.dockerignore': 'train.py\n' },
    range: 'train.py',
    data: { excluded: true },
  },
];

table('SM202', ERROR, sm202Fires, [
  { title: 'source present', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`, files: TRAIN },
  {
    title: '.dockerignore re-includes it with !',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'data.csv': '', '.dockerignore': '*\n!train.py\n' },
  },
  {
    title: '.dockerignore excludes other files',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', '.dockerignore': 'data/\n*.csv\n' },
  },
  {
    title: 'a missing source that does not carry the program',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nCOPY data.csv /data/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: TRAIN,
  },
  {
    title: 'COPY --from copies from a stage, not the context',
    dockerfile:
      'FROM python:3.11 AS builder\nRUN python -m build --outdir /out\nFROM python:3.11\nCOPY --from=builder /out/train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
]);

// SM205/SM206: a non-.py program read from the context.
const shell = (program: string, source = program) => `${F}COPY ${source} /opt/ml/code/\nENV SAGEMAKER_PROGRAM=${program}\n`;

const sm205Fires: FireCase[] = [
  {
    title: '.sh without #!',
    dockerfile: shell('run.sh'),
    files: { 'run.sh': 'echo training\n' },
    range: 'run.sh',
    data: { file: '/ctx/run.sh' },
  },
  { title: 'no extension, without #!', dockerfile: shell('train'), files: { train: 'echo training\n' }, range: 'train' },
  {
    title: 'from a folder copy',
    dockerfile: `${F}COPY scripts/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=run.sh\n`,
    files: { 'scripts/run.sh': 'set -e\n' },
    range: 'run.sh',
    data: { file: '/ctx/scripts/run.sh' },
  },
  { title: '#! not on the first line', dockerfile: shell('run.sh'), files: { 'run.sh': '\n#!/bin/bash\necho\n' }, range: 'run.sh' },
];

table('SM205', WARNING, sm205Fires, [
  { title: 'with #!/bin/bash', dockerfile: shell('run.sh'), files: { 'run.sh': '#!/bin/bash\necho training\n' } },
  { title: 'with #!/usr/bin/env python3', dockerfile: shell('train'), files: { train: '#!/usr/bin/env python3\nprint(1)\n' } },
  { title: '.py runs with Python', dockerfile: shell('train.py'), files: { 'train.py': 'print(1)\n' } },
  {
    title: 'no extension but setup.py at the code root: python -m',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train\n`,
    files: { train: 'echo\n', 'setup.py': 'from setuptools import setup\n' },
  },
  {
    title: 'script placed by RUN: unknown content',
    dockerfile: `${F}RUN curl -o /opt/ml/code/run.sh https://example.com/run.sh\nENV SAGEMAKER_PROGRAM=run.sh\n`,
  },
]);

const sm206Fires: FireCase[] = [
  {
    title: '.sh with CRLF',
    dockerfile: shell('run.sh'),
    files: { 'run.sh': '#!/bin/sh\r\necho training\r\n' },
    range: 'run.sh',
    data: { file: '/ctx/run.sh' },
  },
  { title: 'no extension with CRLF', dockerfile: shell('train'), files: { train: '#!/bin/bash\r\nset -e\r\n' }, range: 'train' },
];

table('SM206', ERROR, sm206Fires, [
  { title: 'LF endings', dockerfile: shell('run.sh'), files: { 'run.sh': '#!/bin/sh\necho training\n' } },
  { title: '.py with CRLF runs with Python', dockerfile: shell('train.py'), files: { 'train.py': 'import os\r\nprint(1)\r\n' } },
  {
    title: 'CRLF in another file',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=run.sh\n`,
    files: { 'run.sh': '#!/bin/sh\necho\n', 'other.sh': '#!/bin/sh\r\n' },
  },
]);

table(
  'SM203',
  WARNING,
  [
    { title: 'absolute path outside /opt/ml/code', dockerfile: `${F}ENV SAGEMAKER_PROGRAM=/app/train.py\n`, range: '/app/train.py' },
    { title: 'climbs out with ..', dockerfile: `${F}ENV SAGEMAKER_PROGRAM=../train.py\n`, range: '../train.py' },
    {
      title: 'climbs out with .. after a folder',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM=src/../../bin/train.py\n`,
      range: 'src/../../bin/train.py',
    },
    {
      title: 'absolute inside /opt/ml/code, not .py: warning',
      dockerfile: `${F}COPY run.sh /opt/ml/code/\nENV SAGEMAKER_PROGRAM=/opt/ml/code/run.sh\n`,
      files: { 'run.sh': '#!/bin/sh\n' },
      range: '/opt/ml/code/run.sh',
      data: { relative: 'run.sh' },
    },
    {
      title: 'absolute inside /opt/ml/code, .py: info',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=/opt/ml/code/train.py\n`,
      files: TRAIN,
      range: '/opt/ml/code/train.py',
      severity: INFO,
      data: { relative: 'train.py' },
    },
  ],
  [
    { title: 'relative name', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`, files: TRAIN },
    { title: './train.py', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=./train.py\n`, files: TRAIN },
    { title: '.. that stays inside', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=sub/../train.py\n`, files: TRAIN },
    {
      title: 'subfolder',
      dockerfile: `${F}COPY src/ /opt/ml/code/\nENV SAGEMAKER_PROGRAM=pkg/train.py\n`,
      files: { 'src/pkg/train.py': '' },
    },
    {
      title: 'a path in another variable',
      dockerfile: `${F}ENV SAGEMAKER_SUBMIT_DIRECTORY=/app/code\nENV MY_SCRIPT=/app/train.py\nENV SAGEMAKER_PROGRAM=train.py\n`,
    },
  ],
);

table(
  'SM204',
  ERROR,
  [
    {
      title: 'arguments crammed in (legacy ENV form)',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM train.py --epochs 3\n`,
      range: /^\s?--epochs 3$/,
      data: { program: 'train.py' },
    },
    {
      title: 'arguments in a quoted value',
      dockerfile: `${F}ENV SAGEMAKER_PROGRAM="train.py --epochs 3"\n`,
      range: /^\s?--epochs 3$/,
      data: { program: 'train.py' },
    },
    { title: 'escaped space', dockerfile: `${F}ENV SAGEMAKER_PROGRAM=my\\ train.py\n`, range: /^(\\)?\s?train\.py$/ },
    {
      title: 'a comment after the pair in the NAME=value form: docker build stops at it',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py  # the entry point\n`,
      files: TRAIN,
      range: '# the entry point',
      message: ['can\'t find = in "#"', 'A comment goes on a line of its own'],
      data: {
        program: undefined,
        stray: {
          remove: { start: { line: 2, character: 30 }, end: { line: 2, character: 49 } },
          words: '# the entry point',
          comment: true,
          instructionLine: 2,
        },
      },
    },
    {
      title: 'a space inside ${…} splits the pair: the advice is to quote the value',
      dockerfile: `${F}ARG ENTRY=train.py\nENV SAGEMAKER_PROGRAM=\${ENTRY:?set ENTRY}\n`,
      range: 'ENTRY}',
      message: ["The space inside '${…}' ends the pair: quote the value."],
    },
    {
      title: 'arguments after the pair in the NAME=value form, another pair after them',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py --epochs 3 LOG=1\n`,
      files: TRAIN,
      range: '--epochs 3',
      message: ['can\'t find = in "--epochs"', 'hyperparameters'],
      data: {
        stray: {
          remove: { start: { line: 2, character: 30 }, end: { line: 2, character: 41 } },
          words: '--epochs 3',
          comment: false,
          instructionLine: 2,
        },
      },
    },
    {
      title: 'trailing space inside quotes',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py "\n`,
      files: TRAIN,
      range: /^"?train\.py "?$|^ "?$/,
    },
    {
      title: 'leading space inside quotes',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=" train.py"\n`,
      files: TRAIN,
      range: /^"? ?(train\.py"?)?$/,
    },
    {
      title: 'a launcher command line on a PyTorch training image: it runs through a shell, a warning and no fix',
      dockerfile: `${PT_TRAINING}WORKDIR /opt/ml/code\nCOPY fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="-m accelerate.commands.launch --num_processes 2 fit.py"\n`,
      files: { 'fit.py': '' },
      range: /^\s?accelerate\.commands\.launch --num_processes 2 fit\.py$/,
      severity: WARNING,
      data: { program: undefined },
      message: ["run 'python -m accelerate.commands.launch --num_processes 2 fit.py <hyperparameters>' through a shell"],
    },
    {
      title: 'the same with the PyTorch toolkit installed on a plain base',
      dockerfile: `FROM python:3.11\nRUN pip install sagemaker-pytorch-training\nCOPY fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="-m torch.distributed.run fit.py"\n`,
      files: { 'fit.py': '' },
      range: /^\s?torch\.distributed\.run fit\.py$/,
      severity: WARNING,
    },
    {
      title: 'a launcher command line with the training toolkit alone: one file name, and no fix to a flag',
      dockerfile: `${F}COPY fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="-m accelerate.commands.launch fit.py"\n`,
      files: { 'fit.py': '' },
      range: /^\s?accelerate\.commands\.launch fit\.py$/,
      data: { program: undefined },
      message: ['one file name'],
    },
    {
      title: 'on a PyTorch training image with a SAGEMAKER_TRAINING_MODULE set in the Dockerfile, the program is one file name again',
      dockerfile: `${PT_TRAINING}COPY fit.py /opt/ml/code/\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\nENV SAGEMAKER_PROGRAM="-m accelerate.commands.launch fit.py"\n`,
      files: { 'fit.py': '' },
      range: /^\s?accelerate\.commands\.launch fit\.py$/,
      message: ['one file name'],
    },
    {
      title: 'on a TensorFlow training image, a value not ending in .py is a command file name',
      dockerfile: `${TF_TRAINING}COPY fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="fit.py --epochs 3"\n`,
      files: { 'fit.py': '' },
      range: /^\s?--epochs 3$/,
      data: { program: 'fit.py' },
    },
    {
      title: 'on a PyTorch training image in package mode, the value runs as python -m',
      dockerfile: `${PT_TRAINING}COPY setup.py fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="-m accelerate.commands.launch fit.py"\n`,
      files: { 'fit.py': '', 'setup.py': 'from setuptools import setup\nsetup(name="x", py_modules=["fit"])\n' },
      range: /^\s?accelerate\.commands\.launch fit\.py$/,
    },
  ],
  [
    {
      title: 'whitespace belongs to another pair',
      dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py OTHER="a b"\n`,
      files: TRAIN,
    },
    { title: 'legacy form, single word', dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n`, files: TRAIN },
    { title: 'whitespace in another SageMaker variable', dockerfile: `${F}ENV SAGEMAKER_MODEL_SERVER_VMARGS="-Xmx1g -Xms512m"\n` },
  ],
);

table(
  'SM207',
  WARNING,
  [
    {
      title: 'single file to /opt/ml/code before the folder exists',
      dockerfile: `${F}COPY train.py /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      files: TRAIN,
      range: '/opt/ml/code',
      data: { insertAt: { line: 1, character: 26 } },
    },
    { title: 'ADD single file', dockerfile: `${F}ADD train.py /opt/ml/code\n`, files: TRAIN, range: '/opt/ml/code' },
    {
      title: 'a single file from another stage (COPY --from)',
      dockerfile: `FROM python:3.11 AS build\nCOPY train.py /src/train.py\nFROM python:3.11\nCOPY --from=build /src/train.py /opt/ml/code\nENV SAGEMAKER_PROGRAM=train.py\n`,
      options: { context: null },
      range: '/opt/ml/code',
    },
    {
      title: 'in the parent stage of the target',
      dockerfile: 'FROM python:3.11 AS base\nCOPY train.py /opt/ml/code\nFROM base\n',
      files: TRAIN,
      range: '/opt/ml/code',
    },
    {
      title: 'without a build context (the rule does not read files)',
      dockerfile: `${F}COPY train.py /opt/ml/code\n`,
      options: { context: null },
      range: '/opt/ml/code',
    },
    {
      title: 'exec (JSON) form: range is the destination',
      dockerfile: `${F}COPY ["train.py", "/opt/ml/code"]\n`,
      files: TRAIN,
      range: /^"?\/opt\/ml\/code"?$/,
    },
  ],
  [
    { title: 'trailing slash', dockerfile: `${F}COPY train.py /opt/ml/code/\n`, files: TRAIN },
    {
      title: 'WORKDIR /opt/ml/code created the folder',
      dockerfile: `${F}WORKDIR /opt/ml/code\nCOPY train.py /opt/ml/code\n`,
      files: TRAIN,
    },
    {
      title: 'an earlier COPY created the folder',
      dockerfile: `${F}COPY util.py /opt/ml/code/lib/\nCOPY train.py /opt/ml/code\n`,
      files: { 'train.py': '', 'util.py': '' },
    },
    { title: 'RUN mkdir may have created it', dockerfile: `${F}RUN mkdir -p /opt/ml/code\nCOPY train.py /opt/ml/code\n`, files: TRAIN },
    {
      title: 'a mkdir that starts a continued line of a RUN may have created it',
      dockerfile: `${F}RUN echo a && \\\n    mkdir -p /opt/ml/code\nCOPY train.py /opt/ml/code\n`,
      files: TRAIN,
    },
    {
      title: 'a mkdir in a RUN heredoc may have created it',
      dockerfile: `${F}RUN <<EOT bash\napt-get update\nmkdir -p /opt/ml/code\nEOT\nCOPY train.py /opt/ml/code\n`,
      files: TRAIN,
    },
    {
      title: 'several sources go into a folder',
      dockerfile: `${F}COPY train.py util.py /opt/ml/code\n`,
      files: { 'train.py': '', 'util.py': '' },
    },
    { title: 'a folder source', dockerfile: `${F}COPY src /opt/ml/code\n`, files: { 'src/train.py': '' } },
    { title: 'a glob source', dockerfile: `${F}COPY *.py /opt/ml/code\n`, files: TRAIN },
    {
      title: 'a stage the target does not build on',
      dockerfile: 'FROM python:3.11 AS other\nCOPY train.py /opt/ml/code\nFROM python:3.11\n',
      files: TRAIN,
    },
    { title: 'another destination without slash', dockerfile: `${F}COPY train.py /opt/ml/code/train.py\n`, files: TRAIN },
  ],
);

const sm208Fires: FireCase[] = [
  {
    title: 'the legacy toolkit looks for setup.py first: a .sh program runs as a module and fails (T15)',
    dockerfile: `${F}RUN pip install sagemaker-containers\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=run.sh\n`,
    files: { 'run.sh': '#!/bin/sh\n', 'setup.py': '' },
    range: 'run.sh',
    data: { module: 'run.sh', valid: false },
    message: ["'python -m run.sh'", 'not a valid module name'],
  },
  {
    title: 'setup.py at the root of /opt/ml/code',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'setup.py': 'from setuptools import setup\n' },
    range: 'train.py',
    data: { module: 'train', valid: true },
    message: ['python -m train'],
  },
  {
    title: 'name that is not a module path',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=my-train.py\n`,
    files: { 'my-train.py': '', 'setup.py': '' },
    range: 'my-train.py',
    data: { module: 'my-train', valid: false },
  },
  {
    title: 'setup.py copied on its own',
    dockerfile: `${F}COPY setup.py train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'setup.py': '' },
    range: 'train.py',
  },
  {
    title: 'program without extension runs as a module too',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train\n`,
    files: { train: '', 'setup.py': '' },
    range: 'train',
    data: { module: 'train' },
  },
];

table('SM208', INFO, sm208Fires, [
  { title: 'no setup.py', dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`, files: TRAIN },
  {
    title: 'setup.py in the context but not copied',
    dockerfile: `${F}COPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'setup.py': '' },
  },
  {
    title: 'setup.py in a subfolder of /opt/ml/code',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'pkg/setup.py': '' },
  },
  {
    title: 'pyproject.toml only',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'pyproject.toml': '' },
  },
  {
    title: 'setup.py excluded by .dockerignore',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n`,
    files: { 'train.py': '', 'setup.py': '', '.dockerignore': 'setup.py\n' },
  },
  {
    title: '.sh runs as a command before the setup.py check (T7)',
    dockerfile: `${F}COPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=run.sh\n`,
    files: { 'run.sh': '#!/bin/sh\n', 'setup.py': '' },
  },
  {
    title: '.sh with the training toolkit beside the legacy one: the training toolkit runs it as a command',
    dockerfile: `${F}RUN pip install sagemaker-containers sagemaker-training\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=run.sh\n`,
    files: { 'run.sh': '#!/bin/sh\n', 'setup.py': '' },
  },
]);

describe('context rules are skipped without a build context', () => {
  const cases: Array<[string, FireCase]> = [
    ...sm202Fires.map((c) => ['SM202', c] as [string, FireCase]),
    ...sm205Fires.map((c) => ['SM205', c] as [string, FireCase]),
    ...sm206Fires.map((c) => ['SM206', c] as [string, FireCase]),
    ...sm208Fires.map((c) => ['SM208', c] as [string, FireCase]),
  ];
  for (const [code, c] of cases) {
    it(`${code} with context: null: ${c.title}`, () => assertQuiet(code, { ...c, options: { ...c.options, context: null } }));
  }
  it('an unsaved buffer (no path, context not configured) has no context', () => {
    const r = analyze(shell('run.sh'), { 'run.sh': 'echo\r\n' }, { dockerfilePath: undefined, context: undefined });
    assert.equal(r.contextDir, undefined);
    assertNone(r, 'SM202', 'SM205', 'SM206', 'SM208');
  });
});

it('a folder whose contents land one level above /opt/ml/code is SM201 only: no code/code/ is asked for', () => {
  const r = analyze(`${F}WORKDIR /opt/ml\nCOPY code .\nENV SAGEMAKER_PROGRAM serve_app.py\n`, { 'code/serve_app.py': 'print(1)\n' });
  assertNone(r, 'SM202');
  assert.equal(r.diagnostics.filter((d) => d.code === 'SM201').length, 1);
});

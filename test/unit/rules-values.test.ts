// SM301–SM305 and SM401: values of the other SageMaker variables, and the ENTRYPOINT
// (docs/sagemaker-contract.md#other-variables-the-toolkits-read).
import { describe, it } from 'node:test';
import { assertFires, assertQuiet, ERROR, INFO, WARNING, type FireCase, type QuietCase } from './helpers';

function table(code: string, severity: number, fires: FireCase[], quiet: QuietCase[]): void {
  describe(code, () => {
    for (const c of fires) it(`fires: ${c.title}`, () => void assertFires(code, severity, c));
    for (const c of quiet) it(`quiet: ${c.title}`, () => assertQuiet(code, c));
  });
}

const env = (line: string) => `FROM python:3.11\nENV ${line}\n`;

table(
  'SM301',
  ERROR,
  [
    { title: 'log level as a name', dockerfile: env('SAGEMAKER_CONTAINER_LOG_LEVEL=INFO'), range: 'INFO' },
    { title: 'timeout with a unit', dockerfile: env('SAGEMAKER_MODEL_SERVER_TIMEOUT=60s'), range: '60s' },
    { title: 'timeout seconds as a decimal', dockerfile: env('SAGEMAKER_MODEL_SERVER_TIMEOUT_SECONDS=1.5'), range: '1.5' },
    { title: 'workers must be > 0', dockerfile: env('SAGEMAKER_MODEL_SERVER_WORKERS=0'), range: '0' },
    { title: 'workers negative', dockerfile: env('SAGEMAKER_MODEL_SERVER_WORKERS=-2'), range: '-2' },
    { title: 'startup timeout in words', dockerfile: env('SAGEMAKER_STARTUP_TIMEOUT=ten'), range: 'ten' },
    { title: 'payload with a unit', dockerfile: env('SAGEMAKER_MAX_PAYLOAD_IN_MB=6MB'), range: '6MB' },
    { title: 'quoted non-integer', dockerfile: env('SAGEMAKER_CONTAINER_LOG_LEVEL="debug"'), range: '"debug"' },
    { title: 'legacy ENV form', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT 60 seconds\n', range: '60 seconds' },
    {
      title: 'value from an ARG',
      dockerfile: 'FROM python:3.11\nARG LEVEL=warning\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=$LEVEL\n',
      range: '$LEVEL',
    },
    {
      title: 'backtick continuation',
      dockerfile: '# escape=`\nFROM python:3.11\nENV A=1 `\n    SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      range: 'INFO',
    },
    { title: 'no final newline', dockerfile: 'FROM python:3.11\nENV SAGEMAKER_STARTUP_TIMEOUT=soon', range: 'soon' },
    {
      title: 'set in a stage the target builds on, and not replaced',
      dockerfile: 'FROM python:3.11 AS base\nENV SAGEMAKER_MODEL_SERVER_WORKERS=auto\nFROM base\nENV A=1\n',
      range: 'auto',
    },
    {
      title: 'log level in an image that trains and serves (training toolkit beside the inference toolkit)',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-training sagemaker-inference\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      range: 'INFO',
    },
    {
      title: 'log level in an image with the inference toolkit and a requirements file that may bring the training toolkit',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-inference -r requirements.txt\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      range: 'INFO',
    },
    {
      title: 'log level in a legacy-toolkit serving image, which parses it',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-containers\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
      range: 'INFO',
    },
    {
      title: 'an empty worker count where the legacy toolkit parses it',
      dockerfile: 'FROM python:3.11\nRUN pip install sagemaker-containers\nENV SAGEMAKER_MODEL_SERVER_WORKERS=\n',
      range: 'SAGEMAKER_MODEL_SERVER_WORKERS=',
    },
    {
      title: 'a model-server timeout in an inference-toolkit image',
      dockerfile: 'FROM python:3.11\nRUN pip install multi-model-server sagemaker-inference\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT=60s\n',
      range: '60s',
    },
  ],
  [
    {
      title: 'integers',
      dockerfile: env(
        'SAGEMAKER_CONTAINER_LOG_LEVEL=20 SAGEMAKER_MODEL_SERVER_TIMEOUT=60 SAGEMAKER_MODEL_SERVER_WORKERS=4 SAGEMAKER_STARTUP_TIMEOUT=600 SAGEMAKER_MAX_PAYLOAD_IN_MB=6',
      ),
    },
    { title: 'int() accepts surrounding spaces', dockerfile: env('SAGEMAKER_CONTAINER_LOG_LEVEL=" 20 "') },
    { title: 'log level may be negative (int() still parses it)', dockerfile: env('SAGEMAKER_CONTAINER_LOG_LEVEL=-1') },
    { title: 'integer from an ARG', dockerfile: 'FROM python:3.11\nARG W=2\nENV SAGEMAKER_MODEL_SERVER_WORKERS=$W\n' },
    { title: 'unresolved value is not guessed', dockerfile: 'FROM python:3.11\nARG W\nENV SAGEMAKER_MODEL_SERVER_WORKERS=$W\n' },
    { title: 'a non-integer in a LABEL', dockerfile: 'FROM python:3.11\nLABEL SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n' },
    { title: 'a non-integer text variable', dockerfile: env('SAGEMAKER_MODEL_SERVER_VMARGS=-Xmx2g') },
    { title: 'unknown private key', dockerfile: env('SAGEMAKER_TS_BATCH_SIZE=big') },
    {
      title: 'an empty worker count in an inference-toolkit image, which leaves it out of the model-server settings',
      dockerfile: 'FROM python:3.11\nRUN pip install multi-model-server sagemaker-inference\nENV SAGEMAKER_MODEL_SERVER_WORKERS=\n',
    },
    {
      title: 'a stage after the --target is not built',
      dockerfile:
        'FROM python:3.11 AS prod\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT=120\nFROM prod AS debug\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT=forever\n',
      options: { target: 'prod' },
    },
    {
      title: 'a stage the target only copies files from',
      dockerfile: 'FROM python:3.11 AS test\nENV SAGEMAKER_STARTUP_TIMEOUT=soon\nFROM python:3.11\nCOPY --from=test /etc/hostname /tmp/h\n',
    },
    {
      title: 'a value the target stage replaces',
      dockerfile: 'FROM python:3.11 AS base\nENV SAGEMAKER_MODEL_SERVER_WORKERS=auto\nFROM base\nENV SAGEMAKER_MODEL_SERVER_WORKERS=2\n',
    },
    {
      title: 'log level in an image that serves with the inference toolkit only, which never reads it',
      dockerfile: 'FROM python:3.11\nRUN pip install multi-model-server sagemaker-inference\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
    },
    {
      title: 'log level in an AWS PyTorch inference image',
      dockerfile:
        'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=debug\n',
    },
  ],
);

table(
  'SM302',
  ERROR,
  [
    { title: 'port 0', dockerfile: env('SAGEMAKER_BIND_TO_PORT=0'), range: '0', data: { valid: ['8080'] } },
    { title: 'port 65536', dockerfile: env('SAGEMAKER_BIND_TO_PORT=65536'), range: '65536' },
    { title: 'port not a number', dockerfile: env('SAGEMAKER_BIND_TO_PORT=http'), range: 'http' },
    { title: 'range reversed', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=2000-1000'), range: '2000-1000' },
    { title: 'range with one number', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=1000'), range: '1000' },
    { title: 'range with a colon', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=1000:2000'), range: '1000:2000' },
  ],
  [
    { title: 'port 8080', dockerfile: env('SAGEMAKER_BIND_TO_PORT=8080') },
    { title: 'port 1', dockerfile: env('SAGEMAKER_BIND_TO_PORT=1') },
    { title: 'port 65535', dockerfile: env('SAGEMAKER_BIND_TO_PORT=65535') },
    { title: 'range N-M', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=10000-10999') },
    { title: 'range N-N', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=9000-9000') },
    {
      title: 'range with blanks around the dash (split on - and int() each side)',
      dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE="9000 - 9999"'),
    },
    { title: 'EXPOSE and a plain PORT variable', dockerfile: 'FROM python:3.11\nENV PORT=99999\nEXPOSE 8080\n' },
  ],
);

table(
  'SM303',
  WARNING,
  [
    { title: 'MULTI_MODEL True', dockerfile: env('SAGEMAKER_MULTI_MODEL=True'), range: 'True', data: { valid: ['true', 'false'] } },
    { title: 'MULTI_MODEL 1', dockerfile: env('SAGEMAKER_MULTI_MODEL=1'), range: '1' },
    { title: 'MULTI_MODEL yes', dockerfile: env('SAGEMAKER_MULTI_MODEL=yes'), range: 'yes' },
    { title: 'USE_NGINX not a strtobool word', dockerfile: env('SAGEMAKER_USE_NGINX=nope'), range: 'nope' },
    { title: 'USE_NGINX empty', dockerfile: env('SAGEMAKER_USE_NGINX=""'), range: '""' },
  ],
  [
    { title: 'MULTI_MODEL true', dockerfile: env('SAGEMAKER_MULTI_MODEL=true') },
    { title: 'MULTI_MODEL false', dockerfile: env('SAGEMAKER_MULTI_MODEL=false') },
    ...['YES', 'off', '0', 'T', 'y', 'On'].map((word) => ({
      title: `USE_NGINX=${word} (strtobool, any case)`,
      dockerfile: env(`SAGEMAKER_USE_NGINX=${word}`),
    })),
    { title: 'True in a different variable', dockerfile: env('USE_MULTI_MODEL=True') },
    ...['False', 'FALSE', 'no', 'Off', '0'].map((word) => ({
      title: `MULTI_MODEL=${word}: only 'true' turns it on, and this means off`,
      dockerfile: env(`SAGEMAKER_MULTI_MODEL=${word}`),
    })),
    {
      title: 'MULTI_MODEL True on a TensorFlow Serving image, which compares lower-cased',
      dockerfile: 'FROM 763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.13.0-cpu\nENV SAGEMAKER_MULTI_MODEL=True\n',
    },
  ],
);

table(
  'SM304',
  WARNING,
  [
    {
      title: 'SAGEMAKER_REQUIREMENTS',
      dockerfile: env('SAGEMAKER_REQUIREMENTS=requirements.txt'),
      range: 'SAGEMAKER_REQUIREMENTS',
      message: ['requirements.txt'],
    },
    {
      title: 'second pair of an ENV',
      dockerfile: env('A=1 SAGEMAKER_REQUIREMENTS=req.txt'),
      range: 'SAGEMAKER_REQUIREMENTS',
      data: { pairs: 2 },
    },
  ],
  [
    { title: 'in a LABEL', dockerfile: 'FROM python:3.11\nLABEL SAGEMAKER_REQUIREMENTS=requirements.txt\n' },
    { title: 'in a comment', dockerfile: 'FROM python:3.11\n# ENV SAGEMAKER_REQUIREMENTS=requirements.txt\n' },
    { title: 'as the value of another variable', dockerfile: env('NOTE=SAGEMAKER_REQUIREMENTS') },
  ],
);

table(
  'SM305',
  INFO,
  [
    { title: 'BIND_TO_PORT baked in', dockerfile: env('SAGEMAKER_BIND_TO_PORT=8080'), range: 'SAGEMAKER_BIND_TO_PORT' },
    { title: 'SAFE_PORT_RANGE baked in', dockerfile: env('SAGEMAKER_SAFE_PORT_RANGE=10000-10999'), range: 'SAGEMAKER_SAFE_PORT_RANGE' },
    { title: 'MULTI_MODEL baked in', dockerfile: env('SAGEMAKER_MULTI_MODEL=true'), range: 'SAGEMAKER_MULTI_MODEL' },
    {
      title: 'inherited from the parent stage',
      dockerfile: 'FROM python:3.11 AS base\nENV SAGEMAKER_BIND_TO_PORT=8080\nFROM base\n',
      range: 'SAGEMAKER_BIND_TO_PORT',
    },
  ],
  [
    {
      title: 'the capability LABEL',
      dockerfile:
        'FROM python:3.11\nLABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true\nLABEL com.amazonaws.sagemaker.capabilities.multi-models=true\n',
    },
    { title: 'ARG is not baked into the image', dockerfile: 'FROM python:3.11\nARG SAGEMAKER_BIND_TO_PORT=8080\n' },
    { title: 'a variable that the platform does not set', dockerfile: env('SAGEMAKER_MODEL_SERVER_WORKERS=2') },
    {
      title: 'a stage the target does not build on',
      dockerfile: 'FROM python:3.11 AS other\nENV SAGEMAKER_BIND_TO_PORT=8080\nFROM python:3.11\n',
    },
  ],
);

table(
  'SM401',
  WARNING,
  [
    {
      title: 'shell form',
      dockerfile: 'FROM python:3.11\nENTRYPOINT python /opt/ml/code/train.py\n',
      range: 'python /opt/ml/code/train.py',
      data: { command: 'python /opt/ml/code/train.py' },
    },
    {
      title: 'continued over lines',
      dockerfile: 'FROM python:3.11\nENTRYPOINT python \\\n    /opt/ml/code/train.py\n',
      range: 'python \\\n    /opt/ml/code/train.py',
    },
    {
      title: 'single quotes are not JSON: shell form',
      dockerfile: "FROM python:3.11\nENTRYPOINT ['python', 'x.py']\n",
      range: "['python', 'x.py']",
    },
    {
      title: 'inherited from the parent stage',
      dockerfile: 'FROM python:3.11 AS base\nENTRYPOINT python x.py\nFROM base\nENV A=1\n',
      range: 'python x.py',
    },
    {
      title: 'the last ENTRYPOINT wins',
      dockerfile: 'FROM python:3.11\nENTRYPOINT ["python", "x.py"]\nENTRYPOINT python x.py\n',
      range: 'python x.py',
    },
    {
      title: 'the shell a SHELL before it sets, and no word about signals after exec',
      dockerfile: 'FROM python:3.11\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT exec train\n',
      range: 'exec train',
      message: ['runs \'/bin/bash -o pipefail -c "exec train"\'', 'never reaches it. Use the exec form'],
      data: { shell: ['/bin/bash', '-o', 'pipefail', '-c'] },
    },
    {
      title: 'a SHELL after the ENTRYPOINT does not change it; without exec the shell gets the signals',
      dockerfile: 'FROM python:3.11\nENTRYPOINT python serve.py\nSHELL ["/bin/bash", "-c"]\n',
      range: 'python serve.py',
      message: ['runs \'/bin/sh -c "python serve.py"\'', 'the shell, not your program, gets the signals'],
      data: { shell: ['/bin/sh', '-c'] },
    },
    {
      title: '--target selects a stage with shell form',
      dockerfile: 'FROM python:3.11 AS a\nENTRYPOINT ./run.sh\nFROM python:3.11 AS b\nENTRYPOINT ["./run.sh"]\n',
      options: { target: 'a' },
      range: './run.sh',
    },
  ],
  [
    { title: 'exec form ENTRYPOINT ["python", "x.py"]', dockerfile: 'FROM python:3.11\nENTRYPOINT ["python", "x.py"]\n' },
    { title: 'exec form over lines', dockerfile: 'FROM python:3.11\nENTRYPOINT ["python", \\\n    "x.py"]\n' },
    { title: 'shell-form CMD is not an ENTRYPOINT', dockerfile: 'FROM python:3.11\nCMD python train.py\n' },
    {
      title: 'shell form in a stage the target does not build on',
      dockerfile: 'FROM python:3.11 AS other\nENTRYPOINT python x.py\nFROM python:3.11\nENTRYPOINT ["python", "x.py"]\n',
    },
    {
      title: 'parent shell form replaced by exec form',
      dockerfile: 'FROM python:3.11 AS base\nENTRYPOINT python x.py\nFROM base\nENTRYPOINT ["python", "x.py"]\n',
    },
    {
      title: 'shell form earlier replaced by exec form',
      dockerfile: 'FROM python:3.11\nENTRYPOINT python x.py\nENTRYPOINT ["python", "x.py"]\n',
    },
    { title: 'a comment with a shell-form ENTRYPOINT', dockerfile: 'FROM python:3.11\n# ENTRYPOINT python x.py\n' },
  ],
);

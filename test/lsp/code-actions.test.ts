// Quick fixes through the server: each fix is applied to a Dockerfile in a real build context, the result is
// compared with the expected text, and the fixed diagnostic must be gone when the server checks it again.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sessionInTemporaryFolder } from './harness';
import { applyFix, project, SNIPPET_CAPABILITIES } from './code-actions.helpers';

const TIMEOUT = { timeout: 20_000 };

interface FixCase {
  title: string;
  code: string;
  dockerfile: string;
  files?: Record<string, string>;
  /** Title of the action to apply; default: the preferred one. */
  action?: string;
  expected: string;
  /** Titles that must be offered too (besides "Ignore …"). */
  offers?: string[];
  /** Title of the one preferred action; null: none; default: the applied one. */
  preferred?: string | null;
}

const TRAINER_PY = 'import os\n\ndef fit():\n    pass\n\ndef main():\n    fit()\n';
const CODE = 'ENV PYTHONPATH=/opt/ml/code\nCOPY trainer.py /opt/ml/code/\n';

const CASES: FixCase[] = [
  {
    title: 'SM001 renames the key to the catalogue name',
    code: 'SM001',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKR_CONTAINER_LOG_LEVEL=20\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=20\n',
    offers: ['Rename to SAGEMAKER_CONTAINER_LOG_LEVEL'],
  },
  {
    title: 'SM001 keeps the quotes around a quoted key',
    code: 'SM001',
    dockerfile: 'FROM python:3.11\nENV "SAGEMAKER_PROGAM"=train.py\nCOPY train.py /opt/ml/code/\n',
    expected: 'FROM python:3.11\nENV "SAGEMAKER_PROGRAM"=train.py\nCOPY train.py /opt/ml/code/\n',
  },
  {
    title: 'SM001 keeps single quotes in the legacy form',
    code: 'SM001',
    dockerfile: "FROM python:3.11\nENV 'SAGEMAKR_CONTAINER_LOG_LEVEL' 20\n",
    expected: "FROM python:3.11\nENV 'SAGEMAKER_CONTAINER_LOG_LEVEL' 20\n",
  },
  {
    title: 'SM101 turns a file path into a dotted module',
    code: 'SM101',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=src/trainer.py:main\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE=src.trainer:main\n',
    offers: ["Change to 'src.trainer:main'"],
  },
  {
    title: 'SM101 reads an absolute path relative to the PYTHONPATH folder that holds it',
    code: 'SM101',
    dockerfile:
      'FROM python:3.11\nCOPY trainer/ /opt/program/trainer/\nENV PYTHONPATH=/opt/program\nENV SAGEMAKER_TRAINING_MODULE=/opt/program/trainer/entry.py:main\n',
    expected:
      'FROM python:3.11\nCOPY trainer/ /opt/program/trainer/\nENV PYTHONPATH=/opt/program\nENV SAGEMAKER_TRAINING_MODULE=trainer.entry:main\n',
    offers: ["Change to 'trainer.entry:main'"],
  },
  {
    title: "SM101 drops '.py' inside quotes",
    code: 'SM101',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE="trainer.py:main"\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE="trainer:main"\n',
  },
  {
    title: 'SM101 splits a doubled colon',
    code: 'SM101',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer::main\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer:main\n',
  },
  {
    title: 'SM101 keeps only the module:function when arguments follow it',
    code: 'SM101',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer:main --epochs 3\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_TRAINING_MODULE trainer:main\n',
  },
  {
    title: "SM101 offers the module's functions after ':' and prefers main",
    code: 'SM101',
    dockerfile: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer\n`,
    files: { 'trainer.py': TRAINER_PY },
    expected: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:main\n`,
    offers: ["Add ':fit'", "Add ':main'"],
  },
  {
    title: 'SM101 fills an empty function with the one the module defines',
    code: 'SM101',
    dockerfile: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:\n`,
    files: { 'trainer.py': 'def fit():\n    pass\n' },
    expected: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:fit\n`,
    offers: ["Add 'fit'"],
  },
  {
    title: 'SM101 repairs a path and adds the function in one step',
    code: 'SM101',
    dockerfile: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=/opt/ml/code/trainer.py\n`,
    files: { 'trainer.py': TRAINER_PY },
    action: "Change to 'trainer:fit'",
    preferred: "Change to 'trainer:main'",
    expected: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:fit\n`,
  },
  {
    title: 'SM102 turns a file path into a dotted module',
    code: 'SM102',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE app/wsgi.py:app\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE app.wsgi:app\n',
  },
  {
    title: 'SM102 on a file name: the module, and the WSGI application it defines',
    code: 'SM102',
    dockerfile: 'FROM python:3.11\nCOPY app.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=app.py\n',
    files: { 'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n' },
    expected: 'FROM python:3.11\nCOPY app.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=app:app\n',
    offers: ["Change to 'app:app'"],
  },
  {
    title: "SM103 adds the module's WSGI application",
    code: 'SM103',
    dockerfile: 'FROM python:3.11\nCOPY wsgi.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=wsgi\n',
    files: { 'wsgi.py': 'from flask import Flask\n\napp = Flask(__name__)\n\ndef helper():\n    pass\n' },
    expected: 'FROM python:3.11\nCOPY wsgi.py /opt/ml/code/\nENV SAGEMAKER_SERVING_MODULE=wsgi:app\n',
    offers: ["Add ':app'"],
  },
  {
    title: "SM103 makes ':application' explicit when the module is not in the context",
    code: 'SM103',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=serve.wsgi\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_SERVING_MODULE=serve.wsgi:application\n',
  },
  {
    title: 'SM104 replaces a misspelt function with the close one',
    code: 'SM104',
    dockerfile: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:mian\n`,
    files: { 'trainer.py': TRAINER_PY },
    expected: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:main\n`,
    offers: ["Use 'main'", "Use 'fit'"],
  },
  {
    title: 'SM104 can also take another function the module defines',
    code: 'SM104',
    dockerfile: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:run\n`,
    files: { 'trainer.py': TRAINER_PY },
    action: "Use 'fit'",
    preferred: null,
    expected: `FROM python:3.11\n${CODE}ENV SAGEMAKER_TRAINING_MODULE=trainer:fit\n`,
  },
  {
    title: "SM201 adds a COPY after the target stage's last COPY/WORKDIR",
    code: 'SM201',
    dockerfile:
      'FROM python:3.11 AS base\nWORKDIR /base\nFROM base\nWORKDIR /opt/ml\nCOPY requirements.txt .\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["python"]\n',
    files: { 'train.py': 'print(1)\n', 'requirements.txt': '' },
    expected:
      'FROM python:3.11 AS base\nWORKDIR /base\nFROM base\nWORKDIR /opt/ml\nCOPY requirements.txt .\nCOPY train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\nENTRYPOINT ["python"]\n',
    offers: ['Copy train.py into /opt/ml/code'],
  },
  {
    title: 'SM201 adds the COPY right after FROM when the stage has none',
    code: 'SM201',
    dockerfile: '  FROM python:3.11\n  ENV SAGEMAKER_PROGRAM=src/train.py',
    files: { 'src/train.py': 'print(1)\n' },
    expected: '  FROM python:3.11\n  COPY src/train.py /opt/ml/code/src/train.py\n  ENV SAGEMAKER_PROGRAM=src/train.py',
  },
  {
    title: 'SM201 moves the COPY that put the script elsewhere (preferred)',
    code: 'SM201',
    dockerfile: 'FROM python:3.11\nCOPY train.py /app/\nENV SAGEMAKER_PROGRAM train.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n',
    offers: ['Copy into /opt/ml/code/ instead of /app/', 'Copy train.py into /opt/ml/code'],
  },
  {
    title: 'SM201 moves the COPY --from that put the script elsewhere',
    code: 'SM201',
    dockerfile:
      'FROM python:3.11 AS build\nCOPY fit.py /src/\nFROM python:3.11-slim\nCOPY --from=build /src/fit.py /opt/ml/\nENV SAGEMAKER_PROGRAM=fit.py\n',
    files: { 'fit.py': 'print(1)\n' },
    expected:
      'FROM python:3.11 AS build\nCOPY fit.py /src/\nFROM python:3.11-slim\nCOPY --from=build /src/fit.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=fit.py\n',
    offers: ['Copy into /opt/ml/code/ instead of /opt/ml/', 'Copy fit.py into /opt/ml/code'],
  },
  {
    title: 'SM201 moves an exec-form folder COPY',
    code: 'SM201',
    dockerfile: 'FROM python:3.11\nCOPY ["src", "/opt/program"]\nENV SAGEMAKER_PROGRAM train.py\n',
    files: { 'src/train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY ["src", "/opt/ml/code/"]\nENV SAGEMAKER_PROGRAM train.py\n',
  },
  {
    title: "SM201, not SM202, when a folder's contents land one level above /opt/ml/code: the COPY goes into it",
    code: 'SM201',
    dockerfile: 'FROM python:3.11\nWORKDIR /opt/ml\nCOPY code .\nENV SAGEMAKER_PROGRAM serve_app.py\n',
    files: { 'code/serve_app.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nWORKDIR /opt/ml\nCOPY code /opt/ml/code/\nENV SAGEMAKER_PROGRAM serve_app.py\n',
    // The other fix copies the file the folder copy brings, from where it is in the build context.
    offers: ['Copy into /opt/ml/code/ instead of /opt/ml/', 'Copy code/serve_app.py into /opt/ml/code'],
  },
  {
    title: 'SM201 keeps the name a COPY gives the script, in /opt/ml/code',
    code: 'SM201',
    dockerfile: 'FROM python:3.11\nCOPY src/main.py /opt/program/entry.py\nENV SAGEMAKER_PROGRAM=entry.py\n',
    files: { 'src/main.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY src/main.py /opt/ml/code/entry.py\nENV SAGEMAKER_PROGRAM=entry.py\n',
    offers: ['Copy into /opt/ml/code/entry.py instead of /opt/program/entry.py'],
  },
  {
    title: 'SM201 after a folder COPY elsewhere: the other fix copies the file from its folder in the build context',
    code: 'SM201',
    dockerfile: 'FROM python:3.11\nCOPY src /opt/program\nENV SAGEMAKER_PROGRAM=train.py\n',
    files: { 'src/train.py': 'print(1)\n', 'src/util.py': '' },
    action: 'Copy src/train.py into /opt/ml/code',
    preferred: 'Copy into /opt/ml/code/ instead of /opt/program/',
    expected: 'FROM python:3.11\nCOPY src /opt/program\nCOPY src/train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
  },
  {
    title: 'SM202 uses the script of a similar name that a folder COPY brings',
    code: 'SM202',
    dockerfile: 'FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=trian.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY . /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    offers: ["Change to 'train.py'"],
  },
  {
    title: "SM202 fixes the COPY's misspelt source",
    code: 'SM202',
    dockerfile: 'FROM python:3.11\nCOPY src/trian.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
    files: { 'src/train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY src/train.py /opt/ml/code/train.py\nENV SAGEMAKER_PROGRAM=train.py\n',
    offers: ["Copy 'src/train.py' instead"],
  },
  {
    title: 'SM202 copies the file of a similar name into the folder, and SAGEMAKER_PROGRAM follows its name',
    code: 'SM202',
    dockerfile: 'FROM python:3.11\nCOPY trian.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=trian.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    offers: ["Copy 'train.py' instead and run train.py"],
  },
  {
    title: 'SM202 on a COPY over two lines that names the file: the program keeps its name',
    code: 'SM202',
    dockerfile: 'FROM python:3.11\nCOPY trian.py \\\n    /opt/ml/code/trian.py\nENV SAGEMAKER_PROGRAM=trian.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py \\\n    /opt/ml/code/trian.py\nENV SAGEMAKER_PROGRAM=trian.py\n',
    offers: ["Copy 'train.py' instead"],
  },
  {
    title: 'SM203 makes an absolute program relative to /opt/ml/code',
    code: 'SM203',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM /opt/ml/code/train.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py\n',
  },
  {
    title: 'SM204 keeps only the script name, inside the quotes',
    code: 'SM204',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py --epochs 3"\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="train.py"\n',
  },
  {
    title: 'SM204 keeps the variable that names the script',
    code: 'SM204',
    dockerfile: 'FROM python:3.11\nARG SCRIPT=train.py\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="$SCRIPT --epochs 10"\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nARG SCRIPT=train.py\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM="$SCRIPT"\n',
    offers: ["Change to '$SCRIPT'"],
  },
  {
    title: 'SM204 in the ENV NAME value form: a comment moves to a line of its own',
    code: 'SM204',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM train.py # the script\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n# the script\nENV SAGEMAKER_PROGRAM train.py\n',
    offers: ['Move the comment to a line of its own'],
  },
  {
    title: 'SM204 removes arguments written after the NAME=value pair',
    code: 'SM204',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py --epochs 3 LOG=1\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py LOG=1\n',
    offers: ["Remove '--epochs 3'"],
  },
  {
    title: 'SM204 moves a comment after the pair to a line of its own above, indented like the ENV',
    code: 'SM204',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n  ENV SAGEMAKER_PROGRAM=train.py  # the entry point\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n  # the entry point\n  ENV SAGEMAKER_PROGRAM=train.py\n',
    offers: ['Move the comment to a line of its own'],
  },
  {
    title: 'SM106 puts /opt/ml/code on PYTHONPATH in a new line, indented like the variable',
    code: 'SM106',
    dockerfile: 'FROM python:3.11\nCOPY trainer.py /opt/ml/code/\n  ENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
    files: { 'trainer.py': TRAINER_PY },
    expected:
      'FROM python:3.11\nCOPY trainer.py /opt/ml/code/\n  ENV PYTHONPATH="/opt/ml/code:${PYTHONPATH}"\n  ENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
    offers: ['Add /opt/ml/code to PYTHONPATH'],
  },
  {
    title: 'SM106 in a CRLF file: the line it adds ends in CRLF too',
    code: 'SM106',
    dockerfile: 'FROM python:3.11\r\nCOPY trainer.py /opt/ml/code/\r\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\r\n',
    files: { 'trainer.py': TRAINER_PY },
    expected:
      'FROM python:3.11\r\nCOPY trainer.py /opt/ml/code/\r\nENV PYTHONPATH="/opt/ml/code:${PYTHONPATH}"\r\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\r\n',
  },
  {
    title: 'SM403 in a CRLF file: the RUN it adds ends in CRLF too',
    code: 'SM403',
    dockerfile: 'FROM python:3.11-slim\r\nCOPY train.py /opt/ml/code/\r\nENV SAGEMAKER_PROGRAM=train.py\r\n',
    files: { 'train.py': 'print(1)\n' },
    expected:
      'FROM python:3.11-slim\r\nRUN pip install --no-cache-dir sagemaker-training\r\nCOPY train.py /opt/ml/code/\r\nENV SAGEMAKER_PROGRAM=train.py\r\n',
  },
  {
    title: 'SM106 puts the WORKDIR first in the PYTHONPATH the container sees',
    code: 'SM106',
    dockerfile: 'FROM python:3.11\nENV PYTHONPATH=/opt/lib\nWORKDIR /app\nCOPY trainer.py .\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
    files: { 'trainer.py': TRAINER_PY },
    expected:
      'FROM python:3.11\nENV PYTHONPATH=/app:/opt/lib\nWORKDIR /app\nCOPY trainer.py .\nENV SAGEMAKER_TRAINING_MODULE=trainer:main\n',
  },
  {
    title: 'SM403 installs the training toolkit after the FROM',
    code: 'SM403',
    dockerfile: 'FROM python:3.11-slim\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    files: { 'train.py': 'print(1)\n' },
    expected:
      'FROM python:3.11-slim\nRUN pip install --no-cache-dir sagemaker-training\nCOPY train.py /opt/ml/code/\nENV SAGEMAKER_PROGRAM=train.py\n',
    offers: ['Install sagemaker-training (RUN pip install)'],
  },
  {
    title: "SM207 adds the trailing '/'",
    code: 'SM207',
    dockerfile: 'FROM python:3.11\nCOPY train.py /opt/ml/code\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py /opt/ml/code/\n',
  },
  {
    title: "SM207 adds the trailing '/' inside the quotes of a quoted destination",
    code: 'SM207',
    dockerfile: 'FROM python:3.11\nCOPY train.py "/opt/ml/code"\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY train.py "/opt/ml/code/"\n',
  },
  {
    title: "SM207 adds the trailing '/' inside the exec-form quotes",
    code: 'SM207',
    dockerfile: 'FROM python:3.11\nCOPY ["train.py", "/opt/ml/code"]\n',
    files: { 'train.py': 'print(1)\n' },
    expected: 'FROM python:3.11\nCOPY ["train.py", "/opt/ml/code/"]\n',
  },
  {
    title: 'SM301 turns a logging level name into its number',
    code: 'SM301',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=INFO\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_CONTAINER_LOG_LEVEL=20\n',
  },
  {
    title: "SM301 keeps the number of '60s'",
    code: 'SM301',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT "60s"\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_MODEL_SERVER_TIMEOUT "60"\n',
  },
  {
    title: 'SM301 offers 1 for a worker count that is not positive',
    code: 'SM301',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_MODEL_SERVER_WORKERS=0\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_MODEL_SERVER_WORKERS=1\n',
  },
  {
    title: 'SM302 offers a valid port range',
    code: 'SM302',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_SAFE_PORT_RANGE=20000-10000\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_SAFE_PORT_RANGE=10000-10999\n',
  },
  {
    title: "SM303 prefers 'true' for 'True'",
    code: 'SM303',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_MULTI_MODEL=True\n',
    expected: 'FROM python:3.11\nENV SAGEMAKER_MULTI_MODEL=true\n',
    offers: ["Change to 'true'", "Change to 'false'"],
  },
  {
    title: "SM303 can set 'false' too",
    code: 'SM303',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_USE_NGINX=maybe\n',
    action: "Change to 'false'",
    expected: 'FROM python:3.11\nENV SAGEMAKER_USE_NGINX=false\n',
    preferred: null,
  },
  {
    title: 'SM304 removes an ENV that sets only the obsolete variable, with its line',
    code: 'SM304',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_REQUIREMENTS requirements.txt\nENV A=1\n',
    expected: 'FROM python:3.11\nENV A=1\n',
  },
  {
    title: 'SM304 removes the last line of a file without a final newline',
    code: 'SM304',
    dockerfile: 'FROM python:3.11\nENV SAGEMAKER_REQUIREMENTS=requirements.txt',
    expected: 'FROM python:3.11',
  },
  {
    title: 'SM304 removes one pair of several',
    code: 'SM304',
    dockerfile: 'FROM python:3.11\nENV A=1 SAGEMAKER_REQUIREMENTS=requirements.txt \\\n    B=2\n',
    expected: 'FROM python:3.11\nENV A=1 B=2\n',
  },
  {
    title: 'SM304 removes a pair on a line of its own and keeps the comment of the next pair',
    code: 'SM304',
    dockerfile:
      'FROM python:3.11\nENV A=1 \\\n    SAGEMAKER_REQUIREMENTS=requirements.txt \\\n    # unbuffered logs\n    PYTHONUNBUFFERED=1\n',
    expected: 'FROM python:3.11\nENV A=1 \\\n    # unbuffered logs\n    PYTHONUNBUFFERED=1\n',
  },
  {
    title: 'SM304 removes the last pair',
    code: 'SM304',
    dockerfile: 'FROM python:3.11\nENV A=1 SAGEMAKER_REQUIREMENTS="requirements.txt"\n',
    expected: 'FROM python:3.11\nENV A=1\n',
  },
  {
    title: 'SM401 converts a simple command to exec form, quotes split like sh does',
    code: 'SM401',
    dockerfile: 'FROM python:3.11\nENTRYPOINT python /opt/program/serve.py --name "my  model" --tag \'a"b\' c\\ d\n',
    expected: 'FROM python:3.11\nENTRYPOINT ["python", "/opt/program/serve.py", "--name", "my  model", "--tag", "a\\"b", "c d"]\n',
  },
  {
    title: 'SM401 joins continued lines and drops a leading exec',
    code: 'SM401',
    dockerfile: 'FROM python:3.11\nENTRYPOINT exec python \\\n    /opt/program/serve.py\n',
    expected: 'FROM python:3.11\nENTRYPOINT ["python", "/opt/program/serve.py"]\n',
  },
  {
    title: 'SM401 keeps the shell for \'&&\' and passes train/serve on as "$@"',
    code: 'SM401',
    dockerfile: 'FROM python:3.11\nENTRYPOINT cd /opt/program && python serve.py\n',
    action: 'Convert to exec form through \'/bin/sh -c\' (passes train/serve on as "$@")',
    expected: 'FROM python:3.11\nENTRYPOINT ["/bin/sh", "-c", "cd /opt/program && exec python serve.py \\"$@\\"", "sh"]\n',
    preferred: null,
  },
  {
    title: 'SM401 keeps the shell that SHELL sets',
    code: 'SM401',
    dockerfile: 'FROM python:3.11\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT cd /opt/program && python serve.py\n',
    action: 'Convert to exec form through \'/bin/bash -o pipefail -c\' (passes train/serve on as "$@")',
    expected:
      'FROM python:3.11\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT ["/bin/bash", "-o", "pipefail", "-c", "cd /opt/program && exec python serve.py \\"$@\\"", "bash"]\n',
    preferred: null,
  },
];

describe('quick fixes', TIMEOUT, () => {
  const on = sessionInTemporaryFolder(SNIPPET_CAPABILITIES);

  CASES.forEach((c, index) => {
    it(c.title, async () => {
      const uri = project(join(on.folder, `case${index}`), c.dockerfile, c.files);
      const { text, actions, action } = await applyFix(on.session, uri, c.dockerfile, c.code, c.action);
      assert.equal(text, c.expected);
      const titles = actions.map((a) => a.title);
      for (const title of c.offers ?? []) assert.ok(titles.includes(title), `'${title}' not among ${titles.join(' | ')}`);
      assert.ok(titles.includes(`Ignore ${c.code} for this instruction`), 'an ignore action is offered');
      const preferred = c.preferred === undefined ? [action.title] : c.preferred === null ? [] : [c.preferred];
      assert.deepEqual(
        actions.filter((a) => a.isPreferred).map((a) => a.title),
        preferred,
        'the preferred fix',
      );
      assert.ok(actions.every((a) => a.kind === 'quickfix'));
    });
  });
});

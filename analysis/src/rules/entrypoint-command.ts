// What the target's exec-form ENTRYPOINT starts. SageMaker runs `docker run <image> train`: with an exec-form
// ENTRYPOINT, `train` is only its last argument, so the toolkit runs only if the ENTRYPOINT runs it.
import * as path from 'node:path';
import { chainStages, type DockerfileModel } from '../model';
import { imagePath } from '../image-path';
import { lastInstruction, type RuleInput } from './shared';

/** Programs that run the Python script or module named after them. */
const LAUNCHERS = /^(?:python[0-9.]*|torchrun|deepspeed|accelerate|mpirun|horovodrun)$/;
/** Init processes that run the command after their options (`["tini", "--", …]`). */
const INIT_WRAPPERS = /^(?:tini(?:-static)?|dumb-init)$/;
/** `conda run -n env …`, `uv run …`: the command after the options runs in the environment. */
const ENVIRONMENT_RUNNERS = /^(?:conda|mamba|micromamba|uv|poetry|pdm|pipenv)$/;
const RUNNER_OPTIONS_WITH_VALUE = new Set(['-n', '--name', '-p', '--prefix', '--cwd', '--with', '--python', '--project', '--directory']);
const SHELLS = /^(?:ba|da|z)?sh$/;
/** Web servers that serve an application module named on their command line (`gunicorn app.main:app`). */
const WEB_SERVERS = /^(?:gunicorn|uvicorn|hypercorn|waitress-serve|daphne|granian)$/;
const TOOLKIT_MODULE = /^sagemaker_(?:training|containers)\b/;

/** What an exec-form ENTRYPOINT runs of its own: `script` is the Python file it names, if it names one (not `-m module`). */
interface OwnProgram {
  script?: string;
}

/**
 * The target's exec-form ENTRYPOINT runs a Python script or module of its own (`["python3", "/opt/program/fit.py"]`,
 * `["torchrun", "--nproc_per_node=8", "train.py"]`, `["tini", "--", "python", "-m", "app.main"]`, `["bash", "-c",
 * "exec python train.py"]`, `["gunicorn", "app.main:app"]`), not a toolkit (`["python", "-m", "sagemaker_training.cli.train"]`) or a script that may
 * start one (`["/entrypoint.sh"]`): nothing then reads SAGEMAKER_PROGRAM.
 */
export function entrypointRunsOwnProgram(model: DockerfileModel): boolean {
  return ownEntrypointProgram(model) !== undefined;
}

/**
 * The ENTRYPOINT runs a program of its own whose file the build context shows, and that file never names
 * `variable`: nothing in the image reads it (a `serve.py` of one's own may read SAGEMAKER_SERVING_MODULE itself).
 */
export function entrypointIgnores(input: RuleInput, variable: string): boolean {
  const { model, images } = input;
  const script = ownEntrypointProgram(model)?.script;
  if (!script || !model.target) return false;
  const files = images.get(model.target);
  const found = files.lookup(imagePath(files.workdir ?? '/', script));
  const file = found.status === 'present' && found.contextPath !== undefined ? input.python(found.contextPath) : undefined;
  return !!file && !file.lines.some((line) => line.includes(variable));
}

/** One reading per model: several rules ask, and finding the ENTRYPOINT walks the target chain. */
const programs = new WeakMap<DockerfileModel, OwnProgram | undefined>();

function ownEntrypointProgram(model: DockerfileModel): OwnProgram | undefined {
  if (!programs.has(model)) {
    const target = model.target;
    const argv = target && lastInstruction(chainStages(target), 'ENTRYPOINT')?.json;
    programs.set(model, argv ? ownProgram(argv) : undefined);
  }
  return programs.get(model);
}

function ownProgram(words: readonly string[]): OwnProgram | undefined {
  const name = (i: number) => (i < words.length ? path.posix.basename(words[i]) : '');
  let i = 0;
  if (INIT_WRAPPERS.test(name(i))) for (i++; i < words.length && words[i].startsWith('-'); i++);
  if (ENVIRONMENT_RUNNERS.test(name(i)) && words[i + 1] === 'run') {
    for (i += 2; i < words.length && words[i].startsWith('-'); i++) if (RUNNER_OPTIONS_WITH_VALUE.has(words[i])) i++;
  }
  const command = name(i);
  // A script run as a program (`["/opt/program/train.py"]`, `uv run train.py`).
  if (command.endsWith('.py')) return { script: words[i] };
  if (SHELLS.test(command)) {
    const script = words.indexOf('-c', i + 1);
    if (script < 0 || script + 1 >= words.length) return undefined;
    // Each command of the script (`cd /opt/program && exec python train.py`).
    for (const part of words[script + 1].split(/&&|\|\||;|\n/)) {
      const parts = part.trim().split(/\s+/);
      const own = ownProgram(parts[0] === 'exec' ? parts.slice(1) : parts);
      if (own) return own;
    }
    return undefined;
  }
  if (WEB_SERVERS.test(command) || ((command === 'flask' || command === 'fastapi') && words[i + 1] === 'run')) return {};
  if (!LAUNCHERS.test(command)) return undefined;
  const options = words.slice(i + 1);
  const module = options.indexOf('-m');
  if (module >= 0) return module + 1 < options.length && !TOOLKIT_MODULE.test(options[module + 1]) ? {} : undefined;
  const script = options.find((word) => word.endsWith('.py'));
  return script === undefined ? undefined : { script };
}

// What the target's exec-form ENTRYPOINT starts. SageMaker runs `docker run <image> train`: with an exec-form
// ENTRYPOINT, `train` is only its last argument, so the toolkit runs only if the ENTRYPOINT runs it.
import * as path from 'node:path';
import { chainStages, type DockerfileModel } from '../model';
import { lastInstruction } from './shared';

/** Programs that run the Python script or module named after them. */
const LAUNCHERS = /^(?:python[0-9.]*|torchrun|deepspeed|accelerate|mpirun|horovodrun)$/;
/** Init processes that run the command after their options (`["tini", "--", …]`). */
const INIT_WRAPPERS = /^(?:tini(?:-static)?|dumb-init)$/;
/** `conda run -n env …`, `uv run …`: the command after the options runs in the environment. */
const ENVIRONMENT_RUNNERS = /^(?:conda|mamba|micromamba|uv|poetry|pdm|pipenv)$/;
const RUNNER_OPTIONS_WITH_VALUE = new Set(['-n', '--name', '-p', '--prefix', '--cwd', '--with', '--python', '--project', '--directory']);
const SHELLS = /^(?:ba|da|z)?sh$/;
const TOOLKIT_MODULE = /^sagemaker_(?:training|containers)\b/;

/**
 * The target's exec-form ENTRYPOINT runs a Python script or module of its own (`["python3", "/opt/program/fit.py"]`,
 * `["torchrun", "--nproc_per_node=8", "train.py"]`, `["tini", "--", "python", "-m", "app.main"]`, `["bash", "-c",
 * "exec python train.py"]`), not a toolkit (`["python", "-m", "sagemaker_training.cli.train"]`) or a script that may
 * start one (`["/entrypoint.sh"]`): nothing then reads SAGEMAKER_PROGRAM.
 */
export function entrypointRunsOwnProgram(model: DockerfileModel): boolean {
  const target = model.target;
  if (!target) return false;
  const argv = lastInstruction(chainStages(target), 'ENTRYPOINT')?.json;
  return !!argv && runsOwnProgram(argv);
}

function runsOwnProgram(words: readonly string[]): boolean {
  const name = (i: number) => (i < words.length ? path.posix.basename(words[i]) : '');
  let i = 0;
  if (INIT_WRAPPERS.test(name(i))) for (i++; i < words.length && words[i].startsWith('-'); i++);
  if (ENVIRONMENT_RUNNERS.test(name(i)) && words[i + 1] === 'run') {
    for (i += 2; i < words.length && words[i].startsWith('-'); i++) if (RUNNER_OPTIONS_WITH_VALUE.has(words[i])) i++;
  }
  const command = name(i);
  // A script run as a program (`["/opt/program/train.py"]`, `uv run train.py`).
  if (command.endsWith('.py')) return true;
  if (SHELLS.test(command)) {
    const script = words.indexOf('-c', i + 1);
    // Each command of the script (`cd /opt/program && exec python train.py`).
    return (
      script >= 0 &&
      script + 1 < words.length &&
      words[script + 1].split(/&&|\|\||;|\n/).some((part) => {
        const parts = part.trim().split(/\s+/);
        return runsOwnProgram(parts[0] === 'exec' ? parts.slice(1) : parts);
      })
    );
  }
  if (!LAUNCHERS.test(command)) return false;
  const options = words.slice(i + 1);
  const module = options.indexOf('-m');
  if (module >= 0) return module + 1 < options.length && !TOOLKIT_MODULE.test(options[module + 1]);
  return options.some((word) => word.endsWith('.py'));
}

// What to do when a run does not go as planned: one sentence per fault, shown by the CLI and by the editor. Each
// names the way to change a choice in its own words (the CLI's options, the editor's settings).
import type { FailedStep } from './build-failure';
import type { EngineProblem } from './engine';
import type { ServeStart } from './serve';
import type { LocalRunOutcome } from './session';

export interface OptionNames {
  /** How to give the engine's executable, e.g. `--engine-path PATH`. */
  enginePath: string;
  /** How to choose podman, e.g. `--engine podman`. */
  usePodman: string;
  /** How to choose where job folders go; undefined where there is no such choice. */
  jobsDir?: string;
  /** How to choose the checkpoint folder. */
  checkpoints: string;
  /** How to choose another serving port. */
  port: string;
  /** How to allow a longer start-up. */
  startupTimeout: string;
}

function sentence(parts: string[]): string {
  const text = parts.join(', or ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Why no engine could be used, and what to do about each reason found. */
export function engineAdvice(problems: readonly EngineProblem[], names: OptionNames): string {
  const advice: string[] = [];
  const podmanMissing = problems.some((p) => p.engine === 'podman' && p.kind === 'not-installed');
  for (const problem of problems) {
    if (problem.kind === 'no-answer') {
      advice.push(`restart the ${problem.engine === 'docker' ? 'Docker daemon' : 'podman service'}: it may be hung`);
    } else if (problem.kind === 'not-running' && problem.engine === 'docker') {
      const where = problem.serviceAddress ? ` at DOCKER_HOST=${problem.serviceAddress}` : '';
      const fixes = [`start the Docker daemon${where} (Docker Desktop, or \`sudo systemctl start docker\`)`];
      if (problem.serviceAddress) fixes.push('correct DOCKER_HOST');
      if (!podmanMissing) fixes.push(`use podman (${names.usePodman})`);
      advice.push(fixes.join(', or '));
    } else if (problem.kind === 'not-running') {
      const where = problem.serviceAddress ? ` (CONTAINER_HOST=${problem.serviceAddress})` : '';
      advice.push(`see what \`podman info\` says${where}; on macOS or Windows, start podman's machine (\`podman machine start\`)`);
    }
  }
  const given = problems.find((p) => p.kind === 'not-installed' && p.path !== p.engine);
  if (given) advice.push(`'${given.path}' cannot be run: correct ${names.enginePath}, or leave it empty to use docker or podman from PATH`);
  else if (advice.length === 0) advice.push(`install Docker or Podman, or give the path of its executable with ${names.enginePath}`);
  return advice.map((a) => sentence([a])).join(' ');
}

/** What to do about the failing instruction (the caller shows where it is), by a cause the last lines name. */
export function buildAdvice(step: FailedStep | undefined, lastLines: readonly string[]): string {
  const text = lastLines.join('\n');
  if (
    step?.instruction.toUpperCase().startsWith('FROM ') &&
    /image not known|manifest unknown|pull access denied|repository does not exist|not found/i.test(text)
  ) {
    return sentence(['the base image could not be found: check its name and tag, pull it, or log in to its registry']);
  }
  if (/^(COPY|ADD) /i.test(step?.instruction ?? '') && /no such file or directory|not found|no items matching/i.test(text)) {
    return sentence(['a source is not in the build context: check the path, the context folder and .dockerignore']);
  }
  return sentence([`fix ${step ? 'that instruction' : 'the Dockerfile'} and run again; the build's last lines say what went wrong`]);
}

/** What an exit code of 125, 126 or 127 from `<image> train|serve` means; undefined for the program's own codes. */
export function engineExitAdvice(code: number, mode: 'train' | 'serve'): string | undefined {
  if (code === 125)
    return sentence(['the engine could not start the container (a bad image, option or mount): its message is in the last lines']);
  if (code === 126) return sentence([`\`${mode}\` in the image cannot be executed: make it executable (chmod +x) and give it a #! line`]);
  if (code === 127)
    return sentence([
      `the image has no \`${mode}\` on its PATH: SageMaker runs \`<image> ${mode}\`; add an executable \`${mode}\`, or an ENTRYPOINT that takes \`${mode}\` as its argument`,
    ]);
  return undefined;
}

const REFUSED = /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up/;

/** A server that did not become ready: why, and what to change. */
export function servingAdvice(start: Exclude<ServeStart, { kind: 'ready' | 'cancelled' }>, names: OptionNames): string | undefined {
  const portAdvice = (port: number) => sentence([`free port ${port}`, names.port]);
  if (start.kind === 'not-started') return start.portTaken !== undefined ? portAdvice(start.portTaken) : undefined;
  if (start.kind === 'exited') {
    const inUse = start.lastLines.find((l) => /address already in use/.test(l));
    const port = inUse ? /:(\d+): bind/.exec(inUse)?.[1] : undefined;
    if (port) return portAdvice(Number(port));
    return (
      engineExitAdvice(start.exitCode, 'serve') ??
      sentence(['the server stopped before /ping answered: its last lines say why; it must keep running and answer GET /ping on port 8080'])
    );
  }
  const seconds = Math.round(start.timeoutMs / 1000);
  const longer = `if loading the model takes longer than ${seconds} s, ${names.startupTimeout}`;
  const problem = start.lastProblem ?? '';
  if (REFUSED.test(problem))
    return sentence([`nothing answered on port 8080 in the container: the server must listen on 0.0.0.0:8080 (not 127.0.0.1)`, longer]);
  if (/^HTTP \d+/.test(problem)) return sentence([`/ping answered ${problem}: it must answer 200 once the model is loaded`, longer]);
  if (/no answer within/.test(problem))
    return sentence(['/ping took longer than 2 s to answer (SageMaker waits 2 s): answer it without loading the model', longer]);
  return sentence([longer]);
}

/** A folder the run must write to and cannot. */
export function folderAdvice(outcome: Extract<LocalRunOutcome, { kind: 'folder-unusable' }>, names: OptionNames): string {
  if (outcome.purpose === 'checkpoints') return sentence([`choose a writable checkpoint folder with ${names.checkpoints}`]);
  if (outcome.explicit && names.jobsDir) return sentence([`choose a writable folder for job folders with ${names.jobsDir}`]);
  return sentence([
    `make ${outcome.folder} writable`,
    'point TMPDIR at a writable folder',
    ...(names.jobsDir ? [`choose a folder with ${names.jobsDir}`] : []),
  ]);
}

// Deterministic synthetic Dockerfiles for the benchmark, shaped like the files on which
// dockerfile-utils' validate() grows quadratically: multi-stage (a new `FROM stage<N-1> AS stage<N>` every ~46 lines),
// ENV-heavy, about a third of the instructions with `${VAR}`/`$VAR` references, comments between
// instructions, and a few SageMaker keys so the rules have work to do.

/** Lines per stage, FROM included. */
export const STAGE_LINES = 46;

/** Global lines before the first FROM (a comment and the global ARGs). */
const GLOBAL_HEADER = [
  '# Generated benchmark Dockerfile',
  'ARG PY_VERSION=3.11',
  'ARG APP_HOME=/opt/ml/code',
  'ARG PIP_INDEX=https://pip.example/simple',
  'ARG LOG_LEVEL=20',
];
const GLOBAL_ARGS = ['PY_VERSION', 'APP_HOME', 'PIP_INDEX', 'LOG_LEVEL'];
export const HEADER_LINES = GLOBAL_HEADER.length;

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['cache', 'model', 'data', 'tmp', 'logs', 'conf', 'bin', 'lib', 'share', 'assets'];
const PACKAGES = ['numpy==1.26.4', 'pandas==2.2.2', 'scikit-learn==1.5.0', 'boto3==1.34.0', 'requests==2.32.3'];

/**
 * Returns exactly `lines` lines (each ending in "\n"). Same `lines` and `seed` give the same text.
 * Stage k starts at line GLOBAL_HEADER.length + k * STAGE_LINES (0-based) when the file is long enough.
 */
export function generateDockerfile(lines: number, seed = 1): string {
  if (!Number.isInteger(lines) || lines < 1) throw new RangeError(`lines must be a positive integer, got ${lines}`);
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const out: string[] = [];

  // Tiny files: a FROM and comments.
  if (lines <= GLOBAL_HEADER.length + 1) {
    out.push('FROM python:3.11-slim AS stage0');
    while (out.length < lines) out.push(`# filler ${out.length}`);
    return out.join('\n') + '\n';
  }

  out.push(...GLOBAL_HEADER);
  let counter = 0;
  let previousNames: string[] = []; // ENV names inherited from the previous stages (ARGs are not)

  for (let stage = 0; out.length < lines; stage++) {
    const stageEnd = Math.min(lines, out.length + STAGE_LINES);
    out.push(stage === 0 ? 'FROM python:3.11-slim AS stage0' : `FROM stage${stage - 1} AS stage${stage}`);
    // Names visible in this stage: its own ENV/ARG, the previous stage's ENV (inherited through FROM).
    const names: string[] = [];
    const envNames: string[] = [];
    const ref = (): string => {
      const pool =
        names.length > 0 && (previousNames.length === 0 || random() < 0.8) ? names : previousNames.length > 0 ? previousNames : GLOBAL_ARGS;
      const name = pick(pool);
      return random() < 0.6 ? `\${${name}}` : `$${name}`;
    };
    const fresh = (): string => `V${stage}_${counter++}`;
    const isLast = stageEnd === lines;
    // SageMaker keys: a few stages get one; the last stage gets SAGEMAKER_PROGRAM and the module.
    const sagemaker: string[] = [];
    if (isLast) {
      sagemaker.push('ENV SAGEMAKER_PROGRAM=train.py', 'ENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main');
    } else if (stage % 9 === 4) {
      sagemaker.push(
        pick(['ENV SAGEMAKER_CONTAINER_LOG_LEVEL=20', 'ENV SAGEMAKER_PROGRAM=train.py', 'ENV SAGEMAKER_TRAINING_MODULE=pkg.mod:main']),
      );
    }
    let block = 0;

    while (out.length < stageEnd) {
      const room = stageEnd - out.length;
      // Reserve the end of the stage for the SageMaker lines.
      if (sagemaker.length > 0 && room <= sagemaker.length) {
        out.push(sagemaker.shift()!);
        continue;
      }
      const budget = room - sagemaker.length;
      block++;
      if (block === 1 && stage > 0 && budget >= 1) {
        const name = pick(GLOBAL_ARGS);
        out.push(`ARG ${name}`); // re-declare a global ARG in the stage
        names.push(name);
        continue;
      }
      if (random() < 0.3) {
        out.push(`# step ${stage}.${block}: ${pick(WORDS)} ${pick(WORDS)}`);
        continue;
      }
      const withRef = random() < 0.34;
      const kind = random();
      let lines3: string[];
      if (kind < 0.22) {
        // ENV K=v K2="x y"
        const a = fresh();
        const b = fresh();
        lines3 = [`ENV ${a}=${withRef ? ref() + '/' : '/opt/'}${pick(WORDS)} ${b}="${pick(WORDS)} ${pick(WORDS)}"`];
        names.push(a, b);
        envNames.push(a, b);
      } else if (kind < 0.38) {
        // ENV K v (legacy form)
        const a = fresh();
        lines3 = [`ENV ${a} ${withRef ? ref() + ':' : ''}${pick(WORDS)} value`];
        names.push(a);
        envNames.push(a);
      } else if (kind < 0.5) {
        // Multi-line ENV with continuations.
        const a = fresh();
        const b = fresh();
        const c = fresh();
        lines3 = [
          `ENV ${a}=/srv/${pick(WORDS)} \\`,
          `    ${b}="${pick(WORDS)} ${pick(WORDS)}" \\`,
          `    ${c}=${withRef ? ref() : '/usr/' + pick(WORDS)}/bin`,
        ];
        names.push(a, b, c);
        envNames.push(a, b, c);
      } else if (kind < 0.58) {
        const a = fresh();
        lines3 = [`ARG ${a}=${withRef ? ref() : pick(WORDS)}`];
        names.push(a);
      } else if (kind < 0.7) {
        lines3 = [`RUN pip install --no-cache-dir ${pick(PACKAGES)} && echo ${withRef ? ref() : 'done'}`];
      } else if (kind < 0.78) {
        lines3 = [`RUN mkdir -p ${withRef ? ref() : '/opt'}/${pick(WORDS)} \\`, `    && echo "${pick(WORDS)}" > /tmp/${pick(WORDS)}.txt`];
      } else if (kind < 0.86) {
        lines3 = [`COPY ${pick(WORDS)}/ ${withRef ? ref() : '/opt/ml/code'}/${pick(WORDS)}/`];
      } else if (kind < 0.93) {
        lines3 = [`WORKDIR ${withRef ? ref() : '/opt/ml'}/${pick(WORDS)}`];
      } else {
        lines3 = [`LABEL com.example.${pick(WORDS)}="${withRef ? ref() : pick(WORDS)}" version="${stage}.${block}"`];
      }
      if (lines3.length > budget) lines3 = [`# step ${stage}.${block}`];
      out.push(...lines3);
    }
    previousNames = [...previousNames, ...envNames].slice(-20);
  }
  return out.join('\n') + '\n';
}

// The Dockerfile shapes the benchmark measures, each generated at any number of lines. One shape
// only shows what its author thought of; these cover the ways a file can grow:
//   a  multi-stage, ENV-heavy, a third of the instructions with `${VAR}` (generate.ts)
//   b  a long chain of stages, each FROM the previous, setting and overriding the entry-point keys
//   c  COPY/ADD/WORKDIR-heavy stages: folder copies, globs, archives, URLs, `COPY --from` across stages
//   d  one stage of the whole length
//   e  hundreds of ARG/ENV with nested `${A:-${B}}` references
//   f  the project's examples concatenated until the length is reached
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDockerfile } from './generate';

export interface Shape {
  id: string;
  title: string;
  /** Exactly `lines` lines, each ending in "\n"; the same text for the same `lines`. */
  generate(lines: number): string;
}

/** Repeats `block(i)` until `lines` lines, then pads with comments; `head` comes first. */
function fill(lines: number, head: string[], block: (i: number) => string[], tail: string[] = []): string {
  const out = [...head];
  for (let i = 0; ; i++) {
    const next = block(i);
    if (out.length + next.length + tail.length > lines) break;
    out.push(...next);
  }
  out.push(...tail.slice(0, Math.max(0, lines - out.length)));
  while (out.length < lines) out.push(`# filler ${out.length}`);
  return out.slice(0, lines).join('\n') + '\n';
}

const chain: Shape = {
  id: 'b',
  title: 'chain of stages, each FROM the previous, overriding the entry-point keys, `$CODE_DIR` in a third of the lines',
  generate: (lines) =>
    fill(lines, ['ARG CODE_DIR=/opt/ml/code', 'FROM python:3.11-slim AS s0', 'ARG CODE_DIR', 'WORKDIR $CODE_DIR'], (i) => [
      `FROM s${i} AS s${i + 1}`,
      'ARG CODE_DIR',
      `ENV SAGEMAKER_PROGRAM=train_${i}.py`,
      `COPY src${i % 10}/ \${CODE_DIR}/`,
      `WORKDIR \${CODE_DIR}/stage${i % 10}`,
      `ENV SAGEMAKER_PROGRAM=train.py SAGEMAKER_TRAINING_MODULE=pkg.mod${i % 7}:main`,
      `COPY data $CODE_DIR/data${i % 5}`,
      `ENV SAGEMAKER_SERVING_MODULE=serve.app${i % 3}:app`,
    ]),
};

const copies: Shape = {
  id: 'c',
  title: 'COPY/ADD/WORKDIR-heavy: folder copies, globs, archives, URLs, COPY --from across stages',
  generate: (lines) =>
    fill(
      lines,
      ['ARG APP=/opt/app', 'FROM python:3.11-slim AS c0', 'ARG APP', 'WORKDIR $APP', 'COPY . $APP/'],
      (i) => [
        i % 4 === 0 ? `FROM python:3.11-slim AS c${i + 1}` : `FROM c${i} AS c${i + 1}`,
        'ARG APP',
        `WORKDIR \${APP}${i % 5}`,
        `COPY src/ ./src/`,
        `COPY lib${i % 9} /opt/lib/`,
        `COPY *.py /opt/ml/code/`,
        `COPY conf/*.yaml $APP/config/`,
        `ADD assets${i % 3}.tar.gz /opt/assets/`,
        `ADD https://example.com/data/${i}.csv /opt/data/`,
        `COPY --from=c${Math.max(0, i - 3)} \${APP}${(i + 2) % 5}/src /opt/ml/code/lib${i % 4}/`,
        `COPY --from=c${i} /opt/ml/code/train.py /opt/ml/code/`,
        `RUN mkdir -p /opt/out${i % 6} && cp -r src /opt/out${i % 6}/`,
      ],
      ['ENV SAGEMAKER_PROGRAM=train.py', 'ENV SAGEMAKER_TRAINING_MODULE=lib0.entry:main'],
    ),
};

const WORDS = ['cache', 'model', 'data', 'tmp', 'logs', 'conf', 'bin', 'lib', 'share', 'assets'];

const oneStage: Shape = {
  id: 'd',
  title: 'one stage of the whole length',
  generate: (lines) =>
    fill(
      lines,
      ['FROM python:3.11-slim', 'ARG HOME_DIR=/opt/ml', 'ENV APP=/opt/ml/code'],
      (i) => {
        const w = WORDS[i % WORDS.length];
        switch (i % 8) {
          case 0:
            return [`ENV V${i}=/srv/${w} W${i}="${w} ${WORDS[(i + 3) % 10]}"`];
          case 1:
            return [`RUN pip install --no-cache-dir pkg${i % 50}==1.${i % 9}.0 && echo done`];
          case 2:
            return [`COPY ${w}/ /opt/ml/code/${w}/`];
          case 3:
            return [`# step ${i}: ${w}`];
          case 4:
            return [`WORKDIR /opt/ml/${w}`];
          case 5:
            return [`LABEL com.example.${w}="${i}"`];
          case 6:
            return [`RUN mkdir -p /opt/${w}/${i % 20} \\`, `    && touch /opt/${w}/${i % 20}/ok`];
          default:
            return i % 40 === 7 ? [`ENV P${i}=\${APP}/${w}`] : [`ENV SAGEMAKER_PROGRAM=train${i % 3}.py`];
        }
      },
      ['ENV SAGEMAKER_PROGRAM=train.py'],
    ),
};

const variables: Shape = {
  id: 'e',
  title: 'hundreds of ARG/ENV with nested ${A:-${B}} references',
  generate: (lines) =>
    fill(
      lines,
      ['ARG ROOT=/opt/ml', 'FROM python:3.11-slim AS v0', 'ARG ROOT', 'ENV E0=${ROOT}/code A0=x'],
      (i) => {
        const block: string[] = [];
        // A new stage every 300 variables keeps the file multi-stage, as large real files are.
        if (i > 0 && i % 300 === 0) block.push(`FROM v${i / 300 - 1} AS v${i / 300}`, 'ARG ROOT');
        const prev = i % 300 === 0 ? 0 : i - 1;
        block.push(i % 2 === 0 ? `ARG A${i}=\${A${prev}:-\${ROOT}}/a${i}` : `ARG A${i}`);
        block.push(`ENV E${i}=\${E${prev}:-\${A${i}:-/opt}}/e${i} F${i}=\${A${i}:+on}`);
        if (i % 25 === 0) block.push(`ENV SAGEMAKER_PROGRAM=\${E${i}:-train.py} SAGEMAKER_CONTAINER_LOG_LEVEL=\${LEVEL${i}:-20}`);
        return block;
      },
      ['ENV SAGEMAKER_PROGRAM=train.py'],
    ),
};

/** Every Dockerfile under examples/, in a fixed order. */
function exampleDockerfiles(): string[] {
  const root = path.resolve(__dirname, '..', '..', 'examples');
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/^(Dockerfile|Containerfile)/.test(entry.name) || entry.name.endsWith('.Dockerfile')) found.push(full);
    }
  };
  visit(root);
  return found.map((file) => fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').replace(/\n*$/, '\n'));
}

const examples: Shape = {
  id: 'f',
  title: "the project's examples concatenated",
  generate: (lines) => {
    const texts = exampleDockerfiles().map((t) => t.split('\n').slice(0, -1));
    return fill(lines, [], (i) => texts[i % texts.length]);
  },
};

export const SHAPES: readonly Shape[] = [
  { id: 'a', title: 'multi-stage, ENV-heavy, a third of the instructions with ${VAR}', generate: (lines) => generateDockerfile(lines, 1) },
  chain,
  copies,
  oneStage,
  variables,
  examples,
];

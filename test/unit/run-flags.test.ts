// BuildKit's flags before a RUN's command, and its bind mounts of the build context (run-flags.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../analysis/src/parse';
import { bindMounts, splitRunFlags } from '../../analysis/src/run-flags';

const runOf = (line: string) => parseDockerfile(`FROM a\n${line}\n`).instructions[1];

describe('splitRunFlags', () => {
  const cases: Array<[string, string[], string]> = [
    ['pip install .', [], 'pip install .'],
    ['--network=none pip install .', ['--network=none'], 'pip install .'],
    ['--mount=type=cache,target=/c \\\n  --security=insecure \\\n  make', ['--mount=type=cache,target=/c', '--security=insecure'], 'make'],
    ['--mount=type=cache,target=/c', [], '--mount=type=cache,target=/c'],
    ['echo --mount=x', [], 'echo --mount=x'],
  ];
  for (const [text, flags, command] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(splitRunFlags(text, '\\'), { flags, command }));
  }
  it('with # escape=` a backtick continues the line', () => {
    assert.deepEqual(splitRunFlags('--network=none `\n  pip install .', '`'), { flags: ['--network=none'], command: 'pip install .' });
  });
});

describe('bindMounts', () => {
  const cases: Array<[string, ReturnType<typeof bindMounts>]> = [
    [
      'RUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install -r requirements.txt',
      { mounts: [{ source: 'requirements.txt', target: 'requirements.txt' }], unknownTargets: [] },
    ],
    ['RUN --mount=target=/src pip install /src', { mounts: [{ source: '.', target: '/src' }], unknownTargets: [] }],
    [
      'RUN --mount=type=bind,src=a,dst=/b,ro --mount=type=bind,source=c,destination=/d true',
      {
        mounts: [
          { source: 'a', target: '/b' },
          { source: 'c', target: '/d' },
        ],
        unknownTargets: [],
      },
    ],
    [
      'RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=x,target=/s true',
      { mounts: [], unknownTargets: ['/root/.cache', '/s'] },
    ],
    ['RUN --mount=type=bind,from=builder,source=/out,target=/in true', { mounts: [], unknownTargets: ['/in'] }],
    ['RUN --mount=type=bind,source=$DIR,target=/in true', { mounts: [], unknownTargets: ['/in'] }],
    ['RUN --mount=type=bind,source=x,target=$T true', { mounts: [], unknownTargets: [] }],
    ['RUN --mount=type=bind,"source=x",target=/y true', { mounts: [{ source: 'x', target: '/y' }], unknownTargets: [] }],
  ];
  for (const [line, expected] of cases) {
    it(line, () => assert.deepEqual(bindMounts(runOf(line), '\\'), expected));
  }
});

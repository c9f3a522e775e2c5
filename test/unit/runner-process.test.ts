// The process runner: no shell, argv logged with secrets redacted, lines streamed, and the outcome as a value.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineTail } from '../../runner/src/events';
import { MAX_LINE_LENGTH, formatCommand, lineSplitter, redactArgs, runProcess } from '../../runner/src/process';

const node = process.execPath;

describe('redactArgs', () => {
  const rows: Array<[string[], string[]]> = [
    [
      ['-e', 'AWS_SECRET_ACCESS_KEY=abc'],
      ['-e', 'AWS_SECRET_ACCESS_KEY=***'],
    ],
    [
      ['--env', 'MY_TOKEN=abc', '-e', 'EPOCHS=3'],
      ['--env', 'MY_TOKEN=***', '-e', 'EPOCHS=***'],
    ],
    // Any name can hold a secret: every -e value the user passed is hidden, not only secret-looking names.
    [
      ['-e', 'MY_PASS=hunter2', '-e', 'API_TOKEN=t'],
      ['-e', 'MY_PASS=***', '-e', 'API_TOKEN=***'],
    ],
    [['--env=MY_PASS=hunter2'], ['--env=MY_PASS=***']],
    [
      ['--build-arg', 'VERSION=1.0'],
      ['--build-arg', 'VERSION=1.0'],
    ],
    [
      ['--build-arg', 'PIP_PASSWORD=p'],
      ['--build-arg', 'PIP_PASSWORD=***'],
    ],
    [['--env=API_KEY=k'], ['--env=API_KEY=***']],
    [
      ['-e', 'AWS_SECRET_ACCESS_KEY'],
      ['-e', 'AWS_SECRET_ACCESS_KEY'],
    ],
    [
      ['-v', 'TOKEN=x:/y'],
      ['-v', 'TOKEN=x:/y'],
    ],
  ];
  for (const [args, expected] of rows) it(args.join(' '), () => assert.deepEqual(redactArgs(args), expected));
});

describe('formatCommand', () => {
  it('quotes what a shell would split, and redacts secret environment values', () => {
    const text = formatCommand({
      command: 'docker',
      args: ['run', '-v', 'a b:/c', '-e', 'A=b c', "it's"],
      env: { DOCKER_HOST: 'unix:///s', SECRET_X: 'v' },
    });
    assert.equal(text, `DOCKER_HOST=unix:///s SECRET_X='***' docker run -v 'a b:/c' -e 'A=***' 'it'\\''s'`);
  });
});

describe('lineSplitter', () => {
  it('splits across chunks, drops CR of CRLF, flushes a last partial line', () => {
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    s.push('a\r\nb');
    s.push('c\n\nd');
    s.end();
    assert.deepEqual(lines, ['a', 'bc', '', 'd']);
  });

  it('a character split between two chunks is decoded whole', () => {
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('prøject ü €\n');
    for (let i = 0; i < bytes.length; i++) s.push(bytes.subarray(i, i + 1));
    s.end();
    assert.deepEqual(lines, ['prøject ü €']);
  });

  // 100 MiB in 64 KiB chunks, the way a pipe delivers a container's output.
  const MiB = 1024 * 1024;
  function feed(chunk: Buffer, total: number, s: { push(c: Buffer): void; end(): void }, afterPush: () => void): void {
    for (let sent = 0; sent < total; sent += chunk.length) {
      s.push(chunk);
      afterPush();
    }
    s.end();
  }

  it('100 MiB without a newline: cut into pieces, and never more than one piece and a chunk kept', () => {
    let emittedChars = 0;
    let pieces = 0;
    let longest = 0;
    let pushedChars = 0;
    let mostKept = 0;
    const s = lineSplitter((l) => {
      pieces++;
      emittedChars += l.length;
      longest = Math.max(longest, l.length);
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    feed(chunk, 100 * MiB, s, () => {
      pushedChars += chunk.length;
      mostKept = Math.max(mostKept, pushedChars - emittedChars);
    });
    assert.equal(emittedChars, 100 * MiB, 'nothing lost');
    assert.equal(pieces, (100 * MiB) / MAX_LINE_LENGTH);
    assert.equal(longest, MAX_LINE_LENGTH);
    assert.ok(mostKept <= MAX_LINE_LENGTH + chunk.length, `${mostKept} characters kept between chunks`);
  });

  it('100 MiB of 80-character lines: every line, and at most one partial line kept', () => {
    let lines = 0;
    let emittedChars = 0;
    let pushedChars = 0;
    let mostKept = 0;
    const s = lineSplitter((l) => {
      lines++;
      emittedChars += l.length + 1;
    });
    const chunk = Buffer.from(`${'y'.repeat(79)}\n`.repeat(800));
    feed(chunk, 100 * MiB, s, () => {
      pushedChars += chunk.length;
      mostKept = Math.max(mostKept, pushedChars - emittedChars);
    });
    assert.equal(lines, Math.ceil((100 * MiB) / chunk.length) * 800);
    assert.equal(mostKept, 0);
  });
});

describe('LineTail', () => {
  it('keeps the last 20 lines, each cut to 2,000 characters, however much goes through it', () => {
    const tail = new LineTail();
    const huge = 'z'.repeat(MAX_LINE_LENGTH);
    for (let i = 0; i < 1600; i++) tail.push(i % 2 === 0 ? huge : `line ${i}`); // 1600 × 32 KiB on average = 50 MiB
    const kept = tail.get();
    assert.equal(kept.length, 20);
    assert.equal(kept[19], 'line 1599');
    assert.equal(kept[18], `${'z'.repeat(2000)}…`);
    assert.ok(kept.reduce((n, l) => n + l.length, 0) <= 20 * 2001);
  });
});

describe('runProcess', () => {
  it('exited: code, stdout and stderr lines, the argv logged', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const logged: string[] = [];
    const result = await runProcess(
      { command: node, args: ['-e', 'console.log("one\\ntwo"); console.error("bad"); process.exit(7)'] },
      { onStdout: (l) => out.push(l), onStderr: (l) => err.push(l), log: (t) => logged.push(t) },
    );
    assert.deepEqual(result, { kind: 'exited', code: 7 });
    assert.deepEqual(out, ['one', 'two']);
    assert.deepEqual(err, ['bad']);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^\$ .*node.* -e /);
  });

  it('no shell: metacharacters reach the program as they are', async () => {
    const out: string[] = [];
    await runProcess({ command: node, args: ['-e', 'console.log(process.argv[1])', '$HOME; echo hi'] }, { onStdout: (l) => out.push(l) });
    assert.deepEqual(out, ['$HOME; echo hi']);
  });

  it('the command line env is added to the base env', async () => {
    const out: string[] = [];
    await runProcess(
      { command: node, args: ['-e', 'console.log(process.env.A, process.env.B)'], env: { B: '2' } },
      { env: { A: '1', PATH: process.env.PATH }, onStdout: (l) => out.push(l) },
    );
    assert.deepEqual(out, ['1 2']);
  });

  it('input goes to stdin and is never logged; without input stdin is empty', async () => {
    const out: string[] = [];
    const logged: string[] = [];
    const read = {
      command: node,
      args: ['-e', 'let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => console.log(JSON.stringify(t)))'],
    };
    assert.deepEqual(await runProcess(read, { input: 'p@ss\n', onStdout: (l) => out.push(l), log: (t) => logged.push(t) }), {
      kind: 'exited',
      code: 0,
    });
    assert.deepEqual(await runProcess(read, { onStdout: (l) => out.push(l) }), { kind: 'exited', code: 0 });
    assert.deepEqual(out, ['"p@ss\\n"', '""']);
    assert.equal(logged.join('\n').includes('p@ss'), false);
  });

  it('a process that exits without reading its input is an exit, not an error', async () => {
    const result = await runProcess({ command: node, args: ['-e', 'process.exit(3)'] }, { input: 'x'.repeat(1 << 20) });
    assert.deepEqual(result, { kind: 'exited', code: 3 });
  });

  it('flow control: while outputReady holds, output is not read; the process waits on its pipe', async () => {
    let held = false;
    let holds = 0;
    let bytesWhileHeld = 0;
    let bytes = 0;
    const result = await runProcess(
      { command: 'sh', args: ['-c', 'head -c 4194304 /dev/zero | tr "\\0" "\\n"'] },
      {
        onStdout: (l) => {
          bytes += l.length + 1;
          if (held) bytesWhileHeld += l.length + 1;
        },
        outputReady: () => {
          holds++;
          held = true;
          return new Promise((resolve) =>
            setImmediate(() => {
              held = false;
              resolve();
            }),
          );
        },
      },
    );
    assert.deepEqual(result, { kind: 'exited', code: 0 });
    assert.equal(bytes, 4 * 1024 * 1024);
    assert.ok(holds > 1, `${holds} holds`);
    // Node resumes a child's paused output when the child exits: what was in flight then (at most two chunks of
    // the pipe) may arrive while held, never more.
    assert.ok(bytesWhileHeld <= 2 * 64 * 1024, `${bytesWhileHeld} bytes read while held`);
  });

  it('not-found for a missing executable', async () => {
    const result = await runProcess({ command: 'definitely-not-a-command-xyz', args: [] });
    assert.equal(result.kind, 'not-found');
  });

  it('cancelled: the abort ends the process (its group too when detached)', async () => {
    for (const detached of [false, true]) {
      const controller = new AbortController();
      const result = runProcess(
        { command: node, args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)'] },
        { signal: controller.signal, detached, onStdout: () => controller.abort() },
      );
      assert.deepEqual(await result, { kind: 'cancelled' });
    }
  });

  it('a process that ignores SIGTERM is killed after the grace period', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const result = runProcess(
      { command: node, args: ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'] },
      { signal: controller.signal, killGraceMs: 200, onStdout: () => controller.abort() },
    );
    assert.deepEqual(await result, { kind: 'cancelled' });
    assert.ok(Date.now() - started < 5000);
  });

  it('an already aborted signal starts nothing', async () => {
    const logged: string[] = [];
    const result = await runProcess({ command: node, args: ['-e', ''] }, { signal: AbortSignal.abort(), log: (t) => logged.push(t) });
    assert.deepEqual(result, { kind: 'cancelled' });
    assert.deepEqual(logged, []);
  });
});

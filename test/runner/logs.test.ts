// A run that prints 100 MiB: every byte reaches stdout, and what the CLI keeps of it is bounded: counted in lines
// and characters (the tails: 20 lines of at most 2,000 characters; a line without an end: 64 KiB pieces), and the
// CLI runs with its JavaScript heap capped at 64 MiB, which anything kept in proportion to the output would
// exceed. Its peak resident memory is measured against a 1 MiB run of the same image and reported.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_LINE_LENGTH } from '../../runner/src/process';
import { RUN_ID, engineSuite, fixtures, runCli, scratch } from './engine';
import type { CliRun } from './engine';

const MiB = 1024 * 1024;
const LAST_LINE = 'loud: done';

engineSuite('a run that prints 100 MiB of logs', (engine) => {
  const { dir, images } = scratch(engine);
  const image = `localhost/${RUN_ID}-logs:local`;
  images.push(image);
  const base = [
    path.join(fixtures, 'logs'),
    '--engine',
    engine.kind,
    '--pull',
    'never',
    '--image',
    image,
    '--jobs-dir',
    path.join(dir, 'jobs'),
  ];
  const peaks = new Map<string, number>();

  /** The CLI with stdout counted, not kept, and its peak RSS (MiB) recorded under `label`. */
  async function loud(label: string, args: string[]): Promise<CliRun & { stdoutBytes: number; tail: string }> {
    const rssFile = path.join(dir, `${label}.rss`);
    let stdoutBytes = 0;
    let tail = '';
    const run = await runCli([...base, ...args], {
      env: { ...process.env, PEAK_RSS_FILE: rssFile },
      nodeArgs: ['--max-old-space-size=64', '--require', path.join(__dirname, 'peak-rss.js')],
      onStdout: (chunk) => {
        stdoutBytes += chunk.length;
        tail = (tail + chunk.toString('latin1')).slice(-200);
      },
    });
    peaks.set(label, Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
    return { ...run, stdoutBytes, tail };
  }

  it('1 MiB of lines (the baseline of the memory figures)', async () => {
    const run = await loud('1 MiB of lines', ['--mode', 'train', '--env', 'LOG_MB=1']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdoutBytes, MiB + LAST_LINE.length + 1);
  });

  it('100 MiB of lines: all of them on stdout', async () => {
    const run = await loud('100 MiB of lines', ['--mode', 'train', '--env', 'LOG_MB=100']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdoutBytes, 100 * MiB + LAST_LINE.length + 1);
    assert.ok(run.tail.endsWith(`${LAST_LINE}\n`), JSON.stringify(run.tail));
  });

  it('100 MiB on one line without an end: all of it, cut into 64 KiB lines', async () => {
    const run = await loud('100 MiB on one line', ['--mode', 'train', '--env', 'LOG_MB=100', '--env', 'LOG_SHAPE=one-line']);
    assert.equal(run.code, 0, run.stderr);
    const characters = 100 * MiB + LAST_LINE.length;
    assert.equal(run.stdoutBytes, characters + Math.ceil(characters / MAX_LINE_LENGTH), 'every character, and one newline per piece');
    // 100 MiB is 1,600 pieces of 64 KiB exactly: the last words come as a piece of their own.
    assert.ok(run.tail.endsWith(`xxxx\n${LAST_LINE}\n`), run.tail);
  });

  it('a server that prints 20 MiB on one line and dies: the last lines shown are 20, each cut to 2,000 characters', async () => {
    const run = await loud('20 MiB, serving', ['--mode', 'serve', '--env', 'LOG_MB=20', '--env', 'LOG_SHAPE=one-line']);
    assert.equal(run.code, 1, run.stderr.slice(-3000));
    const shown = /its last lines:\n((?: {2}.*\n)+)/.exec(run.stderr)?.[1].split('\n').slice(0, -1) ?? [];
    assert.equal(shown.length, 20, run.stderr.slice(-3000));
    // 20 MiB and the last words: 320 pieces of 64 KiB, then the last words alone.
    assert.deepEqual(shown, [...Array<string>(19).fill(`  ${'x'.repeat(2000)}…`), `  ${LAST_LINE}`]);
  });

  it('peak memory of the CLI, against the 1 MiB run', (t) => {
    const baseline = peaks.get('1 MiB of lines');
    assert.ok(baseline, 'the baseline ran');
    for (const [label, mib] of peaks)
      t.diagnostic(`${label}: peak RSS ${mib.toFixed(1)} MiB, ${(mib / baseline).toFixed(2)}× the 1 MiB run`);
  });
});

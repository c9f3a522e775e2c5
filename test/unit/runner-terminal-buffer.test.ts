// The editor's terminal path: what waits to be shown is bounded however much a run prints, counted in characters.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalBuffer } from '../../client/src/run/terminal-buffer';
import { terminalText } from '../../client/src/run/messages';

const MiB = 1024 * 1024;

describe('TerminalBuffer', () => {
  it('newlines become CRLF; take() empties it', () => {
    const buffer = new TerminalBuffer();
    buffer.push('a\nb\r\n');
    assert.equal(buffer.pendingChars, 6);
    assert.equal(buffer.take(), 'a\r\nb\r\n');
    assert.equal(buffer.take(), '');
  });

  it('100 MiB of output lines through a terminal that takes one batch per 10,000 lines: never more than the bound kept, every line shown or counted', () => {
    const buffer = new TerminalBuffer(MiB);
    const line = (i: number) =>
      terminalText({ type: 'output', source: 'train', stream: 'stdout', line: `step ${String(i).padStart(10, '0')} ${'.'.repeat(60)}` });
    const lineChars = line(0).length + 1; // CR added
    const lines = Math.ceil((100 * MiB) / lineChars);
    let mostKept = 0;
    let shownLines = 0;
    let droppedLines = 0;
    let last = '';
    const drain = () => {
      const text = buffer.take();
      // eslint-disable-next-line no-control-regex -- the notice starts with a terminal escape sequence
      const notice = /^\x1b\[2m\[… ([\d,]+) lines \([\d,]+ characters\) not shown/.exec(text);
      if (notice) droppedLines += Number(notice[1].replace(/,/g, ''));
      shownLines += (text.match(/\r\n/g) ?? []).length - (notice ? 1 : 0);
      if (text) last = text;
    };
    for (let i = 0; i < lines; i++) {
      buffer.push(line(i));
      mostKept = Math.max(mostKept, buffer.pendingChars);
      if (i % 10_000 === 9_999) drain();
    }
    drain();
    assert.ok(mostKept <= MiB, `${mostKept} characters kept`);
    assert.equal(shownLines + droppedLines, lines, 'each line is shown or counted as not shown');
    assert.ok(last.endsWith(`step ${String(lines - 1).padStart(10, '0')} ${'.'.repeat(60)}\r\n`), 'the last line is shown');
  });

  it('one 100 MiB line: only its end is kept, from a line start when there is one', () => {
    const buffer = new TerminalBuffer(MiB);
    buffer.push(`first\n${'x'.repeat(100 * MiB)}\nlast\n`);
    assert.ok(buffer.pendingChars <= MiB);
    const text = buffer.take();
    // eslint-disable-next-line no-control-regex -- the notice starts with a terminal escape sequence
    assert.match(text, /^\x1b\[2m\[… 2 lines \([\d,]+ characters\) not shown/);
    assert.ok(text.endsWith('last\r\n'));
  });
});

// Fixes for what starts the container. SM401: a shell-form ENTRYPOINT to exec form; a plain command
// becomes its words as a JSON array, a command that needs the shell keeps it, with `"$@"` so
// SageMaker's `train`/`serve` still arrives. SM403: install the toolkit that brings `train`/`serve`.
import type { Fixer } from './edits';

interface ShellScan {
  /** The words after quote removal, when the command is one simple command without expansions. */
  words?: string[];
  /** Offsets of unquoted operators (`&&`, `||`, `;`, `|`, `&`, `<`, `>`, `(`, `)`), in order. */
  operators: { op: string; index: number }[];
  /** False when quotes are not closed. */
  complete: boolean;
  /** Offset of an unquoted `#` comment. */
  comment?: number;
}

const OPERATOR = /^(&&|\|\||;;|[;|&<>()])/;

/** Splits a command the way `sh` reads it, as far as that matters here (quotes, backslashes, operators). */
function scanShell(command: string): ShellScan {
  const words: string[] = [];
  const operators: ShellScan['operators'] = [];
  let simple = true;
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      end();
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) return { operators, complete: false };
      word = (word ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        const d = command[j];
        if (d === '\\' && '$`"\\\n'.includes(command[j + 1] ?? '')) text += command[++j];
        else {
          if (d === '$' || d === '`') simple = false;
          text += d;
        }
      }
      if (j >= command.length) return { operators, complete: false };
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (command[i + 1] ?? '');
      i++;
    } else if (word === undefined && c === '#') {
      return { operators, complete: true, comment: i };
    } else {
      const op = OPERATOR.exec(command.slice(i))?.[0];
      if (op) {
        end();
        operators.push({ op, index: i });
        i += op.length - 1;
      } else {
        // Expansions, globs and `~` need the shell.
        if ('$`*?['.includes(c) || (word === undefined && c === '~')) simple = false;
        word = (word ?? '') + c;
      }
    }
  }
  end();
  const assignment = words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]);
  return { words: simple && operators.length === 0 && !assignment ? words : undefined, operators, complete: true };
}

// Words that are not programs: `exec` in front of them fails, and an exec-form array cannot run them.
const SHELL_WORDS = new Set(
  (
    '! . : [ [[ { } alias case cd do done elif else esac eval exit export fi for function if local readonly return ' +
    'set shift source then trap ulimit umask unset until while'
  ).split(' '),
);

const DEFAULT_SHELL = ['/bin/sh', '-c'];
/** A POSIX shell run as `shell … -c SCRIPT NAME ARGS…`, where `"$@"` is ARGS. */
const POSIX_SHELL = /(?:^|\/)(?:ba|da|z|a|k|mk)?sh$/;

/**
 * The exec-form array for a shell-form command, and whether it is the plain word list (the obvious
 * fix) or a wrapper in the shell Docker runs it with (`SHELL`, else `/bin/sh -c`). Undefined when
 * `"$@"` has no sensible place (pipes, redirects) or that shell is not a POSIX shell.
 */
export function execForm(command: string, shell: readonly string[] = DEFAULT_SHELL): { array: string[]; direct: boolean } | undefined {
  // PowerShell and cmd read quotes and backslashes otherwise (`C:\app\train.py` is a path there): only a
  // command of plain words separated by blanks converts, each word as it is written.
  if (!POSIX_SHELL.test(shell[0] ?? '')) {
    const words = command.trim().split(/\s+/);
    return words[0] && !/["'`$&|;<>()%^#]/.test(command) ? { array: words, direct: true } : undefined;
  }
  const scan = scanShell(command);
  if (!scan.complete) return undefined;
  if (scan.comment !== undefined) return execForm(command.slice(0, scan.comment).trimEnd(), shell);
  if (scan.words && scan.words.length > 0) {
    const words = scan.words[0] === 'exec' ? scan.words.slice(1) : scan.words;
    if (words.length > 0 && !SHELL_WORDS.has(words[0])) return { array: words, direct: true };
  }
  // train/serve go to the last command of an `a && b` / `a; b` list; exec lets it receive signals.
  const separators = scan.operators.filter((o) => o.op === '&&' || o.op === '||' || o.op === ';');
  const last = separators.at(-1);
  const tailStart = last ? last.index + last.op.length : 0;
  if (scan.operators.some((o) => o.index >= tailStart)) return undefined;
  const head = command.slice(0, tailStart);
  const tail = command.slice(tailStart).trim();
  const tailWords = scanShell(tail);
  const first = tailWords.words?.[0] ?? tail.split(/\s+/)[0];
  if (!tail || shell.at(-1) !== '-c' || !POSIX_SHELL.test(shell[0])) return undefined;
  const wrapped = (script: string) => ({ array: [...shell, script, shell[0].slice(shell[0].lastIndexOf('/') + 1)], direct: false });
  if (/\$[@*]/.test(command)) return wrapped(command.trim());
  const exec = first === 'exec' || SHELL_WORDS.has(first) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(first) ? '' : 'exec ';
  return wrapped(`${head}${head && !/\s$/.test(head) ? ' ' : ''}${exec}${tail} "$@"`.trim());
}

export const shellFormEntrypoint: Fixer<'SM401'> = (diagnostic, data) => {
  const shell = data.shell ?? DEFAULT_SHELL;
  const form = execForm(data.text, shell);
  if (!form) return [];
  const json = `[${form.array.map((word) => JSON.stringify(word)).join(', ')}]`;
  const title = form.direct ? 'Convert to exec form' : `Convert to exec form through '${shell.join(' ')}' (passes train/serve on as "$@")`;
  return [{ title, edits: [{ range: diagnostic.range, text: [json] }], preferred: form.direct }];
};

/** SM403: install the package that brings the command, right after the base image's FROM (only where the base has pip). */
export const noStartCommand: Fixer<'SM403'> = (_diagnostic, { install, insertAt }) =>
  insertAt
    ? [
        {
          title: `Install ${install} (RUN pip install)`,
          edits: [{ range: { start: insertAt, end: insertAt }, text: [`RUN pip install --no-cache-dir ${install}\n`] }],
          preferred: true,
        },
      ]
    : [];

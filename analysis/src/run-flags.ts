// BuildKit's flags before a RUN's command (`--mount=…`, `--network=…`, `--security=…`, `--device=…`):
// no part of what the shell runs, and the bind mounts among them put build-context files in place for
// that one RUN (`--mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt`).
import type { Instr } from './instruction';
import { jsonForm } from './read-words';

/** One flag of a RUN: `--name` or `--name=value`, the value without blanks. */
const RUN_FLAG = /^--[A-Za-z][\w-]*(?:=[^\s]*)?/;

/** The flags before a RUN's command, and the command. They may stand on lines of their own, continued with the escape character. */
export function splitRunFlags(text: string, escapeChar: string): { flags: string[]; command: string } {
  const flags: string[] = [];
  let at = 0;
  for (;;) {
    const flag = RUN_FLAG.exec(text.slice(at));
    if (!flag) break;
    let next = at + flag[0].length;
    // Blanks, and continuations (the escape character, then a line break), up to the next word.
    for (;;) {
      const c = text[next];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') next++;
      else if (c === escapeChar && (text[next + 1] === '\n' || text[next + 1] === '\r')) next += 2;
      else break;
    }
    if (next === at + flag[0].length) break;
    flags.push(flag[0]);
    at = next;
  }
  return { flags, command: at === 0 ? text : text.slice(at) };
}

/** What a RUN runs, as one text: its exec form's words, or its shell text without the flags before it. */
export function runCommand(instr: Instr, escapeChar: string): string {
  if (instr.json) return instr.json.join(' ');
  const { command } = splitRunFlags(instr.text ?? '', escapeChar);
  return (command.startsWith('[') && jsonForm(command)?.join(' ')) || command;
}

/** A `--mount=type=bind` of the build context: `source` relative to it ('.' by default), `target` as written. */
export interface BindMount {
  source: string;
  target: string;
}

/**
 * The RUN's bind mounts of the build context. What the other mounts hold is unknown (`unknownTargets`):
 * a cache, a secret or a tmpfs, a bind mount from another stage or image (`from=`), and one whose
 * source or target goes through a variable.
 */
export function bindMounts(instr: Instr, escapeChar: string): { mounts: BindMount[]; unknownTargets: string[] } {
  const mounts: BindMount[] = [];
  const unknownTargets: string[] = [];
  if (instr.json) return { mounts, unknownTargets };
  for (const flag of splitRunFlags(instr.text ?? '', escapeChar).flags) {
    if (!flag.startsWith('--mount=')) continue;
    const options = new Map<string, string>();
    // Comma-separated fields, each `key=value` or a bare key, a whole field possibly in double quotes (CSV).
    for (const field of flag.slice('--mount='.length).split(',')) {
      const option = field.replace(/^"(.*)"$/, '$1');
      const equals = option.indexOf('=');
      const key = (equals < 0 ? option : option.slice(0, equals)).toLowerCase();
      options.set(key, equals < 0 ? 'true' : option.slice(equals + 1));
    }
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if (!target || target.includes('$')) continue;
    const source = options.get('source') ?? options.get('src') ?? '.';
    const fromContext = (options.get('type') ?? 'bind') === 'bind' && !options.has('from') && !source.includes('$');
    if (fromContext) mounts.push({ source, target });
    else unknownTargets.push(target);
  }
  return { mounts, unknownTargets };
}

// Which image paths a RUN may create or change. What is under them becomes unknown rather than
// absent, so a script that a RUN step copies or downloads is never reported as missing.
import * as path from 'node:path';

const TOUCHING_COMMANDS = new Set([
  'mkdir', 'cp', 'mv', 'git', 'tar', 'pip', 'pip3', 'wget', 'curl', 'ln', 'unzip', 'touch', 'rsync',
  'install', 'tee', 'python', 'python3', 'conda', 'gunzip', 'rm', 'aws', 'dd', 'sed',
]);
const SEPARATORS = /\s*(?:&&|\|\||;|\|)\s*/;

/** Absolute image paths the RUN text may touch; [] when it runs nothing that writes files. */
export function pathsTouchedByRun(text: string, workdir: string): string[] {
  const touched: string[] = [];
  let cwd = workdir;
  for (const command of text.split(SEPARATORS)) {
    const words = command.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean).map(unquote);
    const [name, ...rest] = words;
    if (!name) continue;
    if (name === 'cd' && rest[0] && !rest[0].includes('$')) {
      cwd = path.posix.resolve(cwd, rest[0]);
      continue;
    }
    const redirect = words.findIndex((w) => w === '>' || w === '>>');
    if (redirect >= 0 && words[redirect + 1]) touched.push(path.posix.resolve(cwd, words[redirect + 1]));
    if (!TOUCHING_COMMANDS.has(path.posix.basename(name))) continue;
    for (const word of rest) {
      if (word.startsWith('-') || word.includes('://') || word.includes('$') || word.startsWith('>')) continue;
      if (word.startsWith('/') || word.startsWith('.') || word.includes('/') || /\.\w+$/.test(word)) {
        touched.push(path.posix.resolve(cwd, word));
      }
    }
    // `pip install .` and friends put modules on sys.path; `git clone URL` without a folder writes into cwd.
    if (name === 'git' && rest[0] === 'clone' && rest.filter((w) => !w.startsWith('-')).length === 2) touched.push(cwd);
  }
  return touched;
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}

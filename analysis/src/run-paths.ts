// What a RUN does to the image's files: which paths it may create or change (what is under them
// becomes unknown rather than absent, so a script a RUN step copies or downloads is never reported
// as missing), and which local folders it installs as Python packages (`pip install <dir>`,
// `pip install -e <dir>`, `python setup.py install|develop`, `poetry install`).
import * as path from 'node:path';
import { imagePath } from './image-path';

const TOUCHING_COMMANDS = new Set([
  'mkdir',
  'cp',
  'mv',
  'git',
  'tar',
  'wget',
  'curl',
  'ln',
  'unzip',
  'touch',
  'rsync',
  'install',
  'tee',
  'conda',
  'gunzip',
  'rm',
  'aws',
  'dd',
  'sed',
]);
const SEPARATORS = /\s*(?:&&|\|\||;|\|)\s*/;
const PYTHON = /^python[0-9.]*$/;
const PIP = /^pip[0-9.]*$/;
/** pip options that take a value; the folders of `--target`, `--prefix`, `--root` and `--src` are written to. */
const PIP_VALUE_OPTIONS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--upgrade-strategy',
  '--progress-bar',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--no-binary',
  '--only-binary',
  '--cache-dir',
  '--log',
  '--timeout',
  '--retries',
  '--trusted-host',
  '--proxy',
  '--config-settings',
  '-C',
  '--global-option',
  '--install-option',
  '--report',
  '--root-user-action',
  '--python',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--keyring-provider',
  '--use-feature',
]);
const PIP_WRITES = new Set(['-t', '--target', '--prefix', '--root', '--src']);
/** Files pip installs as they are (wheels, source archives), not project folders. */
const ARCHIVE = /\.(whl|zip|tar|tgz|tar\.(gz|bz2|xz))$/i;

/** A local folder that a RUN installs as a Python package. */
export interface FolderInstall {
  /** Absolute image path of the project folder (where pyproject.toml, setup.cfg or setup.py are). */
  dir: string;
  /** `-e`, `setup.py develop`, `poetry install`: the files are imported from the folder at run time. */
  editable: boolean;
}

export interface RunEffects {
  /** Absolute image paths the RUN may create or change. */
  touched: string[];
  installs: FolderInstall[];
  /** The files of `pip install -r`, as absolute image paths; undefined for one named through a variable. */
  requirements: Array<string | undefined>;
  /** Installs whose contents the Dockerfile does not show: a wheel or archive, a glob, a value through a variable, a command through one. */
  unread: number;
}

/** A line continuation for each escape character Docker allows. */
const CONTINUATION: Record<string, RegExp> = { '\\': /\\[ \t]*\r?\n/g, '`': /`[ \t]*\r?\n/g };
const LINE_BREAK = /\r?\n/;

/**
 * The commands of a RUN's text as its shell reads them: continued lines joined, as Docker joins them;
 * then each line (a heredoc body's, or a comment Docker drops) and each part between `&&`, `||`, `;`
 * and `|` is a command of its own.
 */
function shellCommands(text: string, escapeChar: string): string[] {
  const unwrapped = text.includes(' -c ') ? text.replace(SHELL_SCRIPT, ' ; $2 ; ') : text;
  if (!unwrapped.includes('\n')) return unwrapped.split(SEPARATORS);
  const joined = unwrapped.replace(CONTINUATION[escapeChar] ?? CONTINUATION['\\'], ' ');
  return joined.split(LINE_BREAK).flatMap((line) => line.split(SEPARATORS));
}

/** `sh -c '…'`, `bash -c "…"`: the quoted script's commands are read as the RUN's own. */
const SHELL_SCRIPT = /\b(?:ba|da|z)?sh\s+-c\s+(["'])((?:(?!\1).)*)\1/g;
/** Words before the command itself: `A=1`, `env -i A=1`, `sudo -E`, `then`, `exec`, … */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREFIX_WORDS = new Set(['then', 'do', 'else', '!', 'exec', 'command', 'time', 'nohup', 'env', 'sudo']);

/** Tools that run a command in an environment of theirs: `conda run -n train pip install .`, `poetry run pip …`. */
const ENVIRONMENT_RUNNERS = new Set(['conda', 'mamba', 'micromamba', 'poetry', 'pipenv', 'pdm']);
/** Their options that take a value. */
const RUNNER_VALUE_OPTIONS = new Set(['-n', '--name', '-p', '--prefix', '--cwd']);

/**
 * The words from the command's name on: assignments, `env`/`sudo` with their options, shell keywords,
 * and `conda run` (and the like) with theirs left out.
 */
function withoutPrefix(words: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && (ASSIGNMENT.test(words[i]) || PREFIX_WORDS.has(words[i]) || (i > 0 && words[i].startsWith('-')))) i++;
    if (!ENVIRONMENT_RUNNERS.has(path.posix.basename(words[i] ?? '')) || words[i + 1] !== 'run') break;
    for (i += 2; i < words.length && words[i].startsWith('-');) i += RUNNER_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
  }
  return i === 0 ? words : words.slice(i);
}

/** What the RUN text (after `cd`s, in the given WORKDIR) touches and installs. */
export function readRun(text: string, workdir: string, escapeChar = '\\'): RunEffects {
  const effects: RunEffects = { touched: [], installs: [], requirements: [], unread: 0 };
  let cwd = workdir;
  for (const command of shellCommands(text, escapeChar)) {
    const words = withoutPrefix(commandWords(command));
    if (words.length === 0) continue;
    const name = words[0];
    // `$PIP_INSTALL .`: what a command through a variable installs cannot be read.
    if (name.startsWith('$')) effects.unread++;
    const rest = words.slice(1);
    const resolve = (p: string) => imagePath(cwd, p);
    if (name === 'cd' && rest[0] && !rest[0].includes('$')) {
      cwd = resolve(rest[0]);
      continue;
    }
    const redirect = words.findIndex((w) => w === '>' || w === '>>');
    if (redirect >= 0 && words[redirect + 1]) effects.touched.push(resolve(words[redirect + 1]));
    const program = path.posix.basename(name);
    const pipArgs = pipInstallArguments(program, rest);
    if (pipArgs) {
      readPipInstall(pipArgs, resolve, effects);
      continue;
    }
    // `uv pip sync F…` and pip-tools' `pip-sync F…` install exactly what the requirements files list.
    const syncArgs =
      program === 'pip-sync' ? rest : program === 'uv' && rest[0] === 'pip' && rest[1] === 'sync' ? rest.slice(2) : undefined;
    if (syncArgs) {
      const files = syncArgs.filter((w) => !w.startsWith('-'));
      for (const file of files.length > 0 ? files : ['requirements.txt'])
        effects.requirements.push(file.includes('$') ? undefined : resolve(file));
      continue;
    }
    if (PYTHON.test(program) && /(^|\/)setup\.py$/.test(rest[0] ?? '') && /^(install|develop)$/.test(rest[1] ?? '')) {
      effects.installs.push({ dir: path.posix.dirname(resolve(rest[0])), editable: rest[1] === 'develop' });
      continue;
    }
    if (program === 'poetry' && rest[0] === 'install' && !rest.includes('--no-root')) {
      effects.installs.push({ dir: cwd, editable: true });
      continue;
    }
    // `uv sync` installs the project too, editable unless told otherwise; `--no-install-project` only its dependencies.
    if (program === 'uv' && rest[0] === 'sync') {
      if (rest.some((w) => w === '--no-install-project' || w === '--no-install-workspace')) continue;
      const at = rest.findIndex((w) => w === '--project' || w === '--directory');
      const dir = at >= 0 ? rest[at + 1] : '.';
      if (dir && !dir.includes('$')) effects.installs.push({ dir: resolve(dir), editable: !rest.includes('--no-editable') });
      else effects.unread++;
      continue;
    }
    if (!TOUCHING_COMMANDS.has(program) && !PYTHON.test(program) && !PIP.test(program)) continue;
    for (const word of rest) {
      if (word.startsWith('-') || word.includes('://') || word.includes('$') || word.startsWith('>')) continue;
      if (word.startsWith('/') || word.startsWith('.') || word.includes('/') || /\.\w+$/.test(word)) effects.touched.push(resolve(word));
    }
    // `git clone URL` without a folder writes into the current folder.
    if (program === 'git' && rest[0] === 'clone' && rest.filter((w) => !w.startsWith('-')).length === 2) effects.touched.push(cwd);
  }
  return effects;
}

/**
 * Whether the RUN installs from a requirements file (`pip install -r F`, `-rF`, `uv pip sync F`,
 * `pip-sync F`): what that brings is not in the Dockerfile. Read command by command, in linear time.
 */
/** `-r`, `-qr` (short options run together), `--requirement`, `sync`: not `--no-cache-dir`. */
const REQUIREMENT_HINT = /(?:^|\s)-[A-Za-z]*r|--requirement|sync/;

export function installsFromRequirements(text: string, escapeChar = '\\'): boolean {
  // Every such install names pip (`pip`, `pip3`, `pip-sync`, `uv pip`): most RUNs are not read again.
  if (!/\bpip/.test(text) || !REQUIREMENT_HINT.test(text)) return false;
  return readRun(text, '/', escapeChar).requirements.length > 0;
}

/**
 * The words after `install` for `pip install`, `python -m pip install` and `uv pip install`, pip's
 * general options before `install` skipped (`pip --no-cache-dir install …`); undefined otherwise.
 */
function pipInstallArguments(command: string, rest: string[]): string[] | undefined {
  if (PIP.test(command)) return afterInstall(rest, 0);
  if (PYTHON.test(command) && rest[0] === '-m' && PIP.test(rest[1] ?? '')) return afterInstall(rest, 2);
  if (command === 'uv' && rest[0] === 'pip') return afterInstall(rest, 1);
  return undefined;
}

function afterInstall(words: string[], from: number): string[] | undefined {
  let i = from;
  while (i < words.length && words[i].startsWith('-')) i += PIP_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
  return words[i] === 'install' ? words.slice(i + 1) : undefined;
}

/**
 * Short options run together as pip's parser reads them: `-Ue /build` is `-U -e /build`, `-qrreq.txt`
 * is `-q -rreq.txt`. The first option that takes a value ends the run and keeps the rest as its value.
 */
function separateShortOptions(args: string[]): string[] {
  return args.flatMap((word) => {
    if (word.startsWith('--') || !/^-[A-Za-z]{2}/.test(word)) return [word];
    // The letters are ASCII (the pattern above): one character each.
    const options: string[] = [];
    for (let i = 1; i < word.length; i++) {
      const letter = word.charAt(i);
      if (letter === 'e' || PIP_VALUE_OPTIONS.has(`-${letter}`)) return i === 1 ? [word] : [...options, `-${word.slice(i)}`];
      options.push(`-${letter}`);
    }
    return [word];
  });
}

function readPipInstall(given: string[], resolve: (p: string) => string, effects: RunEffects): void {
  const args = separateShortOptions(given);
  const folders: FolderInstall[] = [];
  let intoTarget = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const [option, inline] = word.startsWith('--') ? splitOption(word) : [word, undefined];
    if (option === '-e' || option === '--editable' || (word.startsWith('-e') && word.length > 2 && !word.startsWith('--'))) {
      const value = inline ?? (word === '-e' || word === '--editable' ? args.at(++i) : word.slice(2));
      const dir = value !== undefined ? localFolder(value, resolve) : undefined;
      if (dir) folders.push({ dir, editable: true });
      continue;
    }
    // A short option may hold its value (`-rrequirements.txt`, as for `-e` above).
    const attached = !word.startsWith('--') && word.length > 2 && PIP_VALUE_OPTIONS.has(word.slice(0, 2)) ? word.slice(0, 2) : undefined;
    if (PIP_VALUE_OPTIONS.has(option) || attached) {
      const value = attached ? word.slice(2) : (inline ?? args[++i]);
      const name = attached ?? option;
      if (PIP_WRITES.has(name) && value && !value.includes('$')) effects.touched.push(resolve(value));
      if (name === '-r' || name === '--requirement') effects.requirements.push(value && !value.includes('$') ? resolve(value) : undefined);
      if (name === '-t' || name === '--target') intoTarget = true;
      continue;
    }
    if (word.startsWith('-')) continue;
    const dir = localFolder(word, resolve);
    if (dir) folders.push({ dir, editable: false });
    else if (ARCHIVE.test(word) || /[$`*?]/.test(word)) effects.unread++;
  }
  // `--target` puts the package into a folder of its own, not on the Python path.
  if (!intoTarget) effects.installs.push(...folders);
}

function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

/** The image folder a pip requirement names (`.`, `./pkg`, `/opt/pkg[extra]`, `file:///opt/pkg`); undefined for a package name or an archive. */
function localFolder(requirement: string, resolve: (p: string) => string): string | undefined {
  // `[extras]` at the end; `[^\][]` keeps a word of many `[` linear.
  let spec = requirement.replace(/^file:\/\//, '').replace(/\[[^\][]*\]$/, '');
  if (spec.includes('$') || spec.includes('://') || spec.includes('@') || ARCHIVE.test(spec) || /[*?]/.test(spec)) return undefined;
  if (!(spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.includes('/')))
    return undefined;
  spec = spec.replace(/\/+$/, '') || '/';
  return resolve(spec);
}

const UNICODE_SPACE = /\s/;

/** The command's words, split at blanks and parentheses, each without one pair of enclosing quotes. */
function commandWords(command: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= command.length; i++) {
    const c = i < command.length ? command.charCodeAt(i) : 32;
    const separator =
      c === 32 ||
      c === 9 ||
      c === 10 ||
      c === 13 ||
      c === 11 ||
      c === 12 ||
      c === 40 ||
      c === 41 ||
      (c > 127 && UNICODE_SPACE.test(command[i]));
    if (!separator) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const first = command.charCodeAt(start);
    const quoted = i - start >= 2 && (first === 34 || first === 39) && command.charCodeAt(i - 1) === first;
    words.push(quoted ? command.slice(start + 1, i - 1) : command.slice(start, i));
    start = -1;
  }
  return words;
}

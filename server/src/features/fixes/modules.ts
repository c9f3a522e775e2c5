// Fixes for `module:function` values: SM101/SM102 (syntax), SM103 (no attribute), SM104 (unknown function), SM106 (not on the Python path).
import { distance } from 'fastest-levenshtein';
import { checkModuleSpec, likelyModuleName, type ModuleFix } from '../../../../analysis/src';
import { type Fixer, type Text, valueFix } from './edits';

type Kind = 'training' | 'serving';

function repairModule(value: string, repair: (module: string) => string): string {
  const colon = value.indexOf(':');
  return colon < 0 ? repair(value) : repair(value.slice(0, colon)) + value.slice(colon);
}

/** One mechanical repair of the problem `fix`; undefined when it needs the user (or is not known). */
function repairOnce(value: string, fix: ModuleFix | undefined, roots: readonly string[]): string | undefined {
  switch (fix) {
    case 'slash-to-dot':
      return repairModule(value, (module) => likelyModuleName(module, roots));
    case 'drop-py':
      return repairModule(value, (m) => m.replace(/\.py$/, ''));
    case 'split-colon': {
      // `a::b` → `a:b`; `pkg:mod:fn` → `pkg.mod:fn`.
      const parts = value.split(':').filter((p) => p !== '');
      return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join('.')}:${parts[parts.length - 1]}`;
    }
    case 'trim-whitespace':
      // `train : main --epochs 3` → `train:main`: spaces around separators go, the rest are arguments.
      return value
        .trim()
        .replace(/\s*([:.])\s*/g, '$1')
        .split(/\s+/)[0];
    default:
      return undefined;
  }
}

interface Repaired {
  value: string;
  /** The value still needs `:function` (nothing, or nothing usable, after the module). */
  needsFunction: boolean;
}

/** Applies mechanical repairs until the value is valid or only a function is missing; undefined when that is not reached. */
function repairSpec(value: string, kind: Kind, roots: readonly string[] = []): Repaired | undefined {
  // A gunicorn factory call keeps its arguments.
  const call = kind === 'serving' ? /\(.*\)$/s.exec(value) : null;
  let current = call ? value.slice(0, call.index) : value;
  for (let step = 0; step < 6; step++) {
    const problem = checkModuleSpec(current, kind);
    if (!problem) return { value: current + (call?.[0] ?? ''), needsFunction: false };
    if (problem.fix === 'add-function') return { value: current.replace(/:$/, ''), needsFunction: true };
    const next = repairOnce(current, problem.fix, roots);
    if (next === undefined || next === current || next === '') return undefined;
    current = next;
  }
  return undefined;
}

function changeTitle(oldValue: string, text: Text): string {
  const plain = text.map((p) => (typeof p === 'string' ? p : p.placeholder)).join('');
  return plain.startsWith(oldValue) && plain !== oldValue ? `Add '${plain.slice(oldValue.length)}'` : `Change to '${plain}'`;
}

/** The name a fix should prefer among the module's functions, when one is obvious. */
function obviousFunction(names: string[], kind: Kind): string | undefined {
  if (names.length === 1) return names[0];
  const wanted = kind === 'training' ? ['main', 'train'] : ['app', 'application'];
  return wanted.find((name) => names.includes(name));
}

function syntaxFixes(kind: Kind): Fixer<'SM101' | 'SM102'> {
  return (diagnostic, data, document) => {
    const { value, functions, roots } = data;
    const repaired = repairSpec(value, kind, roots);
    if (!repaired) return [];
    const fix = (text: Text, preferred: boolean) => valueFix(diagnostic, data, document, changeTitle(value, text), text, preferred);
    // A serving module without `:attribute` loads `application` (SM103): name the app the module defines, when known.
    const namesApp = kind === 'serving' && !repaired.value.includes(':') && !!functions?.length;
    if (!repaired.needsFunction && !namesApp) return [fix([repaired.value], true)];
    if (!functions || functions.length === 0) {
      const fallback = kind === 'training' ? 'main' : 'app';
      return [fix([`${repaired.value}:`, { placeholder: fallback }], true)];
    }
    const obvious = obviousFunction(functions, kind);
    return functions.slice(0, 8).map((name) => fix([`${repaired.value}:${name}`], name === obvious));
  };
}

export const trainingModuleSyntax = syntaxFixes('training');
export const servingModuleSyntax = syntaxFixes('serving');

/** SM103: add the attribute gunicorn should load; `:application` says explicitly what it loads now. */
export const servingModuleNoAttribute: Fixer<'SM103'> = (diagnostic, data, document) => {
  const { value, attributes } = data;
  const names = attributes ?? [];
  const offered = names.includes('application') || (attributes && attributes.length > 0) ? names : [...names, 'application'];
  const preferred = names.length === 1 ? names[0] : attributes === undefined ? 'application' : undefined;
  return offered
    .slice(0, 8)
    .map((name) => valueFix(diagnostic, data, document, `Add ':${name}'`, [`${value}:${name}`], name === preferred));
};

/** SM104: use one of the functions (or, for serving, WSGI-looking names) the module defines. */
export const functionNotFound: Fixer<'SM104'> = (diagnostic, data, document) => {
  const { value, function: missing, candidates } = data;
  if (candidates.length === 0) return [];
  const colon = value.indexOf(':');
  const module = colon < 0 ? value : value.slice(0, colon);
  const ranked = candidates.map((name) => ({ name, d: distance(name.replace(/\(\)$/, ''), missing) })).sort((a, b) => a.d - b.d);
  const close = ranked.filter((c) => c.d <= 2);
  const preferred = candidates.length === 1 ? candidates[0] : close.length === 1 ? close[0].name : undefined;
  return ranked
    .slice(0, 8)
    .map(({ name }) => valueFix(diagnostic, data, document, `Use '${name}'`, [`${module}:${name}`], name === preferred));
};

/** SM106: put the module's folder on PYTHONPATH (first in the value the container sees, or in a new ENV line). */
export const trainingModuleNotImportable: Fixer<'SM106'> = (_diagnostic, { folder, insertAt, text }) => [
  {
    title: `Add ${folder} to PYTHONPATH`,
    edits: [{ range: { start: insertAt, end: insertAt }, text: [text] }],
    preferred: true,
  },
];

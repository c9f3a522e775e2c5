// What an entry-point value points at: the program's script, the module's file and the function in
// it. Shared by hover, definition, document links and completion; reads only the document's analysis.
import * as path from 'node:path';
import type { Position, Range } from 'vscode-languageserver';
import { CODE_DIR, isEntryPointKey, programImagePath, resolveModuleFile, resolvedValue, splitModuleSpec } from '../../../analysis/src';
import type {
  Analysis,
  Assignment,
  BuildContext,
  DockerfileModel,
  Expanded,
  ImageFiles,
  Lookup,
  PackageInstall,
  PythonFile,
  PythonSymbol,
  Stage,
} from '../../../analysis/src';

export type ModuleKind = 'training' | 'serving';

export function moduleKind(key: string): ModuleKind | undefined {
  if (key === 'SAGEMAKER_TRAINING_MODULE') return 'training';
  if (key === 'SAGEMAKER_SERVING_MODULE') return 'serving';
  return undefined;
}

export function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The stage whose image an assignment describes: the target when it is in the target chain, else its own stage. */
export function imageStage(model: DockerfileModel, stage: Stage): Stage {
  return model.target && model.chain.includes(stage) ? model.target : stage;
}

function isContextFile(context: BuildContext, rel: string): boolean {
  const normal = path.posix.normalize(rel);
  if (normal.startsWith('../') || normal.startsWith('/')) return false;
  return context.fs.kind(path.join(context.dir, normal)) === 'file' && !context.isIgnored(normal);
}

export interface EntryValue {
  assignment: Assignment;
  /** The resolved value. */
  value: string;
  /** Index in `value` under the cursor; undefined when that part came from a variable. */
  index?: number;
}

/** The entry-point value (SAGEMAKER_PROGRAM or a module key) under the cursor, if its value is resolved. */
export function entryPointAt(model: DockerfileModel, position: Position): EntryValue | undefined {
  const a = model.assignments.find((x) => isEntryPointKey(x.name) && x.value && contains(x.value.range, position));
  const value = a && resolvedValue(a);
  if (!a?.value || value === undefined) return undefined;
  const { lines } = model.parsed;
  const raw = lines.offsetAt(position) - lines.offsetAt(a.value.range.start);
  return { assignment: a, value, index: valueIndex(a.expanded, raw) };
}

function valueIndex(expanded: Expanded, raw: number): number | undefined {
  for (const [at, source, length] of expanded.literalRuns) if (raw >= source && raw <= source + length) return at + raw - source;
  return undefined;
}

export interface ProgramFile {
  imagePath: string;
  lookup: Lookup;
  /** The script in the build context (context-relative): where it is copied from, else the file of that name. */
  contextPath?: string;
  copied: boolean;
}

export function programFile(analysis: Analysis, a: Assignment, value: string): ProgramFile {
  const imagePath = programImagePath(value);
  const lookup = analysis.images.get(imageStage(analysis.model, a.stage)).lookup(imagePath);
  if (lookup.status === 'present' && lookup.contextPath) return { imagePath, lookup, contextPath: lookup.contextPath, copied: true };
  const context = analysis.context;
  const named = context && isContextFile(context, value) ? path.posix.normalize(value) : undefined;
  return { imagePath, lookup, contextPath: named, copied: false };
}

/** How the training toolkit runs the program (CONTRACT T7/T12), cwd /opt/ml/code. */
export function programCommand(value: string, setupPy: boolean): string {
  if (value.endsWith('.sh')) return `/bin/sh -c ./${value}`;
  if (setupPy) return `python -m ${value.replace(/\.py$/, '')}`;
  if (value.endsWith('.py')) return `python ${value}`;
  return `/bin/sh -c ./${value}`;
}

export function hasSetupPy(files: ImageFiles): boolean {
  return files.lookup(`${CODE_DIR}/setup.py`).status === 'present';
}

export interface ModuleFile {
  contextPath: string;
  imagePath?: string;
  /** The RUN that installs the project the module belongs to (`pip install <dir>`, …). */
  installedBy?: PackageInstall;
  /** Found where the toolkit imports from; false when found only in /opt/ml/code or the context. */
  onPythonPath: boolean;
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The build-context file of a module: on the image's Python path, else in /opt/ml/code or the WORKDIR, else by its path in the context. */
export function moduleFile(analysis: Analysis, stage: Stage, moduleName: string, kind: ModuleKind): ModuleFile | undefined {
  const { model, context } = analysis;
  if (!context || !DOTTED.test(moduleName)) return undefined;
  if (model.target && model.chain.includes(stage)) {
    const found = resolveModuleFile(analysis, moduleName, kind);
    if (found) return { ...found, onPythonPath: true };
  }
  const rel = moduleName.split('.').join('/');
  const candidates = [`${rel}.py`, `${rel}/__init__.py`];
  const image = analysis.images.get(imageStage(model, stage));
  for (const root of new Set([CODE_DIR, image.workdir ?? '/'])) {
    for (const candidate of candidates) {
      const imagePath = path.posix.join(root, candidate);
      const found = image.lookup(imagePath);
      if (found.status === 'present' && found.contextPath) return { contextPath: found.contextPath, imagePath, onPythonPath: false };
    }
  }
  const inContext = candidates.find((c) => isContextFile(context, c));
  return inContext ? { contextPath: inContext, onPythonPath: false } : undefined;
}

/** The attribute gunicorn or the toolkit looks up: the part after ':' without factory arguments; `application` for serving without one. */
export function attributeOf(value: string, kind: ModuleKind): string | undefined {
  const { attribute } = splitModuleSpec(value);
  if (attribute === undefined) return kind === 'serving' ? 'application' : undefined;
  return attribute.replace(/\(.*\)$/s, '');
}

/** `def name(params)` for a function (its parameter list as written, over several lines if needed), the source line otherwise. */
export function signatureOf(file: PythonFile, symbol: PythonSymbol): string {
  const text = file.lines
    .slice(symbol.line, symbol.line + 10)
    .join('\n')
    .slice(symbol.character);
  if (symbol.kind !== 'function') return (file.lines[symbol.line] ?? symbol.name).trim().slice(0, 80);
  let depth = 0;
  for (let i = text.indexOf('('); i >= 0 && i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0)
      return `def ${text
        .slice(0, i + 1)
        .replace(/\s+/g, ' ')
        .replace(/\( /, '(')
        .replace(/,? \)$/, ')')}`;
  }
  return `def ${symbol.name}(…)`;
}

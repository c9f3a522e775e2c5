// Value completions: scripts for SAGEMAKER_PROGRAM as they will be named under /opt/ml/code, dotted
// modules and then their functions for the module keys, and the words boolean keys accept.
import * as path from 'node:path';
import { CompletionItemKind, type CompletionItem, type MarkupKind, type Range } from 'vscode-languageserver';
import {
  argumentsNeeded,
  CODE_DIR,
  contextFiles,
  isScriptName,
  moduleFolders,
  placedFilesUnder,
  pythonModuleName,
  sageMakerKey,
  walkBudget,
} from '../../../analysis/src';
import type { Analysis, BuildContext, PythonSymbol, Stage } from '../../../analysis/src';
import type { ValueSite } from './completion-site';
import { hasSetupPy, imageStage, moduleFile, programCommand, signatureOf, type ModuleKind } from './navigation-entry';

export interface ValueRequest {
  analysis: Analysis;
  /** The stage the ENV instruction is in. */
  stage: Stage;
  site: ValueSite;
  format: MarkupKind;
}

export function valueCompletions(request: ValueRequest): CompletionItem[] {
  switch (sageMakerKey(request.site.key)?.kind) {
    case 'program':
      return programItems(request);
    case 'training-module':
      return moduleValueItems(request, 'training');
    case 'serving-module':
      return moduleValueItems(request, 'serving');
    case 'exact-boolean':
      return booleanItems(request, 'Only the exact lowercase `true` enables it.');
    case 'strtobool':
      return booleanItems(request, 'Read with `strtobool`: y/yes/t/true/on/1 or n/no/f/false/off/0.');
    default:
      return [];
  }
}

const rangeOf = (site: ValueSite, start: number, end: number): Range => ({
  start: { line: site.range.start.line, character: site.range.start.character + start },
  end: { line: site.range.start.line, character: site.range.start.character + end },
});

/** Shallow paths first, then by name. */
const pathSort = (name: string) => `${String(name.split('/').length).padStart(2, '0')}${name}`;

function programItems({ analysis, stage, site, format }: ValueRequest): CompletionItem[] {
  const context = analysis.context;
  if (!context) return [];
  const image = imageStage(analysis.model, stage);
  const budget = walkBudget();
  const placed = placedFilesUnder(analysis.images, image, CODE_DIR, context, budget).filter((f) => isScriptName(f.imagePath));
  const setupPy = hasSetupPy(analysis.images.get(image));
  const item = (label: string, detail: string, doc: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.File,
    detail,
    documentation: { kind: format, value: doc },
    sortText: pathSort(label),
    textEdit: { range: site.range, newText: label },
  });
  if (placed.length > 0) {
    return placed.map((f) => {
      const name = path.posix.relative(CODE_DIR, f.imagePath);
      return item(
        name,
        `runs as ${programCommand(name, setupPy)}`,
        `\`${f.contextPath}\` in the build context, at \`${f.imagePath}\` in the image.`,
      );
    });
  }
  const detail = `not copied to ${CODE_DIR} yet`;
  return contextFiles(context, '', budget)
    .filter(isScriptName)
    .map((f) =>
      item(f, detail, `\`${f}\` in the build context. No COPY puts it in \`${CODE_DIR}\` yet, where SageMaker looks for the program.`),
    );
}

function moduleValueItems(request: ValueRequest, kind: ModuleKind): CompletionItem[] {
  const { site } = request;
  const colon = site.text.indexOf(':');
  if (colon >= 0 && site.cursor > colon) {
    return functionItems(request, kind, site.text.slice(0, colon), rangeOf(site, colon + 1, site.text.length));
  }
  return moduleItems(request, kind, rangeOf(site, 0, colon >= 0 ? colon : site.text.length), colon >= 0);
}

interface ModuleEntry {
  contextPath: string;
  /** The image folder it is imported from; undefined when listed from the context root. */
  root?: string;
}

/** Dotted names of the modules under the image's Python path roots, else of every Python file of the context. */
function moduleNames(analysis: Analysis, context: BuildContext, stage: Stage, kind: ModuleKind): Map<string, ModuleEntry> {
  const image = imageStage(analysis.model, stage);
  const budget = walkBudget();
  const names = new Map<string, ModuleEntry>();
  for (const folder of moduleFolders(analysis, kind).filter((f) => f.root !== '/')) {
    for (const f of placedFilesUnder(analysis.images, image, folder.root, context, budget)) {
      const module = pythonModuleName(f.imagePath.slice(folder.root.length + 1));
      const name = module && folder.name(module.split('.'));
      if (name && !names.has(name)) names.set(name, { contextPath: f.contextPath, root: folder.root });
    }
  }
  if (names.size > 0) return names;
  for (const f of contextFiles(context, '', budget)) {
    const name = pythonModuleName(f);
    if (name && !names.has(name)) names.set(name, { contextPath: f });
  }
  return names;
}

function moduleItems({ analysis, stage, format }: ValueRequest, kind: ModuleKind, range: Range, hasColon: boolean): CompletionItem[] {
  if (!analysis.context) return [];
  return [...moduleNames(analysis, analysis.context, stage, kind)].map(([name, entry]) => ({
    label: name,
    kind: CompletionItemKind.Module,
    detail: entry.root ? `imported from ${entry.root}` : 'in the build context',
    documentation: {
      kind: format,
      value: entry.root
        ? `\`${entry.contextPath}\` in the build context.`
        : `\`${entry.contextPath}\` in the build context, not on the image's Python path as far as the Dockerfile shows.`,
    },
    sortText: pathSort(name.split('.').join('/')),
    textEdit: { range, newText: hasColon ? name : `${name}:` },
    // After `module:` the function list is what comes next.
    command: hasColon ? undefined : { title: 'Suggest functions', command: 'editor.action.triggerSuggest' },
  }));
}

const WSGI_NAME = /^(app|application|api|wsgi|.*_app|.*_application)$/i;

function functionItems({ analysis, stage, format }: ValueRequest, kind: ModuleKind, module: string, range: Range): CompletionItem[] {
  const found = moduleFile(analysis, stage, module, kind);
  const file = found && analysis.python(found.contextPath);
  if (!found || !file) return [];
  const wanted = (s: PythonSymbol) => s.kind === 'function' || (kind === 'serving' && s.kind === 'assignment' && WSGI_NAME.test(s.name));
  return [...file.info.symbols.values()].filter(wanted).map((symbol) => {
    const required = argumentsNeeded(symbol);
    const fits = kind === 'training' ? required.length === 0 : symbol.kind === 'assignment' || /^app(lication)?$/.test(symbol.name);
    const warning =
      kind === 'training' && required.length > 0 ? `\n\nNeeds ${required.join(', ')}, but the toolkit calls it with no arguments.` : '';
    return {
      label: symbol.name,
      kind: symbol.kind === 'function' ? CompletionItemKind.Function : CompletionItemKind.Variable,
      detail: signatureOf(file, symbol),
      documentation: { kind: format, value: `Line ${symbol.line + 1} of \`${found.contextPath}\`.${warning}` },
      sortText: `${fits ? 0 : 1}${symbol.name}`,
      textEdit: { range, newText: symbol.name },
    };
  });
}

function booleanItems({ site, format }: ValueRequest, doc: string): CompletionItem[] {
  return ['true', 'false'].map((word) => ({
    label: word,
    kind: CompletionItemKind.Value,
    documentation: { kind: format, value: doc },
    textEdit: { range: site.range, newText: word },
  }));
}

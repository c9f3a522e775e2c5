// Go to definition and document links from entry-point values to the files they name: the
// SAGEMAKER_PROGRAM script, and for `module:function` the module file and the function's `def` line.
import * as path from 'node:path';
import type { DefinitionParams, DocumentLink, Location, Range } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { resolvedValue, segmentRange, splitModuleSpec } from '../../../analysis/src';
import type { Analysis, Assignment } from '../../../analysis/src';
import type { FeatureContext } from './context';
import { attributeOf, entryPointAt, moduleFile, moduleKind, programFile, type ModuleKind } from './navigation-entry';

interface Target {
  file: string;
  /** 0-based position of a symbol; undefined for the file as a whole. */
  line?: number;
  character?: number;
}

const fileUri = (file: string) => URI.file(file).toString();
const atLine = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });

export function definition(context: FeatureContext, params: DefinitionParams): Location[] {
  const { analysis } = context.analyzed;
  const entry = entryPointAt(analysis.model, params.position);
  if (!entry || !analysis.context) return [];
  const { assignment: a, value, index } = entry;
  const kind = moduleKind(a.name);
  let target: Target | undefined;
  if (!kind) {
    target = programTarget(analysis, a, value.trim());
  } else {
    const { module, attributeStart } = splitModuleSpec(value);
    const onFunction = index === undefined ? value.includes(':') : index >= attributeStart && value.includes(':');
    target = (onFunction ? functionTarget(analysis, a, value, kind) : undefined) ?? moduleTarget(analysis, a, module, kind);
  }
  return target ? [{ uri: fileUri(target.file), range: atLine(target.line ?? 0, target.character) }] : [];
}

export function documentLinks(context: FeatureContext): DocumentLink[] {
  const { analysis } = context.analyzed;
  if (!analysis.context) return [];
  const { model } = analysis;
  const links: DocumentLink[] = [];
  const link = (range: Range, target: Target | undefined, tooltip: string) => {
    if (!target) return;
    const uri =
      target.line !== undefined
        ? URI.file(target.file)
            .with({ fragment: `L${target.line + 1}` })
            .toString()
        : fileUri(target.file);
    links.push({ range, target: uri, tooltip });
  };
  for (const a of model.assignments) {
    const value = a.value ? resolvedValue(a) : undefined;
    if (!value?.trim()) continue;
    const kind = moduleKind(a.name);
    if (a.name === 'SAGEMAKER_PROGRAM') {
      if (/\s/.test(value)) continue;
      const target = programTarget(analysis, a, value);
      link(segmentRange(model, a, 0, value.length), target, `Open ${value}`);
    } else if (kind) {
      const { module, attribute, attributeStart } = splitModuleSpec(value);
      const moduleRange = segmentRange(model, a, 0, module.length);
      const fn = attribute ? functionTarget(analysis, a, value, kind) : undefined;
      const fnRange = attribute ? segmentRange(model, a, attributeStart, value.length) : undefined;
      // Parts that came from a variable map to the whole value: then one link, to the most precise target.
      const overlap = fnRange && sameRange(moduleRange, fnRange);
      if (!overlap) link(moduleRange, moduleTarget(analysis, a, module, kind), `Open module ${module}`);
      if (fnRange)
        link(fnRange, fn ?? (overlap ? moduleTarget(analysis, a, module, kind) : undefined), `Go to ${attributeOf(value, kind)}`);
    }
  }
  return links;
}

function sameRange(x: Range, y: Range): boolean {
  return (
    x.start.line === y.start.line &&
    x.start.character === y.start.character &&
    x.end.line === y.end.line &&
    x.end.character === y.end.character
  );
}

function programTarget(analysis: Analysis, a: Assignment, value: string): Target | undefined {
  const found = programFile(analysis, a, value);
  return found.contextPath && analysis.context ? { file: path.join(analysis.context.dir, found.contextPath) } : undefined;
}

function moduleTarget(analysis: Analysis, a: Assignment, module: string, kind: ModuleKind): Target | undefined {
  const found = moduleFile(analysis, a.stage, module, kind);
  return found && analysis.context ? { file: path.join(analysis.context.dir, found.contextPath) } : undefined;
}

function functionTarget(analysis: Analysis, a: Assignment, value: string, kind: ModuleKind): Target | undefined {
  const found = moduleFile(analysis, a.stage, splitModuleSpec(value).module, kind);
  const name = attributeOf(value, kind);
  if (!found || !name || !analysis.context) return undefined;
  const symbol = analysis.python(found.contextPath)?.info.symbols.get(name);
  return symbol ? { file: path.join(analysis.context.dir, found.contextPath), line: symbol.line, character: symbol.character } : undefined;
}

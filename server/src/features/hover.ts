// Hover on SageMaker keys and values: what the key means and who reads it, the value the container
// gets and the stage it comes from, where the program lands and how it runs, the module file and
// function, and the build context used.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { AnalyzedDocument } from '../documents';
import { argumentsNeeded, CODE_DIR, effective, resolvedValue, sageMakerKey, splitModuleSpec, stageLabel } from '../../../analysis/src';
import type { Analysis, Assignment, DockerfileModel } from '../../../analysis/src';
import type { FeatureContext } from './context';
import { readBy } from './hover-sources';
import {
  attributeOf,
  contains,
  hasSetupPy,
  imageStage,
  moduleFile,
  moduleKind,
  programCommand,
  programFile,
  signatureOf,
  type ModuleKind,
} from './navigation-entry';

export function hover(context: FeatureContext, params: HoverParams): Hover | null {
  const { analysis } = context.analyzed;
  const position = params.position;
  const a = analysis.model.assignments.find((x) => contains(x.nameRange, position) || (x.value && contains(x.value.range, position)));
  const key = a && sageMakerKey(a.name);
  if (!a || !key) return null;
  const notes = [
    key.obsolete ? ' No current toolkit reads it.' : '',
    key.platformProvided ? ' Normally set by the platform, not the image.' : '',
  ];
  const sources = readBy(key.name);
  const facts = [...valueFacts(analysis.model, a), ...entryPointFacts(analysis, a), contextFact(context.analyzed)];
  const text = [`**${key.name}**: ${key.doc}${notes.join('')}`, sources ? `Read by ${sources}.` : '', facts.map((f) => `- ${f}`).join('\n')]
    .filter(Boolean)
    .join('\n\n');
  const format = context.client.textDocument?.hover?.contentFormat;
  const kind = !format || format.includes(MarkupKind.Markdown) ? MarkupKind.Markdown : MarkupKind.PlainText;
  const onName = contains(a.nameRange, position);
  return { contents: { kind, value: text }, range: onName || !a.value ? a.nameRange : a.value.range };
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

const where = (a: Assignment) => `stage ${stageLabel(a.stage)} (line ${a.nameRange.start.line + 1})`;

function valueFacts(model: DockerfileModel, a: Assignment): string[] {
  const facts: string[] = [];
  const value = resolvedValue(a);
  if (!a.value) facts.push(`No value, in ${where(a)}.`);
  else if (value === undefined) {
    const missing = a.expanded.unresolved.map((n) => code(`$${n}`)).join(', ');
    facts.push(`Value ${code(a.value.raw)} in ${where(a)}: unresolved, ${missing} has no value (ARG without default or build argument).`);
  } else facts.push(`Value ${code(value)} from ${where(a)}.`);
  const seen = effective(model, a.name);
  const target = model.target ? stageLabel(model.target) : undefined;
  if (seen === a) {
    facts.push(`This is what the container sees (target stage ${target}).`);
  } else if (seen && model.chain.includes(a.stage)) {
    const other = resolvedValue(seen);
    facts.push(`Overridden by ${where(seen)}: the container sees ${other === undefined ? 'an unresolved value' : code(other)}.`);
  } else {
    const instead = seen ? ` The container sees ${code(resolvedValue(seen) ?? seen.value?.raw ?? '')} from ${where(seen)}.` : '';
    facts.push(`Not in the image: stage ${stageLabel(a.stage)} is not the target stage ${target} or one of its ancestors.${instead}`);
  }
  return facts;
}

function entryPointFacts(analysis: Analysis, a: Assignment): string[] {
  const value = resolvedValue(a)?.trim();
  if (!value) return [];
  const kind = moduleKind(a.name);
  if (kind) return moduleFacts(analysis, a, value, kind);
  return a.name === 'SAGEMAKER_PROGRAM' ? programFacts(analysis, a, value) : [];
}

function programFacts(analysis: Analysis, a: Assignment, value: string): string[] {
  if (/\s/.test(value)) return [`${code(value)} contains whitespace: the toolkit looks for one file of exactly that name.`];
  const found = programFile(analysis, a, value);
  const stage = imageStage(analysis.model, a.stage);
  const image = code(found.imagePath);
  const facts: string[] = [];
  const { lookup } = found;
  if (lookup.status === 'present') {
    const from = found.contextPath ? `, copied from ${code(found.contextPath)} in the build context` : '';
    facts.push(`In the image at ${image}: present${from} (line ${lookup.layer.instr.range.start.line + 1}).`);
  } else if (lookup.status === 'unknown') {
    const why =
      lookup.layer && analysis.context
        ? `the ${lookup.layer.instr.keyword} on line ${lookup.layer.instr.range.start.line + 1} may put it there`
        : 'no build context to check';
    facts.push(`In the image at ${image}: placement unknown (${why}).`);
  } else {
    const hint = found.contextPath ? ` ${code(found.contextPath)} is in the build context, but no COPY puts it there.` : '';
    facts.push(`In the image at ${image}: not placed, nothing in the image is there.${hint}`);
  }
  const setupPy = hasSetupPy(analysis.images.get(stage));
  const runsAs = programCommand(value, setupPy);
  const why = setupPy && !value.endsWith('.sh') ? ` (setup.py is at the root of ${CODE_DIR}, so it runs as a package)` : '';
  facts.push(`Runs as ${code(runsAs)} in ${CODE_DIR}${why}.`);
  return facts;
}

function moduleFacts(analysis: Analysis, a: Assignment, value: string, kind: ModuleKind): string[] {
  const { module, attribute } = splitModuleSpec(value);
  const facts: string[] = [];
  const found = moduleFile(analysis, a.stage, module, kind);
  if (!found) {
    facts.push(
      analysis.context
        ? `Module ${code(module)}: not in the build context (it may come from an installed package).`
        : `Module ${code(module)}.`,
    );
  } else {
    const installed = found.installedBy ? `, installed by the RUN on line ${found.installedBy.instr.range.start.line + 1}` : '';
    const image = found.imagePath ? ` → ${code(found.imagePath)}${installed}` : '';
    const path =
      found.onPythonPath || kind === 'serving'
        ? ''
        : found.imagePath
          ? ' Not on the Python path when the toolkit imports it (/opt/ml/code is added later): set PYTHONPATH or install the package.'
          : " No COPY puts it on the image's Python path.";
    facts.push(`Module ${code(module)}: ${code(found.contextPath)} in the build context${image}.${path}`);
  }
  const name = attributeOf(value, kind);
  if (attribute === undefined && kind === 'serving') facts.push(`No ':attribute': gunicorn looks for ${code('application')}.`);
  if (!name || !found) return facts;
  const file = analysis.python(found.contextPath);
  const symbol = file?.info.symbols.get(name);
  if (file && symbol) {
    const what = code(signatureOf(file, symbol));
    const required =
      kind === 'training' && argumentsNeeded(symbol).length > 0 ? ' It needs arguments, but the toolkit calls it with none.' : '';
    facts.push(`${code(name)}: ${what} on line ${symbol.line + 1} of ${found.contextPath}.${required}`);
  } else if (file) {
    const maybe = file.info.hasStarImport ? ' (it may come from a `from … import *`)' : '';
    facts.push(`${code(name)} is not defined in ${found.contextPath}${maybe}.`);
  }
  return facts;
}

const REASONS = {
  configured: 'set in the settings or with --context',
  'dockerfile-folder': "the Dockerfile's folder",
  ancestor: 'the nearest parent folder that holds every COPY source',
} as const;

function contextFact(analyzed: AnalyzedDocument): string {
  const context = analyzed.analysis.context;
  if (context) return `Build context: ${code(context.dir)} (${REASONS[context.reason]}).`;
  if (analyzed.options.dockerfilePath === undefined) return 'No build context: the file is not saved, so files are not checked.';
  return 'No build context (turned off in the settings): files are not checked.';
}

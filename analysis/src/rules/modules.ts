// Rules about `module:function` values: SM101–SM107 and SM402.
import * as path from 'node:path';
import { finding, type Finding } from '../diagnostics';
import { checkModuleSpec, likelyModuleName, splitModuleSpec } from '../module-spec';
import { chainStages, type Assignment, type Stage } from '../model';
import { copiedToSitePackages, moduleFileNames, moduleFolders, pythonPathLists, resolveModule, type ResolvedModule } from '../python-path';
import type { Range } from 'vscode-languageserver-types';
import { argumentsNeeded, type PythonModuleInfo, type PythonSymbol } from '../python';
import {
  chainInstalls,
  chainLayers,
  CODE_DIR,
  collect,
  effective,
  lastInstruction,
  resolvedValue,
  Rule,
  RuleInput,
  sageMakerAssignments,
  segmentRange,
  valueRange,
} from './shared';
import { entrypointIgnores } from './entrypoint-command';
import { programToolkit, requirementsTexts } from './toolkits';

/**
 * Nothing in the target image reads the module variable: its exec-form ENTRYPOINT runs a program of its
 * own (the toolkit never starts) whose file, in the build context, never names the variable, or, for the
 * serving module, the image serves with the inference toolkit, which does not read it (CONTRACT 1.9).
 */
function variableUnread(input: RuleInput, kind: 'training' | 'serving'): boolean {
  const key = kind === 'training' ? 'SAGEMAKER_TRAINING_MODULE' : 'SAGEMAKER_SERVING_MODULE';
  return entrypointIgnores(input, key) || (kind === 'serving' && programToolkit(input) === 'inference');
}

/** The stages whose assignments of the variable nothing reads (the target chain's, or none), once per rule. */
function unreadStages(input: RuleInput, kind: 'training' | 'serving'): ReadonlySet<Stage> {
  return variableUnread(input, kind) ? new Set(input.model.chain) : NO_STAGES;
}

const NO_STAGES: ReadonlySet<Stage> = new Set();

function syntaxRule(key: string, rule: 'SM101' | 'SM102', kind: 'training' | 'serving'): Rule {
  return (input) => {
    const unread = unreadStages(input, kind);
    return collect(sageMakerAssignments(input.model), (a): Finding | undefined => {
      const value = a.name === key && !unread.has(a.stage) ? resolvedValue(a) : undefined;
      if (!value || value.trim() === '') return undefined;
      const problem = checkModuleSpec(value, kind);
      if (!problem) return undefined;
      const { module, attribute } = splitModuleSpec(value);
      // The folders a path-like value is read relative to: PYTHONPATH's, as the image sets it.
      const roots = (effective(input.model, 'PYTHONPATH')?.expanded.value.split(':') ?? []).filter((p) => p.startsWith('/'));
      // What a quick fix can offer after the ':' when the function is missing.
      const functions = attribute ? undefined : definedCandidates(input, likelyModuleName(module, roots), kind);
      const range = segmentRange(input.model, a, problem.start, problem.end);
      // "has no ':function'" reads on from the value; "'x' is not …" is about a part of it.
      const joint = problem.message.startsWith("'") ? ': ' : ' ';
      return finding(rule, range, `${key} '${value}'${joint}${problem.message}.`, {
        fix: problem.fix,
        value,
        module,
        valueRange: a.value?.range,
        functions,
        roots: roots.length > 0 ? roots : undefined,
      });
    });
  };
}

const WSGI_NAME = /(^|_)(app|application|api|wsgi)($|_)/i;
const FACTORY_NAME = /^(create|make|get|build)_app(lication)?$/;

/** Names that look like a WSGI application (`app = Flask(...)`), and factories as `create_app()`. */
function wsgiAttributes(info: PythonModuleInfo): string[] {
  const symbols = [...info.symbols.values()];
  const apps = symbols.filter(
    (s) => (s.kind === 'assignment' || s.kind === 'function') && WSGI_NAME.test(s.name) && !FACTORY_NAME.test(s.name),
  );
  const factories = symbols.filter((s) => s.kind === 'function' && FACTORY_NAME.test(s.name));
  return [...apps.map((s) => s.name), ...factories.map((s) => `${s.name}()`)];
}

function functionNames(info: PythonModuleInfo): string[] {
  return [...info.symbols.values()].filter((s) => s.kind === 'function').map((s) => s.name);
}

/** Names a fix can put after the ':' (functions for training; WSGI-looking names first for serving); undefined when the module's file is not found. */
function definedCandidates(input: RuleInput, moduleName: string, kind: 'training' | 'serving'): string[] | undefined {
  const resolved = moduleName ? resolveModuleFile(input, moduleName, kind) : undefined;
  const info = resolved && input.python(resolved.contextPath)?.info;
  return info && candidatesIn(info, kind);
}

/** The module's functions; for serving, its WSGI-looking names first. */
function candidatesIn(info: PythonModuleInfo, kind: 'training' | 'serving'): string[] {
  if (kind === 'training') return functionNames(info);
  const attributes = wsgiAttributes(info);
  return [...attributes, ...functionNames(info).filter((f) => !attributes.includes(f) && !attributes.includes(`${f}()`))];
}

export const trainingModuleSyntax = syntaxRule('SAGEMAKER_TRAINING_MODULE', 'SM101', 'training');
export const servingModuleSyntax = syntaxRule('SAGEMAKER_SERVING_MODULE', 'SM102', 'serving');

export const servingModuleNoAttribute: Rule = (input) => {
  const unread = unreadStages(input, 'serving');
  return collect(sageMakerAssignments(input.model), (a): Finding | undefined => {
    const value = a.name === 'SAGEMAKER_SERVING_MODULE' && !unread.has(a.stage) ? resolvedValue(a) : undefined;
    if (!value || value.includes(':') || checkModuleSpec(value, 'serving')) return undefined;
    const info = servingModuleInfo(input, value);
    // gunicorn finds the module's own `application`.
    if (info?.symbols.has('application')) return undefined;
    const message = `SAGEMAKER_SERVING_MODULE '${value}' has no ':attribute': gunicorn will look for 'application' in it.`;
    return finding('SM103', valueRange(a), message, {
      module: value,
      value,
      valueRange: a.value?.range,
      attributes: info && wsgiAttributes(info),
    });
  });
};

/** What the serving module's file defines; undefined when its file is not found or read. */
function servingModuleInfo(input: RuleInput, moduleName: string): PythonModuleInfo | undefined {
  const resolved = resolveModuleFile(input, moduleName, 'serving');
  return resolved && input.python(resolved.contextPath)?.info;
}

/**
 * The build-context file that provides `moduleName` in the target image, found on its Python path
 * (python-path.ts): PYTHONPATH, installed local projects, site-packages; for serving also /opt/ml/code and the WORKDIR.
 */
export function resolveModuleFile(input: RuleInput, moduleName: string, kind: 'training' | 'serving'): ResolvedModule | undefined {
  return resolveModule(input, moduleName, kind);
}

/** What SM104, SM105 and SM107 read of one module:function value: resolved once per analysis. */
interface FunctionCheck {
  assignment: Assignment;
  value: string;
  functionName: string;
  module: ResolvedModule;
  /** The module's file as read; undefined when it could not be read. */
  info: PythonModuleInfo | undefined;
  symbol: PythonSymbol | undefined;
  /** The function's part of the value (the whole value when it has no ':'). */
  range: Range;
}

const checksCache = new WeakMap<RuleInput, Map<string, FunctionCheck | undefined>>();

function functionCheck(input: RuleInput, key: string): FunctionCheck | undefined {
  let checks = checksCache.get(input);
  if (!checks) checksCache.set(input, (checks = new Map<string, FunctionCheck | undefined>()));
  if (!checks.has(key)) checks.set(key, readFunctionCheck(input, key));
  return checks.get(key);
}

function readFunctionCheck(input: RuleInput, key: string): FunctionCheck | undefined {
  const kind = key === 'SAGEMAKER_TRAINING_MODULE' ? 'training' : 'serving';
  const assignment = effective(input.model, key);
  const value = assignment && resolvedValue(assignment);
  if (!assignment || !value || checkModuleSpec(value, kind) || variableUnread(input, kind)) return undefined;
  const { module, attribute } = splitModuleSpec(value);
  const functionName = (attribute ?? 'application').replace(/\(.*\)$/s, '');
  const resolved = resolveModuleFile(input, module, kind);
  if (!resolved) return undefined;
  const info = input.python(resolved.contextPath)?.info;
  const start = value.includes(':') ? value.indexOf(':') + 1 : 0;
  const range = segmentRange(input.model, assignment, start, value.length);
  return { assignment, value, functionName, module: resolved, info, symbol: info?.symbols.get(functionName), range };
}

export const functionNotFound: Rule = (input) =>
  ['SAGEMAKER_TRAINING_MODULE', 'SAGEMAKER_SERVING_MODULE'].flatMap((key): Finding[] => {
    const check = functionCheck(input, key);
    if (!check) return [];
    const { assignment, value, functionName, module, info, range } = check;
    // A module-level __getattr__ (PEP 562) answers any name the module does not define.
    if (!info || info.hasStarImport || info.symbols.has(functionName) || info.symbols.has('__getattr__')) return [];
    const functions = functionNames(info);
    const candidates = candidatesIn(info, key === 'SAGEMAKER_SERVING_MODULE' ? 'serving' : 'training');
    // For serving, the WSGI objects (`app = Flask(__name__)`) come first: they are what gunicorn loads.
    const defines = candidates.length ? ` (it defines ${candidates.slice(0, 5).join(', ')}${candidates.length > 5 ? ', …' : ''})` : '';
    const data = { function: functionName, file: module.contextPath, functions, candidates, value, valueRange: assignment.value?.range };
    return [finding('SM104', range, `'${functionName}' is not defined in ${module.contextPath}${defines}.`, data)];
  });

export const functionNeedsArguments: Rule = (input) => {
  const check = functionCheck(input, 'SAGEMAKER_TRAINING_MODULE');
  // A def, a class (its own __init__) or `name = lambda …`.
  const required = check?.symbol ? argumentsNeeded(check.symbol) : [];
  if (!check || required.length === 0) return [];
  const { functionName, module, symbol, range } = check;
  const needs = `needs ${required.length} argument${required.length > 1 ? 's' : ''}, but the toolkit calls ${functionName}() with none.`;
  const message =
    symbol?.kind === 'class'
      ? `${functionName} in ${module.contextPath} is a class whose __init__(self, ${required.join(', ')}) ${needs}`
      : `${functionName}(${required.join(', ')}) in ${module.contextPath} ${needs}`;
  return [finding('SM105', range, message, { function: functionName, file: module.contextPath, line: symbol?.line, parameters: required })];
};

/** SM107: the toolkit calls the training function and does not await what it returns (CONTRACT T4). */
export const asyncTrainingFunction: Rule = (input) => {
  const check = functionCheck(input, 'SAGEMAKER_TRAINING_MODULE');
  const symbol = check?.symbol;
  if (!check || symbol?.kind !== 'function' || !symbol.async || symbol.decorated) return [];
  const { functionName, module, range } = check;
  const message =
    `${functionName} in ${module.contextPath} is 'async def': the toolkit calls ${functionName}() and never awaits it, ` +
    `so none of it runs ("coroutine … was never awaited") and the job ends as if training had succeeded.`;
  return [finding('SM107', range, message, { function: functionName, file: module.contextPath, line: symbol.line })];
};

/** The image paths of the files that make `module` importable from `folder`. */
const moduleFiles = (folder: string, module: string) => moduleFileNames(module).map((c) => path.posix.join(folder, c));

/** A requirements line that installs a project of its own: a local path, an archive, a repository. */
const PROJECT_REQUIREMENT = /^[ \t]*(?:\.{1,2}(?:\/\S*)?|\/\S+|file:\S+)[ \t]*$|\.(?:whl|zip|tar\.gz|tgz)\b|\bgit\+/m;

/**
 * A RUN of the chain installs what the Dockerfile does not show (a wheel, an archive, a value through a
 * variable), or a requirements file that cannot be read or that names a project: it may provide the module.
 */
function mayInstallUnseen(input: RuleInput, target: Stage): boolean {
  const { images } = input;
  const stages = chainStages(target);
  if (stages.some((stage) => images.get(stage).unreadInstalls > 0)) return true;
  if (!stages.some((stage) => images.get(stage).requirements.length > 0)) return false;
  const texts = requirementsTexts(input);
  return !texts || texts.some((text) => PROJECT_REQUIREMENT.test(text));
}

/**
 * SM106: the training toolkit imports SAGEMAKER_TRAINING_MODULE before /opt/ml/code is on sys.path,
 * and its `train` command does not run in the WORKDIR (CONTRACT T4): a module that the image has only
 * there is not found. Quiet whenever it may be found anyway: a PYTHONPATH that cannot be read, a local
 * install, anything on the Python path that may hold it, or an ENTRYPOINT that may not be the toolkit.
 */
export const trainingModuleNotImportable: Rule = (input) => {
  const { model, images } = input;
  const target = model.target;
  const a = effective(model, 'SAGEMAKER_TRAINING_MODULE');
  const value = a && resolvedValue(a)?.trim();
  if (!target || !a || !value || checkModuleSpec(value, 'training') || lastInstruction(model.chain, 'ENTRYPOINT')) return [];
  const { module } = splitModuleSpec(value);
  const files = images.get(target);
  const folders = [CODE_DIR, files.workdir].filter((f): f is string => f !== undefined && f !== '/');
  const imagePath = folders.flatMap((f) => moduleFiles(f, module)).find((p) => files.lookup(p).status === 'present');
  if (!imagePath) return [];
  const folder = folders.find((f) => moduleFiles(f, module).includes(imagePath)) ?? CODE_DIR;
  // PYTHONPATH may list the folder (or an entry that cannot be read may be it), and a local project may provide the module.
  if (pythonPathLists(model, folder, files.workdir) !== false || chainInstalls(images, target).length > 0) return [];
  if (mayInstallUnseen(input, target)) return [];
  const elsewhere = moduleFolders(input, 'training').some(({ root }) =>
    moduleFiles(root, module).some((p) => files.lookup(p).status !== 'absent'),
  );
  if (elsewhere || copiedToSitePackages(input, module) || addsPathFile(input, target)) return [];
  const pythonPath = effective(model, 'PYTHONPATH');
  const message =
    `'${module}' is only at ${imagePath}, and ${folder} is not on the Python path when the training toolkit imports ` +
    `SAGEMAKER_TRAINING_MODULE: the job fails with ModuleNotFoundError. Add ${folder} to PYTHONPATH, or install the module as a package.`;
  const range = segmentRange(model, a, 0, module.length);
  return [finding('SM106', range, message, { module, imagePath, folder, ...pythonPathEdit(a, pythonPath, folder) })];
};

/** A `.pth` file, which Python's `site` reads at start-up to add folders to the path, copied or written by a RUN. */
const PATH_FILE = /\.pth(?:$|[\s'";&|>])/;

function addsPathFile({ images }: RuleInput, target: Stage): boolean {
  return (
    chainLayers(images, target).some((layer) => layer.path.endsWith('.pth')) ||
    chainStages(target).some((stage) => stage.fileOps.some((op) => op.kind === 'run' && PATH_FILE.test(op.text)))
  );
}

/** Where the fix writes `folder`: at the start of the PYTHONPATH value the container sees, or in a new ENV line before `a`. */
function pythonPathEdit(a: Assignment, pythonPath: Assignment | undefined, folder: string) {
  const value = pythonPath?.value;
  if (value) {
    const quoted = /^["']/.test(value.raw) ? 1 : 0;
    const at = { line: value.range.start.line, character: value.range.start.character + quoted };
    return { insertAt: at, text: value.raw.length > 2 * quoted ? `${folder}:` : folder };
  }
  const { line, character } = a.instr.range.start;
  return { insertAt: { line, character }, text: `ENV PYTHONPATH="${folder}:\${PYTHONPATH}"\n${' '.repeat(character)}` };
}

/** The framework toolkits' training functions, which run SAGEMAKER_PROGRAM themselves (CONTRACT, the variables' table and 4.4). */
const AWS_FRAMEWORK_FUNCTION = /^sagemaker_(pytorch|tensorflow|mxnet)_container\.training:main$/;
const FRAMEWORK_NAMES: Record<string, string> = { pytorch: 'PyTorch', tensorflow: 'TensorFlow', mxnet: 'MXNet' };

export const programAndTrainingModule: Rule = ({ model }) => {
  const program = effective(model, 'SAGEMAKER_PROGRAM');
  const training = effective(model, 'SAGEMAKER_TRAINING_MODULE');
  if (!program || !training || !resolvedValue(program)?.trim() || !resolvedValue(training)?.trim()) return [];
  const framework = AWS_FRAMEWORK_FUNCTION.exec(resolvedValue(training)?.trim() ?? '')?.[1];
  const message = framework
    ? `Both SAGEMAKER_PROGRAM and SAGEMAKER_TRAINING_MODULE are set: the toolkit calls AWS's ${FRAMEWORK_NAMES[framework]} training function, which runs ${resolvedValue(program)} as the job's entry point.`
    : `Both SAGEMAKER_PROGRAM and SAGEMAKER_TRAINING_MODULE are set: the toolkit calls the training module, and ${resolvedValue(program)} runs only if that function runs it.`;
  return [finding('SM402', training.nameRange, message, {})];
};

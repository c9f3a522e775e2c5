// Rules about `module:function` values: SM101–SM105 and SM402.
import { finding, type Finding } from '../diagnostics';
import { checkModuleSpec, likelyModuleName, splitModuleSpec } from '../module-spec';
import type { Assignment } from '../model';
import { resolveModule, type ResolvedModule } from '../python-path';
import type { PythonModuleInfo } from '../python';
import { collect, effective, resolvedValue, Rule, RuleInput, sageMakerAssignments, segmentRange, valueRange } from './shared';

function syntaxRule(key: string, rule: 'SM101' | 'SM102', kind: 'training' | 'serving'): Rule {
  return (input) =>
    collect(sageMakerAssignments(input.model), (a): Finding | undefined => {
      const value = a.name === key ? resolvedValue(a) : undefined;
      if (!value || value.trim() === '') return undefined;
      const problem = checkModuleSpec(value, kind);
      if (!problem) return undefined;
      const { module, attribute } = splitModuleSpec(value);
      // What a quick fix can offer after the ':' when the function is missing.
      const functions = attribute ? undefined : definedCandidates(input, likelyModuleName(module), kind);
      const range = segmentRange(input.model, a, problem.start, problem.end);
      return finding(rule, range, `${key} '${value}' ${problem.message}.`, {
        fix: problem.fix,
        value,
        module,
        valueRange: a.value?.range,
        functions,
      });
    });
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
  if (!info) return undefined;
  if (kind === 'training') return functionNames(info);
  const attributes = wsgiAttributes(info);
  return [...attributes, ...functionNames(info).filter((f) => !attributes.includes(f) && !attributes.includes(`${f}()`))];
}

export const trainingModuleSyntax = syntaxRule('SAGEMAKER_TRAINING_MODULE', 'SM101', 'training');
export const servingModuleSyntax = syntaxRule('SAGEMAKER_SERVING_MODULE', 'SM102', 'serving');

export const servingModuleNoAttribute: Rule = (input) =>
  collect(sageMakerAssignments(input.model), (a): Finding | undefined => {
    const value = a.name === 'SAGEMAKER_SERVING_MODULE' ? resolvedValue(a) : undefined;
    if (!value || value.includes(':') || checkModuleSpec(value, 'serving')) return undefined;
    const message = `SAGEMAKER_SERVING_MODULE '${value}' has no ':attribute': gunicorn will look for 'application' in it.`;
    return finding('SM103', valueRange(a), message, {
      module: value,
      value,
      valueRange: a.value?.range,
      attributes: moduleAttributes(input, value),
    });
  });

/** WSGI-looking attributes of a serving module; undefined when its file is not found. */
function moduleAttributes(input: RuleInput, moduleName: string): string[] | undefined {
  const resolved = resolveModuleFile(input, moduleName, 'serving');
  const info = resolved && input.python(resolved.contextPath)?.info;
  return info ? wsgiAttributes(info) : undefined;
}

/**
 * The build-context file that provides `moduleName` in the target image, found on its Python path
 * (python-path.ts): PYTHONPATH, installed local projects, site-packages; for serving also /opt/ml/code and the WORKDIR.
 */
export function resolveModuleFile(input: RuleInput, moduleName: string, kind: 'training' | 'serving'): ResolvedModule | undefined {
  return resolveModule(input, moduleName, kind);
}

interface FunctionCheck {
  assignment: Assignment;
  value: string;
  functionName: string;
  module: ResolvedModule;
}

function functionChecks(input: RuleInput, key: string): FunctionCheck[] {
  const a = effective(input.model, key);
  const value = a && resolvedValue(a);
  if (!a || !value || checkModuleSpec(value, key === 'SAGEMAKER_TRAINING_MODULE' ? 'training' : 'serving')) return [];
  const { module, attribute } = splitModuleSpec(value);
  const functionName = (attribute ?? 'application').replace(/\(.*\)$/s, '');
  const resolved = resolveModuleFile(input, module, key === 'SAGEMAKER_TRAINING_MODULE' ? 'training' : 'serving');
  return resolved ? [{ assignment: a, value, functionName, module: resolved }] : [];
}

export const functionNotFound: Rule = (input) =>
  ['SAGEMAKER_TRAINING_MODULE', 'SAGEMAKER_SERVING_MODULE'].flatMap((key) =>
    functionChecks(input, key).flatMap(({ assignment, value, functionName, module }): Finding[] => {
      const info = input.python(module.contextPath)?.info;
      // A module-level __getattr__ (PEP 562) answers any name the module does not define.
      if (!info || info.hasStarImport || info.symbols.has(functionName) || info.symbols.has('__getattr__')) return [];
      const functions = functionNames(info);
      const serving = key === 'SAGEMAKER_SERVING_MODULE';
      const attributes = serving ? wsgiAttributes(info) : [];
      const candidates = [...attributes, ...functions.filter((f) => !attributes.includes(f) && !attributes.includes(`${f}()`))];
      const start = value.includes(':') ? value.indexOf(':') + 1 : 0;
      const defines = functions.length ? ` (it defines ${functions.slice(0, 5).join(', ')}${functions.length > 5 ? ', …' : ''})` : '';
      const range = segmentRange(input.model, assignment, start, value.length);
      const data = { function: functionName, file: module.contextPath, functions, candidates, value, valueRange: assignment.value?.range };
      return [finding('SM104', range, `'${functionName}' is not defined in ${module.contextPath}${defines}.`, data)];
    }),
  );

export const functionNeedsArguments: Rule = (input) =>
  functionChecks(input, 'SAGEMAKER_TRAINING_MODULE').flatMap(({ assignment, value, functionName, module }): Finding[] => {
    const symbol = input.python(module.contextPath)?.info.symbols.get(functionName);
    const required = symbol?.kind === 'function' && !symbol.decorated ? (symbol.requiredParameters ?? []) : [];
    if (required.length === 0) return [];
    const range = segmentRange(input.model, assignment, value.indexOf(':') + 1, value.length);
    const message = `${functionName}(${required.join(', ')}) in ${module.contextPath} needs ${required.length} argument${required.length > 1 ? 's' : ''}, but the toolkit calls it with none.`;
    return [
      finding('SM105', range, message, { function: functionName, file: module.contextPath, line: symbol?.line, parameters: required }),
    ];
  });

export const programAndTrainingModule: Rule = ({ model }) => {
  const program = effective(model, 'SAGEMAKER_PROGRAM');
  const training = effective(model, 'SAGEMAKER_TRAINING_MODULE');
  if (!program || !training || !resolvedValue(program)?.trim() || !resolvedValue(training)?.trim()) return [];
  const message = `Both SAGEMAKER_PROGRAM and SAGEMAKER_TRAINING_MODULE are set: the toolkit calls the training module, and ${resolvedValue(program)} runs only if that function runs it.`;
  return [finding('SM402', training.nameRange, message, {})];
};

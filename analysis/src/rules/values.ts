// Rules about the values of the other SageMaker variables and the ENTRYPOINT: SM301–SM305, SM401.
import { finding, type Finding } from '../diagnostics';
import type { Range } from 'vscode-languageserver-types';
import type { Assignment, DockerfileModel, Stage } from '../model';
import type { Instr, ParsedDockerfile } from '../parse';
import { sageMakerKey } from '../sagemaker-keys';
import { collect, lastInstruction, removalData, resolvedValue, Rule, sageMakerAssignments, valueRange, type ImageModel } from './shared';
import { programToolkit, servesWithTensorFlowServing } from './toolkits';

const INTEGER = /^\s*[+-]?\d+(_\d+)*\s*$/;
const STRTOBOOL = ['y', 'yes', 't', 'true', 'on', '1', 'n', 'no', 'f', 'false', 'off', '0'];

function isPort(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/** Checks every resolved value of the keys of one value kind. */
function valueRule(
  rule: 'SM301' | 'SM302' | 'SM303',
  check: (kind: string, value: string, name: string, image: ImageModel) => { message: string; valid?: string[] } | undefined,
): Rule {
  // The value the container gets: the last assignment of each variable in the target chain.
  return (input) =>
    collect(chainKeyAssignments(input.model), (a): Finding | undefined => {
      if (input.model.effectiveEnv.get(a.name) !== a) return undefined;
      const key = sageMakerKey(a.name);
      const value = key && resolvedValue(a);
      if (!key || value === undefined) return undefined;
      const problem = check(key.kind, value, a.name, input);
      if (!problem) return undefined;
      return finding(rule, valueRange(a), `${a.name} ${problem.message}`, {
        valid: problem.valid ?? [],
        value,
        valueRange: a.value?.range,
      });
    });
}

const LOG_LEVELS: Record<string, string> = { DEBUG: '10', INFO: '20', WARN: '30', WARNING: '30', ERROR: '40', CRITICAL: '50', FATAL: '50' };

/** An integer the value most likely means: a logging level's number, or the leading number of '60s'. */
function intendedInteger(kind: string, value: string, name: string): string[] {
  const level = name === 'SAGEMAKER_CONTAINER_LOG_LEVEL' ? LOG_LEVELS[value.trim().toUpperCase()] : undefined;
  if (level) return [level];
  const number = /^\s*([+-]?\d+)(?![\d_])/.exec(value)?.[1];
  if (!number || (kind === 'positive-integer' && Number(number) <= 0)) return [];
  return [number.replace(/^\+/, '')];
}

/** The image serves with the inference toolkit only (TensorFlow Serving images run other serving code). */
const inferenceToolkitOnly = (image: ImageModel) => programToolkit(image) === 'inference' && !servesWithTensorFlowServing(image);

/**
 * Values the inference toolkit never parses: it declares SAGEMAKER_CONTAINER_LOG_LEVEL but never reads it,
 * and passes the worker count on only when it is not empty (CONTRACT I4 and the variables' table).
 */
const unparsedByInferenceToolkit = (name: string, value: string, image: ImageModel) =>
  (name === 'SAGEMAKER_CONTAINER_LOG_LEVEL' || (name === 'SAGEMAKER_MODEL_SERVER_WORKERS' && value.trim() === '')) &&
  inferenceToolkitOnly(image);

export const integerExpected = valueRule('SM301', (kind, value, name, image) => {
  if ((kind !== 'integer' && kind !== 'positive-integer') || unparsedByInferenceToolkit(name, value, image)) return undefined;
  if (!INTEGER.test(value)) {
    return {
      message: `must be an integer: the toolkit parses it with int(), and '${value}' fails.`,
      valid: intendedInteger(kind, value, name),
    };
  }
  if (kind === 'positive-integer' && Number(value.replace(/_/g, '')) <= 0) return { message: 'must be greater than 0.', valid: ['1'] };
  return undefined;
});

export const portExpected = valueRule('SM302', (kind, value) => {
  if (kind === 'port' && !isPort(value.trim()))
    return { message: `must be a port number from 1 to 65535, not '${value}'.`, valid: ['8080'] };
  if (kind === 'port-range') {
    // The toolkits split on '-' and int() each side, which allows blanks around it.
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
    if (!m || !isPort(m[1]) || !isPort(m[2]) || Number(m[1]) > Number(m[2])) {
      return { message: `must be 'N-M' with ports N ≤ M, not '${value}'.`, valid: ['10000-10999'] };
    }
  }
  return undefined;
});

/** Words that mean "off": where only 'true' turns a setting on, they leave it off, as meant. */
const OFF_WORDS = ['false', 'no', 'n', 'f', 'off', '0'];

export const booleanExpected = valueRule('SM303', (kind, value, _name, image) => {
  if (kind === 'exact-boolean' && value !== 'true' && !OFF_WORDS.includes(value.toLowerCase())) {
    // TensorFlow Serving images compare the lower-cased value.
    if (value.toLowerCase() === 'true' && servesWithTensorFlowServing(image)) return undefined;
    return {
      message: `must be exactly 'true' or 'false': '${value}' is compared as a string and does not enable it.`,
      valid: ['true', 'false'],
    };
  }
  if (kind === 'strtobool' && !STRTOBOOL.includes(value.toLowerCase())) {
    return { message: `must be one of ${STRTOBOOL.join(', ')}: strtobool raises on '${value}'.`, valid: ['true', 'false'] };
  }
  return undefined;
});

/** The assignments of SageMaker variables in the target chain, in file order. */
function chainKeyAssignments(model: DockerfileModel): Assignment[] {
  const inChain = new Set(model.chain);
  return sageMakerAssignments(model).filter((a) => inChain.has(a.stage));
}

export const obsoleteVariable: Rule = ({ model }) =>
  chainKeyAssignments(model)
    .filter((a) => sageMakerKey(a.name)?.obsolete)
    .map((a) =>
      finding(
        'SM304',
        a.nameRange,
        `${a.name} is read by no current SageMaker toolkit; a requirements.txt at the root of /opt/ml/code is what gets installed.`,
        removalData(a, model.parsed),
      ),
    );

export const platformProvided: Rule = ({ model }) =>
  chainKeyAssignments(model)
    .filter((a) => sageMakerKey(a.name)?.platformProvided)
    .map((a) =>
      finding(
        'SM305',
        a.nameRange,
        `${a.name} is set by the SageMaker platform when it is needed; baking it into the image can conflict with what the platform sets.`,
        removalData(a, model.parsed),
      ),
    );

/**
 * The shell Docker wraps a shell-form instruction in: the last exec-form SHELL before it in the chain,
 * else `/bin/sh -c` (a base image may set another, which the Dockerfile does not show).
 */
function shellBefore(chain: readonly Stage[], instruction: Instr): string[] {
  let seen = false;
  for (let s = chain.length - 1; s >= 0; s--) {
    const list = chain[s].instructions;
    for (let i = list.length - 1; i >= 0; i--) {
      seen ||= list[i] === instruction;
      const shell = list[i].json;
      if (seen && list[i].keyword === 'SHELL' && shell && shell.length > 0) return shell;
    }
  }
  return ['/bin/sh', '-c'];
}

export const shellFormEntrypoint: Rule = ({ model }) => {
  const entrypoint = lastInstruction(model.chain, 'ENTRYPOINT');
  if (!entrypoint || entrypoint.json || entrypoint.args.length === 0) return [];
  const command = entrypoint.args.map((a) => a.raw).join(' ');
  const range = entrypoint.argsRange ?? entrypoint.range;
  const shell = shellBefore(model.chain, entrypoint);
  // `exec …` makes the program take the shell's place as process 1, where it receives the signals.
  const signals = /^exec\s/.test(command) ? '' : ', and the shell, not your program, gets the signals that stop the container';
  const message = `ENTRYPOINT in shell form runs '${shell.join(' ')} "${command}"': the 'train'/'serve' argument never reaches it${signals}. Use the exec form ["…", "…"].`;
  return [finding('SM401', range, message, { command, text: shellCommandText(model.parsed, range), shell })];
};

/** The command as Docker hands it to `sh -c`: line continuations and comment lines removed. */
function shellCommandText(parsed: ParsedDockerfile, range: Range): string {
  const text = parsed.text.slice(parsed.lines.offsetAt(range.start), parsed.lines.offsetAt(range.end));
  const escape = parsed.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const lines = text.split(/\r?\n/);
  return lines
    .filter((line, i) => i === 0 || !/^\s*#/.test(line))
    .map((line, i, kept) => (i < kept.length - 1 ? line.replace(new RegExp(`${escape}\\s*$`), '') : line))
    .join('');
}

// SM204: whitespace in SAGEMAKER_PROGRAM, and words without '=' after its pair in an ENV of NAME=value pairs.
import { finding, type Finding } from '../diagnostics';
import type { Assignment } from '../model';
import type { Property } from '../parse';
import { collect, resolvedValue, Rule, sageMakerAssignments, segmentRange } from './shared';
import { packageModule, runsProgramThroughShell } from './toolkits';

/**
 * Words without `=` right after a NAME=value pair of an ENV (`ENV SAGEMAKER_PROGRAM=fit.py --epochs 3`,
 * `… # a comment`): Docker reads every word of that form as a pair and stops the build at the first
 * one without `=` ("can't find = in …"). Empty when the pair is the last or another pair follows.
 */
function strayWordsAfter(a: Assignment): Property[] {
  const properties = a.instr.properties;
  const at = properties.indexOf(a.property);
  if (at < 0 || !a.property.value) return [];
  const stray: Property[] = [];
  for (let i = at + 1; i < properties.length && properties[i].value === undefined; i++) stray.push(properties[i]);
  return stray;
}

function strayWordsFinding(a: Assignment, words: Property[], value: string): Finding {
  const text = words.map((p) => p.name).join(' ');
  const comment = text.startsWith('#');
  // `${ENTRY:?set ENTRY}`: the space inside the braces splits the pair.
  const splitExpansion = /\$\{[^}]*$/.test(a.property.value?.raw ?? '');
  const advice = comment
    ? 'A comment goes on a line of its own.'
    : splitExpansion
      ? "The space inside '${…}' ends the pair: quote the value."
      : 'Pass arguments as hyperparameters.';
  const message = `'${text}' after SAGEMAKER_PROGRAM=${value} is not a NAME=value pair: docker build stops with "can't find = in ${JSON.stringify(words[0].name)}". ${advice}`;
  const range = { start: words[0].nameRange.start, end: words[words.length - 1].nameRange.end };
  const remove = { start: a.property.value?.range.end ?? range.start, end: range.end };
  const stray = { remove, words: text, comment, instructionLine: a.instr.range.start.line };
  return finding('SM204', range, message, { value, valueRange: a.property.value?.range, stray });
}

export const programHasWhitespace: Rule = (input) =>
  collect(sageMakerAssignments(input.model), (a): Finding | undefined => {
    const value = a.name === 'SAGEMAKER_PROGRAM' ? resolvedValue(a) : undefined;
    const stray = value !== undefined ? strayWordsAfter(a) : [];
    if (value !== undefined && stray.length > 0) return strayWordsFinding(a, stray, value);
    const trimmed = value?.trim();
    if (!value || !trimmed || !/\s/.test(value)) return undefined;
    const leading = value.length - value.trimStart().length;
    const inner = trimmed.search(/\s/);
    const [start, end] = inner >= 0 ? [leading + inner, value.length] : leading > 0 ? [0, leading] : [value.trimEnd().length, value.length];
    // `ENV SAGEMAKER_PROGRAM fit.py \ NEXT=1`: the space form's value runs to the end of the instruction.
    const raw = a.value?.raw ?? '';
    const swallowed = /^["']/.test(raw) ? undefined : /\s([A-Za-z_]\w*=\S*)/.exec(raw)?.[1];
    // `-m accelerate.commands.launch fit.py`: a .py name runs as `python <value> <args>`, which these toolkits hand to a shell.
    const throughShell =
      inner >= 0 && !swallowed && trimmed.endsWith('.py') && runsProgramThroughShell(input.model) && !packageModule(input, trimmed);
    const message =
      inner < 0
        ? `SAGEMAKER_PROGRAM '${value}' has spaces around the name: the toolkit looks for a file named exactly that.`
        : swallowed
          ? `SAGEMAKER_PROGRAM '${value}' contains whitespace: in the 'ENV NAME value' form the value runs to the end of the instruction, so '${swallowed}' became part of it. Write each pair as NAME=value.`
          : throughShell
            ? `SAGEMAKER_PROGRAM '${value}' contains whitespace: it works only because the PyTorch and TensorFlow toolkits run 'python ${trimmed} <hyperparameters>' through a shell, which also splits any hyperparameter value with spaces or shell characters. A wrapper script is sturdier.`
            : `SAGEMAKER_PROGRAM '${value}' contains whitespace: the toolkit treats the whole value as one file name. Pass arguments as hyperparameters.`;
    const first = trimmed.split(/\s+/)[0];
    const data = { program: throughShell || first.startsWith('-') ? undefined : first, value, valueRange: a.value?.range };
    return finding('SM204', segmentRange(input.model, a, start, end), message, data, throughShell ? { severity: 'warning' } : undefined);
  });

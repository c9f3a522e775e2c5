// Rules about which variables are set where: SM001–SM006.
import { distance } from 'fastest-levenshtein';
import { finding, type Finding } from '../diagnostics';
import { MAX_VALUE_LENGTH } from '../expand';
import { stageSources, type Assignment, type DockerfileModel, type Stage } from '../model';
import { ENTRY_POINT_KEYS, isEntryPointKey, SAGEMAKER_KEYS, sageMakerKey } from '../sagemaker-keys';
import {
  allAssignments,
  collect,
  effective,
  lastInstruction,
  removalData,
  resolvedValue,
  Rule,
  sageMakerAssignments,
  stageLabel,
  valueRange,
} from './shared';
import { programToolkit } from './toolkits';

const nearMissCache = new Map<string, string | undefined>();

/** The catalogue name `name` probably meant, when it is not one itself. */
const LENGTHS = SAGEMAKER_KEYS.map((k) => k.name.length);
const [SHORTEST, LONGEST] = [Math.min(...LENGTHS), Math.max(...LENGTHS)];

function nearMiss(name: string): string | undefined {
  if (name.length < SHORTEST - 2 || name.length > LONGEST + 2 || sageMakerKey(name)) return undefined;
  if (nearMissCache.has(name)) return nearMissCache.get(name);
  const upper = name.toUpperCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const key of SAGEMAKER_KEYS) {
    if (key.name === upper) {
      best = key.name;
      break;
    }
    if (Math.abs(key.name.length - upper.length) > 2) continue;
    const d = distance(key.name, upper);
    if (d < bestDistance) {
      best = key.name;
      bestDistance = d;
    }
  }
  if (nearMissCache.size > 100_000) nearMissCache.clear();
  nearMissCache.set(name, best);
  return best;
}

export const unknownVariable: Rule = ({ model }) =>
  collect(allAssignments(model), (a): Finding | undefined => {
    const suggestion = nearMiss(a.name);
    if (!suggestion) return undefined;
    return finding('SM001', a.nameRange, `Unknown SageMaker variable '${a.name}': did you mean ${suggestion}?`, { suggestion });
  });

export const emptyEntryPoint: Rule = ({ model }) =>
  ENTRY_POINT_KEYS.flatMap((key): Finding[] => {
    const a = effective(model, key);
    if (!a || a.expanded.unresolved.length > 0 || a.expanded.value.trim() !== '') return [];
    // An empty value counts as unset (T4): clearing one that a base image set is fine when another entry point is there.
    const other = ENTRY_POINT_KEYS.some((k) => {
      const assignment = k !== key ? effective(model, k) : undefined;
      return !!assignment && !!resolvedValue(assignment)?.trim();
    });
    if (other) return [];
    return [finding('SM002', valueRange(a), `${key} is empty: SageMaker has no entry point to run.`, {})];
  });

export const argOnly: Rule = ({ model }) => {
  const findings: Finding[] = [];
  const args = [...model.globalArgs, ...model.chain.flatMap((s) => s.args)];
  for (const arg of args) {
    if (!sageMakerKey(arg.name) || model.effectiveEnv.has(arg.name)) continue;
    const message = `${arg.name} is only a build argument: it does not exist when the container runs. Set it with ENV.`;
    // For the fix: an ARG with its own default in a stage becomes an ENV; otherwise `ENV X=$X` keeps the build-arg's value.
    findings.push(
      finding('SM003', arg.nameRange, message, {
        name: arg.name,
        hasValue: arg.value !== undefined,
        pairs: arg.instr.properties.length,
        keywordRange: arg.instr.keywordRange,
        instructionRange: arg.instr.range,
        // An ARG before the first FROM is re-declared after the FROM of the first stage of the chain.
        global: !arg.stage,
        fromRange: arg.stage ? undefined : model.chain[0]?.from.range,
      }),
    );
  }
  return findings;
};

/** `${NAME#pattern}`, `${NAME%…}`, `${NAME/…}`, `${NAME:?…}` as written in the value: forms expand.ts does not evaluate. */
function unevaluatedForm(raw: string, name: string): string | undefined {
  const start = raw.indexOf(`\${${name}`);
  if (start < 0) return undefined;
  const next = raw.charAt(start + name.length + 2);
  const after = raw.charAt(start + name.length + 3);
  const modelled = next === '' || next === '}' || next === '-' || next === '+' || (next === ':' && (after === '-' || after === '+'));
  if (modelled) return undefined;
  const close = raw.indexOf('}', start);
  return close < 0 ? undefined : `'${raw.slice(start, close + 1)}'`;
}

/** BuildKit's automatic platform arguments: set for every build, seen by a stage that declares them. */
const PLATFORM_ARGS = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

export const unresolvedValue: Rule = ({ model }) =>
  ENTRY_POINT_KEYS.flatMap((key): Finding[] => {
    const a = effective(model, key);
    if (!a || a.expanded.unresolved.length === 0) return [];
    const { through, last } = unknownThrough(model, a);
    const name = through[through.length - 1];
    const inStage = model.chain.some((s) => s.args.some((arg) => arg.name === name));
    const global = model.globalArgs.find((arg) => arg.name === name);
    // `ENV ENTRY=fit.py SAGEMAKER_PROGRAM=${ENTRY}`: Docker expands every pair with the values from before the instruction.
    const sameInstruction = last.instr.properties.some((p) => p.name === name && p !== last.property);
    const form = unevaluatedForm(last.value?.raw ?? '', name);
    const why = last.expanded.tooLong
      ? `with it the value of ${last.name} would be longer than ${MAX_VALUE_LENGTH / 1024} KiB, more than Linux passes to a program ("Argument list too long"), so it is not expanded`
      : form
        ? `${form} uses a substitution the checker does not evaluate (it evaluates $${name}, \${${name}}, \${${name}:-word} and \${${name}:+word})`
        : sameInstruction
          ? `${name} gets its value in this same ENV instruction, and Docker expands each pair with the values from before it (set ${last.name} in an ENV of its own after it)`
          : PLATFORM_ARGS.has(name)
            ? inStage
              ? `the builder sets ${name} for the platform it builds for (pass --build-arg ${name}=… to check a value)`
              : `the builder sets ${name} only in a stage that declares it (add 'ARG ${name}' to the stage)`
            : inStage
              ? `ARG ${name} has no value (no default and no build argument)`
              : global
                ? `ARG ${name} is declared before the first FROM, so only FROM lines see it (re-declare it with 'ARG ${name}' in the stage)`
                : `${name} is not defined in this Dockerfile`;
    const dependsOn =
      through.length === 1
        ? `$${name}`
        : through.length === 2
          ? `$${through[0]}, whose value depends on $${name}`
          : `$${through[0]}, whose value depends on $${name} through ${through.length - 2} other variable${through.length > 3 ? 's' : ''}`;
    return [
      finding('SM004', valueRange(a), `The value of ${key} depends on ${dependsOn}, but ${why}; checks of this value were skipped.`, {
        variable: name,
      }),
    ];
  });

/** ENV values followed at most from one entry point back to the variable that has no value. */
const MAX_STEPS = 64;

/**
 * The variables an unresolved value goes through, to the one that has no value: after `ENV A=$X/train.py`,
 * `ENV SAGEMAKER_PROGRAM=$A` depends on $A, which has none because $X has none. `last` is the assignment
 * whose value names the final variable of `through`.
 */
function unknownThrough(model: DockerfileModel, a: Assignment): { through: string[]; last: Assignment } {
  const earlier = model.chain.flatMap((stage) => stage.assignments);
  let index = earlier.indexOf(a);
  let last = a;
  const through = [a.expanded.tooLong ?? a.expanded.unresolved[0]];
  while (through.length < MAX_STEPS && !last.expanded.tooLong) {
    const name = through[through.length - 1];
    // The ENV that set it before, in an earlier instruction (an ENV's pairs see the values from before it).
    let j = index - 1;
    while (j >= 0 && (earlier[j].name !== name || earlier[j].instr === last.instr)) j--;
    if (j < 0 || earlier[j].expanded.unresolved.length === 0) break;
    last = earlier[j];
    index = j;
    through.push(last.expanded.tooLong ?? last.expanded.unresolved[0]);
  }
  return { through, last };
}

/** Stages another stage builds on (FROM) or copies from (`COPY --from`): build stages, not images of their own. */
const stagesUsedByOthers = (model: DockerfileModel) => new Set(model.stages.flatMap((stage) => stageSources(model, stage)));

export const notInTargetStage: Rule = (input) => {
  const { model } = input;
  const { target } = model;
  if (!target) return [];
  const inChain = new Set(model.chain);
  // A Dockerfile with one final stage per job (`--target train`, `--target serve`): when the target starts
  // on its own (an entry point variable, an ENTRYPOINT, an AWS framework base image), what a stage nothing
  // builds on sets belongs to that other image.
  const targetStarts =
    ENTRY_POINT_KEYS.some((key) => model.effectiveEnv.has(key)) ||
    lastInstruction(model.chain, 'ENTRYPOINT') !== undefined ||
    programToolkit(input) !== undefined;
  const used = targetStarts ? stagesUsedByOthers(model) : undefined;
  // A stage built on the target (`FROM ec2 AS sagemaker` with `--target ec2`) is always another image.
  const builtOnTarget = new Set<Stage>();
  for (const stage of model.stages)
    if (stage.parent && (stage.parent === target || builtOnTarget.has(stage.parent))) builtOnTarget.add(stage);
  return collect(sageMakerAssignments(model), (a): Finding | undefined => {
    if (inChain.has(a.stage) || !isEntryPointKey(a.name) || model.effectiveEnv.has(a.name)) return undefined;
    if ((used && !used.has(a.stage)) || builtOnTarget.has(a.stage)) return undefined;
    const message = `${a.name} is set in stage ${stageLabel(a.stage)}, which the target stage ${stageLabel(target)} does not build on: the image will not have it.`;
    return finding('SM005', a.nameRange, message, { stage: a.stage.name ?? a.stage.index });
  });
};

export const overridden: Rule = ({ model }) => {
  const findings: Finding[] = [];
  let referenced: Set<string> | undefined;
  const inChain = new Set(model.chain);
  for (const a of sageMakerAssignments(model)) {
    const last = model.effectiveEnv.get(a.name);
    if (!last || last === a || !isEntryPointKey(a.name) || !inChain.has(a.stage)) continue;
    referenced ??= referencedVariables(model.parsed.text);
    const range = { start: a.nameRange.start, end: valueRange(a).end };
    // Removing it is the obvious fix when the replacement is in the same stage and nothing reads the old value.
    const removal = removalData(a, model.parsed);
    const data = {
      instructionRange: removal.instructionRange,
      pairs: removal.pairs,
      removeRange: removal.removeRange,
      sameStage: last.stage === a.stage,
      referenced: referenced.has(a.name),
    };
    const replacement = last.instr === a.instr ? 'a later pair of this ENV' : `the one on line ${last.nameRange.start.line + 1}`;
    findings.push(finding('SM006', range, `This ${a.name} is replaced by ${replacement}.`, data, { unnecessary: true }));
  }
  return findings;
};

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** Every name that appears as `$name` or `${name…}` anywhere in the text: one pass, whatever the number of assignments. */
function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (let at = text.indexOf('$'); at >= 0; at = text.indexOf('$', at + 1)) {
    const start = text.charCodeAt(at + 1) === 123 ? at + 2 : at + 1; // `${`
    if (!isNameStart(text.charCodeAt(start))) continue;
    let end = start + 1;
    while (isNamePart(text.charCodeAt(end))) end++;
    names.add(text.slice(start, end));
  }
  return names;
}

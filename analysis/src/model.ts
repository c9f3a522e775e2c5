// The model of a Dockerfile (docs/rules/README.md#how-a-dockerfile-is-read): stages and their FROM inheritance, the target chain,
// variables with Docker's ARG/ENV scoping, and every ENV assignment with its expanded value.
// Built once per document version; every rule and editor feature reads it.
import type { Range } from 'vscode-languageserver-types';
import { expandWord, Expanded } from './expand';
import type { Instr, ParsedDockerfile, Property, Word } from './parse';
import { runCommand } from './run-flags';
import { sageMakerKey } from './sagemaker-keys';

/** An ENV or ARG pair of an instruction. Its name's range comes from the pair when asked: most are never shown. */
abstract class Pair {
  constructor(
    /** The pair as the instruction reader made it: one of `instr.properties`. */
    readonly property: Property,
    readonly instr: Instr,
  ) {}

  get name(): string {
    return this.property.name;
  }

  get nameRange(): Range {
    return this.property.nameRange;
  }

  get value(): Word | undefined {
    return this.property.value;
  }
}

/** An ENV pair. */
export class Assignment extends Pair {
  constructor(
    property: Property,
    /** The value after quotes, escapes and variables, against the variables before this instruction. */
    readonly expanded: Expanded,
    instr: Instr,
    readonly stage: Stage,
  ) {
    super(property, instr);
  }
}

/** An ARG pair. */
export class ArgDeclaration extends Pair {
  constructor(
    property: Property,
    /** undefined when the ARG has no value (no default, no build-arg). */
    readonly resolved: string | undefined,
    instr: Instr,
    /** undefined for ARGs before the first FROM. */
    readonly stage?: Stage,
  ) {
    super(property, instr);
  }
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  from: Instr;
  /** FROM's image reference after expansion with the global ARGs. */
  image: string;
  /** FROM names its image through a variable without a value (`FROM ${BASE}`): what the image holds is unknown. */
  imageUnresolved?: boolean;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  instructions: Instr[];
  assignments: Assignment[];
  args: ArgDeclaration[];
  /** ENV values at the end of the stage (what a child stage inherits). */
  envAtEnd: Map<string, string | undefined>;
  /** ARG values at the end of the stage: BuildKit passes them on to a stage built FROM this one (null: unset). */
  argsAtEnd: Map<string, string | null | undefined>;
  /** WORKDIR, COPY/ADD and RUN, with paths expanded: the input of the image file model (files.ts, per analysis). */
  fileOps: FileOp[];
}

export type FileOp =
  | { kind: 'workdir'; instr: Instr; path: Expanded }
  | { kind: 'copy'; instr: Instr; sources: Expanded[]; dest: Expanded; from?: string }
  | { kind: 'run'; instr: Instr; text: string };

export interface DockerfileModel {
  parsed: ParsedDockerfile;
  stages: Stage[];
  /** Stages by lower-cased `AS` name. */
  stagesByName: Map<string, Stage>;
  globalArgs: ArgDeclaration[];
  /** The stage whose image runs; undefined when there is no FROM. */
  target?: Stage;
  /** Set when a configured target stage does not exist (the model then follows the last stage). */
  targetProblem?: string;
  /** Target and its ancestors, oldest first. */
  chain: Stage[];
  /** Every ENV assignment of every stage, in file order. */
  assignments: Assignment[];
  /** The assignments of SageMaker variables (sagemaker-keys.ts), in file order. */
  sageMakerAssignments: Assignment[];
  /** Last ENV assignment per name along the chain: what the container sees. */
  effectiveEnv: Map<string, Assignment>;
  /** Instructions before the first FROM. */
  preamble: Instr[];
}

export function buildModel(parsed: ParsedDockerfile, target?: string, buildArgValues: Record<string, string> = {}): DockerfileModel {
  const escape = parsed.escapeChar;
  // A Map, so `ARG toString` or `ARG constructor` is not found on Object.prototype.
  const buildArgs = new Map(Object.entries(buildArgValues));
  const stages: Stage[] = [];
  const preamble: Instr[] = [];
  for (const instr of parsed.instructions) {
    if (instr.keyword === 'FROM') {
      stages.push({
        index: stages.length,
        from: instr,
        image: '',
        instructions: [],
        assignments: [],
        args: [],
        envAtEnd: new Map(),
        argsAtEnd: new Map(),
        fileOps: [],
      });
    } else if (stages.length === 0) {
      preamble.push(instr);
    } else {
      stages[stages.length - 1].instructions.push(instr);
    }
  }

  const globalArgs: ArgDeclaration[] = [];
  // null: declared without a value and given no build argument, so unset (expand.ts).
  const globalValues = new Map<string, string | null>();
  for (const instr of preamble.filter((i) => i.keyword === 'ARG')) {
    for (const p of instr.properties) {
      const lookup = (n: string) => globalValues.get(n);
      const resolved = buildArgs.has(p.name)
        ? (buildArgs.get(p.name) ?? null)
        : p.value
          ? expandWord(p.value.raw, lookup, escape).value
          : null;
      globalValues.set(p.name, resolved);
      globalArgs.push(new ArgDeclaration(p, resolved ?? undefined, instr));
    }
  }

  const children = new Map<Stage, number>();
  const byName = new Map<string, Stage>();
  for (const stage of stages) {
    const fromArgs = stage.from.args;
    const image = fromArgs[0] ? expandWord(fromArgs[0].raw, (n) => globalValues.get(n), escape) : undefined;
    stage.image = image?.value ?? '';
    if (image && image.unresolved.length > 0) stage.imageUnresolved = true;
    const asIndex = fromArgs.findIndex((a) => a.raw.toLowerCase() === 'as');
    if (asIndex >= 0 && fromArgs[asIndex + 1]) stage.name = fromArgs[asIndex + 1].raw.toLowerCase();
    // FROM names an earlier stage by its name only: `FROM 1` is the image `1` (an index works in `COPY --from` alone).
    stage.parent = byName.get(stage.image.toLowerCase());
    if (stage.name && !byName.has(stage.name)) byName.set(stage.name, stage);
    if (stage.parent) children.set(stage.parent, (children.get(stage.parent) ?? 0) + 1);
  }
  for (const stage of stages) {
    let inheritedEnv = new Map<string, string | undefined>();
    let inheritedArgs = new Map<string, string | null | undefined>();
    if (stage.parent) {
      const remaining = (children.get(stage.parent) ?? 1) - 1;
      children.set(stage.parent, remaining);
      // The last child takes the parent's maps instead of copying them: linear on long chains.
      inheritedEnv = remaining === 0 ? stage.parent.envAtEnd : new Map(stage.parent.envAtEnd);
      inheritedArgs = remaining === 0 ? stage.parent.argsAtEnd : new Map(stage.parent.argsAtEnd);
    }
    walkStage(stage, inheritedEnv, inheritedArgs, globalValues, buildArgs, escape);
  }

  const { stage: targetStage, problem } = pickTarget(stages, byName, target);
  const chain = targetStage ? chainStages(targetStage) : [];
  const effectiveEnv = new Map<string, Assignment>();
  for (const s of chain) for (const a of s.assignments) effectiveEnv.set(a.name, a);
  const assignments: Assignment[] = [];
  for (const stage of stages) for (const a of stage.assignments) assignments.push(a);
  const sageMakerAssignments = assignments.filter((a) => sageMakerKey(a.name) !== undefined);
  return {
    parsed,
    stages,
    stagesByName: byName,
    assignments,
    sageMakerAssignments,
    globalArgs,
    target: targetStage,
    targetProblem: problem,
    chain,
    effectiveEnv,
    preamble,
  };
}

/** A stage and the stages it is built on, oldest first. */
export function chainStages(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) stages.push(s);
  return stages.reverse();
}

/** A stage referenced by name (case-insensitive) or index, among the stages before `before`. */
/** The earlier stages a stage is built from: the one its FROM names, and those its `COPY --from` names. */
export function stageSources(model: DockerfileModel, stage: Stage): Stage[] {
  const sources = stage.parent ? [stage.parent] : [];
  for (const op of stage.fileOps) {
    const from =
      op.kind === 'copy' && op.from !== undefined ? findStage(model.stages, model.stagesByName, op.from, stage.index) : undefined;
    if (from) sources.push(from);
  }
  return sources;
}

/** The stage a `COPY --from` names, by name or by index, among those before stage `before`. */
export function findStage(stages: Stage[], byName: Map<string, Stage>, reference: string, before = stages.length): Stage | undefined {
  const ref = reference.toLowerCase();
  const named = byName.get(ref);
  if (named) return named.index < before ? named : undefined;
  if (/^\d+$/.test(ref) && Number(ref) < before) return stages[Number(ref)];
  return undefined;
}

/** The stage `--target` names. Docker finds it by name only (`COPY --from` alone takes an index), in any case. */
function pickTarget(stages: Stage[], byName: Map<string, Stage>, target?: string): { stage?: Stage; problem?: string } {
  const last = stages[stages.length - 1];
  if (!target) return { stage: last };
  const found = byName.get(target.toLowerCase());
  if (found) return { stage: found };
  const names = stages.flatMap((s) => (s.name ? [s.name] : []));
  const known = names.length > 0 ? `the named stages are ${names.join(', ')}` : 'no stage has a name (FROM … AS name)';
  return { stage: last, problem: `no stage '${target}' to target (${known})` };
}

function walkStage(
  stage: Stage,
  env: Map<string, string | undefined>,
  args: Map<string, string | null | undefined>,
  globalValues: Map<string, string | null>,
  buildArgs: ReadonlyMap<string, string>,
  escape: string,
): void {
  // An ENV of the same name always wins over an ARG.
  const lookup = (name: string) => (env.has(name) ? env.get(name) : args.get(name));
  const expand = (word: Word) => expandWord(word.raw, lookup, escape);
  for (const instr of stage.instructions) {
    switch (instr.keyword) {
      case 'ENV': {
        // All pairs of one ENV see the variables as they were before the instruction: every pair is
        // expanded before any is set.
        const first = stage.assignments.length;
        for (const p of instr.properties)
          stage.assignments.push(new Assignment(p, expandWord(p.value?.raw ?? '', lookup, escape), instr, stage));
        for (let i = first; i < stage.assignments.length; i++) {
          const { name, expanded } = stage.assignments[i];
          env.set(name, expanded.unresolved.length > 0 ? undefined : expanded.value);
        }
        break;
      }
      case 'ARG':
        for (const p of instr.properties) {
          let resolved: string | null | undefined;
          if (buildArgs.has(p.name)) resolved = buildArgs.get(p.name);
          else if (p.value) {
            const expanded = expand(p.value);
            resolved = expanded.unresolved.length > 0 ? undefined : expanded.value;
          } else resolved = globalValues.get(p.name) ?? null; // the global's value, or unset
          stage.args.push(new ArgDeclaration(p, resolved ?? undefined, instr, stage));
          args.set(p.name, resolved);
        }
        break;
      case 'WORKDIR':
        if (instr.args[0]) stage.fileOps.push({ kind: 'workdir', instr, path: expand(instr.args[0]) });
        break;
      case 'COPY':
      case 'ADD': {
        const paths = instr.json ? instr.json.map((raw) => expandWord(raw, lookup, escape)) : instr.args.map(expand);
        const from = instr.flags.find((f) => f.name.toLowerCase() === 'from')?.value;
        if (paths.length >= 2) {
          stage.fileOps.push({
            kind: 'copy',
            instr,
            sources: paths.slice(0, -1),
            dest: paths[paths.length - 1],
            from: from ? expand(from).value : undefined,
          });
        }
        break;
      }
      case 'RUN':
        stage.fileOps.push({ kind: 'run', instr, text: runCommand(instr, escape) });
        break;
    }
  }
  stage.envAtEnd = env;
  stage.argsAtEnd = args;
}

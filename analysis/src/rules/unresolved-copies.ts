// A COPY or ADD whose destination names a variable without a value writes somewhere the Dockerfile does
// not say (a build argument may give it any value), so SM201 does not report the program missing after
// one that may bring it. The exception is Docker's scoping mistake: a global ARG (declared before the
// first FROM) that the stage does not declare again is empty there, whatever the build arguments say.
import * as path from 'node:path';
import { isGlob } from '../context';
import type { Expanded } from '../expand';
import { canOnlyBeFile } from '../files';
import { chainStages, type DockerfileModel, type FileOp, type Stage } from '../model';

type CopyOp = Extract<FileOp, { kind: 'copy' }>;

export interface UnresolvedCopy {
  op: CopyOp;
  /** Every variable the destination names without a value is a global ARG its stage does not declare: each is empty there. */
  emptyGlobals: readonly string[];
}

/** Whether a COPY source may bring a file named `base`: that name, a folder, a glob, or a name that cannot be read. */
function mayBring(source: Expanded, base: string): boolean {
  const name = path.posix.basename(source.value);
  return source.unresolved.length > 0 || isGlob(source.value) || source.value.endsWith('/') || name === base || !canOnlyBeFile(name);
}

/** The last COPY/ADD of the target chain that may bring the program `program` to a destination that cannot be read. */
export function unresolvedCopyOf(model: DockerfileModel, target: Stage, program: string): UnresolvedCopy | undefined {
  const base = path.posix.basename(program);
  const chain = chainStages(target);
  let found: { op: CopyOp; stage: number } | undefined;
  chain.forEach((stage, index) => {
    for (const op of stage.fileOps) {
      if (op.kind === 'copy' && op.dest.unresolved.length > 0 && op.sources.some((s) => mayBring(s, base))) found = { op, stage: index };
    }
  });
  if (!found) return undefined;
  // The ARGs declared after a FROM of the chain before that COPY (looked at only for it: ranges cost on long files).
  const line = found.op.instr.range.start.line;
  const declared = new Set(
    chain
      .slice(0, found.stage + 1)
      .flatMap((stage) => stage.args)
      .filter((arg) => arg.instr.range.start.line < line)
      .map((arg) => arg.name),
  );
  const globals = new Set(model.globalArgs.map((a) => a.name));
  const { unresolved } = found.op.dest;
  const empty = unresolved.every((name) => globals.has(name) && !declared.has(name));
  return { op: found.op, emptyGlobals: empty ? unresolved : [] };
}

/** What SM201 adds when such a COPY wrote where the program is not: the global ARGs that are empty in its stage. */
export function emptyGlobalsNote({ op, emptyGlobals }: UnresolvedCopy): string {
  const names = emptyGlobals.map((n) => `\${${n}}`).join(', ');
  const args = emptyGlobals.map((n) => `ARG ${n}`).join(', ');
  return (
    ` The COPY on line ${op.instr.range.start.line + 1} copies to '${op.dest.value || '.'}': ${names} ${emptyGlobals.length > 1 ? 'are' : 'is'} empty ` +
    `in this stage, since ${args} ${emptyGlobals.length > 1 ? 'are' : 'is'} declared only before the first FROM. Declare ${emptyGlobals.length > 1 ? 'them' : 'it'} again after FROM.`
  );
}

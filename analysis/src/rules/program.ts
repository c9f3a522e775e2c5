// Rules about SAGEMAKER_PROGRAM and the files that land in /opt/ml/code: SM201–SM203 and SM209 (SM204 in program-whitespace.ts).
import * as path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { BuildContext } from '../context';
import { linkOnPath } from '../context-links';
import { finding, type Finding } from '../diagnostics';
import type { Layer } from '../image-files';
import { imagePath as toImagePath } from '../image-path';
import { type Assignment, type DockerfileModel, type Stage } from '../model';
import type { Instr } from '../parse';
import { projectLayout, pythonPathLists } from '../python-path';
import { entrypointRunsOwnProgram } from './entrypoint-command';
import { chainLayers, CODE_DIR, effective, programImagePath, resolvedValue, Rule, RuleInput, valueRange } from './shared';
import {
  codeMayArriveElsewhere,
  DEFAULT_INFERENCE_PROGRAM,
  showsNoToolkit,
  ignoredSubmitDirectoryNote,
  importsFromModelCode,
  servesWithOwnModelServer,
  MODEL_CODE_DIR,
  modelCodePath,
  packageModule,
  programToolkit,
  showsInferenceToolkitOnly,
} from './toolkits';
import { emptyGlobalsNote, unresolvedCopyOf } from './unresolved-copies';
import { ownStartCommand } from './start-command';

interface Program {
  assignment: Assignment;
  value: string;
}

/** The effective SAGEMAKER_PROGRAM when it is a plain, resolved, non-empty file name. */
function program(model: DockerfileModel): Program | undefined {
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a && resolvedValue(a);
  if (!a || !value || value.trim() === '' || /\s/.test(value)) return undefined;
  return { assignment: a, value };
}

const isPython = (name: string) => name.endsWith('.py');

export const programPathEscapesCodeDir: Rule = ({ model }) => {
  const p = program(model);
  if (!p) return [];
  const imagePath = programImagePath(p.value);
  const range = valueRange(p.assignment);
  const inside = imagePath.startsWith(`${CODE_DIR}/`);
  const at = { value: p.value, valueRange: p.assignment.value?.range };
  if (p.value.startsWith('/')) {
    if (inside && isPython(p.value)) {
      const message = `SAGEMAKER_PROGRAM is an absolute path: it works for a .py script, but a relative name ('${path.posix.relative(CODE_DIR, imagePath)}') is what SageMaker expects.`;
      return [finding('SM203', range, message, { relative: path.posix.relative(CODE_DIR, imagePath), ...at }, { severity: 'info' })];
    }
    const message = inside
      ? `SAGEMAKER_PROGRAM is an absolute path: a non-.py program runs as './<name>', which fails for an absolute path.`
      : `SAGEMAKER_PROGRAM '${p.value}' is outside ${CODE_DIR}, where the toolkit runs the program from.`;
    return [finding('SM203', range, message, inside ? { relative: path.posix.relative(CODE_DIR, imagePath), ...at } : at)];
  }
  if (!inside) {
    return [finding('SM203', range, `SAGEMAKER_PROGRAM '${p.value}' climbs out of ${CODE_DIR} with '..'.`, at)];
  }
  return [];
};

/** The last folder copy that covers `imagePath` (e.g. `COPY . /opt/ml/code/`). */
function coveringFolderCopy(layers: readonly Layer[], imagePath: string): Extract<Layer, { kind: 'dir' }> | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer.kind === 'dir' && imagePath.startsWith(`${layer.path === '/' ? '' : layer.path}/`)) return layer;
  }
  return undefined;
}

/** Where a file named like the program landed instead, if anywhere. */
function landedElsewhere(input: RuleInput, layers: readonly Layer[], name: string): { path: string; layer: Layer } | undefined {
  const base = path.posix.basename(name);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer.kind === 'file' && path.posix.basename(layer.path) === base) return { path: layer.path, layer };
    // A file `COPY --from` another stage (a folder copied from one is read like a context folder, below, only for the context).
    if (layer.kind === 'stage-copy' && !layer.asDir && path.posix.basename(layer.path) === base) return { path: layer.path, layer };
    if (layer.kind === 'dir' && input.context) {
      const rel = path.posix.join(layer.source, name);
      if (input.context.fs.kind(path.join(input.context.dir, rel)) === 'file') return { path: path.posix.join(layer.path, name), layer };
    }
  }
  return undefined;
}

function similarScripts(context: BuildContext, folder: string, name: string): string[] {
  const base = path.posix.basename(name);
  const dir = path.join(context.dir, folder);
  return context.fs
    .list(dir)
    .filter((n) => n !== base && /\.(py|sh)$|^[^.]+$/.test(n) && context.fs.kind(path.join(dir, n)) === 'file')
    .map((n) => ({ n, d: distance(n, base) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(base.length / 3)) || n.replace(/\.\w+$/, '') === base.replace(/\.\w+$/, ''))
    .sort((a, b) => a.d - b.d)
    .map(({ n }) => path.posix.join(path.posix.dirname(name), n));
}

/**
 * In package mode the file to look for is the module's (`mypkg.train`: mypkg/train.py or
 * mypkg/train/__main__.py). Undefined when that cannot be told: an invalid module name (SM208 says
 * so), a module file that may be there, or a project whose `pip install .` may provide the module
 * from another folder (a src/ layout, package_dir, a layout only running code tells).
 */
function packageModuleFile(input: RuleInput, target: Stage, { module, valid }: { module: string; valid: boolean }): string | undefined {
  if (!valid) return undefined;
  const base = path.posix.join(CODE_DIR, ...module.split('.'));
  const candidates = [`${base}.py`, `${base}/__main__.py`];
  const files = input.images.get(target);
  const statuses = candidates.map((c) => files.lookup(c).status);
  const present = candidates.find((_, i) => statuses[i] === 'present');
  if (present) return present;
  if (statuses.includes('unknown')) return undefined;
  const layout = projectLayout(input, CODE_DIR);
  const importsFromCodeDir = Array.isArray(layout) && layout.every((root) => root.dir === '' && root.prefix === undefined);
  return importsFromCodeDir ? candidates[0] : undefined;
}

/**
 * The inference toolkit imports the program from /opt/ml/model/code (the model archive), so nothing need
 * be at /opt/ml/code: the image shows only that toolkit (with a `pip install -r`, unless the build context
 * shows the file brings the training toolkit: unknown is not reported), may have it (no toolkit shows, and
 * an install cannot be read: a requirements file without the build context, a nested `-r`), or shows
 * neither and has the program there.
 */
function notNeededInCodeDir(input: RuleInput, target: Stage, value: string): boolean {
  if (showsInferenceToolkitOnly(input)) return true;
  if (programToolkit(input) !== undefined) return false;
  return !showsNoToolkit(input) || input.images.get(target).lookup(modelCodePath(value)).status === 'present';
}

export const programPlacement: Rule = (input) => {
  const { model, context, images } = input;
  const p = program(model);
  const target = model.target;
  // An ENTRYPOINT that runs its own Python script replaces the toolkit, and so do a `train` and `serve` of
  // the image's own where no toolkit shows: nothing reads SAGEMAKER_PROGRAM.
  if (!p || !target || codeMayArriveElsewhere(input) || entrypointRunsOwnProgram(model)) return [];
  if ((showsNoToolkit(input) && ownStartCommand(input)) || servesWithOwnModelServer(input)) return [];
  const packaged = packageModule(input, p.value);
  const imagePath = packaged ? packageModuleFile(input, target, packaged) : programImagePath(p.value);
  if (!imagePath?.startsWith(`${CODE_DIR}/`)) return [];
  const range = valueRange(p.assignment);
  const found = images.get(target).lookup(imagePath);
  if (found.status === 'unknown') return [];
  const layers = chainLayers(images, target);
  if (found.status === 'present') {
    const source = found.layer.kind === 'file' ? found.layer.source : undefined;
    if (!context || !source || context.fs.kind(path.join(context.dir, source))) return [];
    const copy = { instr: found.layer.instr, namesFile: destinationNamesFile(input, found.layer) };
    return [missingSource(context, p, source, false, found.layer.instr, copy)];
  }
  // Nothing at /opt/ml/code is no problem where the inference toolkit imports the program from the model archive.
  if (notNeededInCodeDir(input, target, p.value)) return [];
  // A COPY to a destination that cannot be read may have put it there, unless Docker's scoping makes it empty.
  const unresolvedCopy = unresolvedCopyOf(model, target, p.value);
  if (unresolvedCopy && unresolvedCopy.emptyGlobals.length === 0) return [];
  const excluded = layers.filter((l) => l.kind === 'file' && l.path === imagePath && l.source).pop();
  if (excluded?.kind === 'file' && context) return [missingSource(context, p, excluded.source, true, excluded.instr)];
  const elsewhere = landedElsewhere(input, layers, p.value);
  const folderCopy = coveringFolderCopy(layers, imagePath);
  if (folderCopy && context) {
    const source = path.posix.join(folderCopy.source, path.posix.relative(folderCopy.path, imagePath));
    const exists = !!context.fs.kind(path.join(context.dir, source));
    // `WORKDIR /opt/ml` + `COPY code .` puts the script at /opt/ml/train.py: say where it went (SM201)
    // rather than ask for a code/code/train.py nobody meant to have.
    if (!(elsewhere && !exists)) {
      // In package mode the program is a module: the names a fix offers are modules too.
      const moduleFile = packaged ? path.posix.relative(CODE_DIR, imagePath) : undefined;
      const leftOut = folderCopy.excludes?.(path.posix.relative(folderCopy.path, imagePath)) === true;
      return [missingSource(context, p, source, exists, folderCopy.instr, undefined, moduleFile, leftOut)];
    }
  }
  const runsAs = packaged ? ` setup.py is at the root of ${CODE_DIR}, so it runs as 'python -m ${packaged.module}'.` : '';
  const heredoc = elsewhere || unresolvedCopy ? undefined : heredocBeside(layers, imagePath);
  const onbuild = elsewhere || unresolvedCopy || heredoc ? undefined : onbuildCopyOf(target, p.value);
  const where = elsewhere
    ? ` The script was copied to ${elsewhere.path} (line ${elsewhere.layer.instr.range.start.line + 1}).`
    : unresolvedCopy
      ? emptyGlobalsNote(unresolvedCopy)
      : heredoc
        ? ` The heredoc of line ${heredoc.instr.range.start.line + 1} is written to ${heredoc.path}: copied into a folder, a heredoc is a file named after its word. Name the file in the destination (${heredoc.instr.keyword} <<EOF ${imagePath}).`
        : onbuild
          ? ` The ONBUILD on line ${onbuild.range.start.line + 1} runs its ${onbuild.text?.trim().split(/\s/)[0].toUpperCase()} only in images built FROM this one, not in this image.`
          : '';
  const submit = ignoredSubmitDirectoryNote(input);
  const sourceInContext = context && context.fs.kind(path.join(context.dir, p.value)) === 'file' ? p.value : undefined;
  const copy = elsewhere?.layer.instr;
  const dest = copy?.args[copy.args.length - 1];
  // Where a fix can add the COPY: after the target stage's last COPY/ADD/WORKDIR, else after its FROM.
  const anchor =
    [...target.instructions].reverse().find((i) => i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'WORKDIR') ?? target.from;
  return [
    finding(
      'SM201',
      range,
      `Nothing in the image is at ${imagePath}, where SageMaker looks for SAGEMAKER_PROGRAM.${runsAs}${where}${submit}`,
      {
        program: p.value,
        landedAt: elsewhere?.path,
        copyLine: elsewhere?.layer.instr.range.start.line,
        // The context file the misplaced COPY took: a file's source, or the file inside a copied folder.
        source:
          elsewhere?.layer.kind === 'file'
            ? elsewhere.layer.source
            : elsewhere?.layer.kind === 'dir'
              ? path.posix.join(elsewhere.layer.source, path.posix.relative(elsewhere.layer.path, elsewhere.path))
              : sourceInContext,
        stageLine: target.from.range.start.line,
        insertAfter: anchor.range,
        copyDest: copy && dest ? { range: dest.range, json: !!copy.json } : undefined,
      },
    ),
  ];
};

/** An `ONBUILD COPY`/`ADD` in the target's chain that names the program or /opt/ml/code: a trigger for images built FROM this one. */
/** The target's own ONBUILD COPY of the program: it runs in images built FROM this one (a parent stage's run in its child). */
function onbuildCopyOf(target: Stage, program: string): Instr | undefined {
  const name = path.posix.basename(program);
  const copies = (text: string) => /^\s*(?:COPY|ADD)\s/i.test(text) && (text.includes(name) || text.includes(CODE_DIR));
  return target.instructions.find((i) => i.keyword === 'ONBUILD' && copies(i.text ?? ''));
}

/** A heredoc copied into the program's folder under another name (`COPY <<EOF /opt/ml/code/` makes `/opt/ml/code/EOF`). */
function heredocBeside(layers: readonly Layer[], imagePath: string): Layer | undefined {
  const folder = path.posix.dirname(imagePath);
  return layers.find((l) => l.kind === 'file' && l.namedAfterWord === true && path.posix.dirname(l.path) === folder);
}

/**
 * `fileCopy` is the COPY that names the missing file itself: a fix then replaces that COPY's source
 * (`similar` are context paths); otherwise a folder copy covers the program and `similar` are program values.
 */
function missingSource(
  context: BuildContext,
  p: Program,
  source: string,
  exists: boolean,
  /** The COPY or ADD that would bring it. */
  copy: Instr,
  fileCopy?: { instr: Instr; namesFile: boolean },
  /** In package mode, the module's file under /opt/ml/code: similar names are offered as modules. */
  moduleFile?: string,
  /** The folder copy's own `--exclude` leaves it out (rather than the ignore file). */
  leftOut = false,
): Finding {
  const ignoredBy = leftOut ? `the ${copy.keyword}'s --exclude` : path.basename(context.ignoreFile ?? '.dockerignore');
  const link = exists ? undefined : linkOnPath(context.dir, source, context.fs);
  // The builder resolves a link inside the context only (context-links.ts): one that leads out names nothing.
  const linkNote = link
    ? `: ${link === source ? 'it' : `'${link}'`} is a symbolic link, which the builder resolves inside the build context only, where its target is missing`
    : '';
  const why = exists ? `is excluded by ${ignoredBy}` : 'is not in the build context';
  const sourceWord = fileCopy && fileCopy.instr.args.length === 2 ? fileCopy.instr.args[0] : undefined;
  const similar = exists
    ? []
    : fileCopy
      ? similarScripts(context, path.posix.dirname(source), source)
      : moduleFile
        ? similarScripts(context, path.posix.dirname(source), moduleFile)
            .filter((name) => name.endsWith('.py'))
            .map((name) => name.slice(0, -3).split('/').join('.'))
        : similarScripts(context, path.posix.dirname(source), p.value);
  const message = `'${source}' ${why} (${context.dir})${linkNote}, so the ${copy.keyword} on line ${copy.range.start.line + 1} cannot put SAGEMAKER_PROGRAM in the image.`;
  return finding('SM202', valueRange(p.assignment), message, {
    source,
    excluded: exists,
    similar: fileCopy && !sourceWord ? [] : similar,
    value: p.value,
    valueRange: p.assignment.value?.range,
    copySource: fileCopy && sourceWord ? { range: sourceWord.range, json: !!fileCopy.instr.json } : undefined,
    destNamesFile: fileCopy?.namesFile,
  });
}

/** Whether the COPY that made `layer` names the file in its destination (`COPY a.py /opt/ml/code/b.py`), not a folder. */
function destinationNamesFile({ model, images }: RuleInput, layer: Layer): boolean {
  for (const stage of model.chain) {
    const op = stage.fileOps.find((o) => o.instr === layer.instr);
    if (op?.kind !== 'copy') continue;
    const workdir = images.get(stage).workdirAt.get(layer.instr) ?? '/';
    return !op.dest.value.endsWith('/') && toImagePath(workdir, op.dest.value) === layer.path;
  }
  return false;
}

/**
 * An image that serves with the inference toolkit imports SAGEMAKER_PROGRAM (inference.py when it is
 * not set) from /opt/ml/model/code, the code/ folder of the model archive: a script copied to
 * /opt/ml/code is never imported, and the default handlers answer instead (docs/sagemaker-contract.md,
 * The inference toolkit).
 */
export const inferenceProgramInCodeDir: Rule = (input) => {
  const { model, images } = input;
  const target = model.target;
  if (!target) return [];
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a ? resolvedValue(a)?.trim() : DEFAULT_INFERENCE_PROGRAM;
  if (!value || !/^[A-Za-z_]\w*\.py$/.test(value)) return [];
  const files = images.get(target);
  const copied = files.lookup(programImagePath(value));
  if (copied.status !== 'present' || files.lookup(modelCodePath(value)).status !== 'absent') return [];
  // PYTHONPATH with /opt/ml/code (or a value that cannot be read) may make the copy importable.
  if (!importsFromModelCode(input) || pythonPathLists(model, CODE_DIR, files.workdir) !== false) return [];
  const copy = copied.layer.instr;
  const line = copy.range.start.line;
  const named = a ? 'SAGEMAKER_PROGRAM' : `SAGEMAKER_PROGRAM (not set, so ${DEFAULT_INFERENCE_PROGRAM})`;
  const message =
    `This image serves with the inference toolkit, which imports ${named} from ${MODEL_CODE_DIR} (the code/ folder ` +
    `of the model archive), not from ${CODE_DIR}: the ${value} copied there on line ${line + 1} ` +
    `is never imported, and without code/${value} in the model archive the default handlers answer.`;
  const range = a ? valueRange(a) : (copy.args.at(-1)?.range ?? copy.range);
  return [finding('SM209', range, message, { program: value, copyLine: line })];
};

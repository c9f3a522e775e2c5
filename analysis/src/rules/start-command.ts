// SM403: SageMaker starts a training container as `docker run <image> train` and a serving one with
// `serve` (CONTRACT SM033): without an ENTRYPOINT, one of those must be an executable on PATH. The
// toolkits install them (sagemaker-training's `train`, sagemaker-containers' `train` and `serve`; the
// inference toolkit and Multi Model Server install neither), AWS's framework images have them, a
// Dockerfile may copy its own. Reported only on a public base image that is known to have neither,
// when nothing in the Dockerfile may bring the command.
import * as path from 'node:path';
import { SLASH } from '../char-codes';
import { finding, type Finding } from '../diagnostics';
import type { Layer } from '../image-files';
import { chainStages } from '../model';
import { chainInstalls, chainLayers, effective, lastInstruction, resolvedValue, type ImageModel, type Rule } from './shared';
import { imageRepository, INFERENCE_PACKAGE, programToolkit, requirementsTexts, TF_SERVING_PACKAGE, TRAINING_PACKAGE } from './toolkits';

/** Public images without SageMaker's commands: the repository after any Docker Hub prefix. */
const PLAIN_BASE =
  /^(?:python|ubuntu|debian|alpine|amazonlinux|centos|rockylinux|almalinux|fedora|busybox|buildpack-deps|continuumio\/(?:miniconda3?|anaconda3)|condaforge\/(?:miniforge3|mambaforge)|mambaorg\/micromamba|nvidia\/cuda|pytorch\/pytorch|tensorflow\/tensorflow|nvcr\.io\/nvidia\/(?:pytorch|cuda|tensorflow))$/;
/** Of those, the ones that come with pip, where the fix can install the toolkit. */
const HAS_PIP = /^(?:python|continuumio\/|condaforge\/|pytorch\/pytorch|tensorflow\/tensorflow|nvcr\.io\/nvidia\/(?:pytorch|tensorflow))/;
const DOCKER_HUB_PREFIX =
  /^(?:public\.ecr\.aws\/docker\/library\/|(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io|mirror\.gcr\.io)\/)?(?:library\/)?)/;
/**
 * RUN steps that may bring a toolkit or a command: SageMaker's training and legacy toolkits (not the SDK,
 * `sagemaker`, which has no `train`), a toolkit's source folder, and installs whose contents the
 * Dockerfile does not show (requirements files, other indexes, archives, editable or project installs,
 * conda environments). Installs of local folders are read from the image files.
 */
const MAY_BRING =
  /\bsagemaker[-_][\w.-]*(?:training|containers?|toolkit)\b|\s(?:-r|--requirement|-i|--index-url|--extra-index-url|-f|--find-links|-e|--editable)[\s=]|\.whl\b|\.tar\.gz\b|git\+|\b(?:poetry|pipenv|pdm)\s+(?:install|sync)\b|\b(?:uv|rye)\s+sync\b|\bconda\s+env\b|environment\.ya?ml|\s--file[\s=]/i;
/**
 * An install whose packages the RUN does not name: through a variable (`pip install "${TOOLKIT}"`; not
 * `torch==${VERSION}`), or a glob of paths (`pip install /wheels/*`; not `torch==2.*`).
 */
const INSTALLS_UNNAMED = /\binstall\b[^&;|\n]*\s["']?(?:\$\{?[A-Za-z_]|[^\s=<>~!]*\/\S*[*?])/;
/** The framework training toolkits (sagemaker-pytorch-training, …), which bring sagemaker-training's `train`. */
const FRAMEWORK_TRAINING_PACKAGE = /\bsagemaker[-_]\w+[-_]training\b/i;
const everywhere = (pattern: RegExp) => new RegExp(pattern.source, 'gi');
/** Packages known not to install the command: left out of a RUN's text before MAY_BRING reads it. */
const WITHOUT_COMMAND: Record<'train' | 'serve', RegExp[]> = {
  train: [INFERENCE_PACKAGE, TF_SERVING_PACKAGE].map(everywhere),
  serve: [INFERENCE_PACKAGE, TF_SERVING_PACKAGE, TRAINING_PACKAGE, FRAMEWORK_TRAINING_PACKAGE].map(everywhere),
};

/** `-r FILE` of a pip install, which MAY_BRING matches: taken out of a RUN's text once the files are read. */
const REQUIREMENT_OPTION = /\s(?:-r|--requirement)(?:\s+|=)\S+/g;

function withoutPackages(text: string, packages: RegExp[]): string {
  return packages.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
}

const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The folders of PATH: the default ones and those the Dockerfile's PATH names, with its variables'
 * values (`ENV PATH=${VIRTUAL_ENV}/bin:$PATH`). A part that is not an absolute path is left out.
 */
function pathFolders(image: ImageModel): string[] {
  const written = effective(image.model, 'PATH')?.expanded.value.split(':') ?? [];
  const absolute = written.filter((p) => p.startsWith('/')).map((p) => path.posix.normalize(p).replace(/(.)\/$/, '$1'));
  return [...DEFAULT_PATH, ...absolute];
}

/** Whether `inner` is `outer` or inside it (normalized image paths), without making strings: it runs per layer and folder. */
function within(inner: string, outer: string): boolean {
  return inner.startsWith(outer) && (inner.length === outer.length || inner.charCodeAt(outer.length) === SLASH || outer === '/');
}

/**
 * Whether anything in the chain may put `command` on PATH: a RUN, a file of that name, or unknown files
 * copied over a PATH folder (`COPY rootfs/ /`). A file a RUN writes inside one (`> /usr/bin/serve`) brings
 * no other name: PATH is searched one folder deep.
 */
function mayBringCommand(runs: string[], layers: Layer[], command: 'train' | 'serve', folders: string[]): boolean {
  const named = new RegExp(`(^|[\\s/'"=])${command}($|[\\s'";&|])`);
  // Leaving packages out only removes text: a RUN that MAY_BRING does not match as written is not read twice.
  const mayBring = (text: string) =>
    INSTALLS_UNNAMED.test(text) || (MAY_BRING.test(text) && MAY_BRING.test(withoutPackages(text, WITHOUT_COMMAND[command])));
  if (runs.some((text) => mayBring(text) || named.test(text))) return true;
  const fileName = `/${command}`; // layer paths are normalized: no trailing '/'
  return layers.some(
    (layer) => layer.path.endsWith(fileName) || (layer.kind !== 'file' && folders.some((folder) => within(folder, layer.path))),
  );
}

const START_COMMANDS = ['train', 'serve'];

/**
 * The image may have a `train` or `serve` of its own on PATH: a file of that name in a PATH folder (copied,
 * or written by a RUN), or, where a source may be a folder (no build context), a source copied into one
 * or above one.
 */
export function ownStartCommand(image: ImageModel): boolean {
  const { model, images } = image;
  const target = model.target;
  if (!target) return false;
  const files = images.get(target);
  // Unknown because of a COPY or ADD: without a build context a copied source may be a folder that holds
  // them (`COPY container /opt/program` with /opt/program on PATH, `COPY bin/ /usr/local/bin/`, `COPY rootfs/ /`).
  const copied = (layer: Layer | undefined) => layer?.instr.keyword === 'COPY' || layer?.instr.keyword === 'ADD';
  return pathFolders(image).some((folder) =>
    START_COMMANDS.some((command) => {
      const file = path.posix.join(folder, command);
      const found = files.lookup(file);
      return found.status === 'present' || (found.status === 'unknown' && (found.layer?.path === file || copied(found.layer)));
    }),
  );
}

export const noStartCommand: Rule = (input) => {
  const { model, images } = input;
  const target = model.target;
  if (!target) return [];
  const chain = chainStages(target);
  const root = chain[0];
  const base = imageRepository(root.image).replace(DOCKER_HUB_PREFIX, '');
  if (root.imageUnresolved || !PLAIN_BASE.test(base) || lastInstruction(model.chain, 'ENTRYPOINT')) return [];
  const set = (name: string) => {
    const a = effective(model, name);
    return a && resolvedValue(a)?.trim() ? a : undefined;
  };
  const servedByInferenceToolkit = programToolkit(input) === 'inference';
  const training = set('SAGEMAKER_TRAINING_MODULE') ?? (servedByInferenceToolkit ? undefined : set('SAGEMAKER_PROGRAM'));
  const serving = set('SAGEMAKER_SERVING_MODULE') ?? (servedByInferenceToolkit ? set('SAGEMAKER_PROGRAM') : undefined);
  // A local project that a RUN installs may declare the command as a console script.
  if (chainInstalls(images, target).length > 0) return [];
  const layers = chainLayers(images, target);
  const folders = pathFolders(input);
  // With the requirements files read from the context, what they name stands for the installs from them;
  // a file that cannot be read may bring anything.
  const requirements = requirementsTexts(input);
  if (!requirements && chain.some((stage) => images.get(stage).requirements.length > 0)) return [];
  const runText = (text: string) => (requirements ? text.replace(REQUIREMENT_OPTION, ' ') : text);
  const runs = chain.flatMap((stage) => stage.fileOps.flatMap((op) => (op.kind === 'run' ? [runText(op.text)] : [])));
  if (requirements) runs.push(...requirements.map((text) => `pip install ${text}`));
  const findings: Finding[] = [];
  for (const [command, a] of [
    ['train', training],
    ['serve', serving],
  ] as const) {
    if (!a || mayBringCommand(runs, layers, command, folders)) continue;
    const install = command === 'train' ? 'sagemaker-training' : 'sagemaker-containers';
    // The inference toolkit has no command: its images start the model server from their ENTRYPOINT.
    const inferenceToolkit = command === 'serve' && runs.some((text) => INFERENCE_PACKAGE.test(text));
    const trainingToolkit =
      command === 'serve' && runs.some((text) => TRAINING_PACKAGE.test(text) || FRAMEWORK_TRAINING_PACKAGE.test(text));
    const what = inferenceToolkit
      ? `the inference toolkit and Multi Model Server install no '${command}' command (AWS's inference images start the model server from their ENTRYPOINT)`
      : trainingToolkit
        ? `the training toolkit installs 'train' only (pip install ${install} brings '${command}')`
        : `${root.image} has no SageMaker toolkit, no RUN of the stages this image is built from installs one (pip install ${install})`;
    // A serving image of its own (a `serve` script on PATH) fails only as a training image: say so, not that it never starts.
    const outcome =
      command === 'train' && mayBringCommand(runs, layers, 'serve', folders)
        ? `It may answer 'serve' only, so a training job with this image does not start: "executable file not found".`
        : `The container does not start: "executable file not found".`;
    const message =
      `SageMaker starts this image as 'docker run <image> ${command}', and nothing in it answers '${command}': ` +
      `${what}, no file named ${command} is copied, and there is no ENTRYPOINT. ${outcome}`;
    const from = root.from.range;
    const insertAt = HAS_PIP.test(base) && !inferenceToolkit ? { line: from.end.line + 1, character: 0 } : undefined;
    findings.push(finding('SM403', a.nameRange, message, { command, base: root.image, install, insertAt }));
  }
  return findings;
};

// Which SageMaker toolkit reads SAGEMAKER_PROGRAM in the target image, from what the Dockerfile shows:
// the base image's repository, what its RUN steps install, its own ENTRYPOINT. The training toolkit
// runs the program from /opt/ml/code; the inference toolkit (sagemaker-inference, Multi Model Server,
// the framework inference images) imports it as a module from /opt/ml/model/code, which the model
// archive fills at run time; the legacy toolkit (sagemaker-containers) serves code from
// SAGEMAKER_SUBMIT_DIRECTORY (docs/sagemaker-contract.md, The inference toolkit and the variables' table).
import * as path from 'node:path';
import { chainStages, type Assignment, type DockerfileModel, type Stage } from '../model';
import type { StageImages } from '../image-files';
import { CODE_DIR, effective, isCodeDir, resolvedValue } from '../model-queries';
import { installsFromRequirements } from '../run-paths';
import type { ImageModel } from './shared';

/** Where the inference toolkit imports SAGEMAKER_PROGRAM from. */
export const MODEL_CODE_DIR = '/opt/ml/model/code';
/** What the inference toolkit imports when SAGEMAKER_PROGRAM is not set. */
export const DEFAULT_INFERENCE_PROGRAM = 'inference.py';

export const INFERENCE_PACKAGE =
  /\bsagemaker[-_]inference\b|\bmulti[-_]model[-_]server\b|\bsagemaker[-_](?:pytorch|mxnet|huggingface)[-_](?:inference|serving)/i;
export const TF_SERVING_PACKAGE = /\bsagemaker[-_]tensorflow[-_](?:inference|serving)/i;
export const TRAINING_PACKAGE = /\bsagemaker[-_]training\b/i;
const LEGACY_PACKAGE = /\bsagemaker[-_]containers\b/i;

/** AWS framework inference images whose entry point serves with the inference toolkit (DJL, TGI and others do not). */
const INFERENCE_IMAGE =
  /^(?:huggingface-|stabilityai-)?(?:pytorch|mxnet|tensorflow)-inference(?:-(?:graviton|arm64|neuronx?|eia))*$|^autogluon-inference$/;
/** AWS serving images whose entry point starts a model server of their own (TGI, TEI, DJL/LMI, Triton): nothing reads SAGEMAKER_PROGRAM. */
const MODEL_SERVER_IMAGE =
  /^(?:huggingface-pytorch-tgi-inference|huggingface-tei(?:-cpu)?|djl-inference|djl-serving|sagemaker-tritonserver)$/;
const TRAINING_IMAGE = /^(?:huggingface-)?(?:pytorch|mxnet|tensorflow|autogluon)-training(?:-[a-z0-9]+)*$/;
/** SageMaker's own framework images that train with the legacy toolkit and serve through it. */
const LEGACY_IMAGE = /^sagemaker-(?:xgboost|scikit-learn)$/;

/** A FROM reference without tag or digest, lower-cased: `763104351884.dkr.ecr…/pytorch-inference` (a registry's `:port` stays). */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return (colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
}

/** The repository's last path segment: `pytorch-inference` in `763104351884.dkr.ecr…/pytorch-inference:2.1-gpu`. */
function repositoryName(image: string): string {
  const repository = imageRepository(image);
  return repository.slice(repository.lastIndexOf('/') + 1);
}

function installs(chain: readonly Stage[], pattern: RegExp): boolean {
  return chain.some((stage) => stage.fileOps.some((op) => op.kind === 'run' && pattern.test(op.text)));
}

interface ToolkitSigns {
  /** The training toolkit itself (sagemaker-training, a framework training image). */
  trainingToolkit: boolean;
  /** The legacy toolkit (sagemaker-containers, SageMaker's XGBoost and scikit-learn images). */
  legacy: boolean;
  /** Either of those, or SAGEMAKER_TRAINING_MODULE: the image trains. */
  training: boolean;
  /** The inference toolkit installed, or a framework inference image whose entry point is kept. */
  inference: boolean;
  tensorflowServing: boolean;
  /** A serving image with a model server of its own whose entry point is kept. */
  modelServer: boolean;
  /** A `pip install -r` whose files the build context does not show: what it brings cannot be read. */
  unreadableInstalls: boolean;
}

/** One reading per analysis: several rules ask. */
const signsCache = new WeakMap<StageImages, ToolkitSigns | undefined>();

function signsOf(image: ImageModel): ToolkitSigns | undefined {
  if (!signsCache.has(image.images)) signsCache.set(image.images, readSigns(image));
  return signsCache.get(image.images);
}

/**
 * What the target image shows of the toolkits; undefined without a target. The packages the
 * requirements files name count as if the RUN named them, when the build context shows every file.
 */
function readSigns(image: ImageModel): ToolkitSigns | undefined {
  const { model } = image;
  const target = model.target;
  if (!target) return undefined;
  const chain = chainStages(target);
  const base = repositoryName(chain[0].image);
  const ownEntrypoint = chain.some((stage) => stage.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
  const requiresFiles = chain.some((stage) =>
    stage.fileOps.some((op) => op.kind === 'run' && installsFromRequirements(op.text, model.parsed.escapeChar)),
  );
  const requirements = requiresFiles ? requirementsTexts(image) : [];
  const installed = (pattern: RegExp) => installs(chain, pattern) || !!requirements?.some((text) => pattern.test(text));
  const legacy = LEGACY_IMAGE.test(base) || installed(LEGACY_PACKAGE);
  const trainingToolkit = TRAINING_IMAGE.test(base) || installed(TRAINING_PACKAGE);
  return {
    trainingToolkit,
    legacy,
    training: trainingToolkit || legacy || !!effective(model, 'SAGEMAKER_TRAINING_MODULE'),
    // A framework inference image counts while its own entry point runs: an ENTRYPOINT of the Dockerfile replaces it.
    inference: installed(INFERENCE_PACKAGE) || installed(TF_SERVING_PACKAGE) || (INFERENCE_IMAGE.test(base) && !ownEntrypoint),
    tensorflowServing: base.startsWith('tensorflow-inference') || installed(TF_SERVING_PACKAGE),
    modelServer: MODEL_SERVER_IMAGE.test(base) && !ownEntrypoint,
    unreadableInstalls: requirements === undefined,
  };
}

/**
 * The toolkit that reads SAGEMAKER_PROGRAM: 'training' when the image shows the training or the legacy
 * toolkit (installed, a training or legacy framework base image, SAGEMAKER_TRAINING_MODULE), even
 * alongside the inference toolkit (one image for `train` and `serve` is held to the training rules);
 * 'inference' when it shows only the inference toolkit and installs nothing that cannot be read (a
 * requirements file the build context does not show may hold the training toolkit); undefined when it cannot be told.
 */
export function programToolkit(image: ImageModel): 'training' | 'inference' | undefined {
  const signs = signsOf(image);
  if (!signs) return undefined;
  if (signs.training) return 'training';
  return signs.inference && !signs.unreadableInstalls ? 'inference' : undefined;
}

/** The image shows no toolkit at all, and installs nothing that may hold one. */
export function showsNoToolkit(image: ImageModel): boolean {
  const signs = signsOf(image);
  return !!signs && !signs.training && !signs.inference && !signs.unreadableInstalls;
}

/**
 * The image shows the inference toolkit and neither of the others; a requirements file may still hold
 * the training toolkit, so the program's toolkit may be unknown (programToolkit undefined) while this holds.
 */
export function showsInferenceToolkitOnly(image: ImageModel): boolean {
  const signs = signsOf(image);
  return !!signs && signs.inference && !signs.training;
}

/** A requirements line that brings what the file does not name: another requirements file or an editable install. */
const NESTED_REQUIREMENTS = /^[ \t]*(?:-r|--requirement|-e|--editable)(?:\s|=|$)/m;
const REQUIREMENTS_COMMENT = /(?:^|\s)#.*$/gm;

/**
 * The files the target chain installs with `pip install -r`, read from the build context, comments left
 * out; undefined when one cannot be read: no context, none of the files found, or one named through a
 * variable, not copied from the context, or naming another file.
 */
export function requirementsTexts(image: ImageModel): string[] | undefined {
  // The toolkit signs, SM201 and SM403 ask: the files are read once per analysis.
  const { images } = image;
  if (!requirementsCache.has(images)) requirementsCache.set(images, readRequirements(image));
  return requirementsCache.get(images);
}

const requirementsCache = new WeakMap<StageImages, string[] | undefined>();

function readRequirements({ model, images, context }: ImageModel): string[] | undefined {
  const target = model.target;
  if (!target || !context) return undefined;
  const files = chainStages(target).flatMap((stage) => images.get(stage).requirements);
  if (files.length === 0) return undefined;
  const texts: string[] = [];
  for (const file of files) {
    const found = file?.view.lookup(file.path);
    if (found?.status !== 'present' || !found.contextPath) return undefined;
    const text = context.fs.read(path.join(context.dir, found.contextPath))?.replace(REQUIREMENTS_COMMENT, '');
    if (text === undefined || NESTED_REQUIREMENTS.test(text)) return undefined;
    texts.push(text);
  }
  return texts;
}

/** The PyTorch and TensorFlow training toolkits, which run the program's command line through a shell (CONTRACT T12). */
const SHELL_RUNNER_IMAGE = /^(?:huggingface-)?(?:pytorch|tensorflow)-training(?:-[a-z0-9]+)*$/;
const SHELL_RUNNER_PACKAGE = /\bsagemaker[-_](?:pytorch|tensorflow)[-_]training\b/i;
const FRAMEWORK_TRAINING_MODULE = /^\s*sagemaker_(?:pytorch|tensorflow)_container\.training:main\s*$/;

/**
 * The image trains with the PyTorch or the TensorFlow toolkit (a framework training base image or its
 * package), which joins the command with spaces and runs it through a shell (`capture_error=True`).
 */
export function runsProgramThroughShell(model: DockerfileModel): boolean {
  const target = model.target;
  // A SAGEMAKER_TRAINING_MODULE of the Dockerfile's own replaces the framework's training function.
  const module = effective(model, 'SAGEMAKER_TRAINING_MODULE');
  if (!target || (module && !FRAMEWORK_TRAINING_MODULE.test(resolvedValue(module) ?? ''))) return false;
  const chain = chainStages(target);
  return SHELL_RUNNER_IMAGE.test(repositoryName(chain[0].image)) || installs(chain, SHELL_RUNNER_PACKAGE);
}

/** An AWS serving image whose own model server starts (TGI, DJL, …) and that shows no training toolkit: nothing reads SAGEMAKER_PROGRAM. */
export function servesWithOwnModelServer(image: ImageModel): boolean {
  const signs = signsOf(image);
  return !!signs && signs.modelServer && !signs.training;
}

/** A TensorFlow Serving image (a `tensorflow-inference` base, the TensorFlow serving toolkit). */
export function servesWithTensorFlowServing(image: ImageModel): boolean {
  return !!signsOf(image)?.tensorflowServing;
}

/** An inference-toolkit image that imports SAGEMAKER_PROGRAM from /opt/ml/model/code (TensorFlow Serving images load a fixed path instead). */
export function importsFromModelCode(image: ImageModel): boolean {
  return programToolkit(image) === 'inference' && !servesWithTensorFlowServing(image);
}

/**
 * The image runs the training toolkit and not the legacy one: SAGEMAKER_SUBMIT_DIRECTORY in the
 * image then supplies no code, since the training toolkit replaces its value (only legacy serving reads it).
 */
export function submitDirectoryIgnored(image: ImageModel): boolean {
  const signs = signsOf(image);
  return !!signs && signs.trainingToolkit && !signs.legacy;
}

/** The image path where the inference toolkit finds the program `inference.py`: /opt/ml/model/code/inference.py. */
export const modelCodePath = (program: string) => path.posix.join(MODEL_CODE_DIR, program);

const DOTTED_MODULE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/**
 * With setup.py at the root of /opt/ml/code, the training toolkit installs the folder and runs a
 * program not ending in `.sh` as `python -m <name without .py>` there (docs/sagemaker-contract.md T7,
 * T12); the legacy toolkit looks for setup.py first, so a `.sh` name runs that way too (T15): the
 * module it runs, and whether that is a valid module name. Undefined outside package mode.
 */
export function packageModule(image: ImageModel, program: string): { module: string; valid: boolean } | undefined {
  const { model, images } = image;
  const target = model.target;
  if (!target) return undefined;
  const shellScript = program.endsWith('.sh');
  if (shellScript && !legacyToolkitOnly(image)) return undefined;
  if (images.get(target).lookup(`${CODE_DIR}/setup.py`).status !== 'present') return undefined;
  const module = program.replaceAll('.py', ''); // Python's str.replace: every occurrence
  return { module, valid: !shellScript && DOTTED_MODULE.test(module) };
}

/** The image trains with the legacy toolkit and shows no sign of the current one. */
function legacyToolkitOnly(image: ImageModel): boolean {
  const signs = signsOf(image);
  return !!signs && signs.legacy && !signs.trainingToolkit;
}

/**
 * SAGEMAKER_SUBMIT_DIRECTORY when it names a place other than /opt/ml/code (a download from /opt/ml/code
 * into itself adds no file); `known` is false for a value with an unset variable, which may name any place.
 */
function otherSubmitDirectory(model: DockerfileModel): { a: Assignment; known: boolean } | undefined {
  const a = effective(model, 'SAGEMAKER_SUBMIT_DIRECTORY');
  if (!a) return undefined;
  const value = resolvedValue(a)?.trim();
  if (value === undefined) return { a, known: false };
  return value === '' || isCodeDir(value.replace(/^file:\/\//, '')) ? undefined : { a, known: true };
}

/**
 * SAGEMAKER_SUBMIT_DIRECTORY names a place code may come from when the container starts: legacy
 * serving reads it, the training toolkit replaces its value (docs/sagemaker-contract.md, the
 * variables' table and T6). So it counts only where the image may serve with the legacy toolkit.
 */
export function codeMayArriveElsewhere(image: ImageModel): boolean {
  return otherSubmitDirectory(image.model) !== undefined && !submitDirectoryIgnored(image);
}

/** A SAGEMAKER_SUBMIT_DIRECTORY that names another place, in an image whose training toolkit replaces it. */
export function ignoredSubmitDirectoryNote(image: ImageModel): string {
  const other = otherSubmitDirectory(image.model);
  if (!other?.known || !submitDirectoryIgnored(image)) return '';
  return (
    ` SAGEMAKER_SUBMIT_DIRECTORY (line ${other.a.instr.range.start.line + 1}) brings no code: the training toolkit replaces it with the job's ` +
    `sagemaker_submit_directory hyperparameter (the SageMaker SDK's source_dir).`
  );
}

// Which SageMaker toolkit reads SAGEMAKER_PROGRAM in the target image, from what the Dockerfile shows:
// the base image's repository and what its RUN steps install. The training toolkit runs the program
// from /opt/ml/code; the inference toolkit (sagemaker-inference, Multi Model Server, the framework
// inference images) imports it as a module from /opt/ml/model/code, which the model archive fills at
// run time (docs/sagemaker-contract.md, The inference toolkit).
import * as path from 'node:path';
import { chainStages, type DockerfileModel, type Stage } from '../model';
import { CODE_DIR, effective, resolvedValue } from '../model-queries';

/** Where the inference toolkit imports SAGEMAKER_PROGRAM from. */
export const MODEL_CODE_DIR = '/opt/ml/model/code';

const INFERENCE_PACKAGE =
  /\bsagemaker[-_]inference\b|\bmulti[-_]model[-_]server\b|\bsagemaker[-_](?:pytorch|mxnet|tensorflow|huggingface)[-_](?:inference|serving)/i;
const TRAINING_PACKAGE = /\bsagemaker[-_]training\b|\bsagemaker[-_]containers\b/i;

/** The repository's last path segment without tag or digest: `pytorch-inference` in `763104351884.dkr.ecr…/pytorch-inference:2.1-gpu`. */
function repositoryName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

const namesRole = (image: string, role: 'inference' | 'training') => repositoryName(image).split('-').includes(role);

function installs(chain: readonly Stage[], pattern: RegExp): boolean {
  return chain.some((stage) => stage.fileOps.some((op) => op.kind === 'run' && pattern.test(op.text)));
}

/**
 * The toolkit the target image shows: 'training' when it shows the training toolkit (installed, a
 * `-training` base image, SAGEMAKER_TRAINING_MODULE), even alongside the inference toolkit (one image
 * for `train` and `serve` is held to the training toolkit's rules); 'inference' when it shows only
 * the inference toolkit; undefined when it shows neither.
 */
export function programToolkit(model: DockerfileModel): 'training' | 'inference' | undefined {
  const target = model.target;
  if (!target) return undefined;
  const chain = chainStages(target);
  const base = chain[0].image;
  if (namesRole(base, 'training') || installs(chain, TRAINING_PACKAGE) || effective(model, 'SAGEMAKER_TRAINING_MODULE')) return 'training';
  if (namesRole(base, 'inference') || installs(chain, INFERENCE_PACKAGE)) return 'inference';
  return undefined;
}

/** The image path where the inference toolkit finds the program `inference.py`: /opt/ml/model/code/inference.py. */
export const modelCodePath = (program: string) => path.posix.join(MODEL_CODE_DIR, program);

/** PYTHONPATH puts /opt/ml/code on the path the inference toolkit imports from; undefined when it cannot be told. */
export function pythonPathHasCodeDir(model: DockerfileModel): boolean | undefined {
  const a = effective(model, 'PYTHONPATH');
  if (!a) return false;
  const value = resolvedValue(a);
  if (value === undefined) return undefined;
  return value.split(':').some((entry) => entry !== '' && path.posix.normalize(`${entry}/`) === `${CODE_DIR}/`);
}

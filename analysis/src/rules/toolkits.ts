// Which SageMaker toolkit reads SAGEMAKER_PROGRAM in the target image, from what the Dockerfile shows:
// the base image's repository, what its RUN steps install, where it copies the program. The training
// toolkit runs the program from /opt/ml/code; the inference toolkit (sagemaker-inference, Multi Model
// Server, the framework inference images) imports it as a module from /opt/ml/model/code, which the
// model archive fills at run time (docs/sagemaker-contract.md, The inference toolkit).
import * as path from 'node:path';
import { chainStages, type DockerfileModel, type Stage } from '../model';
import type { StageImages } from '../image-files';
import { effective } from '../model-queries';

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
 * The image serves with the inference toolkit and shows no sign of the training toolkit: then
 * SAGEMAKER_PROGRAM names a module in the model archive, and /opt/ml/code need not hold it. An image
 * with both (one image for `train` and `serve`) is held to the training toolkit's rules.
 */
export function inferenceToolkitOnly(model: DockerfileModel, images: StageImages, program: string): boolean {
  const target = model.target;
  if (!target) return false;
  const chain = chainStages(target);
  const base = chain[0].image;
  const training = namesRole(base, 'training') || installs(chain, TRAINING_PACKAGE) || !!effective(model, 'SAGEMAKER_TRAINING_MODULE');
  if (training) return false;
  if (namesRole(base, 'inference') || installs(chain, INFERENCE_PACKAGE)) return true;
  // The program is where the inference toolkit looks for it.
  return images.get(target).lookup(path.posix.join(MODEL_CODE_DIR, program)).status === 'present';
}

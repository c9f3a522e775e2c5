// Which toolkit code reads each SageMaker key (docs/sagemaker-contract.md#the-entry-point-variables), in words for hover.
const TT = 'sagemaker-training';
const SC = 'sagemaker-containers (legacy)';
const IT = 'sagemaker-inference';

const READ_BY: Record<string, string> = {
  SAGEMAKER_PROGRAM: `${TT}: environment.py (Environment); ${SC}: _env.py; ${IT}: environment.py (default inference.py)`,
  SAGEMAKER_TRAINING_MODULE: `${TT}: environment.py, called by trainer.train; ${SC}: _env.py (TrainingEnv)`,
  SAGEMAKER_SERVING_MODULE: `${SC}: _env.py (ServingEnv) → cli/serve.py → gunicorn; not read by ${IT}`,
  SAGEMAKER_SUBMIT_DIRECTORY: `${TT}: environment.py (then overwritten by the hyperparameter); ${SC}: _env.py (serving)`,
  SAGEMAKER_REGION: `${TT}: trainer.py, files.py (after AWS_REGION)`,
  SAGEMAKER_CONTAINER_LOG_LEVEL: `${TT}: environment.py; ${SC}: _env.py`,
  SAGEMAKER_ENABLE_CLOUDWATCH_METRICS: `declared only (${TT} and ${SC}: params.py)`,
  SAGEMAKER_JOB_NAME: `written by ${TT} and ${SC} from the sagemaker_job_name hyperparameter`,
  SAGEMAKER_BASE_DIR: `${TT}, ${SC}, ${IT}: environment.py at import time`,
  SAGEMAKER_MODEL_SERVER_WORKERS: `${IT}: environment.py; ${SC}: _env.py`,
  SAGEMAKER_MODEL_SERVER_TIMEOUT: `${IT}: environment.py; ${SC}: _env.py`,
  SAGEMAKER_MODEL_SERVER_TIMEOUT_SECONDS: `${IT}: environment.py`,
  SAGEMAKER_MODEL_SERVER_VMARGS: `${IT}: environment.py`,
  SAGEMAKER_STARTUP_TIMEOUT: `${IT}: environment.py`,
  SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: `${IT}: environment.py (transformer.py); ${SC}: _env.py (ServingEnv)`,
  SAGEMAKER_BIND_TO_PORT: `${IT}: environment.py; ${SC}: nginx or gunicorn bind`,
  SAGEMAKER_SAFE_PORT_RANGE: `${IT}: environment.py (unused); ${SC}: _server.py`,
  SAGEMAKER_USE_NGINX: `${SC}: _env.py (ServingEnv, strtobool)`,
  SAGEMAKER_MULTI_MODEL: `${IT}: environment.py, model_server.py`,
  SAGEMAKER_HANDLER: `${IT}: model_server.py (multi-model mode)`,
  SAGEMAKER_MAX_PAYLOAD_IN_MB: `${IT}: environment.py`,
  SAGEMAKER_BATCH: 'set by the platform for batch transform; no toolkit reads it',
  SAGEMAKER_BATCH_STRATEGY: 'set by the platform for batch transform; no toolkit reads it',
  SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: 'set by the platform for batch transform; no toolkit reads it',
  SAGEMAKER_REQUIREMENTS: `no current toolkit (${TT}, ${IT}, ${SC})`,
  SAGEMAKER_INFERENCE_ACCELERATOR_PRESENT: 'old MXNet and TensorFlow serving code (Elastic Inference)',
};

export function readBy(key: string): string | undefined {
  return Object.hasOwn(READ_BY, key) ? READ_BY[key] : undefined;
}

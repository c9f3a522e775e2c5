// The SageMaker variables the toolkits read (docs/sagemaker-contract.md#the-entry-point-variables), with what they are for.
// Used by the rules (which values are valid), by SM001 (near-misses) and by hover/completion.

export type ValueKind =
  | 'program'
  | 'training-module'
  | 'serving-module'
  | 'integer'
  | 'positive-integer'
  | 'port'
  | 'port-range'
  | 'exact-boolean'
  | 'strtobool'
  | 'text';

export interface SageMakerKey {
  name: string;
  kind: ValueKind;
  /** What the key means, in one or two sentences. */
  doc: string;
  /** Set by the platform at run time; baking it into the image is suspicious (SM305). */
  platformProvided?: boolean;
  /** Read by no current toolkit (SM304). */
  obsolete?: boolean;
}

const key = (name: string, kind: ValueKind, doc: string, extra: Partial<SageMakerKey> = {}): SageMakerKey => ({
  name,
  kind,
  doc,
  ...extra,
});

export const SAGEMAKER_KEYS: readonly SageMakerKey[] = [
  key(
    'SAGEMAKER_PROGRAM',
    'program',
    "The user entry point, a file name relative to `/opt/ml/code` (the working directory). `.py` runs with the toolkit's Python; `.sh` and anything else runs as `/bin/sh -c ./<name>`.",
  ),
  key(
    'SAGEMAKER_TRAINING_MODULE',
    'training-module',
    'Framework hook `dotted.module:function`: the training toolkit imports the module and calls the function with no arguments instead of running SAGEMAKER_PROGRAM itself.',
  ),
  key(
    'SAGEMAKER_SERVING_MODULE',
    'serving-module',
    'Legacy serving hook (sagemaker-containers `serve`): handed verbatim to gunicorn as the WSGI app `module[:attribute]`; without `:attribute` gunicorn looks for `application`.',
  ),
  key(
    'SAGEMAKER_SUBMIT_DIRECTORY',
    'text',
    'Where user code comes from (S3 URI, folder, tarball). The training toolkit overwrites it from the `sagemaker_submit_directory` hyperparameter; only legacy serving reads the variable.',
  ),
  key('SAGEMAKER_REGION', 'text', 'AWS region for S3 downloads; the toolkit rewrites it from the `sagemaker_region` hyperparameter.'),
  key(
    'SAGEMAKER_CONTAINER_LOG_LEVEL',
    'integer',
    'Toolkit log level as an integer (10, 20, 30, 40, 50); parsed with `int()`, so any other text fails the job.',
  ),
  key('SAGEMAKER_ENABLE_CLOUDWATCH_METRICS', 'text', 'Legacy flag; declared by the toolkits but has no effect.'),
  key('SAGEMAKER_JOB_NAME', 'text', 'Mirror of the training job name, written by the toolkit.'),
  key('SAGEMAKER_BASE_DIR', 'text', 'Relocates the whole `/opt/ml` tree (for testing outside SageMaker).'),
  key('SAGEMAKER_MODEL_SERVER_WORKERS', 'positive-integer', 'Number of model-server worker processes; parsed with `int()`.'),
  key('SAGEMAKER_MODEL_SERVER_TIMEOUT', 'integer', 'Model-server response timeout in seconds; parsed with `int()`.'),
  key(
    'SAGEMAKER_MODEL_SERVER_TIMEOUT_SECONDS',
    'integer',
    'Model-server response timeout in seconds (MMS `default_response_timeout_seconds`); parsed with `int()`.',
  ),
  key('SAGEMAKER_MODEL_SERVER_VMARGS', 'text', 'JVM arguments for Multi Model Server.'),
  key('SAGEMAKER_STARTUP_TIMEOUT', 'integer', 'Seconds the inference toolkit waits for the model server to start; parsed with `int()`.'),
  key('SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT', 'text', 'MIME type used when an invocation has no `Accept` header.'),
  key(
    'SAGEMAKER_BIND_TO_PORT',
    'port',
    'Port the server listens on. Set by the platform for inference pipelines and multi-container endpoints.',
    { platformProvided: true },
  ),
  key('SAGEMAKER_SAFE_PORT_RANGE', 'port-range', 'Range `N-M` for any extra ports the container opens. Set by the platform.', {
    platformProvided: true,
  }),
  key(
    'SAGEMAKER_USE_NGINX',
    'strtobool',
    'Legacy serving: put nginx in front of gunicorn. Parsed with `strtobool` (y/yes/t/true/on/1, n/no/f/false/off/0).',
  ),
  key(
    'SAGEMAKER_MULTI_MODEL',
    'exact-boolean',
    'Multi-model mode; only the exact lowercase `true` enables it. Injected by the platform for multi-model endpoints.',
    { platformProvided: true },
  ),
  key('SAGEMAKER_HANDLER', 'text', 'Default service handler `module:attr` of Multi Model Server in multi-model mode.'),
  key(
    'SAGEMAKER_MAX_PAYLOAD_IN_MB',
    'integer',
    'Maximum request size in MB; parsed with `int()`. Set by the platform for batch transform.',
  ),
  key('SAGEMAKER_BATCH', 'text', 'Set by the platform for batch transform.'),
  key('SAGEMAKER_BATCH_STRATEGY', 'text', 'Set by the platform for batch transform: SINGLE_RECORD or MULTI_RECORD.'),
  key('SAGEMAKER_MAX_CONCURRENT_TRANSFORMS', 'text', 'Set by the platform for batch transform.'),
  key('SAGEMAKER_REQUIREMENTS', 'text', 'Read by no current toolkit; `requirements.txt` at the code root is what gets installed.', {
    obsolete: true,
  }),
  key('SAGEMAKER_INFERENCE_ACCELERATOR_PRESENT', 'text', 'Elastic Inference flag (obsolete).'),
];

const byName = new Map(SAGEMAKER_KEYS.map((k) => [k.name, k]));

export function sageMakerKey(name: string): SageMakerKey | undefined {
  return byName.get(name);
}

/** The three variables that name the code SageMaker runs. */
export const ENTRY_POINT_KEYS = ['SAGEMAKER_PROGRAM', 'SAGEMAKER_TRAINING_MODULE', 'SAGEMAKER_SERVING_MODULE'] as const;
export type EntryPointKey = (typeof ENTRY_POINT_KEYS)[number];

export function isEntryPointKey(name: string): name is EntryPointKey {
  return (ENTRY_POINT_KEYS as readonly string[]).includes(name);
}

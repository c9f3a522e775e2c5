// `docker run -p 127.0.0.1:<port>:8080 <image> serve`, ready when GET /ping answers 200 (R6); then an
// endpoint to invoke and stop. A container that dies first is reported with its last lines.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { errorMessage } from '../../analysis/src';
import { prepareModelFolder } from './archive';
import type { Engine } from './commands';
import { startContainer } from './container';
import type { ContainerExit } from './container';
import { prepareEnvironment } from './environment';
import { LineTail } from './events';
import { invokeEndpoint, waitForPing } from './http';
import type { InvokeRequest, InvokeResult } from './http';
import type { Cancelled } from './process';
import { DEFAULT_HOST, defaultJobsRoot, OPT_ML } from './job';
import type { ContainerSettings } from './train';

export const SERVING_PORT = 8080;

export interface ServeOptions extends ContainerSettings {
  engine: Engine;
  image: string;
  /** Unique: the container's name and the job folder's. */
  name: string;
  jobsRoot?: string;
  /** A model folder, a model.tar.gz or a training job's folder, copied or extracted into a private folder mounted at /opt/ml/model. */
  model?: string;
  /** Host port on 127.0.0.1 (default 8080); a free one is chosen when it is taken, unless `strictPort`. */
  port?: number;
  /** When `port` is taken, do not start (the user asked for that port) instead of choosing another. */
  strictPort?: boolean;
  /** How long /ping may take to answer 200 (default 300 s). */
  startupTimeoutMs?: number;
  /** Default 200 ms; at most 250. */
  pingIntervalMs?: number;
}

export interface Endpoint {
  url: string;
  port: number;
  containerName: string;
  modelDir: string;
  /** From the container start to the first 200 from /ping. */
  readyAfterMs: number;
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  /** Stops and removes the container. */
  stop(): Promise<ContainerExit>;
  /** Settles when the container ends, stopped or not. */
  exit: Promise<ContainerExit>;
  /** The container's output lines so far, the last 20. */
  lastLines(): string[];
}

export type ServeStart =
  | { kind: 'ready'; endpoint: Endpoint }
  | { kind: 'exited'; exitCode: number; lastLines: string[] }
  | { kind: 'timeout'; lastLines: string[]; lastProblem?: string; timeoutMs: number }
  | (Cancelled & { removed: boolean })
  /** `portTaken`: the port that was asked for is in use on 127.0.0.1. */
  | { kind: 'not-started'; message: string; portTaken?: number };

function canListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/** `preferred` when nothing listens on 127.0.0.1:preferred, else a port the system hands out. */
export async function choosePort(preferred: number): Promise<number> {
  return (await canListen(preferred)) ?? (await canListen(0)) ?? preferred;
}

export async function serve(options: ServeOptions): Promise<ServeStart> {
  const emit = options.onEvent ?? (() => undefined);
  if (options.signal?.aborted) return { kind: 'cancelled', removed: true };
  const dir = path.join(options.jobsRoot ?? defaultJobsRoot(), options.name);
  const modelDir = path.join(dir, 'model');
  try {
    fs.mkdirSync(modelDir, { recursive: true });
  } catch (error) {
    return { kind: 'not-started', message: `cannot create ${modelDir}: ${errorMessage(error)}` };
  }
  if (options.model) {
    emit({ type: 'phase', phase: 'prepare', message: `model from ${options.model} into ${modelDir}` });
    const model = await prepareModelFolder(options.model, modelDir, {
      signal: options.signal,
      log: (text) => emit({ type: 'command', text }),
    });
    if (model.kind === 'cancelled') return { kind: 'cancelled', removed: true };
    if (model.kind === 'failed') return { kind: 'not-started', message: `cannot prepare the model: ${model.message}` };
  }
  const wanted = options.port ?? SERVING_PORT;
  const port = options.strictPort ? await canListen(wanted) : await choosePort(wanted);
  if (port === undefined) return { kind: 'not-started', message: `port ${wanted} on 127.0.0.1 is taken`, portTaken: wanted };
  if (port !== wanted) emit({ type: 'warning', message: `port ${wanted} is taken: using ${port}` });
  const hostEnv = options.hostEnv ?? process.env;
  const prepared = await prepareEnvironment({
    hostEnv,
    passAwsCredentials: options.passAwsCredentials,
    user: options.env,
    log: (message) => emit({ type: 'phase', phase: 'prepare', message }),
  });
  if (prepared.kind === 'failed') return { kind: 'not-started', message: prepared.message };
  const tail = new LineTail();
  const stopSignal = new AbortController();
  const onCancel = () => stopSignal.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  emit({ type: 'phase', phase: 'run', message: `serving in container ${options.name} on 127.0.0.1:${port}` });
  const started = performance.now();
  const container = startContainer({
    engine: options.engine,
    env: prepared.processEnv,
    signal: stopSignal.signal,
    outputReady: options.outputReady,
    log: (text) => emit({ type: 'command', text }),
    onOutput: (stream, line) => {
      tail.push(line);
      emit({ type: 'output', source: 'serve', stream, line });
    },
    spec: {
      image: options.image,
      name: options.name,
      mode: 'serve',
      hostname: DEFAULT_HOST,
      mounts: [{ host: modelDir, container: `${OPT_ML}/model` }],
      env: prepared.vars,
      publish: { hostPort: port, containerPort: SERVING_PORT },
      init: options.init,
      gpus: options.gpus,
      user: options.user,
      extraArgs: options.extraRunArgs,
    },
  });
  void container.exit.finally(() => options.signal?.removeEventListener('abort', onCancel));
  const url = `http://127.0.0.1:${port}`;
  emit({ type: 'phase', phase: 'wait-ready', message: `waiting for ${url}/ping to answer 200` });
  const timeoutMs = options.startupTimeoutMs ?? 300_000;
  const ping = await waitForPing({
    baseUrl: url,
    timeoutMs,
    intervalMs: options.pingIntervalMs,
    signal: stopSignal.signal,
    until: container.exit,
  });
  if (ping.kind === 'ready') {
    const readyAfterMs = performance.now() - started;
    emit({ type: 'phase', phase: 'ready', message: `ready after ${(readyAfterMs / 1000).toFixed(1)} s: POST ${url}/invocations` });
    const endpoint: Endpoint = {
      url,
      port,
      containerName: options.name,
      modelDir,
      readyAfterMs,
      invoke: (request) => invokeEndpoint(url, request),
      stop: () => container.stop(),
      exit: container.exit,
      lastLines: () => tail.get(),
    };
    return { kind: 'ready', endpoint };
  }
  if (ping.kind === 'timeout') {
    emit({ type: 'phase', phase: 'stop', message: 'not ready in time: stopping the container' });
    await container.stop();
    return { kind: 'timeout', lastLines: tail.get(), lastProblem: ping.lastProblem, timeoutMs };
  }
  const exit = await container.exit;
  if (exit.kind === 'exited') return { kind: 'exited', exitCode: exit.code, lastLines: tail.get() };
  if (exit.kind === 'not-found') return { kind: 'not-started', message: exit.message };
  return { kind: 'cancelled', removed: exit.removed };
}

// The image to ECR: the repository (created when asked), a login with a token from
// GetAuthorizationToken (the password on the engine's stdin), tag, push, and the extra tag removed again.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { awsSdk, runProcess } from '../../runner/src';
import type { Cancelled, CommandLine, Engine, ProcessResult } from '../../runner/src';
import { errorMessage } from '../../analysis/src';
import { isAwsError } from './clients';
import type { CloudEventSink } from './events';
import type { Repository } from './names';
import { loginCommand, pushCommand, tagCommand, untagCommand } from './registry-commands';

export interface PushOptions {
  engine: Engine;
  ecr: ECRClient;
  /** The locally built image. */
  localImage: string;
  repository: Repository;
  tag: string;
  createRepository?: boolean;
  hostEnv?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: CloudEventSink;
}

export type PushResult = { kind: 'pushed'; image: string } | { kind: 'failed'; message: string } | Cancelled;

class PushError extends Error {}

async function ensureRepository(options: PushOptions, emit: CloudEventSink): Promise<void> {
  const { ecr, repository, signal } = options;
  try {
    await ecr.send(
      new (awsSdk().ecr().DescribeRepositoriesCommand)({ registryId: repository.registryId, repositoryNames: [repository.name] }),
      { abortSignal: signal },
    );
    return;
  } catch (error) {
    if (!isAwsError(error, 'RepositoryNotFoundException'))
      throw new PushError(`cannot look up the ECR repository '${repository.name}': ${errorMessage(error)}`);
  }
  if (!options.createRepository) {
    throw new PushError(
      `the ECR repository '${repository.name}' does not exist in ${repository.registry}: create it, or let it be created (--create-repository, the submit.createRepository setting)`,
    );
  }
  emit({ type: 'phase', phase: 'push', message: `creating the ECR repository ${repository.name}` });
  try {
    await ecr.send(new (awsSdk().ecr().CreateRepositoryCommand)({ registryId: repository.registryId, repositoryName: repository.name }), {
      abortSignal: signal,
    });
  } catch (error) {
    throw new PushError(`cannot create the ECR repository '${repository.name}': ${errorMessage(error)}`);
  }
}

/** The registry's address and a password from an ECR token ("AWS:<password>" in base64). */
async function registryCredentials(options: PushOptions): Promise<{ host: string; insecure: boolean; password: string }> {
  let answer;
  try {
    // registryIds no longer scopes the token, but it still picks the proxy endpoint of the repository's registry.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    answer = await options.ecr.send(new (awsSdk().ecr().GetAuthorizationTokenCommand)({ registryIds: [options.repository.registryId] }), {
      abortSignal: options.signal,
    });
  } catch (error) {
    throw new PushError(`cannot get an ECR login token: ${errorMessage(error)}`);
  }
  const data = answer.authorizationData?.[0];
  const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!data?.proxyEndpoint || colon < 0) throw new PushError('ECR answered GetAuthorizationToken without a token or endpoint');
  const endpoint = new URL(data.proxyEndpoint);
  return { host: endpoint.host, insecure: endpoint.protocol === 'http:', password: decoded.slice(colon + 1) };
}

/** A folder only we can read, on a RAM-backed file system when there is one (XDG_RUNTIME_DIR). */
function privateFolder(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  const base = runtime && fs.existsSync(runtime) ? runtime : os.tmpdir();
  return fs.mkdtempSync(path.join(base, 'sagemaker-entrypoint-login-'));
}

export async function pushImage(options: PushOptions): Promise<PushResult> {
  const emit = options.onEvent ?? (() => undefined);
  const { engine, signal } = options;
  const env = options.hostEnv ?? process.env;
  const log = (text: string) => emit({ type: 'command', text });
  const output = (line: string) => emit({ type: 'output', source: 'build', stream: 'stderr', line });
  const run = (cmd: CommandLine, input?: string): Promise<ProcessResult> =>
    runProcess(cmd, { env, signal, log, onStdout: output, onStderr: output, input });
  /** How a command ends the push: cancelled or failed; undefined when it succeeded and the push goes on. */
  const stopped = (result: ProcessResult, what: string): Exclude<PushResult, { kind: 'pushed' }> | undefined => {
    if (result.kind === 'cancelled') return result;
    if (result.kind === 'not-found') return { kind: 'failed', message: `'${result.command}' was not found (${result.message})` };
    if (result.code !== 0) return { kind: 'failed', message: `${what} failed with exit code ${result.code}` };
    return undefined;
  };
  let authDir: string | undefined;
  let tagged: string | undefined;
  try {
    await ensureRepository(options, emit);
    const { host, insecure, password } = await registryCredentials(options);
    const remote = `${host}/${options.repository.name}:${options.tag}`;
    authDir = privateFolder(env);
    emit({ type: 'phase', phase: 'push', message: `logging in to ${host} (token from ECR, not shown)` });
    const login = stopped(await run(loginCommand(engine, host, authDir, insecure), `${password}\n`), 'the registry login');
    if (login) return login;
    const tag = stopped(await run(tagCommand(engine, options.localImage, remote)), 'tagging');
    if (tag) return tag;
    tagged = remote;
    emit({ type: 'phase', phase: 'push', message: `pushing ${remote}` });
    return stopped(await run(pushCommand(engine, remote, authDir, insecure)), 'the push') ?? { kind: 'pushed', image: remote };
  } catch (error) {
    if (error instanceof PushError) return { kind: 'failed', message: error.message };
    if (signal?.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', message: errorMessage(error) };
  } finally {
    if (authDir) fs.rmSync(authDir, { recursive: true, force: true });
    if (tagged) await runProcess(untagCommand(engine, options.localImage, tagged), { env, log });
  }
}

// Command lines are data: pure builders from options to `{ command, args }` for docker and podman.
// Nothing here spawns anything; process.ts runs what these return.

export type EngineKind = 'docker' | 'podman';

export interface Engine {
  kind: EngineKind;
  /** Executable to spawn: a path, or a bare name found on PATH. */
  path: string;
  /**
   * Whether `run --rm` reports the container's exit code. False for the docker CLI talking to podman's
   * Docker API (containers/podman#18889: exit 0 whatever the container returned): then containers run
   * without `--rm` and are removed after their exit.
   */
  rmKeepsExitCode: boolean;
  /** Extra environment for every engine process (e.g. DOCKER_HOST). */
  env?: Record<string, string>;
  /** Server version, for messages. */
  version?: string;
}

export interface CommandLine {
  command: string;
  args: string[];
  /** Added to the environment of the spawned process. */
  env?: Record<string, string>;
}

export type PullPolicy = 'missing' | 'never' | 'always';

export interface BuildSpec {
  dockerfile: string;
  context: string;
  tag: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Unset: the engine's default. docker's classic builder has no `never`: it uses local images when present. */
  pull?: PullPolicy;
  extraArgs?: readonly string[];
}

export interface Mount {
  host: string;
  container: string;
  readOnly?: boolean;
  /** podman's `:O`: the container writes to a private overlay, the host folder never changes. */
  overlay?: boolean;
}

/** A variable with a value, or a bare name whose value the engine takes from its own environment. */
export interface EnvVar {
  name: string;
  value?: string;
}

export interface RunSpec {
  image: string;
  name: string;
  mode: 'train' | 'serve';
  hostname: string;
  mounts: readonly Mount[];
  env: readonly EnvVar[];
  /** Publishes 127.0.0.1:<hostPort> → <containerPort>. */
  publish?: { hostPort: number; containerPort: number };
  /** A network of the job's own, on which the others reach this container by `alias`. */
  network?: { name: string; alias: string };
  /** Runs the engine's init as PID 1; by default the image's entry point is PID 1, as on SageMaker. */
  init?: boolean;
  gpus?: boolean;
  user?: string;
  extraArgs?: readonly string[];
}

function line(engine: Engine, args: string[], env?: Record<string, string>): CommandLine {
  const merged = { ...engine.env, ...env };
  return Object.keys(merged).length > 0 ? { command: engine.path, args, env: merged } : { command: engine.path, args };
}

function pullArgs(engine: Engine, pull: PullPolicy | undefined): string[] {
  if (pull === undefined) return [];
  if (engine.kind === 'podman') return [`--pull=${pull}`];
  return pull === 'always' ? ['--pull'] : [];
}

export function buildCommand(engine: Engine, spec: BuildSpec): CommandLine {
  const args = ['build', '-f', spec.dockerfile, '-t', spec.tag];
  if (spec.target) args.push('--target', spec.target);
  for (const [name, value] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
  // Through podman's Docker API a failed build otherwise leaves its working container (Docker's API default).
  if (engine.kind === 'docker' && !engine.rmKeepsExitCode) args.push('--force-rm');
  args.push(...pullArgs(engine, spec.pull), ...(spec.extraArgs ?? []), spec.context);
  // BuildKit otherwise draws a progress display that turns into noise when captured line by line.
  return line(engine, args, engine.kind === 'docker' ? { BUILDKIT_PROGRESS: 'plain' } : undefined);
}

export function runCommand(engine: Engine, spec: RunSpec): CommandLine {
  const args = ['run'];
  if (engine.rmKeepsExitCode) args.push('--rm');
  args.push('--name', spec.name);
  if (spec.init) args.push('--init');
  args.push('--hostname', spec.hostname);
  if (spec.network) args.push('--network', spec.network.name, '--network-alias', spec.network.alias);
  for (const m of spec.mounts) args.push('-v', `${m.host}:${m.container}${m.readOnly ? ':ro' : m.overlay ? ':O' : ''}`);
  for (const v of spec.env) args.push('-e', v.value === undefined ? v.name : `${v.name}=${v.value}`);
  if (spec.publish) args.push('-p', `127.0.0.1:${spec.publish.hostPort}:${spec.publish.containerPort}`);
  if (spec.gpus) args.push(...(engine.kind === 'docker' ? ['--gpus', 'all'] : ['--device', 'nvidia.com/gpu=all']));
  if (spec.user) args.push('--user', spec.user);
  args.push(...(spec.extraArgs ?? []), spec.image, spec.mode);
  return line(engine, args);
}

/** Sends `signal` to the container's PID 1 (default SIGKILL, which ends it at once). */
export function killCommand(engine: Engine, name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGKILL'): CommandLine {
  return line(engine, ['kill', '--signal', signal, name]);
}

/** Removes the container whatever its state (kills it if running). */
export function removeCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['rm', '-f', name]);
}

/** Prints the name of every container (running or not) whose name is exactly `name`. */
export function psCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['ps', '-a', '--filter', `name=^${name}$`, '--format', '{{.Names}}']);
}

/**
 * podman only: every container including buildah's build containers (state `Storage`), as `<full id> <state>`.
 * podman 4.3 leaves a build's working container behind when the build is interrupted.
 */
export function buildContainersCommand(engine: Engine): CommandLine | undefined {
  return engine.kind === 'podman' ? line(engine, ['ps', '-a', '--external', '--no-trunc', '--format', '{{.ID}} {{.State}}']) : undefined;
}

/** Blocks until the container exits and prints its exit code. */
export function waitCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['wait', name]);
}

export function removeImageCommand(engine: Engine, image: string): CommandLine {
  return line(engine, ['rmi', '-f', image]);
}

/** The image's configured environment as a JSON array of `NAME=value`. */
export function imageEnvCommand(engine: Engine, image: string): CommandLine {
  return line(engine, ['image', 'inspect', '--format', '{{json .Config.Env}}', image]);
}

export function networkCreateCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['network', 'create', name]);
}

export function networkRemoveCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['network', 'rm', name]);
}

/** Prints the network's name when it exists. */
export function networkListCommand(engine: Engine, name: string): CommandLine {
  return line(engine, ['network', 'ls', '--filter', `name=^${name}$`, '--format', '{{.Name}}']);
}

/** Whether the image exists locally: exit 0 or not. */
export function imageExistsCommand(engine: Engine, image: string): CommandLine {
  return line(engine, ['image', 'inspect', '--format', '{{.Id}}', image]);
}

/** docker: JSON of the server (fails when no daemon answers); podman: the version. */
export function versionCommand(engine: Engine): CommandLine {
  return line(engine, ['version', '--format', engine.kind === 'docker' ? '{{json .Server}}' : '{{.Version}}']);
}

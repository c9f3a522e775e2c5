// Command lines for tagging, logging in to a registry and pushing, for docker and podman. Pure data like
// the runner's builders. Logins go to a private folder of ours (podman's --authfile, docker's --config)
// that is removed after the push, so the registry token never lands in the user's own engine config.
import * as path from 'node:path';
import type { CommandLine, Engine } from '../../runner/src';

function line(engine: Engine, args: string[]): CommandLine {
  return engine.env && Object.keys(engine.env).length > 0
    ? { command: engine.path, args, env: { ...engine.env } }
    : { command: engine.path, args };
}

/** Where the engine keeps the login: a file for podman, a config folder for docker. */
function authArgs(engine: Engine, authDir: string): string[] {
  return engine.kind === 'podman' ? ['--authfile', path.join(authDir, 'auth.json')] : [];
}

/** docker's --config is a global flag (before the subcommand). */
function globalArgs(engine: Engine, authDir: string): string[] {
  return engine.kind === 'docker' ? ['--config', authDir] : [];
}

/** A registry reached over plain HTTP (a local one) needs podman's --tls-verify=false; docker allows 127.0.0.0/8 itself. */
function tlsArgs(engine: Engine, insecure: boolean): string[] {
  return insecure && engine.kind === 'podman' ? ['--tls-verify=false'] : [];
}

export function tagCommand(engine: Engine, source: string, target: string): CommandLine {
  return line(engine, ['tag', source, target]);
}

/** Removes the name only, never the image it points at. */
export function untagCommand(engine: Engine, source: string, target: string): CommandLine {
  return line(engine, engine.kind === 'podman' ? ['untag', source, target] : ['rmi', target]);
}

/** The password is written to the process' stdin, never put in argv. */
export function loginCommand(engine: Engine, registry: string, authDir: string, insecure: boolean): CommandLine {
  return line(engine, [
    ...globalArgs(engine, authDir),
    'login',
    ...authArgs(engine, authDir),
    ...tlsArgs(engine, insecure),
    '--username',
    'AWS',
    '--password-stdin',
    registry,
  ]);
}

export function pushCommand(engine: Engine, image: string, authDir: string, insecure: boolean): CommandLine {
  return line(engine, [...globalArgs(engine, authDir), 'push', ...authArgs(engine, authDir), ...tlsArgs(engine, insecure), image]);
}

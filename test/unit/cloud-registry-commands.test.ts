// Registry command lines are data: the login reads its password from stdin and keeps it in our own
// folder, for docker and podman alike; only podman needs --tls-verify=false for a plain-HTTP registry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginCommand, pushCommand, tagCommand, untagCommand } from '../../cloud/src';
import type { Engine } from '../../runner/src';

const podman: Engine = { kind: 'podman', path: '/usr/bin/podman', rmKeepsExitCode: true };
const docker: Engine = { kind: 'docker', path: 'docker', rmKeepsExitCode: true, env: { DOCKER_HOST: 'unix:///run/podman.sock' } };
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const IMAGE = `${REGISTRY}/team/trainer:job-1`;

describe('registry command lines', () => {
  const rows: Array<[string, ReturnType<typeof loginCommand>, string[]]> = [
    [
      'podman login',
      loginCommand(podman, REGISTRY, '/run/x', false),
      ['login', '--authfile', '/run/x/auth.json', '--username', 'AWS', '--password-stdin', REGISTRY],
    ],
    [
      'podman login, plain HTTP',
      loginCommand(podman, '127.0.0.1:5000', '/run/x', true),
      ['login', '--authfile', '/run/x/auth.json', '--tls-verify=false', '--username', 'AWS', '--password-stdin', '127.0.0.1:5000'],
    ],
    [
      'docker login',
      loginCommand(docker, REGISTRY, '/run/x', true),
      ['--config', '/run/x', 'login', '--username', 'AWS', '--password-stdin', REGISTRY],
    ],
    ['podman push', pushCommand(podman, IMAGE, '/run/x', false), ['push', '--authfile', '/run/x/auth.json', IMAGE]],
    ['docker push', pushCommand(docker, IMAGE, '/run/x', false), ['--config', '/run/x', 'push', IMAGE]],
    ['tag', tagCommand(podman, 'localhost/a:local', IMAGE), ['tag', 'localhost/a:local', IMAGE]],
    ['podman untag removes the name only', untagCommand(podman, 'localhost/a:local', IMAGE), ['untag', 'localhost/a:local', IMAGE]],
    ['docker rmi of a second name untags', untagCommand(docker, 'localhost/a:local', IMAGE), ['rmi', IMAGE]],
  ];
  for (const [title, line, args] of rows) it(title, () => assert.deepEqual(line.args, args));

  it('no password in any argv; the engine path and its environment are kept', () => {
    for (const [, line] of rows)
      assert.equal(
        line.args.some((a) => /password(?!-stdin)|--creds|-p$/.test(a)),
        false,
      );
    assert.equal(loginCommand(podman, REGISTRY, '/run/x', false).command, '/usr/bin/podman');
    assert.deepEqual(pushCommand(docker, IMAGE, '/run/x', false).env, { DOCKER_HOST: 'unix:///run/podman.sock' });
  });
});

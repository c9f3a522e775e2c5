// The argument builders: the same options give these exact argv for docker, podman, and the docker CLI on podman's API.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCommand,
  buildContainersCommand,
  imageEnvCommand,
  imageExistsCommand,
  killCommand,
  networkCreateCommand,
  networkListCommand,
  networkRemoveCommand,
  psCommand,
  removeCommand,
  removeImageCommand,
  runCommand,
  versionCommand,
  waitCommand,
} from '../../runner/src/commands';
import type { BuildSpec, CommandLine, Engine, RunSpec } from '../../runner/src/commands';
import { isPodmanServer } from '../../runner/src/engine';
import {
  BUILD_MARKER,
  buildStoreCommand,
  containerEnvId,
  hideMarker,
  parseBuildStore,
  parseRuntimeList,
  parseWorkingContainers,
  recordedBuildArgs,
  runtimeDeleteCommand,
  runtimeListCommand,
} from '../../runner/src/podman-cleanup';
import type { BuildStore } from '../../runner/src/podman-cleanup';

const DOCKER: Engine = { kind: 'docker', path: 'docker', rmKeepsExitCode: true };
const PODMAN: Engine = { kind: 'podman', path: '/usr/bin/podman', rmKeepsExitCode: true };
const DOCKER_ON_PODMAN: Engine = { kind: 'docker', path: 'docker', rmKeepsExitCode: false, env: { DOCKER_HOST: 'unix:///tmp/p.sock' } };

interface Row<S> {
  title: string;
  spec: S;
  docker: string[];
  podman: string[];
  dockerOnPodman?: string[];
}

function table<S>(name: string, build: (engine: Engine, spec: S) => CommandLine, rows: Row<S>[]): void {
  describe(name, () => {
    for (const row of rows) {
      it(row.title, () => {
        assert.deepEqual(build(DOCKER, row.spec).args, row.docker, 'docker');
        assert.deepEqual(build(PODMAN, row.spec).args, row.podman, 'podman');
        assert.equal(build(PODMAN, row.spec).command, '/usr/bin/podman');
        if (row.dockerOnPodman) assert.deepEqual(build(DOCKER_ON_PODMAN, row.spec).args, row.dockerOnPodman, 'docker on podman');
      });
    }
  });
}

const BASE_BUILD: BuildSpec = { dockerfile: '/p/Dockerfile', context: '/p', tag: 'localhost/x:local' };

table('buildCommand', buildCommand, [
  {
    title: 'minimal: -f, -t, context last',
    spec: BASE_BUILD,
    docker: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '/p'],
    podman: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '/p'],
  },
  {
    title: 'target, build args in order, extra args before the context',
    spec: { ...BASE_BUILD, target: 'train', buildArgs: { A: '1', B: 'x y' }, extraArgs: ['--network=host'] },
    docker: [
      'build',
      '-f',
      '/p/Dockerfile',
      '-t',
      'localhost/x:local',
      '--target',
      'train',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B=x y',
      '--network=host',
      '/p',
    ],
    podman: [
      'build',
      '-f',
      '/p/Dockerfile',
      '-t',
      'localhost/x:local',
      '--target',
      'train',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B=x y',
      '--network=host',
      '/p',
    ],
  },
  {
    title: 'pull never: podman says so, docker has no such flag',
    spec: { ...BASE_BUILD, pull: 'never' },
    docker: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '/p'],
    podman: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '--pull=never', '/p'],
  },
  {
    title: 'pull always',
    spec: { ...BASE_BUILD, pull: 'always' },
    docker: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '--pull', '/p'],
    podman: ['build', '-f', '/p/Dockerfile', '-t', 'localhost/x:local', '--pull=always', '/p'],
  },
]);

const TRAIN: RunSpec = {
  image: 'localhost/x:local',
  name: 'job-1',
  mode: 'train',
  hostname: 'algo-1',
  mounts: [
    { host: '/j/input', container: '/opt/ml/input' },
    { host: '/data', container: '/opt/ml/input/data/training', readOnly: true },
  ],
  env: [{ name: 'TRAINING_JOB_NAME', value: 'job-1' }, { name: 'AWS_SECRET_ACCESS_KEY' }],
};
const TRAIN_ARGS = [
  '--name',
  'job-1',
  '--hostname',
  'algo-1',
  '-v',
  '/j/input:/opt/ml/input',
  '-v',
  '/data:/opt/ml/input/data/training:ro',
  '-e',
  'TRAINING_JOB_NAME=job-1',
  '-e',
  'AWS_SECRET_ACCESS_KEY',
];

table('runCommand', runCommand, [
  {
    title:
      'train: --rm, name, no init (the entry point is PID 1), hostname, mounts (read-only channel), env (bare name for a secret), image, `train` last',
    spec: TRAIN,
    docker: ['run', '--rm', ...TRAIN_ARGS, 'localhost/x:local', 'train'],
    podman: ['run', '--rm', ...TRAIN_ARGS, 'localhost/x:local', 'train'],
    // containers/podman#18889: --rm would turn every exit code into 0.
    dockerOnPodman: ['run', ...TRAIN_ARGS, 'localhost/x:local', 'train'],
  },
  {
    title: 'serve: publishes on 127.0.0.1 only',
    spec: { ...TRAIN, mode: 'serve', mounts: [], env: [], publish: { hostPort: 8081, containerPort: 8080 } },
    docker: ['run', '--rm', '--name', 'job-1', '--hostname', 'algo-1', '-p', '127.0.0.1:8081:8080', 'localhost/x:local', 'serve'],
    podman: ['run', '--rm', '--name', 'job-1', '--hostname', 'algo-1', '-p', '127.0.0.1:8081:8080', 'localhost/x:local', 'serve'],
  },
  {
    title: 'init on request; a host of several: its network and alias; an overlay channel',
    spec: {
      ...TRAIN,
      init: true,
      network: { name: 'job-1', alias: 'algo-2' },
      hostname: 'algo-2',
      mounts: [{ host: '/d', container: '/opt/ml/input/data/t', overlay: true }],
      env: [],
    },
    docker: [
      'run',
      '--rm',
      '--name',
      'job-1',
      '--init',
      '--hostname',
      'algo-2',
      '--network',
      'job-1',
      '--network-alias',
      'algo-2',
      '-v',
      '/d:/opt/ml/input/data/t:O',
      'localhost/x:local',
      'train',
    ],
    podman: [
      'run',
      '--rm',
      '--name',
      'job-1',
      '--init',
      '--hostname',
      'algo-2',
      '--network',
      'job-1',
      '--network-alias',
      'algo-2',
      '-v',
      '/d:/opt/ml/input/data/t:O',
      'localhost/x:local',
      'train',
    ],
  },
  {
    title: 'gpus: docker --gpus all, podman the CDI device; user and extra args before the image',
    spec: { ...TRAIN, mounts: [], env: [], gpus: true, user: '1000:1000', extraArgs: ['--shm-size=2g'] },
    docker: [
      'run',
      '--rm',
      '--name',
      'job-1',
      '--hostname',
      'algo-1',
      '--gpus',
      'all',
      '--user',
      '1000:1000',
      '--shm-size=2g',
      'localhost/x:local',
      'train',
    ],
    podman: [
      'run',
      '--rm',
      '--name',
      'job-1',
      '--hostname',
      'algo-1',
      '--device',
      'nvidia.com/gpu=all',
      '--user',
      '1000:1000',
      '--shm-size=2g',
      'localhost/x:local',
      'train',
    ],
  },
]);

table('killCommand', (e, name: string) => killCommand(e, name, 'SIGTERM'), [
  {
    title: 'SIGTERM to PID 1',
    spec: 'job-1',
    docker: ['kill', '--signal', 'SIGTERM', 'job-1'],
    podman: ['kill', '--signal', 'SIGTERM', 'job-1'],
  },
]);
table('killCommand', (e, name: string) => killCommand(e, name), [
  {
    title: 'SIGKILL by default',
    spec: 'job-1',
    docker: ['kill', '--signal', 'SIGKILL', 'job-1'],
    podman: ['kill', '--signal', 'SIGKILL', 'job-1'],
  },
]);
table(
  'network commands',
  (e, name: string) => ({
    command: e.path,
    args: [...networkCreateCommand(e, name).args, '|', ...networkRemoveCommand(e, name).args, '|', ...networkListCommand(e, name).args],
  }),
  [
    {
      title: 'create, remove, list by exact name',
      spec: 'job-1',
      docker: [
        'network',
        'create',
        'job-1',
        '|',
        'network',
        'rm',
        'job-1',
        '|',
        'network',
        'ls',
        '--filter',
        'name=^job-1$',
        '--format',
        '{{.Name}}',
      ],
      podman: [
        'network',
        'create',
        'job-1',
        '|',
        'network',
        'rm',
        'job-1',
        '|',
        'network',
        'ls',
        '--filter',
        'name=^job-1$',
        '--format',
        '{{.Name}}',
      ],
    },
  ],
);
table('imageEnvCommand', imageEnvCommand, [
  {
    title: "the image's configured environment as JSON",
    spec: 'i',
    docker: ['image', 'inspect', '--format', '{{json .Config.Env}}', 'i'],
    podman: ['image', 'inspect', '--format', '{{json .Config.Env}}', 'i'],
  },
]);
table('removeCommand', removeCommand, [{ title: 'forced', spec: 'job-1', docker: ['rm', '-f', 'job-1'], podman: ['rm', '-f', 'job-1'] }]);
table('psCommand', psCommand, [
  {
    title: 'all states, exact name, names only',
    spec: 'job-1',
    docker: ['ps', '-a', '--filter', 'name=^job-1$', '--format', '{{.Names}}'],
    podman: ['ps', '-a', '--filter', 'name=^job-1$', '--format', '{{.Names}}'],
  },
]);
table('waitCommand', waitCommand, [{ title: 'by name', spec: 'job-1', docker: ['wait', 'job-1'], podman: ['wait', 'job-1'] }]);
table('removeImageCommand', removeImageCommand, [
  { title: 'forced', spec: 'localhost/x:local', docker: ['rmi', '-f', 'localhost/x:local'], podman: ['rmi', '-f', 'localhost/x:local'] },
]);
table('imageExistsCommand', imageExistsCommand, [
  {
    title: 'inspect',
    spec: 'i',
    docker: ['image', 'inspect', '--format', '{{.Id}}', 'i'],
    podman: ['image', 'inspect', '--format', '{{.Id}}', 'i'],
  },
]);
table('versionCommand', (e) => versionCommand(e), [
  {
    title: 'docker asks the server, podman its version',
    spec: undefined,
    docker: ['version', '--format', '{{json .Server}}'],
    podman: ['version', '--format', '{{.Version}}'],
  },
]);

describe('command environment', () => {
  it('keeps the engine environment (DOCKER_HOST) on every command', () => {
    assert.deepEqual(removeCommand(DOCKER_ON_PODMAN, 'x').env, { DOCKER_HOST: 'unix:///tmp/p.sock' });
    assert.equal(removeCommand(PODMAN, 'x').env, undefined);
  });

  it('docker builds print plain progress; podman builds need nothing', () => {
    assert.deepEqual(buildCommand(DOCKER, BASE_BUILD).env, { BUILDKIT_PROGRESS: 'plain' });
    assert.deepEqual(buildCommand(DOCKER_ON_PODMAN, BASE_BUILD).env, { DOCKER_HOST: 'unix:///tmp/p.sock', BUILDKIT_PROGRESS: 'plain' });
    assert.equal(buildCommand(PODMAN, BASE_BUILD).env, undefined);
  });
});

describe('engine detection', () => {
  it("recognises podman's Docker API in `docker version`'s server JSON", () => {
    assert.equal(isPodmanServer('{"Components":[{"Name":"Podman Engine","Version":"4.3.1"}],"Version":"4.3.1"}'), true);
    assert.equal(isPodmanServer('{"Components":[{"Name":"Engine","Version":"27.1.0"}],"Version":"27.1.0"}'), false);
  });
});

describe('clean-up after a cancelled podman build', () => {
  const ID = 'a'.repeat(64);
  const OTHER = 'b'.repeat(64);

  it('lists build containers with full ids, podman only', () => {
    assert.deepEqual(buildContainersCommand(PODMAN)?.args, ['ps', '-a', '--external', '--no-trunc', '--format', '{{.ID}} {{.State}}']);
    assert.equal(buildContainersCommand(DOCKER), undefined);
  });

  it('keeps only working containers (state Storage) with a full id', () => {
    assert.deepEqual(parseWorkingContainers([`${ID} Storage`, `${OTHER} Running`, 'abc Storage', '', `  ${OTHER}  Storage `]), [ID, OTHER]);
  });

  it('asks podman for its runtime and storage; lists and force-deletes runtime containers by id', () => {
    assert.deepEqual(buildStoreCommand(PODMAN).args, [
      'info',
      '--format',
      '{{.Host.OCIRuntime.Path}}\n{{.Store.GraphRoot}}\n{{.Store.GraphDriverName}}',
    ]);
    assert.deepEqual(runtimeListCommand('/usr/bin/runc'), { command: '/usr/bin/runc', args: ['list', '--format', 'json'] });
    assert.deepEqual(runtimeDeleteCommand('/usr/bin/runc', 'buildah-buildah1'), {
      command: '/usr/bin/runc',
      args: ['delete', '--force', 'buildah-buildah1'],
    });
  });

  const stores: Array<[string, string[], BuildStore]> = [
    [
      'root',
      ['/usr/bin/runc', '/var/lib/containers/storage', 'overlay'],
      { runtimePath: '/usr/bin/runc', containersDir: '/var/lib/containers/storage/overlay-containers' },
    ],
    [
      'rootless vfs',
      ['/usr/bin/crun', '/home/u/.local/share/containers/storage', 'vfs'],
      { runtimePath: '/usr/bin/crun', containersDir: '/home/u/.local/share/containers/storage/vfs-containers' },
    ],
    ['no storage', ['/usr/bin/runc'], { runtimePath: '/usr/bin/runc' }],
    ['nothing', [], {}],
  ];
  for (const [title, lines, store] of stores) it(`podman info: ${title}`, () => assert.deepEqual(parseBuildStore(lines), store));

  it('reads the build args buildah recorded; anything else is none', () => {
    assert.deepEqual(recordedBuildArgs(JSON.stringify({ 'container-id': ID, Args: { [BUILD_MARKER]: 'u-1', A: '1' } })), {
      [BUILD_MARKER]: 'u-1',
      A: '1',
    });
    assert.deepEqual(recordedBuildArgs(JSON.stringify({ Args: null })), {});
    assert.deepEqual(recordedBuildArgs(''), {});
    assert.deepEqual(recordedBuildArgs('null'), {});
  });

  it("reads the working container's id from a runtime bundle's .containerenv", () => {
    const env = `engine="buildah-1.28.2"\nname="sm-busybox-working-container"\nid="${ID}"\nimage="localhost/sm-busybox:latest"\nimageid="${OTHER}"\nrootless=0\n`;
    assert.equal(containerEnvId(env), ID);
    assert.equal(containerEnvId('engine="podman-4.3.1"\nid="short"\n'), undefined);
    assert.equal(containerEnvId(''), undefined);
  });

  it("keeps only buildah's runtime containers, with their bundles; bad output is nothing", () => {
    const json = JSON.stringify([
      { id: 'buildah-buildah123', pid: 7, status: 'running', bundle: '/var/tmp/buildah123' },
      { id: '3f1c0ffee', pid: 9, status: 'running', bundle: '/var/lib/containers/x' },
    ]);
    assert.deepEqual([...parseRuntimeList(json)], [['buildah-buildah123', '/var/tmp/buildah123']]);
    assert.equal(parseRuntimeList('null').size, 0);
    assert.equal(parseRuntimeList('runc: permission denied').size, 0);
  });

  const warning = '[Warning] one or more build args were not consumed: ';
  const lines: Array<[string, string | undefined]> = [
    [`${warning}[${BUILD_MARKER}]`, undefined],
    [`${warning}[A ${BUILD_MARKER} Z]`, `${warning}[A Z]`],
    [`${warning}[A]`, `${warning}[A]`],
    [`STEP 2/3: RUN echo ${BUILD_MARKER}`, `STEP 2/3: RUN echo ${BUILD_MARKER}`],
  ];
  for (const [line, shown] of lines) it(`hides the marker: ${line}`, () => assert.equal(hideMarker(line), shown));
});

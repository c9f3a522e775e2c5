// Local stand-ins for what a submission talks to: Debian's docker-registry (a real registry, with
// htpasswd authentication, as ECR requires a login) and s3rver (an S3-compatible server, in-process).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
/** The password an ECR token carries in these tests, and its bcrypt hash for the registry's htpasswd file. */
export const REGISTRY_PASSWORD = 'ecr-test-password';
const REGISTRY_HTPASSWD = 'AWS:$2b$12$H68GZdL/lY05gt5hB0CqEuBOxtI.zXLJJQjFkXzvjLQRBivgCKpau';

export function registryMissing(): string | undefined {
  return fs.existsSync(REGISTRY_BINARY) ? undefined : `${REGISTRY_BINARY} is missing: run scripts/provision-registry.sh (as root)`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface LocalRegistry {
  host: string;
  /** GET on the registry API with the test credentials. */
  get(apiPath: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** `docker-registry serve CONFIG` on a free 127.0.0.1 port with its own storage, ready when /v2/ answers. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'htpasswd'), `${REGISTRY_HTPASSWD}\n`);
  let child: ChildProcess | undefined;
  let host = '';
  const log: string[] = [];
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    host = `127.0.0.1:${await freePort()}`;
    const config = [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'storage')}`,
      'http:',
      `  addr: ${host}`,
      '  secret: local-test-registry',
      'auth:',
      '  htpasswd:',
      '    realm: test',
      `    path: ${path.join(dir, 'htpasswd')}`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'config.yml'), config);
    const started = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Decoded as streams, so a character split across two chunks stays whole.
    started.stdout.setEncoding('utf8').on('data', (c: string) => log.push(c));
    started.stderr.setEncoding('utf8').on('data', (c: string) => log.push(c));
    const exited = new Promise<'exited'>((resolve) => started.once('exit', () => resolve('exited')));
    // Ready when the API answers (401 without credentials); a port taken meanwhile makes it exit.
    for (let i = 0; i < 100; i++) {
      const ready = await Promise.race([
        exited,
        fetch(`http://${host}/v2/`).then(
          (r) => r.status === 401,
          () => false,
        ),
      ]);
      if (ready === 'exited') break;
      if (ready) {
        child = started;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!child) started.kill('SIGKILL');
  }
  if (!child) throw new Error(`the registry did not start: ${log.join('')}`);
  const running = child;
  const auth = `Basic ${Buffer.from(`AWS:${REGISTRY_PASSWORD}`).toString('base64')}`;
  return {
    host,
    async get(apiPath) {
      const answer = await fetch(`http://${host}${apiPath}`, {
        headers: {
          authorization: auth,
          accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      });
      return { status: answer.status, body: await answer.text() };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (running.exitCode !== null) {
          resolve();
          return;
        }
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      }),
  };
}

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  stop(): Promise<void>;
}

/** s3rver on a free 127.0.0.1 port with the given buckets; clients use path-style addresses. */
export async function startS3(dir: string, buckets: string[]): Promise<LocalS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'eu-west-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await server.close();
    },
  };
}

// Every command the manifest declares is registered by the extension, and the other way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

test('commands in package.json and in client/src/extension.ts agree, Restart Server among them', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string; title: string }> } };
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  const source = fs.readFileSync(path.join(root, 'client', 'src', 'extension.ts'), 'utf8');
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, declared);
  assert.ok(manifest.contributes.commands.some((c) => c.command === 'sagemakerEntrypoint.restartServer' && c.title === 'Restart Server'));
});

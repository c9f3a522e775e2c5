// package.json's contributions against the one place the client and the server take their names from
// (options/src): the commands and their registration, the context keys of `when` clauses, and every
// setting with its default and choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allSettings, COMMANDS, CONTEXT_KEYS, SETTINGS_SECTION } from '../../options/src';
import { Reader } from '../../options/src/read';

const root = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    commands: Array<{ command: string; title: string; enablement?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, { default: unknown; enum?: string[] }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const { contributes } = manifest;

test('package.json declares exactly the commands of COMMANDS, and extension.ts registers each of them', () => {
  const ids = Object.values(COMMANDS).sort();
  assert.deepEqual(contributes.commands.map((c) => c.command).sort(), ids);
  const source = fs.readFileSync(path.join(root, 'client', 'src', 'extension.ts'), 'utf8');
  const registered = [...source.matchAll(/registerCommand\(COMMANDS\.(\w+)/g)].map((m) => COMMANDS[m[1] as keyof typeof COMMANDS]).sort();
  assert.deepEqual(registered, ids);
  assert.ok(contributes.commands.some((c) => c.command === COMMANDS.restartServer && c.title === 'Restart Server'));
});

test('menus name declared commands, and `when`/`enablement` clauses only our context keys', () => {
  const menuCommands = Object.values(contributes.menus)
    .flat()
    .map((item) => item.command);
  assert.ok(menuCommands.length >= 5);
  for (const command of menuCommands) assert.ok((Object.values(COMMANDS) as string[]).includes(command), command);
  const clauses = [
    ...Object.values(contributes.menus)
      .flat()
      .map((item) => item.when),
    ...contributes.commands.map((c) => c.enablement),
  ].filter((c) => c !== undefined);
  const ours = clauses.flatMap((clause) => clause.match(/sagemakerEntrypoint\.\w+/g) ?? []);
  assert.ok(ours.length >= 3, ours.join());
  for (const key of ours) assert.ok((Object.values(CONTEXT_KEYS) as string[]).includes(key), key);
});

test('package.json declares exactly the settings the options read, with the same defaults and choices', () => {
  const settings = allSettings();
  const declared = contributes.configuration.properties;
  assert.deepEqual(Object.keys(declared).sort(), [...settings.keys()].sort());
  for (const [name, setting] of settings) {
    assert.deepEqual(setting.default, declared[name].default, `${name}: default`);
    assert.deepEqual(setting.choices, declared[name].enum, `${name}: choices`);
  }
});

test("each setting reads package.json's default as that default, without a log line", () => {
  const logged: string[] = [];
  const reader = new Reader(
    (key) => `${SETTINGS_SECTION}.${key}`,
    (message) => logged.push(message),
  );
  // Maps are read into null-prototype objects: compare their entries.
  const plain = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value);
  for (const [name, setting] of allSettings()) {
    assert.deepEqual(plain(setting.read(contributes.configuration.properties[name].default, name, reader)), plain(setting.default), name);
  }
  assert.deepEqual(logged, []);
});

test('the settings an untrusted workspace may not set are declared settings', () => {
  const { restrictedConfigurations } = manifest.capabilities.untrustedWorkspaces;
  assert.ok(restrictedConfigurations.length >= 4);
  for (const name of restrictedConfigurations) assert.ok(allSettings().has(name), name);
});

// The bundled CLI is a plain Node program: runnable directly and free of the editor API.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cliPath } from './helpers';

test('dist/cli.js starts with a node shebang and never loads vscode', () => {
  const bundle = fs.readFileSync(cliPath, 'utf8');
  assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
  assert.doesNotMatch(bundle, /require\(["']vscode["']\)/);
});

test('dist/cli-bundle.js is ASCII: the launcher reads it as one-byte text', () => {
  const bytes = fs.readFileSync(path.join(path.dirname(cliPath), 'cli-bundle.js'));
  const first = bytes.findIndex((b) => b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d));
  assert.equal(first, -1, `byte ${bytes[first]} at offset ${first}`);
  assert.ok(bytes.length > 100_000, 'the bundle was read');
});

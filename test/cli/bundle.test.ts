// The bundled CLI is a plain Node program: runnable directly and free of the editor API.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { cliPath } from './helpers';

test('dist/cli.js starts with a node shebang and never loads vscode', () => {
  const bundle = fs.readFileSync(cliPath, 'utf8');
  assert.ok(bundle.startsWith('#!/usr/bin/env node\n'));
  assert.doesNotMatch(bundle, /require\(["']vscode["']\)/);
});

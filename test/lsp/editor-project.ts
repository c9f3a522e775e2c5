// A small SageMaker project on disk and cursor markers, for the completion, hover and navigation tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Position } from 'vscode-languageserver/node';

/** `pkg/mod.py` defines main (line 3), helper(x) (line 7) and app (line 11). */
export const PROJECT: Record<string, string> = {
  'train.py': 'print("train")\n',
  'run.sh': '#!/bin/sh\necho run\n',
  'pkg/__init__.py': '',
  'pkg/mod.py': 'import os\n\n\ndef main():\n    pass\n\n\ndef helper(x):\n    return x\n\n\napp = make()\n',
  'src/entry.py': 'def start():\n    pass\n',
  'secret.py': '',
  '.dockerignore': 'secret.py\n',
  LICENSE: 'MIT\n',
  'node_modules/dep/index.py': '',
};

export function writeProject(root: string, files: Record<string, string> = PROJECT): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

/** Text with one `|` marking the cursor, split into the text and the cursor's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  return {
    text: marked.slice(0, offset) + marked.slice(offset + 1),
    position: { line: before.length - 1, character: before[before.length - 1].length },
  };
}

export const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

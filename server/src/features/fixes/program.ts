// Fixes for SAGEMAKER_PROGRAM and what lands in /opt/ml/code: SM201–SM207.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { copyArgument, eol, type Fix, type FixData, type Fixer, indentation, isRange, lineEnd, str, strs, type Text, valueFix } from './edits';

const CODE_DIR = '/opt/ml/code';

/** A COPY argument as written: bare when it can be, JSON-quoted otherwise; `$` escaped from expansion. */
function copyWord(text: string, json: boolean): string {
  const escaped = text.replace(/\$/g, '\\$');
  return json || /[\s"']/.test(text) ? JSON.stringify(escaped) : escaped;
}

/** SM201: put the program where SageMaker looks, by adding a COPY or by moving the COPY that put it elsewhere. */
export const programNotInCodeDir: Fixer = (_diagnostic, data, document) => {
  const program = str(data, 'program');
  if (!program) return [];
  const fixes: Fix[] = [];
  const landedAt = str(data, 'landedAt');
  const dest = copyArgument(data, 'copyDest');
  if (landedAt && dest) {
    // A folder copy (or a file copied into a folder) maps onto /opt/ml/code; a file found by its name keeps its subfolder.
    const folder = landedAt.endsWith(`/${program}`) ? `${CODE_DIR}/` : `${path.posix.dirname(path.posix.join(CODE_DIR, program))}/`;
    const old = path.posix.dirname(landedAt);
    fixes.push({ title: `Copy into ${folder} instead of ${old}/`, edits: [{ range: dest.range, text: [copyWord(folder, dest.json)] }], preferred: true });
  }
  const anchor = data.insertAfter;
  if (isRange(anchor)) {
    const source = str(data, 'source');
    const sourceText: Text = source ? [copyWord(source, false)] : [{ placeholder: program }];
    const destination = copyWord(path.posix.join(CODE_DIR, program), false);
    const line: Text = [eol(document), indentation(document, anchor.start.line), 'COPY ', ...sourceText, ` ${destination}`];
    const at = lineEnd(document, anchor.end.line);
    fixes.push({
      title: `Copy ${source ?? program} into ${CODE_DIR}`,
      edits: [{ range: { start: at, end: at }, text: line }],
      preferred: !landedAt && source !== undefined,
    });
  }
  return fixes;
};

/** SM202: use a script of a similar name that is in the build context. */
export const programMissingFromContext: Fixer = (diagnostic, data, document) => {
  const similar = strs(data, 'similar') ?? [];
  const copySource = copyArgument(data, 'copySource');
  const preferred = similar.length === 1;
  return similar.slice(0, 8).flatMap((name): Fix[] => {
    if (copySource) {
      return [{ title: `Copy '${name}' instead`, edits: [{ range: copySource.range, text: [copyWord(name, copySource.json)] }], preferred }];
    }
    const fix = valueFix(diagnostic, data, document, `Change to '${name}'`, [name], preferred);
    return fix ? [fix] : [];
  });
};

/** SM203: the name relative to /opt/ml/code. */
export const programPathEscapesCodeDir: Fixer = (diagnostic, data, document) => {
  const relative = str(data, 'relative');
  const fix = relative && valueFix(diagnostic, data, document, `Change to '${relative}'`, [relative], true);
  return fix ? [fix] : [];
};

/** SM204: keep only the file name. */
export const programHasWhitespace: Fixer = (diagnostic, data, document) => {
  const program = str(data, 'program');
  const fix = program && valueFix(diagnostic, data, document, `Change to '${program}'`, [program], true);
  return fix ? [fix] : [];
};

/** The script a rule put in `data.file`, as it is on disk now. */
function readScript(data: FixData): { file: string; text: string } | undefined {
  const file = str(data, 'file');
  if (!file) return undefined;
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch {
    return undefined;
  }
}

/** SM205: a `#!` line at the very start of the script (in place of a byte-order mark, which would defeat it). */
export const shellProgramNoShebang: Fixer = (_diagnostic, data) => {
  const script = readScript(data);
  if (!script || script.text.startsWith('#!')) return [];
  const { file, text } = script;
  const end = { line: 0, character: text.startsWith('\uFEFF') ? 1 : 0 };
  const interpreters = file.endsWith('.sh') ? ['/bin/sh', '/bin/bash'] : ['/bin/sh'];
  return interpreters.map((interpreter, i) => ({
    title: `Add '#!${interpreter}' to ${path.basename(file)}`,
    uri: URI.file(file).toString(),
    edits: [{ range: { start: { line: 0, character: 0 }, end }, text: [`#!${interpreter}\n`] }],
    preferred: i === 0,
  }));
};

/** SM206: rewrite the script with LF line endings (an edit on the script's own file). */
export const shellProgramCrlf: Fixer = (_diagnostic, data) => {
  const script = readScript(data);
  if (!script || !script.text.includes('\r\n')) return [];
  const { file, text } = script;
  const end = TextDocument.create(file, 'shellscript', 0, text).positionAt(text.length);
  return [
    {
      title: `Convert ${path.basename(file)} to LF line endings`,
      uri: URI.file(file).toString(),
      edits: [{ range: { start: { line: 0, character: 0 }, end }, text: [text.replace(/\r\n/g, '\n')] }],
      preferred: true,
    },
  ];
};

/** SM207: a trailing '/' makes Docker copy into the folder. */
export const copyCreatesFile: Fixer = (_diagnostic, data) => {
  const at = data.insertAt as { line?: unknown; character?: unknown } | undefined;
  if (typeof at?.line !== 'number' || typeof at.character !== 'number') return [];
  const position = { line: at.line, character: at.character };
  return [{ title: "Add a trailing '/'", edits: [{ range: { start: position, end: position }, text: ['/'] }], preferred: true }];
};

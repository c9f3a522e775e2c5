// Fixes for SAGEMAKER_PROGRAM and what lands in /opt/ml/code: SM201–SM207. The fixes of SM205 and SM206
// edit the script itself, from what the analysis read of it (the payload), never from the disk.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { eol, type Fix, type Fixer, indentation, lineEnd, type Replacement, type Text, valueFix } from './edits';

const CODE_DIR = '/opt/ml/code';

/** A COPY argument as written: bare when it can be, JSON-quoted otherwise; `$` escaped from expansion. */
function copyWord(text: string, json: boolean): string {
  const escaped = text.replace(/\$/g, '\\$');
  return json || /[\s"']/.test(text) ? JSON.stringify(escaped) : escaped;
}

/** SM201: put the program where SageMaker looks, by adding a COPY or by moving the COPY that put it elsewhere. */
export const programNotInCodeDir: Fixer<'SM201'> = (_diagnostic, data, document) => {
  const { program, landedAt, copyDest: dest, insertAfter: anchor, source } = data;
  if (!program) return [];
  const fixes: Fix[] = [];
  if (landedAt && dest) {
    // A folder copy (or a file copied into a folder) maps onto /opt/ml/code; a file found by its name keeps its subfolder.
    const folder = landedAt.endsWith(`/${program}`) ? `${CODE_DIR}/` : `${path.posix.dirname(path.posix.join(CODE_DIR, program))}/`;
    // A destination that names the file (`COPY src/main.py /opt/program/entry.py`) keeps naming it.
    const written = document.getText(dest.range).replace(/^["']|["']$/g, '');
    const namesFile = !written.endsWith('/') && path.posix.basename(written) === path.posix.basename(landedAt);
    const target = namesFile ? path.posix.join(CODE_DIR, program) : folder;
    const old = namesFile ? landedAt : `${path.posix.dirname(landedAt)}/`;
    fixes.push({
      title: `Copy into ${target} instead of ${old}`,
      edits: [{ range: dest.range, text: [copyWord(target, dest.json)] }],
      preferred: true,
    });
  }
  const sourceText: Text = source ? [copyWord(source, false)] : [{ placeholder: program }];
  const destination = copyWord(path.posix.join(CODE_DIR, program), false);
  const line: Text = [eol(document), indentation(document, anchor.start.line), 'COPY ', ...sourceText, ` ${destination}`];
  const at = lineEnd(document, anchor.end.line);
  fixes.push({
    title: `Copy ${source ?? program} into ${CODE_DIR}`,
    edits: [{ range: { start: at, end: at }, text: line }],
    preferred: !landedAt && source !== undefined,
  });
  return fixes;
};

/** SM202: use a script of a similar name that is in the build context. */
export const programMissingFromContext: Fixer<'SM202'> = (diagnostic, data, document) => {
  const { similar, copySource } = data;
  const preferred = similar.length === 1;
  const program = data.value.trim();
  return similar.slice(0, 8).map((name): Fix => {
    if (!copySource) return valueFix(diagnostic, data, document, `Change to '${name}'`, [name], preferred);
    const copy = { range: copySource.range, text: [copyWord(name, copySource.json)] };
    // Copied into a folder, the file keeps its own name: SAGEMAKER_PROGRAM follows it, unless the COPY names the file.
    const renamed = path.posix.join(path.posix.dirname(program), path.posix.basename(name));
    if (data.destNamesFile || renamed === program) return { title: `Copy '${name}' instead`, edits: [copy], preferred };
    const value = valueFix(diagnostic, data, document, '', [renamed]);
    return { title: `Copy '${name}' instead and run ${renamed}`, edits: [copy, ...value.edits], preferred };
  });
};

/** SM203: the name relative to /opt/ml/code. */
export const programPathEscapesCodeDir: Fixer<'SM203'> = (diagnostic, data, document) => {
  const { relative } = data;
  return relative ? [valueFix(diagnostic, data, document, `Change to '${relative}'`, [relative], true)] : [];
};

/** A comment Docker would keep in the value, moved to a line of its own above the ENV, indented like it; `rest` edits the value. */
function commentAbove(document: TextDocument, line: number, comment: string, rest: Replacement[]): Fix {
  const start = { line, character: 0 };
  const commentLine: Text = [indentation(document, line), comment, eol(document)];
  return {
    title: 'Move the comment to a line of its own',
    edits: [{ range: { start, end: start }, text: commentLine }, ...rest],
    preferred: true,
  };
}

/** SM204: keep only the file name; words after the pair are removed, a comment among them moves to a line above. */
export const programHasWhitespace: Fixer<'SM204'> = (diagnostic, data, document) => {
  const { program, stray } = data;
  if (stray) {
    const removal = { range: stray.remove, text: [] };
    if (!stray.comment) return [{ title: `Remove '${stray.words}'`, edits: [removal], preferred: true }];
    return [commentAbove(document, stray.instructionLine, stray.words, [removal])];
  }
  if (!program) return [];
  const valueRange = data.valueRange ?? diagnostic.range;
  const raw = document.getText(valueRange);
  // `ENV SAGEMAKER_PROGRAM train.py # the script`: Docker keeps the comment in the value; it moves to a line of its own.
  const hash = /["']/.test(raw) ? -1 : raw.search(/\s#/);
  if (hash >= 0) {
    const keep = valueFix(diagnostic, data, document, '', [program]).edits;
    return [commentAbove(document, valueRange.start.line, raw.slice(hash).trim(), keep)];
  }
  // `"$SCRIPT --epochs 10"`: the first word as written, so the variable (and a build argument) still names the script.
  const quote = /^["']/.exec(raw)?.[0] ?? '';
  const inner = quote && raw.length > 1 && raw.endsWith(quote) ? raw.slice(1, -1) : raw;
  const first = inner.trim().split(/\s+/)[0];
  if (raw.includes('$') && first.includes('$') && !/[{}]/.test(first)) {
    return [{ title: `Change to '${first}'`, edits: [{ range: valueRange, text: [`${quote}${first}${quote}`] }], preferred: true }];
  }
  return [valueFix(diagnostic, data, document, `Change to '${program}'`, [program], true)];
};

/** SM205: a `#!` line at the very start of the script (in place of a byte-order mark, which would defeat it). */
export const shellProgramNoShebang: Fixer<'SM205'> = (_diagnostic, { file, bom }) => {
  const end = { line: 0, character: bom ? 1 : 0 };
  const interpreters = file.endsWith('.sh') ? ['/bin/sh', '/bin/bash'] : ['/bin/sh'];
  return interpreters.map((interpreter, i) => ({
    title: `Add '#!${interpreter}' to ${path.basename(file)}`,
    uri: URI.file(file).toString(),
    edits: [{ range: { start: { line: 0, character: 0 }, end }, text: [`#!${interpreter}\n`] }],
    preferred: i === 0,
  }));
};

/** SM206: LF line endings, with an edit on the script's own file that turns each CRLF into LF. */
export const shellProgramCrlf: Fixer<'SM206'> = (_diagnostic, { file, crlfAt }) => {
  if (crlfAt.length === 0) return [];
  // A CRLF is one line break: from where it starts to the start of the next line.
  const edits = crlfAt.map((start) => ({ range: { start, end: { line: start.line + 1, character: 0 } }, text: ['\n'] }));
  return [{ title: `Convert ${path.basename(file)} to LF line endings`, uri: URI.file(file).toString(), edits, preferred: true }];
};

/** SM207: a trailing '/' makes Docker copy into the folder. */
export const copyCreatesFile: Fixer<'SM207'> = (_diagnostic, { insertAt }) => {
  if (!insertAt) return [];
  return [{ title: "Add a trailing '/'", edits: [{ range: { start: insertAt, end: insertAt }, text: ['/'] }], preferred: true }];
};

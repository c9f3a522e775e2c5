// Rules that read the program's file or the shape of /opt/ml/code: SM205–SM208.
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver-types';
import { finding, type Finding } from '../diagnostics';
import { CODE_DIR, effective, programImagePath, resolvedValue, Rule, RuleInput, valueRange } from './shared';
import { packageModule } from './toolkits';

/** A non-.py program that runs through the shell, with its file in the build context. */
function shellProgram(
  input: RuleInput,
): { value: string; file: string; text: string; rangeOf: () => ReturnType<typeof valueRange> } | undefined {
  const { model, context, images } = input;
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a && resolvedValue(a);
  if (!a || !value || !context || !model.target || /\s/.test(value.trim()) || value.endsWith('.py')) return undefined;
  const files = images.get(model.target);
  // In package mode the name runs as `python -m`, not through the shell.
  if (packageModule(input, value)) return undefined;
  const found = files.lookup(programImagePath(value));
  if (found.status !== 'present' || !found.contextPath) return undefined;
  const file = path.join(context.dir, found.contextPath);
  const text = context.fs.read(file);
  if (text === undefined) return undefined;
  return { value, file, text, rangeOf: () => valueRange(a) };
}

export const shellProgramNoShebang: Rule = (input) => {
  const program = shellProgram(input);
  // The kernel needs `#!` as the very first bytes: a byte-order mark in front of it defeats it.
  if (!program || program.text.startsWith('#!')) return [];
  const message = `${program.value} has no '#!' line: SageMaker runs it as './${program.value}' and it is interpreted by /bin/sh.`;
  return [finding('SM205', program.rangeOf(), message, { file: program.file, bom: program.text.startsWith('\uFEFF') })];
};

export const shellProgramCrlf: Rule = (input) => {
  const program = shellProgram(input);
  if (!program || !program.text.includes('\r\n')) return [];
  const message = `${program.value} has Windows (CRLF) line endings: the shell fails with "bad interpreter" or "\\r: command not found".`;
  return [finding('SM206', program.rangeOf(), message, { file: program.file, crlfAt: crlfPositions(program.text) })];
};

/** Where each CRLF line break starts, as LSP counts lines (`\n`, `\r\n` and a lone `\r` each end one). */
function crlfPositions(text: string): Position[] {
  const positions: Position[] = [];
  let line = 0;
  let lineStart = 0;
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c !== 13 && c !== 10) continue;
    const crlf = c === 13 && text.charCodeAt(at + 1) === 10;
    if (crlf) positions.push({ line, character: at - lineStart });
    if (crlf) at++;
    line++;
    lineStart = at + 1;
  }
  return positions;
}

export const copyCreatesFile: Rule = ({ model, images }) => {
  const findings: Finding[] = [];
  for (const stage of model.chain) {
    for (const layer of images.get(stage).layers) {
      // `createsFile` (files.ts): the source is known to be a file and nothing was at the destination yet.
      if ((layer.kind !== 'file' && layer.kind !== 'stage-copy') || layer.path !== CODE_DIR || !layer.createsFile) continue;
      const dest = layer.instr.args.at(-1);
      // Inside the closing quote: exec form, or a quoted word (`"/opt/ml/code"`).
      const quoted = dest && (layer.instr.json !== undefined || /["']$/.test(dest.raw));
      const insertAt = dest && (quoted ? { line: dest.range.end.line, character: dest.range.end.character - 1 } : dest.range.end);
      const message = `${CODE_DIR} does not exist yet, so this creates a file named ${CODE_DIR} instead of copying into the folder. Add a trailing '/'.`;
      findings.push(finding('SM207', dest?.range ?? layer.instr.range, message, { insertAt }));
    }
  }
  return findings;
};

export const packageEntryPoint: Rule = (input) => {
  const { model, context } = input;
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a && resolvedValue(a)?.trim();
  if (!a || !value || !context || !model.target || /\s/.test(value)) return [];
  const packaged = packageModule(input, value);
  if (!packaged) return [];
  const { module: moduleName, valid } = packaged;
  const problem = valid ? '' : ` '${moduleName}' is not a valid module name, so this will fail.`;
  const message = `setup.py is at the root of ${CODE_DIR}: the toolkit installs the folder as a package and runs 'python -m ${moduleName}'.${problem}`;
  return [finding('SM208', valueRange(a), message, { module: moduleName, valid })];
};

// Rules that read the program's file or the shape of /opt/ml/code: SM205–SM208.
import * as path from 'node:path';
import type { Finding } from '../diagnostics';
import { CODE_DIR, effective, programImagePath, resolvedValue, Rule, RuleInput, valueRange } from './shared';

/** A non-.py program that runs through the shell, with its file in the build context. */
function shellProgram(input: RuleInput): { value: string; file: string; text: string; rangeOf: () => ReturnType<typeof valueRange> } | undefined {
  const { model, context } = input;
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a && resolvedValue(a);
  const files = model.target?.files;
  if (!a || !value || !context || !files || /\s/.test(value.trim()) || value.endsWith('.py')) return undefined;
  // With setup.py at the code root, a name without `.sh` runs as `python -m` (T7).
  if (!value.endsWith('.sh') && files.lookup(`${CODE_DIR}/setup.py`).status === 'present') return undefined;
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
  return [
    {
      rule: 'SM205',
      range: program.rangeOf(),
      message: `${program.value} has no '#!' line: SageMaker runs it as './${program.value}' and it is interpreted by /bin/sh.`,
      data: { file: program.file },
    },
  ];
};

export const shellProgramCrlf: Rule = (input) => {
  const program = shellProgram(input);
  if (!program || !program.text.includes('\r\n')) return [];
  return [
    {
      rule: 'SM206',
      range: program.rangeOf(),
      message: `${program.value} has Windows (CRLF) line endings: the shell fails with "bad interpreter" or "\\r: command not found".`,
      data: { file: program.file },
    },
  ];
};

export const copyCreatesFile: Rule = ({ model }) => {
  const findings: Finding[] = [];
  for (const stage of model.chain) {
    for (const layer of stage.files?.layers ?? []) {
      // `createsFile` (files.ts): the source is known to be a file and nothing was at the destination yet.
      if (layer.kind !== 'file' || layer.path !== CODE_DIR || !layer.createsFile) continue;
      const dest = layer.instr.args[layer.instr.args.length - 1];
      // In exec form the slash goes inside the closing quote.
      const insertAt = dest && (layer.instr.json ? { line: dest.range.end.line, character: dest.range.end.character - 1 } : dest.range.end);
      findings.push({
        rule: 'SM207',
        range: dest?.range ?? layer.instr.range,
        message: `${CODE_DIR} does not exist yet, so this creates a file named ${CODE_DIR} instead of copying into the folder. Add a trailing '/'.`,
        data: { insertAt },
      });
    }
  }
  return findings;
};

export const packageEntryPoint: Rule = ({ model, context }) => {
  const a = effective(model, 'SAGEMAKER_PROGRAM');
  const value = a && resolvedValue(a)?.trim();
  const files = model.target?.files;
  if (!a || !value || !context || !files || value.endsWith('.sh') || /\s/.test(value)) return [];
  if (files.lookup(`${CODE_DIR}/setup.py`).status !== 'present') return [];
  const moduleName = value.replace(/\.py$/, '');
  const valid = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(moduleName);
  const problem = valid ? '' : ` '${moduleName}' is not a valid module name, so this will fail.`;
  return [
    {
      rule: 'SM208',
      range: valueRange(a),
      message: `setup.py is at the root of ${CODE_DIR}: the toolkit installs the folder as a package and runs 'python -m ${moduleName}'.${problem}`,
      data: { module: moduleName, valid },
    },
  ];
};

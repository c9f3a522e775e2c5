// SM003: a SageMaker variable that is only a build argument. An ARG with its own default in a stage
// becomes an ENV (the obvious fix); otherwise an `ENV X=$X` after it keeps whatever value the build
// argument gets. An ARG before the first FROM is re-declared in the first stage of the chain.
import { eol, type Fixer, indentation, lineEnd, type Text } from './edits';

export const argOnly: Fixer<'SM003'> = (_diagnostic, data, document) => {
  const { name, instructionRange: instruction, keywordRange: keyword, hasValue } = data;
  const title = `Set ${name} with ENV`;
  if (data.global) {
    const from = data.fromRange;
    if (!from) return [];
    const at = lineEnd(document, from.end.line);
    const indent = indentation(document, from.start.line);
    const text: Text = [eol(document), `${indent}ARG ${name}`, eol(document), `${indent}ENV ${name}=$${name}`];
    return [{ title, edits: [{ range: { start: at, end: at }, text }], preferred: hasValue }];
  }
  if (hasValue && data.pairs === 1) return [{ title, edits: [{ range: keyword, text: ['ENV'] }], preferred: true }];
  const at = lineEnd(document, instruction.end.line);
  const text: Text = [eol(document), `${indentation(document, instruction.start.line)}ENV ${name}=$${name}`];
  return [{ title, edits: [{ range: { start: at, end: at }, text }], preferred: hasValue }];
};

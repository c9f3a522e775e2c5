// Fixes for variable names and values: SM001 (rename), SM301–SM303 (valid values).
import { type Fixer, valueFix } from './edits';

/** SM001: the catalogue name the key was meant to be. */
export const unknownVariable: Fixer<'SM001'> = (diagnostic, { suggestion }, document) => {
  if (!suggestion) return [];
  // A quoted key keeps its quotes: the range covers them, and they may be there for a reason.
  const written = document.getText(diagnostic.range);
  const quote = written.length >= 2 && (written[0] === '"' || written[0] === "'") && written.endsWith(written[0]) ? written[0] : '';
  return [{ title: `Rename to ${suggestion}`, edits: [{ range: diagnostic.range, text: [quote + suggestion + quote] }], preferred: true }];
};

const TRUE_WORDS = ['y', 'yes', 't', 'true', 'on', '1'];
const FALSE_WORDS = ['n', 'no', 'f', 'false', 'off', '0'];

/** The valid value the written one obviously means, if any. */
function obviousValue(value: string, valid: string[]): string | undefined {
  if (valid.length === 1) return valid[0];
  const word = value.trim().toLowerCase();
  const meant = TRUE_WORDS.includes(word) ? 'true' : FALSE_WORDS.includes(word) ? 'false' : undefined;
  return meant && valid.includes(meant) ? meant : undefined;
}

/** SM301–SM303: replace the value with each valid one. */
export const validValues: Fixer<'SM301' | 'SM302' | 'SM303'> = (diagnostic, data, document) => {
  const preferred = obviousValue(data.value, data.valid);
  return data.valid.map((value) => valueFix(diagnostic, data, document, `Change to '${value}'`, [value], value === preferred));
};

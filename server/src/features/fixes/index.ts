// Which fixer answers which rule. Rules without an entry get only the "ignore" action.
import type { RuleId } from '../../../../analysis/src';
import { argOnly } from './args';
import type { Fixer } from './edits';
import { noStartCommand, shellFormEntrypoint } from './entrypoint';
import * as modules from './modules';
import * as program from './program';
import * as remove from './remove';
import * as values from './values';

export const FIXERS: { readonly [R in RuleId]?: Fixer<R> } = {
  SM001: values.unknownVariable,
  SM003: argOnly,
  SM006: remove.overridden,
  SM101: modules.trainingModuleSyntax,
  SM102: modules.servingModuleSyntax,
  SM103: modules.servingModuleNoAttribute,
  SM104: modules.functionNotFound,
  SM106: modules.trainingModuleNotImportable,
  SM201: program.programNotInCodeDir,
  SM202: program.programMissingFromContext,
  SM203: program.programPathEscapesCodeDir,
  SM204: program.programHasWhitespace,
  SM205: program.shellProgramNoShebang,
  SM206: program.shellProgramCrlf,
  SM207: program.copyCreatesFile,
  SM301: values.validValues,
  SM302: values.validValues,
  SM303: values.validValues,
  SM304: remove.obsoleteVariable,
  SM305: remove.platformProvided,
  SM401: shellFormEntrypoint,
  SM403: noStartCommand,
};

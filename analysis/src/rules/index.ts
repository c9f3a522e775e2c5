// Every rule check, in the order their findings are reported.
import * as modules from './modules';
import * as program from './program';
import { programHasWhitespace } from './program-whitespace';
import * as programFiles from './program-files';
import type { Rule } from './shared';
import * as startCommand from './start-command';
import * as values from './values';
import * as variables from './variables';

export const RULE_CHECKS: ReadonlyArray<readonly [name: string, check: Rule]> = [
  ['unknown-variable', variables.unknownVariable],
  ['empty-entry-point', variables.emptyEntryPoint],
  ['arg-only', variables.argOnly],
  ['unresolved-value', variables.unresolvedValue],
  ['not-in-target-stage', variables.notInTargetStage],
  ['overridden', variables.overridden],
  ['training-module-syntax', modules.trainingModuleSyntax],
  ['serving-module-syntax', modules.servingModuleSyntax],
  ['serving-module-no-attribute', modules.servingModuleNoAttribute],
  ['function-not-found', modules.functionNotFound],
  ['function-needs-arguments', modules.functionNeedsArguments],
  ['training-module-not-importable', modules.trainingModuleNotImportable],
  ['async-training-function', modules.asyncTrainingFunction],
  ['program-placement', program.programPlacement],
  ['program-path-escapes-code-dir', program.programPathEscapesCodeDir],
  ['program-has-whitespace', programHasWhitespace],
  ['shell-program-no-shebang', programFiles.shellProgramNoShebang],
  ['shell-program-crlf', programFiles.shellProgramCrlf],
  ['copy-creates-file', programFiles.copyCreatesFile],
  ['package-entry-point', programFiles.packageEntryPoint],
  ['inference-program-in-code-dir', program.inferenceProgramInCodeDir],
  ['integer-expected', values.integerExpected],
  ['port-expected', values.portExpected],
  ['boolean-expected', values.booleanExpected],
  ['obsolete-variable', values.obsoleteVariable],
  ['platform-provided', values.platformProvided],
  ['shell-form-entrypoint', values.shellFormEntrypoint],
  ['program-and-training-module', modules.programAndTrainingModule],
  ['no-start-command', startCommand.noStartCommand],
];

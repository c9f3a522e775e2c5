// The analysis' one entrance: the server and its editor features, the options, the runner, the cloud side
// and the CLI import only from here.
export { analyzeDockerfile, analyzeDockerfileAsync } from './analyze';
export type { Analysis } from './analyze';
export { RULES, ruleInfo, DIAGNOSTIC_SOURCE, ruleDocUrl, isRuleId } from './rules/catalog';
export { isInside, mayMoveDetectedContext } from './context';
export type { BuildContext } from './context';
export { readRegularFile } from './regular-file';
export { errorMessage, errorWithStack } from './error-text';
export * from './types';
export { contextFiles, placedFilesUnder, pythonModuleName, isScriptName, walkBudget, WALK_LIMITS } from './context-files';
export type { PlacedFile, WalkBudget } from './context-files';

// The model a finished analysis holds, and what is asked of it.
export type { Assignment, DockerfileModel, Stage } from './model';
export type { Expanded } from './expand';
export type { ImageFiles, Lookup, PackageInstall } from './image-files';
export { findingData } from './finding-data';
export type { FindingData, Removal, RuleId } from './finding-data';
export { CODE_DIR, effective, programImagePath, resolvedValue, segmentRange, stageLabel, valueRange } from './model-queries';
export { ENTRY_POINT_KEYS, SAGEMAKER_KEYS, isEntryPointKey, sageMakerKey } from './sagemaker-keys';
export type { EntryPointKey, SageMakerKey, ValueKind } from './sagemaker-keys';

// Python: module specs, the image's Python path, source files.
export { checkModuleSpec, likelyModuleName, splitModuleSpec } from './module-spec';
export type { ModuleFix, ModuleSpec, SpecProblem } from './module-spec';
export { moduleFolders, resolveModule } from './python-path';
export { resolveModuleFile } from './rules/modules';
export type { PythonFile } from './python-files';
export type { ModuleFolder, ModuleKind, ResolvedModule } from './python-path';
export { argumentsNeeded, parsePythonModule } from './python';
export type { PythonModuleInfo, PythonSymbol } from './python';

// The text: instructions, line offsets, suppression comments.
export { instructionAt } from './parse';
export type { Instr, ParsedDockerfile, Property } from './parse';
export { splitInstructions } from './split';
export { LineIndex } from './line-index';
export { looksLikeRuleId, SUPPRESSION_COMMENT } from './suppression';

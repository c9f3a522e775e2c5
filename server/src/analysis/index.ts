// The analysis' public surface, used by the server, the CLI, the runner and the benchmark.
export { analyzeDockerfile, analyzeDockerfileAsync } from './analyze';
export type { Analysis } from './analyze';
export { RULES, ruleInfo, DIAGNOSTIC_SOURCE, ruleDocUrl } from './rules/catalog';
export { isInside, mayMoveDetectedContext } from './context';
export { readRegularFile, describeError } from './regular-file';
export * from './types';
export { contextFiles, placedFilesUnder, pythonModuleName, isScriptName, walkBudget, WALK_LIMITS } from './context-files';
export type { PlacedFile, WalkBudget } from './context-files';

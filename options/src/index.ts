// The options' one entrance: from the editor's settings (the server, the client's Run and Train on
// SageMaker) or the CLI's config file and flags to the options of an analysis, a local run and a
// submission, with one validation; and the ids the manifest, the client and the server share. Plain Node.
export { COMMANDS, CONTEXT_KEYS, SETTINGS_SECTION } from './ids';
export type { RunCommandArguments, SubmitCommandArguments } from './ids';
export { allSettings, readAnalysisSettings, settingName } from './settings';
export type { AnalysisSettings } from './settings';
export { analysisOptionsFromSettings, runOptionsFromSettings, settingOfCloudField, submitOptionsFromSettings } from './editor';
export type { SettingsScope } from './editor';
export { findConfigFile, readConfigFile } from './config-file';
export type { ConfigFile } from './config-file';
export { commandLineAnalysisOptions } from './command-line';
export type { CommandLineAnalysis, CommandLineAnalysisOptions } from './command-line';
export { isDirectory, shown } from './paths';
export { ENV_NAME, isUserSpec, USER_SPEC_FORM } from './names';
export type { Log } from './read';

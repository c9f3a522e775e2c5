// The names the extension's manifest, the client and the server share: the settings section, the commands
// with their arguments, and the context keys of `when` clauses. test/unit/manifest.test.ts holds
// package.json to them.
import type { RunMode } from '../../runner/src';

/** `sagemakerEntrypoint.*`; also the language client's id, whose `trace.server` setting it reads. */
export const SETTINGS_SECTION = 'sagemakerEntrypoint';

export const COMMANDS = {
  run: 'sagemakerEntrypoint.run',
  submit: 'sagemakerEntrypoint.submit',
  invoke: 'sagemakerEntrypoint.invoke',
  stop: 'sagemakerEntrypoint.stop',
  showLog: 'sagemakerEntrypoint.showLog',
  restartServer: 'sagemakerEntrypoint.restartServer',
} as const;

/**
 * The argument of `sagemakerEntrypoint.run`: `{ uri, mode }` from the code lens, `{ uri, mode: 'serve', model }`
 * from a SageMaker job's end message; without one the command asks.
 */
export interface RunCommandArguments {
  uri?: string;
  mode?: RunMode;
  /** Serve: a model folder or model.tar.gz (e.g. downloaded from a SageMaker training job). */
  model?: string;
}

/** The argument of `sagemakerEntrypoint.submit`: `{ uri }` from the code lens. */
export interface SubmitCommandArguments {
  uri?: string;
}

/** Context keys the client sets for `when` and `enablement` clauses. */
export const CONTEXT_KEYS = {
  running: 'sagemakerEntrypoint.running',
  serving: 'sagemakerEntrypoint.serving',
} as const;

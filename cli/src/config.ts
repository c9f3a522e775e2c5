// The config files of `check`, `run` and `submit`: `--config FILE`, or the `.sagemaker-entrypoint.json`
// nearest above each Dockerfile, each read once. What is wrong inside a file is a warning on stderr and
// falls back (the options' one validation); a file that cannot be read or parsed stops with an InputError.
import * as path from 'node:path';
import { commandLineAnalysisOptions, findConfigFile, readConfigFile, shown } from '../../options/src';
import type { CommandLineAnalysis, CommandLineAnalysisOptions, ConfigFile } from '../../options/src';
import { InputError, PROGRAM } from './errors';

export class ConfigFiles {
  private readonly loaded = new Map<string, ConfigFile | InputError>();
  private readonly explicit: ConfigFile | undefined;

  /** `explicit`: the absolute path of --config, read at once. */
  constructor(
    explicit: string | undefined,
    private readonly cwd: string,
    private readonly stderr: (text: string) => void,
  ) {
    this.explicit = explicit === undefined ? undefined : this.load(explicit);
  }

  forDockerfile(dockerfile: string): ConfigFile | undefined {
    if (this.explicit) return this.explicit;
    const file = findConfigFile(path.dirname(dockerfile));
    if (file === undefined) return undefined;
    if (!this.loaded.has(file)) {
      try {
        this.loaded.set(file, this.load(file));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        this.loaded.set(file, err);
      }
    }
    const config = this.loaded.get(file);
    if (config instanceof InputError) throw config;
    return config;
  }

  /** The analysis' options for a Dockerfile from the flags and its config file (which is returned too). */
  analysisOptions(flags: Omit<CommandLineAnalysis, 'config' | 'cwd'>): { options: CommandLineAnalysisOptions; config?: ConfigFile } {
    const config = this.forDockerfile(flags.dockerfile);
    const result = commandLineAnalysisOptions({ ...flags, cwd: this.cwd, config });
    if (!result.ok) throw new InputError(result.problem);
    return { options: result.options, config };
  }

  private load(file: string): ConfigFile {
    const read = readConfigFile(file, shown(file, this.cwd), (message) => this.stderr(`${PROGRAM}: warning: ${message}\n`));
    if (!read.ok) throw new InputError(read.problem);
    return read.config;
  }
}

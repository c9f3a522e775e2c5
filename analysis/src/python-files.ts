// The Python files of the build context that one analysis reads (rules, hover, definition, links,
// completion), each read and parsed once. Bounded: at most PYTHON_FILE_LIMITS files and characters
// are kept; past that the oldest are dropped and read again when asked for.
import * as path from 'node:path';
import type { BuildContext } from './context';
import { parsePythonModule, type PythonModuleInfo } from './python';

export const PYTHON_FILE_LIMITS = { files: 64, characters: 16 * 1024 * 1024 } as const;

export interface PythonFile {
  readonly info: PythonModuleInfo;
  /** The source lines, without a byte-order mark (positions in `info` count without it too). */
  readonly lines: readonly string[];
}

/** A parsed Python file by its context-relative path; undefined when it cannot be read. */
export type PythonFiles = (contextPath: string) => PythonFile | undefined;

export function pythonFiles(context: BuildContext | undefined): PythonFiles {
  const cache = new Map<string, { file: PythonFile | undefined; characters: number }>();
  let characters = 0;
  return (contextPath) => {
    if (!context) return undefined;
    const cached = cache.get(contextPath);
    if (cached) return cached.file;
    const text = context.fs.read(path.join(context.dir, contextPath))?.replace(/^\uFEFF/, '');
    const file = text === undefined ? undefined : pythonFile(text);
    const size = text?.length ?? 0;
    for (const [oldest, entry] of cache) {
      if (cache.size < PYTHON_FILE_LIMITS.files && characters + size <= PYTHON_FILE_LIMITS.characters) break;
      cache.delete(oldest);
      characters -= entry.characters;
    }
    if (size <= PYTHON_FILE_LIMITS.characters) {
      cache.set(contextPath, { file, characters: size });
      characters += size;
    }
    return file;
  };
}

function pythonFile(text: string): PythonFile {
  let lines: string[] | undefined;
  return {
    info: parsePythonModule(text),
    // Only hover and completion show source lines: split on first use.
    get lines() {
      return (lines ??= text.split(/\r\n|\r|\n/));
    },
  };
}

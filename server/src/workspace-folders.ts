// The open workspace folders as file system paths, to find the folder that holds a Dockerfile.
import * as path from 'node:path';
import type { WorkspaceFolder, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { isInside } from '../../analysis/src';

export class WorkspaceFolders {
  private readonly paths = new Map<string, string>();

  /** From `initialize`: `workspaceFolders`, or the older `rootUri` when the client sends no folders. */
  constructor(folders: readonly WorkspaceFolder[] | null | undefined, rootUri?: string | null) {
    if (folders) this.add(folders);
    else if (rootUri) this.add([{ uri: rootUri, name: '' }]);
  }

  update(event: WorkspaceFoldersChangeEvent): void {
    for (const folder of event.removed) this.paths.delete(folder.uri);
    this.add(event.added);
  }

  /** The innermost workspace folder that contains `fsPath`, if any. */
  folderOf(fsPath: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.paths.values()) {
      if (isInside(fsPath, folder) && (best === undefined || folder.length > best.length)) best = folder;
    }
    return best;
  }

  private add(folders: readonly WorkspaceFolder[]): void {
    for (const folder of folders) {
      const path = fileSystemPath(folder.uri);
      if (path) this.paths.set(folder.uri, path);
    }
  }
}

/** The absolute path of a `file:` URI; undefined for untitled buffers, other schemes and malformed URIs. */
export function fileSystemPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' && path.isAbsolute(parsed.fsPath) ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

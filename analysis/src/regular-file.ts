// Reads a file only when it is a regular file of bounded size, without ever blocking: a FIFO,
// a device (`/dev/zero`) or a socket, directly or through a symbolic link, is refused, not read.
import * as fs from 'node:fs';
import { errorMessage } from './error-text';

export type FileRead = { ok: true; text: string } | { ok: false; reason: string };

const MIB = 1024 * 1024;

/** "16 MiB", "512 KiB": the limits as users read them in messages. */
function sizeText(bytes: number): string {
  return bytes >= MIB ? `${+(bytes / MIB).toFixed(1)} MiB` : `${+(bytes / 1024).toFixed(1)} KiB`;
}

export function readRegularFile(file: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `not a regular file (${kindOf(stat)})` };
    if (stat.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes, `${stat.size} bytes`) };
    // The size can change while reading: read at most one byte past the limit to notice.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, reason: tooLarge(maxBytes, 'it grew while read') };
        break;
      }
    }
    return { ok: true, text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  } finally {
    fs.closeSync(fd);
  }
}

const tooLarge = (maxBytes: number, actual: string) => `larger than the ${sizeText(maxBytes)} limit (${actual})`;

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

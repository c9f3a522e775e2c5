// Image paths resolved as Docker resolves WORKDIR and COPY destinations (path.posix.resolve), with a
// shortcut for the plain paths nearly every Dockerfile uses.
import * as path from 'node:path';

/** A path with no empty, `.` or `..` part and no trailing '/': already as path.posix.resolve makes it. */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|^\.\.?(\/|$)|.\/$/;

/** `value` resolved against `workdir` (both image paths), as path.posix.resolve does, without its cost for plain paths. */
export function imagePath(workdir: string, value: string): string {
  if (value.startsWith('/')) {
    if (!NOT_NORMAL.test(value)) return value;
  } else if (value !== '' && workdir.startsWith('/') && !NOT_NORMAL.test(value) && !NOT_NORMAL.test(workdir)) {
    return workdir === '/' ? `/${value}` : `${workdir}/${value}`;
  }
  return path.posix.resolve(workdir, value);
}

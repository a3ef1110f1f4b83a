import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { describeFsError } from './collectFiles';
import { decodeText } from './decodeText';

/** The text as read, and the bytes it was decoded from (a fix writes the file back in the same encoding). */
export type SourceRead = { readonly text: string; readonly bytes: Uint8Array } | { readonly problem: string };

/**
 * Reads one file to lint, only if it is a regular file. A FIFO with no writer would block the open (and the
 * run) forever, and a device such as /dev/zero never ends, so the file is opened without blocking and
 * checked on the open descriptor itself: a path swapped for something else after the folder walk is caught
 * too. Never throws: every failure becomes the reason shown after "cannot read".
 */
export function readSourceFile(path: string): SourceRead {
  let fd: number;
  try {
    // O_NONBLOCK only matters for FIFOs and devices, which are refused below; Windows has no such flag.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    // A socket cannot be opened at all: the same refusal as for the other special files.
    return { problem: (error as { code?: string }).code === 'ENXIO' ? 'not a regular file (a socket)' : describeFsError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: `not a regular file (${describeKind(stats)})` };
    const bytes = readFileSync(fd);
    return { text: decodeText(bytes), bytes };
  } catch (error) {
    return { problem: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { describeFsError } from './collectFiles';
import { decodeText } from './decodeText';

/** The text as read, and the bytes it was decoded from (a fix writes the file back in the same encoding). */
export type SourceRead = { readonly text: string; readonly bytes: Uint8Array } | { readonly problem: string };

/**
 * Reads one file to lint, only if it is a regular file. A FIFO with no writer would block the open (and the
 * run) forever, and a device such as /dev/zero never ends, so the file is opened without blocking and
 * checked on the open descriptor itself: a path swapped for something else after the folder walk is caught
 * too. Never throws: every failure becomes the reason shown after "cannot read".
 *
 * `keepBytes: false` when nothing will write the file back (no fix): the bytes are then read into one buffer
 * reused from file to file and only the text is kept (`bytes` is empty), so a folder of small files costs
 * one decode per file and no buffer of its own.
 */
export function readSourceFile(path: string, keepBytes = true): SourceRead {
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
    const bytes = readWhole(fd, stats.size, keepBytes);
    return keepBytes ? { text: decodeText(bytes), bytes } : { text: decodeText(bytes), bytes: NO_BYTES };
  } catch (error) {
    return { problem: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

const NO_BYTES = new Uint8Array(0);
/** The buffer reused by reads whose bytes are not kept; grown to the largest such file read (at most 1 MB). */
let shared = Buffer.allocUnsafeSlow(64 * 1024);
const LARGEST_SHARED = 1024 * 1024;

/**
 * The open file's bytes: `size` (its fstat) in as few reads as the system gives them, as readFileSync reads a
 * descriptor but without its second fstat. A file whose fstat says 0 (some special file systems) is read on
 * until a read returns nothing.
 */
function readWhole(fd: number, size: number, keepBytes: boolean): Buffer {
  const capacity = size > 0 ? size : UNKNOWN_SIZE_CHUNK;
  let buffer = keepBytes || capacity > LARGEST_SHARED ? Buffer.allocUnsafe(capacity) : shared.length >= capacity ? shared : (shared = Buffer.allocUnsafeSlow(capacity));
  let length = 0;
  while (size === 0 || length < size) {
    if (length === buffer.length) {
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, (size > 0 ? size : buffer.length) - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

const UNKNOWN_SIZE_CHUNK = 64 * 1024;

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from './collectFiles';

/** What a file held when it was read: compared again just before it is replaced. */
export interface ReadStamp {
  readonly size: number;
  readonly digest: string;
}

export function stampOf(bytes: Uint8Array): ReadStamp {
  return { size: bytes.length, digest: createHash('sha256').update(bytes).digest('hex') };
}

/** The name of a file being written beside its target: hidden, and with no extension the linter reads. */
export function temporaryNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.ses-grants-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Replaces a file's content without ever leaving it half-written: the new bytes go to a temporary file beside
 * it (same folder, so the same file system), which takes the file's mode and owner, is flushed to disk, and
 * is then renamed over the file in one step. Whatever stops the process (a kill, a full disk, a power cut
 * after the flush), the file holds either its old or its new text; a kill may leave the temporary file.
 *
 * Refused, with the reason returned: a file without write permission (even for root, who could write it: a
 * read-only file says "do not change me"), one whose content differs from what was read (someone saved it
 * while the run went on), and one with other hard links (a new file would separate them). A symbolic link is
 * followed: the file it points to is replaced, and the link stays.
 */
export function replaceFile(path: string, read: ReadStamp, content: Uint8Array): string | undefined {
  let target: string;
  try {
    target = realpathSync(path);
    const stats = statSync(target);
    if (!stats.isFile()) return 'not a regular file';
    if ((stats.mode & 0o222) === 0) return 'the file is read-only';
    if (stats.nlink > 1) return 'the file has other hard links, which a new file would separate from it';
    const temporary = temporaryNameFor(target);
    const fd = openSync(temporary, 'wx', 0o600);
    let renamed = false;
    try {
      try {
        let written = 0;
        while (written < content.length) written += writeSync(fd, content, written);
        fchmodSync(fd, stats.mode & 0o7777);
        if (stats.uid !== process.getuid?.() || stats.gid !== process.getgid?.()) {
          try {
            fchownSync(fd, stats.uid, stats.gid);
          } catch {
            return 'the file belongs to another user, and a new file would change its owner';
          }
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // As late as possible: the file must still hold what the fixes were computed from.
      if (!sameStamp(readFileSync(target), read)) return 'the file changed while ses-grants was fixing it; run again';
      renameSync(temporary, target);
      renamed = true;
      return undefined;
    } finally {
      if (!renamed) removeQuietly(temporary);
    }
  } catch (error) {
    return describeFsError(error);
  }
}

function sameStamp(bytes: Uint8Array, read: ReadStamp): boolean {
  if (bytes.length !== read.size) return false;
  return stampOf(bytes).digest === read.digest;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the folder became unwritable: nothing more to do.
  }
}

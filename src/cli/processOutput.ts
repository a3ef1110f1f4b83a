import { writeSync } from 'node:fs';

/**
 * Synchronous writes to stdout or stderr that remember how they failed instead of throwing: the output is
 * complete before the exit code is set, even when stdout is a pipe, and a failed write (a full disk,
 * `> /dev/full`, a closed descriptor) can still end the run with a message and exit code 2.
 */
export class FileDescriptorOutput {
  private error: NodeJS.ErrnoException | undefined;

  constructor(private readonly fd: number) {}

  /** The first write error; writing stops after it. */
  get failure(): NodeJS.ErrnoException | undefined {
    return this.error;
  }

  write(text: string): void {
    this.writeBytes(Buffer.from(text, 'utf8'));
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.error) return;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let written = 0;
    while (written < buffer.length) {
      try {
        written += writeSync(this.fd, buffer, written);
      } catch (error) {
        // A pipe that is full answers EAGAIN: try again.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        this.error = error as NodeJS.ErrnoException;
        return;
      }
    }
  }
}

/**
 * Whether a failed write deserves a message. EPIPE means the reader has gone (`ses-grants lint | head -1`):
 * it took what it wanted, so the run ends quietly, as `cat` and `grep` do.
 */
export function isReaderGone(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE';
}

export function describeWriteError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'no space left on device';
    case 'EBADF':
      return 'the output is closed';
    case 'EIO':
      return 'input/output error';
    default:
      return error.message;
  }
}

/** Where a command writes. main.ts binds it to the process; tests of the pieces can capture it. */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  /** Bytes written to stdout as they are: `--stdin --fix` gives back the text in the encoding it came in. */
  outBytes(bytes: Uint8Array): void;
  err(text: string): void;
  /** The script a lint worker runs (the CLI's bundle): many files are then linted in worker threads. Absent, one thread. */
  readonly workerScript?: string;
}

/** Exit codes, as documented in the README. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line or an unusable value: reported on stderr, exit 2. */
export class UsageError extends Error {}

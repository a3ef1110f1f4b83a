import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` on a fresh copy of a fixture folder in the system's temporary folder, deleted afterwards. */
export function inCopy<T>(folder: string, body: (root: string) => T, prefix = 'ses-grants-'): T {
  const root = mkdtempSync(join(tmpdir(), prefix));
  try {
    cpSync(folder, root, { recursive: true });
    return body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

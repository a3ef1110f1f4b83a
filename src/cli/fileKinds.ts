import { basename } from 'node:path';
import { isLintedFileName } from './collectFiles';

/**
 * Whether a file named on the command line is read, and how. A file with an extension read inside folders is
 * read by it; a file without an extension is read when it starts like a shell script (`#!/bin/sh`,
 * `#!/usr/bin/env bash`) or like JSON. Anything else (`notes.txt`, `build.py`, an image) holds no policy in a
 * format read here and is skipped, so that `ses-grants lint $(git diff --name-only)` works on any change.
 */
export function readingOf(path: string, text: string): { readonly languageId?: string } | undefined {
  const name = basename(path);
  if (isLintedFileName(name)) return {};
  if (name.includes('.')) return undefined;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^#![^\n]*\b(?:ba|z|da|k)?sh\b/.test(text.slice(start, start + 128))) return { languageId: 'shellscript' };
  if (/^\s*[{[]/.test(text.slice(start, start + 1024))) return { languageId: 'json' };
  return undefined;
}

/** A name whose extension says it is no file read here (reading it to look would be wasted). */
export function skippedByName(path: string): boolean {
  const name = basename(path);
  return !isLintedFileName(name) && name.includes('.');
}

import type { PolicyFile } from '../model';
import type { LintResult } from '../lint';
import { indexStatements } from './api';
import { indexErrorsAhead } from './trustGuard';
import { valuesReadingOf } from './infer';
import { fileMayHoldSuppressions } from '../suppressions';

/** About how many characters of a policy one statement takes, to spend a budget given in characters on statements. */
const CHARS_PER_STATEMENT = 256;

/**
 * What every quick fix of one analysed version reads of the whole file, whatever its finding, read ahead of the
 * first fix a part at a time: the statements' index by span (api.ts), whether the text may hold a suppression, the lint's error findings by
 * statement (trustGuard.ts), the values the file already states
 * (`inferValues`, infer.ts) and the format's own (`FormatEditing.readAhead`: a YAML template's style). Each is
 * kept with the file, so a fix finds it read, or reads on where the reading stopped: the result is the same.
 * On a 1 MB file that is most of the version's first code-action request. Returns a step that reads about
 * `chars` characters' worth more and says whether all is read.
 */
export function fixesReadAhead(reading: LintResult & { readonly file: PolicyFile }): (chars: number) => boolean {
  const file = reading.file;
  let stage = 0;
  return (chars) => {
    if (stage === 0) {
      indexStatements(file);
      fileMayHoldSuppressions(file);
      indexErrorsAhead(reading);
      stage = 1;
    }
    if (stage === 1) {
      if (!valuesReadingOf(file).advance(Math.max(1, Math.floor(chars / CHARS_PER_STATEMENT)))) return false;
      stage = 2;
    }
    if (stage === 2) {
      if (file.editing?.readAhead && !file.editing.readAhead(file, chars)) return false;
      stage = 3;
    }
    return true;
  };
}

import type { Finding } from '../../policy/findings';
import { applyOffsetEdits, type Linter } from '../../policy/fixes';
import { renderPlain } from '../../policy/templates';
import type { OwnFixAllRun } from '../adapter';
import { embeddedHolding } from '../embedded/holding';
import type { FormatLintResult } from '../result';

/** More rounds than a script needs: each round fixes one finding of one command. */
const MAX_SHELL_ROUNDS = 100;

/**
 * Fix-all on the add-permission command lines of a script, one fix a round, re-linted between rounds. A fix
 * is kept when its finding is gone, no syntax error and no unused suppression was added; a fix not kept is
 * not tried again. The policies given to commands are fixed after, as embedded policies.
 */
export function fixCommandLines(text: string, lint: Linter, run: OwnFixAllRun): string {
  let current = text;
  let result: FormatLintResult = lint(current);
  const tried = new Set<string>();
  for (let round = 0; round < MAX_SHELL_ROUNDS && result.file; round++) {
    const file = result.file;
    // A misspelt option first: corrected, it may be the source option another fix would add a second time.
    const next = [...result.findings]
      .sort((a, b) => Number(b.id === 'cli-unknown-option') - Number(a.id === 'cli-unknown-option'))
      .filter((f) => !tried.has(signature(f)) && !embeddedHolding(file.embedded ?? [], f))
      .map((finding) => ({ finding, fix: run.unattendedFix(current, result, finding) }))
      .find((candidate) => candidate.fix !== undefined);
    if (!next) break;
    const fixedText = applyOffsetEdits(current, next.fix!.edits.map((e) => ({ ...e, content: renderPlain(e.content) })));
    const after = lint(fixedText);
    const count = (r: FormatLintResult, wanted: (f: Finding) => boolean) => r.findings.filter(wanted).length;
    const unused = (f: Finding) => f.id === 'unused-suppression';
    const same = (f: Finding) => signature(f) === signature(next.finding);
    const kept =
      after.syntaxErrors.length <= result.syntaxErrors.length &&
      count(after, unused) <= count(result, unused) &&
      count(after, same) < count(result, same);
    if (kept) {
      current = fixedText;
      result = after;
    } else tried.add(signature(next.finding));
  }
  return current;
}

/** A finding by id and message: stable across edits before it. */
function signature(finding: Finding): string {
  return `${finding.id}\u0000${finding.message}`;
}

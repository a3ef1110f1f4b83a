import type { Finding } from '../findings';
import { lintJsonText } from '../lint';
import type { PolicyFile } from '../model';
import { renderPlain, type GrantValues } from '../templates';
import { applyOffsetEdits, fixContextFor, fixesFor, mergeValues, statementOf } from './api';
import { inferValues } from './infer';
import { commentsOf, syntaxErrorCount } from './jsonEditor';
import type { FormattingPreferences } from './types';

/** More rounds than any real file needs: each round fixes one finding. */
const MAX_ROUNDS = 200;

/**
 * Applies the preferred fix of every fixable finding, one per round, re-linting in between, and returns the
 * final text with placeholder marks rendered as the guide's names.
 *
 * Guarantees: deterministic (findings in document order); never corrupts (a fix whose result has more
 * syntax errors or loses a comment is skipped); idempotent (a fix is only kept when its finding goes away
 * or its builder has nothing more to offer, so a second call finds nothing it would change).
 */
export function fixAllText(text: string, values: GrantValues, formatting: FormattingPreferences): string {
  let current = text;
  let lint = lintJsonText(current);
  const attempted = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS && lint.file; round++) {
    const next = applyOneFix(current, lint.file, lint.findings, values, formatting, attempted);
    if (next === undefined) break;
    current = next.text;
    lint = next.lint;
  }
  return current;
}

interface Step {
  readonly text: string;
  readonly lint: ReturnType<typeof lintJsonText>;
}

function applyOneFix(
  text: string,
  file: PolicyFile,
  findings: readonly Finding[],
  settings: GrantValues,
  formatting: FormattingPreferences,
  attempted: Set<string>,
): Step | undefined {
  const values = mergeValues(settings, inferValues(file));
  for (const finding of findings) {
    const signature = signatureOf(file, finding, findings);
    if (attempted.has(signature)) continue;
    attempted.add(signature);
    const proposal = fixesFor(fixContextFor(text, file, finding, values, formatting)).find((p) => p.preferred);
    if (!proposal) continue;
    const edits = proposal.edits.map((e) => ({ ...e, content: renderPlain(e.content) }));
    const next = applyOffsetEdits(text, edits);
    if (next === text || !keepsStructure(text, next)) continue;
    const lint = lintJsonText(next);
    if (!lint.file || !madeProgress(next, lint.file, lint.findings, signature, settings, formatting)) continue;
    return { text: next, lint };
  }
  return undefined;
}

/** Which finding this is, stable across edits elsewhere: id, statement ordinal, message. */
function signatureOf(file: PolicyFile, finding: Finding, findings: readonly Finding[]): string {
  const statement = statementOf(file, finding);
  const where = statement ? `s${file.statements.indexOf(statement)}` : `f${findings.filter((f) => f.id === finding.id).indexOf(finding)}`;
  return `${finding.id}\u0000${where}\u0000${finding.message}`;
}

/** The finding is gone, or what is left of it is beyond any fix (e.g. a placeholder nobody configured). */
function madeProgress(text: string, file: PolicyFile, findings: readonly Finding[], signature: string, settings: GrantValues, formatting: FormattingPreferences): boolean {
  const same = findings.find((f) => signatureOf(file, f, findings) === signature);
  if (!same) return true;
  const values = mergeValues(settings, inferValues(file));
  return fixesFor(fixContextFor(text, file, same, values, formatting)).length === 0;
}

/** No new syntax error, and every comment still there (as many times as before). */
function keepsStructure(before: string, after: string): boolean {
  if (syntaxErrorCount(after) > syntaxErrorCount(before)) return false;
  const left = new Map<string, number>();
  for (const comment of commentsOf(after)) left.set(comment, (left.get(comment) ?? 0) + 1);
  for (const comment of commentsOf(before)) {
    const count = left.get(comment) ?? 0;
    if (count === 0) return false;
    left.set(comment, count - 1);
  }
  return true;
}

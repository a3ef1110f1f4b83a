import type { PolicyFile } from '../model';
import { namedAccounts } from './common';

/**
 * Checks fix-all makes on each round's result, whatever the fixes were: the builders keep these promises,
 * and a result that breaks one is discarded rather than saved.
 */

/** Statements no fix of the round was for keep their text exactly; none appears or disappears. */
export function keepsOtherStatements(before: PolicyFile, after: PolicyFile, fixed: ReadonlySet<number>): boolean {
  if (before.statements.length !== after.statements.length) return false;
  return before.statements.every((statement, index) => {
    if (fixed.has(index)) return true;
    const other = after.statements[index]!;
    return textOf(before, statement.node.span) === textOf(after, other.node.span);
  });
}

/**
 * No statement names an account it did not name before, except the configured account written into a
 * statement that named none (an open grant closed to the receiving account).
 */
export function writesNoNewAccount(before: PolicyFile, after: PolicyFile, configured: string | undefined): boolean {
  return after.statements.every((statement, index) => {
    const earlier = before.statements[index];
    const named = earlier ? namedAccounts(earlier) : [];
    return namedAccounts(statement).every((account) => named.includes(account) || (named.length === 0 && account === configured));
  });
}

function textOf(file: PolicyFile, span: { readonly offset: number; readonly length: number }): string {
  return file.text.slice(span.offset, span.offset + span.length);
}

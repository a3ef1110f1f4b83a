import { isAccountId } from '../aws/accounts';
import type { ConditionEntry, PolicyValue, Statement } from '../model';
import { receiptRuleArn, type GrantValues } from '../templates';
import { checkRegion, checkRuleName } from '../values';
import { arnMatchMode, isReceiptRulePattern } from '../rules/sourceArn';
import { operatorAccepted } from '../rules/sourceKeys';
import { SOURCE_ACCOUNT, SOURCE_ARN, build, defined, entriesOf, isLiteral, literalAccount, statementAccounts, valueAtFinding, valuesForAccount } from './common';
import { pathToEdit } from './duplicateKeys';
import type { PolicyEditor } from './policyEditor';
import { accountInArn } from './sourceConditions';
import type { FixContext, FixProposal } from './types';

/** `source-arn-malformed` and `source-account-mismatch`: rewrite a source value in place. */

const LIKE_OPERATORS = ['StringLike', 'ArnLike', 'ArnEquals'];

/**
 * The receipt-rule ARN a malformed value was meant to be: every component that can be read from it is kept
 * (a wildcard only where the operator honours wildcards), the rest comes from `valuesFor` its account (the
 * account written in it, else `trustedAccount`) or a placeholder.
 */
export function rewriteReceiptRuleArn(
  text: string,
  valuesFor: (account: string | undefined) => GrantValues,
  wildcardsAllowed: boolean,
  trustedAccount?: string,
): string {
  const trimmed = text.trim();
  const parts = trimmed.split(':');
  // The configured rule names belong to the configured account only.
  const values = valuesFor(parts[4] !== undefined && isAccountId(parts[4]) ? parts[4] : trustedAccount);
  const wildcard = (part: string | undefined) => wildcardsAllowed && part !== undefined && /^[*?]+$/.test(part);
  const regionPart = parts[3];
  const region = regionPart !== undefined && (checkRegion(regionPart) === undefined || wildcard(regionPart)) ? regionPart : values.region;
  const accountPart = parts[4];
  const account = accountPart !== undefined && (isAccountId(accountPart) || wildcard(accountPart)) ? accountPart : values.accountId;
  const name = (found: string | undefined) =>
    found !== undefined && (checkRuleName(found) === undefined || (wildcardsAllowed && /^[A-Za-z0-9._*?-]+$/.test(found))) ? found : undefined;
  const rule = name(/(?:receipt-)?rule\/([^:/]+)$/.exec(trimmed)?.[1]);
  let ruleSet = name(/(?:receipt-)?rule-set\/([^:/]+)/.exec(trimmed)?.[1]);
  // `…:receipt-rule/*` meant "any rule": any rule set matches too.
  if (ruleSet === undefined && rule !== undefined && wildcard(rule)) ruleSet = '*';
  return receiptRuleArn({ region, accountId: account, ruleSet: ruleSet ?? values.ruleSet, rule: rule ?? values.rule });
}

function sourceArnValues(context: FixContext): { entry: ConditionEntry; value: PolicyValue }[] {
  const statement = context.statement;
  if (!statement) return [];
  return entriesOf(statement, SOURCE_ARN).flatMap((entry) => entry.values.filter(isLiteral).map((value) => ({ entry, value })));
}

/** Rewrites a value of the statement in place: the copy that counts when its key repeats (duplicateKeys.ts). */
function setValue(editor: PolicyEditor, statement: Statement, value: PolicyValue, text: string): boolean {
  const path = pathToEdit(editor, statement.node, value.span);
  if (!path) return false;
  editor.set(path, text);
  return true;
}

export function malformedSourceArnFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const candidates = sourceArnValues(context);
  const atFinding = valueAtFinding(
    candidates.map((c) => c.value),
    context,
  );
  const target = candidates.find((c) => c.value === atFinding) ?? candidates[0];
  if (!target) return [];
  const named = [...new Set([...statementAccounts(statement), ...candidates.map((c) => accountInArn(c.value.text)).filter((a) => a !== undefined)])];
  const rewriteTarget = rewrittenArn(context, target, named);
  if (rewriteTarget === undefined || rewriteTarget === target.value.text) return [];
  // The linter names one malformed value per statement: the others are rewritten with it (each keeping its
  // own account), or the next one would be reported right after the fix.
  const rewrites = [{ candidate: target, text: rewriteTarget }];
  for (const candidate of candidates) {
    if (candidate === target || isReceiptRuleValue(candidate)) continue;
    const text = rewrittenArn(context, candidate, named);
    if (text !== undefined && text !== candidate.value.text) rewrites.push({ candidate, text });
  }
  return defined([
    build(context, { name: 'rewriteSourceArn', args: { arn: rewrites.map((r) => r.text).join(', ') }, preferred: true }, (editor) =>
      rewrites.every((r) => setValue(editor, statement, r.candidate.value, r.text)),
    ),
  ]);
}

/** Whether a SourceArn value already reads as a receipt-rule ARN (pattern) under its operator. */
function isReceiptRuleValue({ entry, value }: { entry: ConditionEntry; value: PolicyValue }): boolean {
  if (!operatorAccepted(entry)) return true;
  const text = value.text.trim();
  return isReceiptRulePattern(entry.baseOperator === 'StringEqualsIgnoreCase' ? text.toLowerCase() : text, arnMatchMode(entry.baseOperator));
}

/**
 * The receipt-rule ARN a malformed value was meant to be. An ARN without its account gets the one the
 * statement names (`named`; the configured account only for a statement naming none; a bare account id is
 * taken as the account meant); with several named, which one it was meant for is the user's call: undefined.
 */
function rewrittenArn(context: FixContext, { entry, value }: { entry: ConditionEntry; value: PolicyValue }, named: readonly string[]): string | undefined {
  const wildcards = LIKE_OPERATORS.includes(entry.baseOperator);
  const text = value.text.trim();
  const written = text.split(':')[4];
  const hasAccount = written !== undefined && (isAccountId(written) || (wildcards && /^[*?]+$/.test(written)));
  const accounts = isAccountId(text) ? [text] : named;
  if (!hasAccount && accounts.length > 1) return undefined;
  const valuesFor = (account: string | undefined) => valuesForAccount(context, account);
  return rewriteReceiptRuleArn(text, valuesFor, wildcards, accounts.length === 1 ? accounts[0] : undefined);
}

/**
 * SourceAccount and the SourceArn's account disagree, so the grant admits nobody. Making them agree admits
 * one of the two accounts: which is the user's choice (quick fix), never fix-all's.
 */
export function accountMismatchFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement || context.unattended) return [];
  const arnValues = sourceArnValues(context).map((c) => c.value);
  const accountValues = entriesOf(statement, SOURCE_ACCOUNT).flatMap((entry) => entry.values.filter(isLiteral));
  const arnAccounts = new Set(arnValues.map((v) => accountInArn(v.text)).filter((a) => a !== undefined));
  const accounts = new Set(accountValues.map(literalAccount).filter((a) => a !== undefined));
  const proposals: (FixProposal | undefined)[] = [];
  const [arnAccount] = [...arnAccounts];
  if (arnAccounts.size === 1 && arnAccount) {
    const wrong = accountValues.filter((v) => v.text.trim() !== arnAccount);
    proposals.push(
      build(context, { name: 'useArnAccount', args: { account: arnAccount }, preferred: true }, (editor) =>
        wrong.length > 0 && wrong.every((v) => setValue(editor, statement, v, arnAccount)),
      ),
    );
  }
  const [account] = [...accounts];
  if (accounts.size === 1 && account) {
    const wrong = arnValues.filter((v) => accountInArn(v.text) !== undefined && accountInArn(v.text) !== account);
    proposals.push(
      build(context, { name: 'useSourceAccountInArn', args: { account } }, (editor) =>
        wrong.length > 0 &&
        wrong.every((v) => {
          const parts = v.text.trim().split(':');
          parts[4] = account;
          return setValue(editor, statement, v, parts.join(':'));
        }),
      ),
    );
  }
  return defined(proposals);
}

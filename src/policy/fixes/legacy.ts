import type { ConditionEntry, Statement } from '../model';
import { kindsFromActions } from '../grant';
import { applyConditionPlan } from './conditionEdits';
import { REFERER, SOURCE_ACCOUNT, SOURCE_ARN, SOURCE_OWNER, build, defined, entriesOf, isLiteral, literalAccount, prefixLike, statementAccounts, valuesForAccount } from './common';
import { accountInArn, accountsCondition, conditionKeys } from './sourceConditions';
import type { FixContext, FixProposal } from './types';

/** The template's spelling of the key. */
const SOURCE_ACCOUNT_KEY = 'AWS:SourceAccount';

/** `legacy-referer-only`, `legacy-referer-present`, `legacy-source-owner`: the older source keys. */

/**
 * `aws:Referer` → `aws:SourceAccount`, keeping the accounts it names: renamed in place when it can be, else
 * written anew with those accounts. One account also gets its receipt-rule SourceArn (the configured rule
 * when it is the configured account, placeholders otherwise). Several accounts stay several SourceAccount
 * values and get no SourceArn: one receipt-rule ARN cannot name them all, and a SourceArn of one of them
 * would drop the others (adding a SourceArn per account is the next fix's job, `*-missing-source-arn`).
 */
export function refererOnlyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const referers = entriesOf(statement, REFERER);
  const [only] = referers;
  if (!only) return [];
  // The Referer value is the account the guide told users to put there: keep it.
  const accounts = statementAccounts(statement, [REFERER]);
  const values = valuesForAccount(context, accounts.length === 1 ? accounts[0] : undefined);
  // A Referer holding account ids (or one template value such as CloudFormation's `{"Ref": "AWS::AccountId"}`)
  // under an operator SourceAccount accepts is renamed in place: its values and any comment beside it stay.
  const renamable =
    referers.length === 1 &&
    (only.values.length === 1 && only.values[0]!.isToken ? true : only.values.length > 0 && only.values.every((v) => literalAccount(v) !== undefined)) &&
    (only.operator === 'StringEquals' || only.operator === 'StringLike');
  const both = ['aws:sourceaccount', 'aws:sourcearn'];
  const withArn = build(context, { name: 'replaceReferer', preferred: true }, (editor) =>
    applyConditionPlan(
      editor,
      statement,
      renamable
        ? { renameKey: [{ entry: only, key: SOURCE_ACCOUNT_KEY }], add: conditionKeys(values, false, ['aws:sourcearn']) }
        : accounts.length > 1
          ? { add: accountsCondition(accounts), remove: referers }
          : { add: conditionKeys(values, false, both), remove: referers },
    ),
  );
  // Several accounts cannot share one receipt-rule ARN: keep them all as SourceAccount values instead.
  const severalAccounts = accounts.length > 1;
  if (severalAccounts && !renamable) return defined([withArn]);
  const accountOnly = renamable
    ? build(context, { name: 'replaceRefererAccountOnly', preferred: severalAccounts }, (editor) =>
        applyConditionPlan(editor, statement, { renameKey: [{ entry: only, key: SOURCE_ACCOUNT_KEY }] }),
      )
    : undefined;
  if (severalAccounts) return defined([accountOnly]);
  return defined([withArn, accountOnly]);
}

/**
 * Referer next to the modern keys is ANDed with them: removing it changes nothing only when every account
 * the modern keys let in is one the Referer names too. Otherwise the two disagree (the grant admits nobody,
 * or fewer accounts than either says) and which one is meant is the user's call: no fix.
 */
export function refererPresentFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const referers = entriesOf(statement, REFERER);
  if (referers.length === 0 || !coveredBy(statement, referers)) return [];
  return defined([
    build(context, { name: 'removeReferer', preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { remove: referers }),
    ),
  ]);
}

/**
 * Renamed in place (value and comments kept). Where its block already has a SourceAccount the owner goes,
 * when that SourceAccount lets in no account the owner does not (else they disagree: no fix for it).
 */
export function sourceOwnerFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const owners = entriesOf(statement, SOURCE_OWNER);
  const siblingOf = (owner: ConditionEntry) =>
    owner.block === undefined ? undefined : statement.conditions.find((e) => e.keyLower === SOURCE_ACCOUNT && e.block === owner.block);
  const rename = owners.filter((o) => !siblingOf(o)).map((entry) => ({ entry, key: prefixLike(entry.key) + 'SourceAccount' }));
  const remove = owners.filter((o) => {
    const sibling = siblingOf(o);
    return sibling !== undefined && within(valueTexts([sibling]), valueTexts([o]));
  });
  if (rename.length === 0 && remove.length === 0) return [];
  return defined([
    build(context, { name: 'renameSourceOwner', preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { renameKey: rename, remove }),
    ),
  ]);
}

/** The trimmed texts of the entries' values (a template value by its known text). */
function valueTexts(entries: readonly ConditionEntry[]): string[] {
  return entries.flatMap((entry) => entry.values.map((value) => value.text.trim()));
}

function within(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.length > 0 && inner.every((text) => outer.includes(text));
}

/** Every account the statement's other source keys admit is one the Referer names too. */
function coveredBy(statement: Statement, referers: readonly ConditionEntry[]): boolean {
  // SES sends `aws:SourceOwner` to SNS only: for another kind the key admits nobody, or under IfExists everybody,
  // and so never stands in for the Referer.
  const kinds = kindsFromActions(statement.actions);
  const ownerSent = kinds.length > 0 && kinds.every((kind) => kind === 'sns');
  const others = statement.conditions.filter((e) => e.keyLower === SOURCE_ACCOUNT || (ownerSent && e.keyLower === SOURCE_OWNER));
  const arnAccounts = entriesOf(statement, SOURCE_ARN)
    .flatMap((entry) => entry.values)
    .map((value) => (isLiteral(value) ? accountInArn(value.text) : undefined));
  const admitted = [...valueTexts(others), ...arnAccounts.filter((a) => a !== undefined)];
  // A SourceArn whose account is not written literally (a wildcard, a template value) admits more than we can read.
  if (arnAccounts.includes(undefined) && others.length === 0) return false;
  return within(admitted, valueTexts(referers));
}

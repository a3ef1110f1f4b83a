import type { ConditionEntry } from '../model';
import { applyConditionPlan } from './conditionEdits';
import { REFERER, SOURCE_ACCOUNT, SOURCE_OWNER, build, defined, entriesOf, literalAccount, prefixLike, withAccount } from './common';
import { conditionKeys } from './sourceConditions';
import type { FixContext, FixProposal } from './types';

/** The template's spelling of the key. */
const SOURCE_ACCOUNT_KEY = 'AWS:SourceAccount';

/** `legacy-referer-only`, `legacy-referer-present`, `legacy-source-owner`: the older source keys. */

/** The one account a set of entries names, when they all name the same literal account. */
export function singleAccount(entries: readonly ConditionEntry[]): string | undefined {
  const accounts = new Set(entries.flatMap((entry) => entry.values.map(literalAccount)));
  const [only] = [...accounts];
  return accounts.size === 1 ? only : undefined;
}

export function refererOnlyFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const referers = entriesOf(statement, REFERER);
  const [only] = referers;
  if (!only) return [];
  // The Referer value is the account the guide told users to put there: keep it.
  const account = singleAccount(referers);
  const values = withAccount(context.values, account);
  // A Referer holding account ids (or one template value such as CloudFormation's `{"Ref": "AWS::AccountId"}`)
  // under an operator SourceAccount accepts is renamed in place: its values and any comment beside it stay.
  const renamable =
    referers.length === 1 &&
    (only.values.length === 1 && only.values[0]!.isToken ? true : only.values.length > 0 && only.values.every((v) => literalAccount(v) !== undefined)) &&
    (only.operator === 'StringEquals' || only.operator === 'StringLike');
  const both = ['aws:sourceaccount', 'aws:sourcearn'];
  const withArn = build(context, { name: 'replaceReferer', title: 'Replace aws:Referer with aws:SourceAccount and aws:SourceArn', preferred: true }, (editor) =>
    applyConditionPlan(
      editor,
      statement,
      renamable
        ? { renameKey: [{ entry: only, key: SOURCE_ACCOUNT_KEY }], add: conditionKeys(values, false, ['aws:sourcearn']) }
        : { add: conditionKeys(values, false, both), remove: referers },
    ),
  );
  // Several accounts cannot share one receipt-rule ARN: keep them all as SourceAccount values instead.
  const severalAccounts = renamable && new Set(only.values.map(literalAccount).filter((a) => a !== undefined)).size > 1;
  const accountOnly = renamable
    ? build(context, { name: 'replaceRefererAccountOnly', title: 'Replace aws:Referer with aws:SourceAccount', preferred: severalAccounts }, (editor) =>
        applyConditionPlan(editor, statement, { renameKey: [{ entry: only, key: SOURCE_ACCOUNT_KEY }] }),
      )
    : undefined;
  if (severalAccounts) return defined([accountOnly]);
  return defined([withArn, accountOnly]);
}

export function refererPresentFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const referers = entriesOf(statement, REFERER);
  if (referers.length === 0) return [];
  return defined([
    build(context, { name: 'removeReferer', title: 'Remove aws:Referer', preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { remove: referers }),
    ),
  ]);
}

/** Renamed in place (value and comments kept); dropped where its block already has a SourceAccount. */
export function sourceOwnerFix(context: FixContext): FixProposal[] {
  const statement = context.statement;
  if (!statement) return [];
  const owners = entriesOf(statement, SOURCE_OWNER);
  if (owners.length === 0) return [];
  const hasSibling = (owner: ConditionEntry) =>
    owner.block !== undefined && statement.conditions.some((e) => e.keyLower === SOURCE_ACCOUNT && e.block === owner.block);
  const rename = owners.filter((o) => !hasSibling(o)).map((entry) => ({ entry, key: prefixLike(entry.key) + 'SourceAccount' }));
  const remove = owners.filter(hasSibling);
  return defined([
    build(context, { name: 'renameSourceOwner', title: 'Rename aws:SourceOwner to aws:SourceAccount', preferred: true }, (editor) =>
      applyConditionPlan(editor, statement, { renameKey: rename, remove }),
    ),
  ]);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { globMatches } from '../../src/policy/glob';
import { kindsFromActions } from '../../src/policy/grant';
import type { ConditionEntry, GrantKind, PolicyValue, Statement } from '../../src/policy/model';
import { sourceEntriesOf } from '../../src/policy/rules/sourceEntries';
import { arnAccount, arnComponents } from '../../src/policy/rules/sourceArn';
import { isKnownKmsName } from '../../src/policy/rules/kms';
import { KMS_ACTIONS } from '../../src/policy/rules/kmsActions';
import {
  EXACT_STRING_OPERATORS,
  KMS_CONTEXT_ACCOUNT,
  REFERER,
  SOURCE_ACCOUNT,
  SOURCE_ARN,
  SOURCE_ORG_ID,
  SOURCE_ORG_PATHS,
  SOURCE_OWNER,
  isSourceKey,
  isTrueWhenAbsent,
  restricts,
} from '../../src/policy/rules/sourceKeys';
import { hasWildcard } from '../../src/policy/glob';
import { mulberry32 } from '../support/random';

/**
 * The rules' hot helpers were rewritten to allocate less (issue 13): each must answer as the simple version it
 * replaced, written out here, on seeded samples.
 */

/** kindsFromActions as it was: a Set in insertion order. */
function simpleKinds(actions: readonly PolicyValue[]): GrantKind[] {
  const needed: [GrantKind, string][] = [['s3', 's3:PutObject'], ['lambda', 'lambda:InvokeFunction'], ['sns', 'sns:Publish'], ['sts', 'sts:AssumeRole']];
  const kinds = new Set<GrantKind>();
  for (const action of actions) {
    const text = action.text.trim();
    for (const [kind, name] of needed) if (globMatches(text, name, true)) kinds.add(kind);
    if (text.toLowerCase().startsWith('kms:') || text === '*') kinds.add('kms');
  }
  return [...kinds];
}

const ACTION_PARTS = ['s3:PutObject', 'SNS:Publish', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:Describe*', 's3:*', 'S3:putobject', 'kms:Encrypt', 'KMS:GenerateDataKey*', 'lambda:InvokeFunction', 'lambda:*', 'sns:Publish',
  'SNS:*', 'sts:AssumeRole', '*', '?3:PutObject', 's*:Put*', 'iam:PassRole', ' s3:PutObject ', 'kms', 'sns:Publis?', '*:*'];

test('kindsFromActions gives the kinds, in order, that the Set version gives', () => {
  const random = mulberry32(1313);
  let multi = 0;
  for (let n = 0; n < 3_000; n++) {
    const count = Math.floor(random() * 5);
    const actions: PolicyValue[] = [];
    for (let i = 0; i < count; i++) {
      const text = ACTION_PARTS[Math.floor(random() * ACTION_PARTS.length)]!;
      actions.push({ text, span: { offset: 0, length: text.length }, node: { type: 'scalar', value: text, raw: text, span: { offset: 0, length: 0 } }, isToken: false } as PolicyValue);
    }
    const expected = simpleKinds(actions);
    assert.deepEqual([...kindsFromActions(actions)], expected, JSON.stringify(actions.map((a) => a.text)));
    if (expected.length > 1) multi++;
  }
  assert.ok(multi > 300, `only ${multi} samples with several kinds`);
});

/** What the source family asked key by key before the entries were grouped in one pass. */
function simpleRestricting(statement: Statement, key: string): ConditionEntry[] {
  return statement.conditions.filter((entry) => entry.keyLower === key && restricts(entry));
}

function simpleOrganisation(statement: Statement): ConditionEntry[] {
  return statement.conditions.filter(
    (entry) =>
      (entry.keyLower === SOURCE_ORG_ID || entry.keyLower === SOURCE_ORG_PATHS) &&
      !isTrueWhenAbsent(entry) &&
      restricts(entry) &&
      (EXACT_STRING_OPERATORS.includes(entry.baseOperator) || entry.values.every((v) => v.isToken || !hasWildcard(v.text.split('/')[0]!))),
  );
}

const OPERATORS = ['StringEquals', 'StringLike', 'StringEqualsIfExists', 'ArnLike', 'ArnEquals', 'ForAllValues:StringLike', 'ForAnyValue:StringEquals', 'Null',
  'StringNotEquals', 'StringEqualsIgnoreCase', 'Bool'];
const KEYS = ['aws:SourceAccount', 'AWS:SourceArn', 'aws:Referer', 'aws:SourceOwner', 'kms:EncryptionContext:aws:ses:source-account', 'aws:SourceOrgID',
  'aws:SourceOrgPaths', 'aws:SecureTransport', 'aws:sourceaccount'];
const VALUES: unknown[] = ['111122223333', '1111*', 'o-abc/*', 'o-*/r-1', 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/s:receipt-rule/r', [], ['111122223333', '*'], 'false'];

test('sourceEntriesOf groups the entries as the key-by-key questions found them', () => {
  const random = mulberry32(2613);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const statements: object[] = [];
  for (let n = 0; n < 1_500; n++) {
    const condition: Record<string, Record<string, unknown>> = {};
    const blocks = Math.floor(random() * 4);
    for (let b = 0; b < blocks; b++) {
      const block: Record<string, unknown> = (condition[pick(OPERATORS)] ??= {});
      const keys = 1 + Math.floor(random() * 3);
      for (let k = 0; k < keys; k++) block[pick(KEYS)] = pick(VALUES);
    }
    statements.push({ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: condition });
  }
  const file = lintJsonText(JSON.stringify({ Version: '2012-10-17', Statement: statements })).file!;
  assert.equal(file.statements.length, statements.length);
  let grouped = 0;
  for (const statement of file.statements) {
    const entries = sourceEntriesOf(statement);
    assert.deepEqual(entries.account, simpleRestricting(statement, SOURCE_ACCOUNT));
    assert.deepEqual(entries.arn, simpleRestricting(statement, SOURCE_ARN));
    assert.deepEqual(entries.referer, simpleRestricting(statement, REFERER));
    assert.deepEqual(entries.owner, simpleRestricting(statement, SOURCE_OWNER));
    assert.deepEqual(entries.kmsContext, simpleRestricting(statement, KMS_CONTEXT_ACCOUNT));
    assert.deepEqual(entries.organisation, simpleOrganisation(statement));
    assert.equal(entries.firstOwnerKey, statement.conditions.find((e) => e.keyLower === SOURCE_OWNER));
    assert.equal(entries.firstRestrictingNotReferer, statement.conditions.find((e) => e.keyLower !== REFERER && isSourceKey(e) && restricts(e)));
    assert.equal(entries.namesKmsContext, statement.conditions.some((e) => e.keyLower === KMS_CONTEXT_ACCOUNT));
    if (entries.account.length + entries.arn.length + entries.organisation.length > 1) grouped++;
  }
  assert.ok(grouped > 200, `only ${grouped} statements with several source entries`);
});

test('arnAccount finds the component arnComponents puts fifth', () => {
  const random = mulberry32(3913);
  const parts = ['arn', 'aws', 'ses', 'us-east-1', '111122223333', ':', '::', '*', '', 'receipt-rule-set/s', 'receipt-rule/r', '${AWS::AccountId}'];
  let found = 0;
  for (let n = 0; n < 4_000; n++) {
    const count = Math.floor(random() * 9);
    const pieces: string[] = [];
    for (let i = 0; i < count; i++) pieces.push(parts[Math.floor(random() * parts.length)]!);
    const value = pieces.join(random() < 0.8 ? ':' : '/');
    assert.equal(arnAccount(value), arnComponents(value)?.[4], JSON.stringify(value));
    if (arnAccount(value) !== undefined) found++;
  }
  assert.ok(found > 1_000, `only ${found} values with an account component`);
});

test('isKnownKmsName answers as a glob match against every KMS action, asked once or again (its answers are remembered)', () => {
  const random = mulberry32(5213);
  const stems = ['GenerateDataKey', 'Encrypt', 'Decrypt', 'ReEncrypt', 'Generate', 'Describe', 'Xyz', 'Get', 'List', 'Create', ''];
  let known = 0;
  for (let n = 0; n < 3_000; n++) {
    let name = stems[Math.floor(random() * stems.length)]!;
    if (random() < 0.5) name = name.toUpperCase();
    name = random() < 0.6 ? `${name}*` : random() < 0.5 ? `${name}?` : `*${name}`;
    const expected = KMS_ACTIONS.some((action) => globMatches(name, action, true));
    assert.equal(isKnownKmsName(name), expected, name);
    assert.equal(isKnownKmsName(name), expected, `${name} (again)`);
    if (expected) known++;
  }
  assert.ok(known > 500 && known < 2_500, `${known} of 3,000 names known: too few of one kind`);
});

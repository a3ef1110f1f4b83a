import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { grantDocument, renderPlain, toJsonText, type GrantValues, type InsertKind } from '../../src/policy/templates';
import { simulateSes } from './simulate';

/**
 * docs/semantics.md#what-is-inserted: everything `ses-grants new` prints must lint clean once its values are real, and must hold under
 * an independent IAM evaluator: SES acting for the receiving account is allowed, for any other account denied.
 */

const RECEIVING = { accountId: '123456789012', region: 'eu-west-1', ruleSet: 'inbound-mail', rule: 'store-and-notify' };

interface Case {
  readonly name: string;
  readonly kind: InsertKind;
  readonly values: GrantValues;
}

const TARGETS: Record<InsertKind, readonly GrantValues[]> = {
  s3: [{ bucket: 'mail-inbox-123' }, { bucket: 'mail-inbox-123', prefix: 'incoming/' }],
  kms: [{ includeDecrypt: false }, { includeDecrypt: true }],
  lambda: [{ functionName: 'process-mail' }],
  // The topic in the receiving account, and in another account of the same region (the case SNS needs a policy for).
  sns: [{ topicArn: 'arn:aws:sns:eu-west-1:123456789012:mail-notices' }, { topicArn: 'arn:aws:sns:eu-west-1:210987654321:mail-notices' }],
};

const CASES: Case[] = [];
for (const kind of Object.keys(TARGETS) as InsertKind[]) {
  for (const target of TARGETS[kind]) {
    for (const anyRule of [false, true]) {
      const values: GrantValues = { ...RECEIVING, ...target, anyRule };
      CASES.push({ name: `${kind} ${JSON.stringify(target)} ${anyRule ? 'any rule' : 'exact rule'}`, kind, values });
    }
  }
}

test('the template matrix covers every kind `ses-grants new` prints', () => {
  assert.deepEqual([...new Set(CASES.map((c) => c.kind))].sort(), ['kms', 'lambda', 's3', 'sns']);
  assert.ok(CASES.length >= 14, `only ${CASES.length} template cases`);
});

for (const { name, kind, values } of CASES) {
  test(`template ${name}: lints clean and holds under the IAM evaluator`, async () => {
    const text = renderPlain(toJsonText(grantDocument(kind, values)));
    const findings = lintJsonText(text, { strict: true }).findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(findings.map((f) => `${f.id}: ${f.message}`), [], `template ${name} has findings:\n${text}`);

    const outcome = await simulateSes(JSON.parse(text), kind);
    assert.equal(outcome.ownAccount, RECEIVING.accountId, 'the oracle must act for the account the template names');
    assert.equal(outcome.own, 'Allowed', `SES acting for ${outcome.ownAccount} is denied by:\n${text}\n${JSON.stringify(outcome.request)}`);
    assert.equal(outcome.foreign, 'Denied', `SES acting for ${outcome.foreignAccount} is allowed by:\n${text}`);
  });
}

test('the oracle sees the confused deputy: the template without its Condition allows any account', async () => {
  // Guards against an oracle that denies everything: the same grant minus its source restriction must open up.
  for (const kind of ['s3', 'kms', 'lambda', 'sns'] as const) {
    const document = JSON.parse(renderPlain(toJsonText(grantDocument(kind, { ...RECEIVING, ...TARGETS[kind][0] })))) as Record<string, unknown>;
    if (kind === 'lambda') {
      delete document['SourceAccount'];
      delete document['SourceArn'];
    } else {
      for (const statement of document['Statement'] as Record<string, unknown>[]) delete statement['Condition'];
    }
    const outcome = await simulateSes(document, kind);
    assert.equal(outcome.own, 'Allowed', kind);
    assert.equal(outcome.foreign, 'Allowed', `${kind}: the unrestricted grant should allow ${outcome.foreignAccount}`);
  }
});

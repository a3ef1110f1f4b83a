import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleInfo } from '../../src/policy/catalogue';
import { extractPolicies } from '../../src/policy/extract';
import type { Finding } from '../../src/policy/findings';
import { lintPolicyFile } from '../../src/policy/lint';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { parseJson } from '../../src/formats/json/parseJson';
import type { TreeNode } from '../../src/policy/tree';

/** Behaviour of the source-restriction family (docs/rules) beyond what the fixtures show. */

const ACCOUNT = '111122223333';
const RULE = `arn:aws:ses:us-east-1:${ACCOUNT}:receipt-rule-set/default-rule-set:receipt-rule/store-in-s3`;

function s3Statement(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    Sid: 'AllowSESPuts',
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::inbound-mail-example/*',
    ...extra,
  };
}

function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function sourceFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => ruleInfo(f.id).family === 'source');
}

function sourceIds(text: string): string[] {
  return sourceFindings(lintJsonText(text, { strict: true }).findings).map((f) => f.id);
}

test('an SES-marked statement gets none of the source findings', () => {
  const text = policy({
    Sid: 'GiveSESPermissionToWriteEmail',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::inbound-mail-example/*',
    Condition: { StringEquals: { 'aws:Referer': ACCOUNT } },
  });
  assert.deepEqual(sourceIds(text), []);
});

test('statements that are no SES grant get nothing: other services, Deny', () => {
  const otherService = policy({ ...s3Statement({}), Principal: { Service: 's3.amazonaws.com' } });
  assert.deepEqual(lintJsonText(otherService, { strict: true }).findings, []);
  const deny = policy({ ...s3Statement({}), Effect: 'Deny' });
  assert.deepEqual(sourceIds(deny), []);
});

test('a grant that is complete and exact gets no source finding', () => {
  const text = policy(s3Statement({ Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT, 'AWS:SourceArn': RULE } } }));
  assert.deepEqual(sourceIds(text), []);
});

test('a wildcard under StringEquals makes the grant dead, not open: no missing-source finding', () => {
  const text = policy(s3Statement({ Condition: { StringEquals: { 'aws:SourceAccount': '1111*' } } }));
  const ids = sourceIds(text);
  assert.ok(ids.includes('condition-wildcard-without-like'));
  assert.ok(!ids.includes('s3-missing-source-conditions'));
});

test('a wildcard SourceAccount under StringLike lets every account through', () => {
  const open = policy(s3Statement({ Condition: { StringLike: { 'aws:SourceAccount': '*' } } }));
  assert.deepEqual(sourceIds(open), ['s3-missing-source-conditions']);
  const pinnedByArn = policy(s3Statement({ Condition: { StringLike: { 'aws:SourceAccount': '*', 'aws:SourceArn': RULE } } }));
  assert.deepEqual(sourceIds(pinnedByArn), []);
});

test('operators are case-sensitive: a misspelt operator does not restrict', () => {
  const text = policy(s3Statement({ Condition: { stringequals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': RULE } } }));
  assert.deepEqual(sourceIds(text), ['s3-missing-source-conditions']);
});

test('a negated operator on a source key does not restrict', () => {
  const text = policy(s3Statement({ Condition: { StringNotEquals: { 'aws:SourceAccount': '444455556666' } } }));
  assert.deepEqual(sourceIds(text), ['s3-missing-source-conditions']);
});

test('a key SES never sends does not count as missing source: the grant is dead', () => {
  const text = policy(s3Statement({ Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }));
  assert.deepEqual(sourceIds(text), ['condition-key-not-applicable']);
  const negated = policy(s3Statement({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }));
  assert.deepEqual(sourceIds(negated), ['s3-missing-source-conditions']);
});

test('SourceArn case: exact under StringEqualsIgnoreCase, significant under ArnLike', () => {
  const upper = RULE.replace('arn:aws:ses', 'ARN:AWS:SES');
  const ignoreCase = policy(s3Statement({ Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, StringEqualsIgnoreCase: { 'aws:SourceArn': upper } } }));
  assert.deepEqual(sourceIds(ignoreCase), []);
  const arnLike = policy(s3Statement({ Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': upper } } }));
  assert.deepEqual(sourceIds(arnLike), ['source-arn-malformed']);
});

test('placeholders and template references suppress malformed and mismatch findings', () => {
  const placeholder = policy(
    s3Statement({
      Condition: {
        StringEquals: {
          'AWS:SourceAccount': 'AWSACCOUNTID',
          'AWS:SourceArn': 'arn:aws:ses:REGION:AWSACCOUNTID:receipt-rule-set/rule_set_name:receipt-rule/receipt_rule_name',
        },
      },
    }),
  );
  assert.deepEqual(sourceIds(placeholder), []);
  const reference = policy(
    s3Statement({
      Condition: {
        StringEquals: { 'AWS:SourceAccount': ACCOUNT, 'AWS:SourceArn': 'arn:aws:ses:${AWS::Region}:444455556666:receipt-rule/${Rule}' },
      },
    }),
  );
  assert.deepEqual(sourceIds(reference), []);
});

test('a sending-side SourceArn gets only source-arn-not-receipt-rule', () => {
  const text = policy(
    s3Statement({
      Condition: {
        StringEqualsIfExists: { 'aws:SourceAccount': '4444*' },
        StringEquals: { 'aws:SourceArn': `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com` },
      },
    }),
  );
  assert.deepEqual(sourceIds(text), ['source-arn-not-receipt-rule']);
});

test('one finding per statement even when a wildcard action makes it several kinds', () => {
  const text = policy({ ...s3Statement({}), Action: '*', Resource: '*' });
  const missing = sourceIds(text).filter((id) => id.endsWith('-missing-source-conditions'));
  assert.equal(missing.length, 1);
});

test('SourceAccount values are ORed: one matching the SourceArn account is enough', () => {
  const text = policy(
    s3Statement({ Condition: { StringEquals: { 'AWS:SourceAccount': ['444455556666', ACCOUNT] }, ArnLike: { 'AWS:SourceArn': RULE } } }),
  );
  assert.deepEqual(sourceIds(text), []);
});

test('messages name the concrete values', () => {
  const text = policy(s3Statement({ Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }));
  const [finding] = sourceFindings(lintJsonText(text, { strict: true }).findings);
  assert.equal(finding?.id, 's3-missing-source-arn');
  assert.match(finding.message, /bucket `inbound-mail-example`/);
  assert.match(finding.message, new RegExp(ACCOUNT));
});

/** Turns every string `TOKEN:<literal>` into an opaque template token, as a CloudFormation adapter would. */
function tokenize(node: TreeNode): TreeNode {
  switch (node.type) {
    case 'scalar':
      return typeof node.value === 'string' && node.value.startsWith('TOKEN:')
        ? { type: 'token', span: node.span, text: node.value.slice('TOKEN:'.length) }
        : node;
    // Field by field: the strict reader's nodes give their spans by getters, which a spread would drop.
    case 'array':
      return { type: 'array', span: node.span, items: node.items.map(tokenize) };
    case 'object':
      return { type: 'object', span: node.span, properties: node.properties.map((p) => ({ key: p.key, keySpan: p.keySpan, span: p.span, value: tokenize(p.value) })) };
    default:
      return node;
  }
}

function lintWithTokens(text: string): string[] {
  const root = parseJson(text).root;
  const file = extractPolicies(text, root ? tokenize(root) : undefined, true);
  return sourceFindings(lintPolicyFile(file, { strict: true })).map((f) => f.id);
}

test('template tokens are opaque: a token SourceAccount restricts, a token ARN is judged on its literal parts only', () => {
  const accountOnly = policy(s3Statement({ Condition: { StringEquals: { 'AWS:SourceAccount': 'TOKEN:${AWS::AccountId}' } } }));
  assert.deepEqual(lintWithTokens(accountOnly), ['s3-missing-source-arn']);
  const sub = (arn: string) =>
    policy(s3Statement({ Condition: { StringEquals: { 'AWS:SourceAccount': 'TOKEN:${AWS::AccountId}', 'AWS:SourceArn': 'TOKEN:' + arn } } }));
  assert.deepEqual(lintWithTokens(sub('arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/${RuleSet}:receipt-rule/${Rule}')), []);
  assert.deepEqual(lintWithTokens(sub('${…}')), []);
  assert.deepEqual(lintWithTokens(sub('${RuleArn}')), []);
  assert.deepEqual(lintWithTokens(sub('arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule/${Rule}')), ['source-arn-malformed']);
  assert.deepEqual(lintWithTokens(sub('arn:aws:s3:::${Bucket}')), ['source-arn-malformed']);
});

test('a literal account inside a template ARN is still compared with a literal SourceAccount', () => {
  const text = policy(
    s3Statement({
      Condition: {
        StringEquals: {
          'AWS:SourceAccount': ACCOUNT,
          'AWS:SourceArn': 'TOKEN:arn:aws:ses:${AWS::Region}:444455556666:receipt-rule-set/${RuleSet}:receipt-rule/${Rule}',
        },
      },
    }),
  );
  assert.deepEqual(lintWithTokens(text), ['source-account-mismatch']);
  const computed = text.replace('444455556666', '${AWS::AccountId}');
  assert.deepEqual(lintWithTokens(computed), []);
});

test('odd condition shapes never throw', () => {
  const odd = [
    s3Statement({ Condition: [] }),
    s3Statement({ Condition: 'StringEquals' }),
    s3Statement({ Condition: { StringEquals: [] } }),
    s3Statement({ Condition: { StringEquals: { 'aws:SourceArn': { nested: true } } } }),
    s3Statement({ Condition: { StringEquals: { 'aws:SourceArn': null, 'aws:SourceAccount': [] } } }),
    s3Statement({ Condition: { ArnLike: { 'aws:SourceArn': 'x'.repeat(100000) } } }),
    s3Statement({ Condition: { ArnLike: { 'aws:SourceArn': ':'.repeat(50) + '*'.repeat(50) } } }),
    s3Statement({ Condition: { Null: { 'kms:EncryptionContext:aws:ses:rule-name': [] } } }),
  ];
  for (const statement of odd) assert.doesNotThrow(() => lintJsonText(policy(statement), { strict: true }));
});

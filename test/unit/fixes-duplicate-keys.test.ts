import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, modify, parse, parseTree, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { lintText } from '../../src/formats';
import { lintJsonText, commentsOf, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { fixtureValues, formattingOf, listFixFixtures } from '../support/fixFixtures';
import { listFixtures } from '../support/fixtures';

/**
 * Fixes on documents with duplicate keys. The linter reads them as JSON parsers do (the last copy counts);
 * a fix must edit that copy. Property: fix-all on a document with overridden copies ends where fix-all on
 * the same document without them ends — the same effective policy, the same findings but `duplicate-key`.
 */

/** The text without the copies JSON parsers ignore: the first of two same keys goes, until none repeats. */
function withoutOverriddenCopies(text: string): string {
  for (let round = 0; round < 100; round++) {
    const repeated = firstRepeatedKey(parseTree(text, [], { allowTrailingComma: true }));
    if (!repeated) return text;
    // `modify` resolves a path to the first copy of a key: exactly the one to drop.
    text = applyEdits(text, modify(text, repeated, undefined, {}));
  }
  throw new Error('too many duplicate keys');
}

function firstRepeatedKey(node: JsonNode | undefined, path: JSONPath = []): JSONPath | undefined {
  if (!node) return undefined;
  if (node.type === 'object') {
    const keys = (node.children ?? []).map((p) => String(p.children?.[0]?.value));
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
    if (repeated !== undefined) return [...path, repeated];
    for (const property of node.children ?? []) {
      const found = firstRepeatedKey(property.children?.[1], [...path, String(property.children?.[0]?.value)]);
      if (found) return found;
    }
  } else if (node.type === 'array') {
    for (const [index, item] of (node.children ?? []).entries()) {
      const found = firstRepeatedKey(item, [...path, index]);
      if (found) return found;
    }
  }
  return undefined;
}

const ids = (text: string) => lintJsonText(text).findings.map((f) => f.id);
const effective = (text: string): unknown => parse(text, [], { allowTrailingComma: true });

const cases = [
  ...listFixFixtures()
    .filter((f) => f.name.includes('duplicate-key'))
    .map((f) => ({ name: f.name, text: f.text, fixedId: f.id as string | undefined })),
  ...listFixtures('rules')
    .filter((f) => f.expected.some((line) => line.endsWith(' duplicate-key')))
    .map((f) => ({ name: f.name, text: f.text, fixedId: undefined })),
];

test('duplicate-key cases exist for the value rewrites, the condition plans and the list edits, and among the rule fixtures', () => {
  const covered = [
    'source-account-mismatch',
    'source-arn-malformed',
    'placeholder-left',
    'legacy-source-owner',
    'condition-wildcard-without-like',
    'principal-service-unknown',
    // A statement element written twice (`Action`): the list edits.
    's3-action-too-broad',
    'kms-missing-generate-data-key',
    // The document's Version written twice.
    'version-legacy-2008',
  ];
  for (const id of covered) {
    assert.ok(
      cases.some((c) => c.fixedId === id),
      id,
    );
  }
  assert.ok(cases.some((c) => c.name === 'rules/source-account-mismatch/fires-duplicate-key-last-wins.json'));
});

/** Fix-all never chooses between two accounts: a mismatch is the user's to resolve, with a quick fix. */
const QUICK_FIX_ONLY = ['source-account-mismatch'];

for (const { name, text, fixedId } of cases) {
  test(`fix-all on ${name} ends as without the overridden copies`, () => {
    const plain = withoutOverriddenCopies(text);
    assert.notEqual(plain, text, 'the case holds a duplicate key');
    const formatting = formattingOf(text);
    const fixed = fixAllPlainJson(text, fixtureValues(), formatting);
    const fixedPlain = fixAllPlainJson(plain, fixtureValues(), formatting);
    assert.deepEqual(effective(fixed), effective(fixedPlain), 'the same policy as fix-all without the overridden copies');
    const left = ids(fixed);
    assert.deepEqual(
      left.filter((id) => id !== 'duplicate-key'),
      ids(fixedPlain),
      'the same findings, duplicate-key aside',
    );
    if (fixedId && !QUICK_FIX_ONLY.includes(fixedId)) assert.ok(!left.includes(fixedId), `${fixedId} is gone after fix-all`);
    assert.deepEqual(commentsOf(fixed), commentsOf(text), 'no comment lost');
  });
}

test('the value rewrite edits the copy that counts: the overridden copy is removed, never edited', () => {
  const fixture = listFixFixtures().find((f) => f.name === 'fixes/source-account-mismatch/duplicate-key-account.json');
  assert.ok(fixture);
  const { file, findings } = lintJsonText(fixture.text);
  const finding = findings.find((f) => f.id === 'source-account-mismatch');
  assert.ok(file && finding);
  const preferred = fixesFor(fixContextFor(fixture.text, file, finding, fixtureValues(), formattingOf(fixture.text))).find((p) => p.preferred);
  assert.ok(preferred);
  const result = applyOffsetEdits(fixture.text, preferred.edits);
  const block = (effective(result) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] }).Statement[0]!.Condition.StringEquals;
  assert.equal(block['AWS:SourceAccount'], '111122223333');
  assert.equal(result.match(/"AWS:SourceAccount"/g)?.length, 1, 'one copy left');
});

test('an overridden copy holding a comment is not removed: no proposal loses the comment', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "ses.amazonaws.com" },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::inbox-bucket/*",
      "Condition": {
        "StringEquals": {
          // the account of the receipt rule
          "AWS:SourceAccount": "111122223333"
        },
        "ArnLike": { "AWS:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store" },
        "StringEquals": { "AWS:SourceAccount": "444455556666" }
      }
    }
  ]
}
`;
  const { file, findings } = lintJsonText(text);
  const finding = findings.find((f) => f.id === 'source-account-mismatch');
  assert.ok(file && finding);
  const proposals = fixesFor(fixContextFor(text, file, finding, fixtureValues(), formattingOf(text)));
  assert.ok(proposals.length > 0, 'the fix that needs no removal is still offered');
  for (const proposal of proposals) {
    const result = applyOffsetEdits(text, proposal.edits);
    assert.deepEqual(commentsOf(result), commentsOf(text), proposal.title);
    assert.ok(!lintJsonText(result).findings.some((f) => f.id === 'source-account-mismatch'), `${proposal.title} fixes the finding`);
  }
});

/** A CloudFormation YAML template around one S3 grant statement, given as its YAML lines. */
function yamlTemplate(statementLines: readonly string[]): string {
  const head = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  InboxPolicy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: inbox-bucket',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
  ];
  return [...head, ...statementLines.map((line, i) => (i === 0 ? '          - ' : '            ') + line), ''].join('\n');
}

const lintYaml = (t: string) => lintText(t, { fileName: 'template.yaml' });

test('YAML template: a statement element written twice is edited in its last copy', () => {
  const text = yamlTemplate([
    'Effect: Allow',
    'Action: s3:GetObject',
    'Principal:',
    '  Service: ses.amazonaws.com',
    'Action: s3:*',
    'Resource: arn:aws:s3:::inbox-bucket/*',
    'Condition:',
    '  StringEquals:',
    "    aws:SourceAccount: '111122223333'",
    '    aws:SourceArn: arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store',
  ]);
  assert.deepEqual(
    lintYaml(text).findings.map((f) => f.id),
    ['duplicate-key', 's3-action-too-broad'],
  );
  const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text), lintYaml);
  assert.deepEqual(
    lintYaml(fixed).findings.map((f) => f.id),
    [],
  );
  const template = parseYaml(fixed, { uniqueKeys: false }) as { Resources: { InboxPolicy: { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } } } };
  assert.equal(template.Resources.InboxPolicy.Properties.PolicyDocument.Statement[0]!.Action, 's3:PutObject');
});

test('YAML template: the rewrite lands on the last copy of a repeated key', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  InboxPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: inbox-bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: ses.amazonaws.com
            Action: s3:PutObject
            Resource: arn:aws:s3:::inbox-bucket/*
            Condition:
              StringEquals:
                aws:SourceAccount: '111122223333'
                aws:SourceArn: arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/store
                aws:SourceAccount: '444455556666'
`;
  const lint = (t: string) => lintText(t, { fileName: 'template.yaml' });
  assert.deepEqual(
    lint(text).findings.map((f) => f.id),
    ['duplicate-key', 'source-account-mismatch'],
  );
  // The mismatch is the user's to resolve (a quick fix); its rewrite goes to the copy that counts.
  const { file, findings } = lint(text);
  const mismatch = findings.find((f) => f.id === 'source-account-mismatch');
  assert.ok(file && mismatch);
  const preferred = fixesFor(fixContextFor(text, file, mismatch, fixtureValues(), formattingOf(text))).find((p) => p.preferred);
  assert.ok(preferred);
  const fixed = applyOffsetEdits(text, preferred.edits);
  assert.deepEqual(
    lint(fixed).findings.map((f) => f.id),
    [],
  );
  const template = parseYaml(fixed, { uniqueKeys: false }) as {
    Resources: { InboxPolicy: { Properties: { PolicyDocument: { Statement: { Condition: { StringEquals: Record<string, string> } }[] } } } };
  };
  assert.equal(template.Resources.InboxPolicy.Properties.PolicyDocument.Statement[0]!.Condition.StringEquals['aws:SourceAccount'], '111122223333');
});

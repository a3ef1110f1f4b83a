import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../src/formats/json/parseJson';
import { extractPolicies } from '../../src/policy/extract';
import { chooseTarget, keysToUpdate, placeGrant, requestedTarget, statementPathOf, uniqueName } from '../../src/policy/grantPlacement';
import { grantStatement, type GrantValues } from '../../src/policy/templates';
import type { ObjectNode, TreeNode } from '../../src/policy/tree';

/**
 * The decisions "Add SES Grant" makes once for every format (src/policy/grantPlacement.ts), on statements
 * as the neutral model reads them: each format's planner only finds the candidates and writes the result.
 * The end-to-end texts per format are the insert fixtures (insert, template-insert, terraform-insert tests).
 */

const VALUES: GrantValues = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store', bucket: 'inbox-mail' };

function statementsOf(json: string) {
  const { root, errors } = parseJson(json);
  assert.deepEqual(errors, []);
  return extractPolicies(json, root).statements;
}

const sesGrant = (bucket: string, sid = 'AllowSESPuts') =>
  JSON.stringify({ Sid: sid, Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*` });
const reader = JSON.stringify({ Sid: 'Readers', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::inbox-mail/*' });
const policy = (...statements: string[]) => `{"Version": "2012-10-17", "Statement": [${statements.join(', ')}]}`;

test('requestedTarget: the name a resource is known by, and how a policy names it', () => {
  assert.deepEqual(requestedTarget('s3', { bucket: 'b' }), { name: 'b', literal: 'b' });
  assert.deepEqual(requestedTarget('lambda', { functionName: 'f' }), { name: 'f', literal: 'f' });
  assert.deepEqual(requestedTarget('sns', { topicArn: 'arn:aws:sns:us-east-1:111122223333:inbound' }), { name: 'inbound', literal: 'arn:aws:sns:us-east-1:111122223333:inbound' });
  assert.deepEqual(requestedTarget('kms', VALUES), { name: undefined, literal: undefined });
});

test('chooseTarget: by its name setting first, then by its own name; with no name, the only candidate', () => {
  const buckets = [
    { id: 'Inbox', setting: 'Archive' },
    { id: 'Archive', setting: 'inbox' },
  ];
  const choose = (name: string | undefined, candidates = buckets) => chooseTarget(candidates, name, (b) => b.setting, (b) => b.id)?.id;
  // "inbox" is Archive's bucket name and no one's own name: the setting decides.
  assert.equal(choose('inbox'), 'Archive');
  // "Inbox" is no bucket name: the resource named Inbox.
  assert.equal(choose('Inbox'), 'Inbox');
  // "Archive" is Inbox's bucket name and Archive's own name: the setting wins.
  assert.equal(choose('Archive'), 'Inbox');
  assert.equal(choose('nowhere'), undefined);
  assert.equal(choose(undefined), undefined, 'two candidates and no name: none');
  assert.equal(choose(undefined, [buckets[1]!]), 'Archive', 'the only candidate');
  assert.equal(choose('nowhere', [buckets[1]!]), undefined, 'a name that fits no candidate is not the only one');
});

test('placeGrant in a policy that says nothing of its resource: only a grant for the same bucket is the grant', () => {
  const statements = statementsOf(policy(reader, sesGrant('other-bucket'), sesGrant('inbox-mail', 'Mine')));
  const placement = placeGrant(statements, 's3', VALUES, grantStatement('s3', VALUES), false);
  assert.equal(placement.existing?.sid?.text, 'Mine');
  assert.equal(placeGrant(statements, 's3', { ...VALUES, bucket: 'third' }, grantStatement('s3', VALUES), false).existing, undefined);
  assert.equal(placeGrant(statements, 'sns', VALUES, grantStatement('sns', VALUES), false).existing, undefined, 'no grant of another kind');
});

test('placeGrant in the target\'s own policy: any SES grant of the kind is the grant', () => {
  const statements = statementsOf(policy(reader, sesGrant('${Inbox}', 'FromTemplate')));
  assert.equal(placeGrant(statements, 's3', VALUES, grantStatement('s3', VALUES), true).existing?.sid?.text, 'FromTemplate');
  assert.equal(placeGrant(statements, 's3', VALUES, grantStatement('s3', VALUES), false).existing, undefined);
  assert.equal(placeGrant(statements, 'kms', VALUES, grantStatement('kms', VALUES), true).existing, undefined);
});

test('placeGrant: the added statement gets a Sid no statement of the policy has', () => {
  const grant = grantStatement('s3', VALUES);
  assert.equal(grant['Sid'], 'AllowSESPuts');
  const taken = statementsOf(policy(sesGrant('a'), sesGrant('b', 'AllowSESPuts2')));
  assert.equal(placeGrant(taken, 's3', VALUES, grant, false).added['Sid'], 'AllowSESPuts3');
  assert.equal(placeGrant(statementsOf(policy(reader)), 's3', VALUES, grant, false).added, grant, 'a free Sid is kept as it is');
});

test('placeGrant: the kind of policy the document already is, when it is not the grant\'s', () => {
  const bucketPolicy = statementsOf(policy(reader));
  assert.equal(placeGrant(bucketPolicy, 'kms', VALUES, grantStatement('kms', VALUES), false).otherKind, 's3');
  assert.equal(placeGrant(bucketPolicy, 's3', VALUES, grantStatement('s3', VALUES), false).otherKind, undefined);
  assert.equal(placeGrant([], 'kms', VALUES, grantStatement('kms', VALUES), false).otherKind, undefined);
});

test('statementPathOf: an item of the Statement list, the single Statement object, or the object itself', () => {
  assert.deepEqual(statementPathOf(statementsOf(policy(reader, sesGrant('a')))[1]!), ['Statement', 1]);
  assert.deepEqual(statementPathOf(statementsOf(`{"Statement": ${sesGrant('a')}}`)[0]!), ['Statement']);
  assert.deepEqual(statementPathOf(statementsOf(sesGrant('a'))[0]!), []);
});

test('keysToUpdate: what differs, the identity kept, a computed value equal by its text', () => {
  const existing = parseJson('{"Sid": "Old", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "x", "Condition": {"StringEquals": {"a": "1", "b": "2"}}}').root as ObjectNode;
  const grant = { Sid: 'New', Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'y', Condition: { StringEquals: { b: '2', a: '1' } }, Principal: { Service: 'ses.amazonaws.com' } };
  assert.deepEqual(
    keysToUpdate(existing, grant, new Set(['Sid'])).map(({ key, present }) => `${key}:${present ? 'set' : 'insert'}`),
    ['Resource:set', 'Principal:insert'],
  );
  assert.deepEqual(keysToUpdate(existing, grant, new Set(['Sid', 'Resource'])).map((u) => u.key), ['Principal']);
  assert.deepEqual(keysToUpdate(existing, { Action: 's3:PutObject' }, new Set()).map((u) => u.key), ['Action'], 'a list is not its only item');
  // A template's `!Ref AWS::AccountId` is a token whose text is what the grant writes.
  const token: TreeNode = { type: 'token', text: '${AWS::AccountId}', span: { offset: 0, length: 0 } };
  const withToken: ObjectNode = { type: 'object', span: { offset: 0, length: 0 }, properties: [{ key: 'Account', keySpan: { offset: 0, length: 0 }, span: { offset: 0, length: 0 }, value: token }] };
  assert.deepEqual(keysToUpdate(withToken, { Account: '${AWS::AccountId}' }, new Set()), []);
  assert.deepEqual(keysToUpdate(withToken, { Account: '111122223333' }, new Set()).map((u) => u.key), ['Account']);
});

test('uniqueName: the wanted name, else the first numbered one free', () => {
  assert.equal(uniqueName('Policy', new Set(['Other']), (n) => `Policy${n}`), 'Policy');
  assert.equal(uniqueName('policy', new Set(['policy', 'policy_2']), (n) => `policy_${n}`), 'policy_3');
});

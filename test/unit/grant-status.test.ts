import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { receivingSetupOf } from '../../src/formats/receivingSetup';
import { GRANT_STATUSES } from '../../src/policy/grantStatus';
import { FIXTURES } from '../support/paths';

/**
 * test/fixtures/grant-status/<status>/*.json: every SES grant of each policy has the status its folder names
 * (the "SES Grants" view's icon and text). test/oracle/grant-status.test.ts asks the IAM evaluator whether
 * each status says what SES can do with the same files.
 */

const FOLDER = join(FIXTURES, 'grant-status');

test('every status has fixtures, and every fixture grant has its folder\'s status', () => {
  for (const status of GRANT_STATUSES) {
    const files = readdirSync(join(FOLDER, status)).filter((name) => name.endsWith('.json'));
    assert.ok(files.length > 0, `no fixture for ${status}`);
    for (const name of files) {
      const text = readFileSync(join(FOLDER, status, name), 'utf8');
      const setup = receivingSetupOf(lintText(text, { fileName: name }, { strict: true }));
      assert.ok(setup.grants.length > 0, `${status}/${name} holds an SES grant`);
      for (const grant of setup.grants) assert.equal(grant.status, status, `${status}/${name}: ${grant.findings.map((f) => f.id).join(', ')}`);
    }
  }
});

test('a grant\'s findings are its own: two statements of one policy keep theirs apart', () => {
  const open = JSON.parse(readFileSync(join(FOLDER, 'open', 's3-no-condition.json'), 'utf8'));
  const pinned = JSON.parse(readFileSync(join(FOLDER, 'pinned', 's3-rule.json'), 'utf8'));
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [...open.Statement, ...pinned.Statement] }, null, 2);
  const setup = receivingSetupOf(lintText(text, { fileName: 'policy.json' }, { strict: true }));
  assert.deepEqual(
    setup.grants.map((grant) => [grant.status, grant.findings.map((f) => f.id)]),
    [
      ['open', ['s3-missing-source-conditions']],
      ['pinned', []],
    ],
  );
});

test('files without SES grants have no receiving setup (precision)', () => {
  for (const text of ['{"name": "app", "version": "1.0.0"}', readFileSync(join(FIXTURES, '..', 'fixtures', 'receiving-setup', 'policies', 'not-ses.json'), 'utf8'), 'key: value\n']) {
    const setup = receivingSetupOf(lintText(text, { fileName: text.startsWith('key') ? 'a.yaml' : 'a.json' }));
    assert.deepEqual([setup.rules.length, setup.grants.length], [0, 0]);
  }
});

test('a sending-side grant (an identity SourceArn) is not a receiving grant', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: 'arn:aws:sns:us-east-1:111122223333:bounces',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnLike: { 'aws:SourceArn': 'arn:aws:ses:us-east-1:111122223333:identity/example.com' } },
      },
    ],
  });
  assert.equal(receivingSetupOf(lintText(text, { fileName: 'topic.json' })).grants.length, 0);
});

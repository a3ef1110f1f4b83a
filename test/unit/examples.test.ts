import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintFileText } from '../../src/cli/lintText';
import { REPO_ROOT } from '../support/paths';

/** The examples folder is the README's demo and the editor demo workspace: each file shows its mistake. */
const EXAMPLES: Record<string, string> = {
  's3-grant-without-condition.json': 's3-missing-source-conditions',
  's3-referer-only.json': 'legacy-referer-only',
  's3-bucket-arn-without-objects.json': 's3-resource-not-object-arn',
  's3-placeholders-left.json': 'placeholder-left',
  'kms-excess-actions.json': 'kms-excess-actions',
  'lambda-add-permission-without-source-arn.json': 'lambda-missing-source-arn',
  'setup-lambda-permission.sh': 'cli-unknown-option',
};

function idsOf(file: string): string[] {
  return lintFileText(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8'), file).findings.map((f) => f.id);
}

for (const [file, id] of Object.entries(EXAMPLES)) {
  test(`examples/${file} shows ${id}`, () => {
    assert.ok(idsOf(file).includes(id), `got ${idsOf(file).join(', ') || 'nothing'}`);
  });
}

test('examples/correct/s3-bucket-policy.json has no finding', () => {
  assert.deepEqual(idsOf('correct/s3-bucket-policy.json'), []);
});

test('examples/.vscode/settings.json fills the grant values', () => {
  const settings = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', '.vscode', 'settings.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(settings, {
    'sesGrants.accountId': '111122223333',
    'sesGrants.region': 'us-east-1',
    'sesGrants.ruleSetName': 'inbound',
    'sesGrants.ruleName': 'store',
  });
});

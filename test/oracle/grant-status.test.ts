import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRANT_STATUSES, type GrantStatus } from '../../src/policy/grantStatus';
import type { GrantKind } from '../../src/policy/model';
import { FIXTURES } from '../support/paths';
import { simulateSes, type Verdict } from './simulate';

/**
 * The view's statuses say what SES can do, and the IAM evaluator agrees on every fixture of
 * test/fixtures/grant-status: `open` lets SES acting for a foreign account in; `account`, `pinned` and `legacy`
 * let only the receiving account's rules in; `dead` lets not even those in.
 */

const EXPECTED: Record<GrantStatus, { own: Verdict; foreign: Verdict }> = {
  open: { own: 'Allowed', foreign: 'Allowed' },
  account: { own: 'Allowed', foreign: 'Denied' },
  pinned: { own: 'Allowed', foreign: 'Denied' },
  legacy: { own: 'Allowed', foreign: 'Denied' },
  dead: { own: 'Denied', foreign: 'Denied' },
};

function kindOf(policy: { Statement: { Action: string | string[] }[] }): GrantKind {
  const action = [policy.Statement[0]!.Action].flat()[0]!.toLowerCase();
  return action.startsWith('s3:') ? 's3' : action.startsWith('sns:') ? 'sns' : action.startsWith('lambda:') ? 'lambda' : 'kms';
}

test('the evaluator agrees with each status on its fixtures', async () => {
  let checked = 0;
  for (const status of GRANT_STATUSES) {
    for (const name of readdirSync(join(FIXTURES, 'grant-status', status)).filter((file) => file.endsWith('.json'))) {
      const policy = JSON.parse(readFileSync(join(FIXTURES, 'grant-status', status, name), 'utf8'));
      const outcome = await simulateSes(policy, kindOf(policy));
      assert.deepEqual({ own: outcome.own, foreign: outcome.foreign }, EXPECTED[status], `${status}/${name}: ${JSON.stringify(outcome.request)}`);
      checked++;
    }
  }
  assert.ok(checked >= GRANT_STATUSES.length);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { lintText } from '../../src/formats';
import { classify } from '../../src/policy/grant';
import { listFixtures } from '../support/fixtures';
import { simulateSes, type ExtraContext } from './simulate';

/**
 * Grants restricted to an organisation (`aws:SourceOrgID`, `aws:SourceOrgPaths`) against the IAM evaluator,
 * which does evaluate both keys. The general oracle sends no organisation keys, so there such a grant keeps
 * out its own account too and only counts as dead. Here SES acts for an account of the organisation, for an
 * account of another organisation, and for an account in none (the keys are then absent from the request):
 * - the linter reports `<kind>-missing-source-conditions` ⇒ some foreign account gets in;
 * - it does not ⇒ both foreign accounts are kept out while the organisation's own account gets in.
 */

const OWN_ORGANISATION: ExtraContext = {
  'aws:SourceOrgID': 'o-a1b2c3d4e5',
  'aws:SourceOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'],
};
const OTHER_ORGANISATION: ExtraContext = {
  'aws:SourceOrgID': 'o-z9y8x7w6v5',
  'aws:SourceOrgPaths': ['o-z9y8x7w6v5/r-zz99/ou-zz99-99999999/'],
};
const NO_ORGANISATION: ExtraContext = {};

const ORGANISATION_FIXTURES = listFixtures('rules').filter((f) => /aws:SourceOrg(ID|Paths)/i.test(f.text));

test('organisation fixtures exist for the check below', () => {
  assert.ok(ORGANISATION_FIXTURES.length >= 6, `only ${ORGANISATION_FIXTURES.length} fixtures use the organisation keys`);
});

for (const fixture of ORGANISATION_FIXTURES) {
  test(`oracle (organisation) ${fixture.name}`, async () => {
    const lint = lintText(fixture.text, { fileName: fixture.path }, { strict: true });
    const kinds = [...new Set((lint.file?.statements ?? []).map(classify).flatMap((g) => (g.isSesGrant ? g.kinds : [])))];
    assert.ok(kinds.length > 0, 'the fixture holds an SES grant');
    const policy: unknown = parse(fixture.text);
    for (const kind of kinds) {
      const otherOrganisation = await simulateSes(policy, kind, { own: OWN_ORGANISATION, foreign: OTHER_ORGANISATION });
      const noOrganisation = await simulateSes(policy, kind, { own: OWN_ORGANISATION, foreign: NO_ORGANISATION });
      assert.equal(otherOrganisation.own, 'Allowed', `${fixture.name}: SES acting for the organisation's own account is denied`);
      const foreignIn = [otherOrganisation.foreign, noOrganisation.foreign].includes('Allowed');
      const reportedOpen = lint.findings.some((f) => f.id === `${kind}-missing-source-conditions`);
      assert.equal(
        foreignIn,
        reportedOpen,
        `${fixture.name}: the linter ${reportedOpen ? 'reports' : 'does not report'} ${kind}-missing-source-conditions, ` +
          `the evaluator answers ${otherOrganisation.foreign} for another organisation and ${noOrganisation.foreign} for an account in none`,
      );
    }
  });
}

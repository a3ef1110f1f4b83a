import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { lintText } from '../../src/formats';
import { RULES } from '../../src/policy/catalogue';
import { classify } from '../../src/policy/grant';
import type { GrantKind } from '../../src/policy/model';
import { listFixtures } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';
import { OracleInputError, simulateSes, type OracleOutcome } from './simulate';

/**
 * The linter and an independent IAM evaluator must agree on the confused deputy, fixture by fixture:
 * - the linter reports `<kind>-missing-source-conditions` ⇒ the evaluator lets SES acting for a foreign account in;
 * - the linter reports no source-restriction problem (no SPEC §4.1 id of error/warning severity) ⇒ the
 *   evaluator keeps SES acting for a foreign account out.
 * A grant that keeps out the receiving account too is dead, not safe: it is counted apart, not failed.
 * The fixture folders are read at run time, so new fixtures join the check as they land.
 */

const FORMATS = ['.json', '.jsonc', '.yaml', '.yml', '.template'];

/** SPEC §4.1 ids of error or warning severity: the linter's "this grant is not properly restricted". */
const SOURCE_PROBLEM_IDS = new Set(RULES.filter((r) => r.family === 'source' && r.severity !== 'info').map((r) => r.id));

/**
 * Findings whose concern lies outside what the evaluator sees. The verdict is still computed (it speaks about
 * the policy), but the case is listed so nobody reads the evaluator's answer as covering it.
 */
const OUTSIDE_THE_MODEL: Readonly<Record<string, string>> = {
  'sns-region-mismatch': 'SES needs the topic in the receipt rule\'s region; IAM has no notion of regions matching',
  'legacy-referer-only': 'the evaluator only simulates SES as the caller; a forged aws:Referer sent directly by an IAM user is outside that request',
  'legacy-referer-present': 'a forged aws:Referer from a direct caller is outside the SES request (harmless here: ANDed with modern keys)',
  'source-arn-not-receipt-rule': 'a sending-side grant: the evaluator is asked about receiving, which such a grant does not serve',
};

interface Candidate {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** `examples/` (if present) holds user-facing policies without expected files: walk it directly. */
function exampleFiles(): Candidate[] {
  const root = join(REPO_ROOT, 'examples');
  if (!existsSync(root)) return [];
  const found: Candidate[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (FORMATS.some((e) => entry.endsWith(e)) && !entry.endsWith('.expected.json')) {
        found.push({ name: relative(REPO_ROOT, path), path, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(root);
  return found;
}

const CANDIDATES: Candidate[] = [
  ...listFixtures('rules', FORMATS).map((f) => ({ name: `test/fixtures/${f.name}`, path: f.path, text: f.text })),
  ...exampleFiles(),
];

type Outcome = 'agrees' | 'dead' | 'unmodelable';

interface Record_ {
  readonly name: string;
  readonly kind: GrantKind;
  readonly outcome: Outcome;
  readonly note: string;
}

const records: Record_[] = [];
const kindsPresent = new Set<GrantKind>();

function describe(outcome: OracleOutcome): string {
  return `own ${outcome.ownAccount}: ${outcome.own}, foreign ${outcome.foreignAccount}: ${outcome.foreign} (${outcome.request.action} on ${outcome.request.resource}, SourceArn ${outcome.request.sourceArn})`;
}

for (const candidate of CANDIDATES) {
  // The policy itself is compared: what an inline suppression hides still counts.
  const lint = lintText(candidate.text, { fileName: candidate.path }, { strict: true, ignoreSuppressions: true });
  const grants = (lint.file?.statements ?? []).map(classify).filter((g) => g.isSesGrant);
  if (grants.length === 0) continue;
  const kinds = [...new Set(grants.flatMap((g) => g.kinds))];
  for (const kind of kinds) kindsPresent.add(kind);

  test(`oracle ${candidate.name}`, async () => {
    const ids = new Set(lint.findings.map((f) => f.id));
    const outside = [...ids].filter((id) => id in OUTSIDE_THE_MODEL).map((id) => `${id}: ${OUTSIDE_THE_MODEL[id]}`);

    // Deploy-time values (CloudFormation intrinsics, `${…}` text) have no value the evaluator could match.
    let unmodelable: string | undefined;
    if (lint.file?.allowsTemplateValues) unmodelable = 'template values (intrinsics, parameters) are only known at deploy time';
    else if (ids.has('unresolved-reference')) unmodelable = 'unresolved ${…} references stand for values only known elsewhere';
    const errors: ParseError[] = [];
    const policy: unknown = unmodelable ? undefined : parse(candidate.text, errors, { allowTrailingComma: true });

    for (const kind of kinds) {
      if (unmodelable) {
        records.push({ name: candidate.name, kind, outcome: 'unmodelable', note: unmodelable });
        continue;
      }
      let outcome: OracleOutcome;
      try {
        outcome = await simulateSes(policy, kind);
      } catch (error) {
        if (!(error instanceof OracleInputError)) throw error;
        records.push({ name: candidate.name, kind, outcome: 'unmodelable', note: error.message });
        continue;
      }
      const note = [describe(outcome), ...outside].join('; ');
      if (outcome.own === 'Denied') {
        records.push({ name: candidate.name, kind, outcome: 'dead', note });
        continue;
      }
      if (ids.has(`${kind}-missing-source-conditions`)) {
        assert.equal(
          outcome.foreign,
          'Allowed',
          `${candidate.name}: the linter reports ${kind}-missing-source-conditions but the evaluator keeps a foreign account out: ${note}`,
        );
      }
      const sourceProblems = [...ids].filter((id) => SOURCE_PROBLEM_IDS.has(id));
      if (sourceProblems.length === 0) {
        assert.equal(
          outcome.foreign,
          'Denied',
          `${candidate.name}: the linter finds the ${kind} grant properly restricted but the evaluator lets SES acting for a foreign account in: ${note}`,
        );
      }
      records.push({ name: candidate.name, kind, outcome: 'agrees', note });
    }
  });
}

test('oracle summary: every kind present in the fixtures was actually evaluated', (t) => {
  const byOutcome = (o: Outcome) => records.filter((r) => r.outcome === o);
  t.diagnostic(`SES grants compared with the evaluator: ${byOutcome('agrees').length} agree, ${byOutcome('dead').length} dead, ${byOutcome('unmodelable').length} not modelable`);
  for (const r of byOutcome('dead')) t.diagnostic(`dead (own account denied too): ${r.name} [${r.kind}] ${r.note}`);
  for (const r of byOutcome('unmodelable')) t.diagnostic(`not modelable: ${r.name} [${r.kind}] ${r.note}`);
  for (const r of records.filter((x) => x.outcome !== 'unmodelable' && Object.keys(OUTSIDE_THE_MODEL).some((id) => x.note.includes(id)))) {
    t.diagnostic(`partly outside the model: ${r.name} [${r.kind}]`);
  }
  for (const kind of kindsPresent) {
    const evaluated = records.filter((r) => r.kind === kind && r.outcome !== 'unmodelable');
    assert.ok(evaluated.length >= 1, `fixtures hold ${kind} grants but none could be evaluated`);
  }
  // Per fixture test above ran before this one (top-level tests of a file run in order): none was lost.
  assert.ok(records.length >= kindsPresent.size, 'fewer oracle records than kinds present');
});

import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { plainValue } from '../../src/policy/fixes/treePaths';
import { parseJson } from '../../src/formats/json/parseJson';
import { fixtureValues, formattingOf, listFixFixtures, renderedEdits, type FixFixture } from './fixFixtures';

/**
 * The JSON fix fixtures (test/fixtures/fixes) written in one of Terraform's policy forms (jsonencode, a policy
 * document), and the preferred fix of each there: what the Terraform fix tests compare with the fixed fixture,
 * written the same way.
 */
export const TERRAFORM_HINT = { fileName: 'main.tf' };
/** Terraform's JSON syntax. */
export const TERRAFORM_JSON_HINT = { fileName: 'main.tf.json' };

export type PlainPolicy = Record<string, unknown>;

/** A fixture's policy as a value; undefined when its text is more than a value can say. */
export function policyValueOf(text: string): PlainPolicy | undefined {
  const { root, errors } = parseJson(text);
  // `${…}` and `%{…}` are template sequences in HCL: such a fixture says something else there.
  if (!root || errors.length > 0 || text.includes('${') || text.includes('%{') || root.type !== 'object') return undefined;
  // Comments are not carried over, and a fix that would drop one is not offered: the fixtures would differ.
  if (/\/\/|\/\*/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return undefined;
  // Deeper than a policy nests (the fixture of 10,000 nested arrays): HCL is read to a bounded depth.
  if (/[[{]{64}/.test(text.replace(/\s/g, ''))) return undefined;
  const value = JSON.parse(JSON.stringify(plainValue(root))) as PlainPolicy;
  // An AddPermission request is no policy a Terraform resource holds; a bare statement goes into one.
  if (!('Statement' in value) && !('Effect' in value)) return undefined;
  return 'Statement' in value ? value : { Version: '2012-10-17', Statement: [value] };
}

/** The policy a Terraform text's first policy renders, as plain values. */
export function renderedPolicy(text: string, hint = TERRAFORM_HINT): unknown {
  const document = lintText(text, hint).file?.documents[0];
  return document && JSON.parse(JSON.stringify(plainValue(document.node)));
}

export interface FixInForm {
  readonly fixture: FixFixture;
  /** The fixture's policy and its fixed policy, written in the form. */
  readonly text: string;
  readonly expected: string;
  /** The text after the preferred fix; undefined when none is offered. */
  readonly fixed: string | undefined;
  /** No fix is offered for this fixture in JSON either. */
  readonly noFixExpected: boolean;
  readonly offered: number;
}

/** Each fixture whose finding the form reports, with its preferred fix applied. */
export function fixesInForm(write: (policy: PlainPolicy) => string | undefined, hint = TERRAFORM_HINT): FixInForm[] {
  const cases: FixInForm[] = [];
  for (const fixture of listFixFixtures()) {
    const before = policyValueOf(fixture.text);
    const after = policyValueOf(fixture.fixed);
    const text = before && write(before);
    const expected = after && write(after);
    if (!text || !expected) continue;
    const result = lintText(text, hint);
    const finding = result.findings.find((f) => f.id === fixture.id);
    if (!finding) continue;
    const values = fixture.unknownValues ? {} : fixtureValues();
    const proposals = fixesInFormat({ text, hint, result, finding, values, formatting: formattingOf(text) });
    const preferred = proposals.find((p) => p.preferred);
    const fixed = preferred && applyOffsetEdits(text, renderedEdits(preferred.edits));
    cases.push({ fixture, text, expected, fixed, noFixExpected: fixture.fixed === fixture.text, offered: proposals.length });
  }
  return cases;
}

export interface FormSummary {
  readonly compared: number;
  readonly ids: ReadonlySet<string>;
  /** Fixtures fixed in JSON that get no fix in the form. */
  readonly unfixed: readonly string[];
}

/**
 * Each fixture in the form: none offered where JSON offers none, else the preferred fix parses and renders the
 * same policy as the fixed fixture written in the form.
 */
export function checkFixesInForm(write: (policy: PlainPolicy) => string | undefined, hint = TERRAFORM_HINT): FormSummary {
  const ids = new Set<string>();
  const unfixed: string[] = [];
  let compared = 0;
  for (const entry of fixesInForm(write, hint)) {
    const name = entry.fixture.name;
    if (entry.noFixExpected) {
      assert.equal(entry.offered, 0, `${name}: no fix is offered`);
      continue;
    }
    if (entry.fixed === undefined) {
      unfixed.push(name);
      continue;
    }
    assert.deepEqual(lintText(entry.fixed, hint).syntaxErrors, [], `${name}: the result parses\n${entry.fixed}`);
    assert.deepEqual(renderedPolicy(entry.fixed, hint), renderedPolicy(entry.expected, hint), `${name}:\n${entry.fixed}`);
    ids.add(entry.fixture.id);
    compared++;
  }
  return { compared, ids, unfixed };
}

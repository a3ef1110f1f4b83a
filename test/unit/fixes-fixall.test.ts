import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { lintJsonText, commentsOf, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { fixContextFor, inferValues, mergeValues, unattendedFix } from '../../src/policy/fixes';
import { listFixtures } from '../support/fixtures';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/**
 * Fix-all over every rule fixture that has findings: the result parses, keeps every comment, leaves no
 * finding that a fix (with known values) would still change, and a second run changes nothing.
 */
const withFindings = listFixtures('rules').filter((f) => f.expected.length > 0);

test('fix-all has rule fixtures to run on', () => {
  assert.ok(withFindings.length >= 40, `only ${withFindings.length} fixtures with findings`);
});

function syntaxErrors(text: string): number {
  return lintJsonText(text).syntaxErrors.length;
}

for (const fixture of withFindings) {
  test(`fix-all ${fixture.name}`, () => {
    const values = fixtureValues();
    const formatting = formattingOf(fixture.text);
    const fixed = fixAllPlainJson(fixture.text, values, formatting);
    assert.ok(syntaxErrors(fixed) <= syntaxErrors(fixture.text), 'no new syntax error');
    assert.deepEqual(commentsOf(fixed).length, commentsOf(fixture.text).length, 'every comment kept');
    assert.deepEqual([...commentsOf(fixed)].sort(), [...commentsOf(fixture.text)].sort());
    assert.ok(!fixed.includes('\uE000'), 'placeholder marks are rendered');

    const { file, findings } = lintJsonText(fixed, { strict: true });
    if (file) {
      const known = mergeValues(values, inferValues(file));
      const stillFixable = findings.filter((f) => unattendedFix(fixContextFor(fixed, file, f, known, formatting)) !== undefined);
      assert.deepEqual(stillFixable.map((f) => f.id), [], 'no finding left that fix-all would change');
    }
    assert.equal(fixAllPlainJson(fixed, values, formatting), fixed, 'a second run changes nothing');
  });

  test(`fix-all without values ${fixture.name}`, () => {
    const formatting = formattingOf(fixture.text);
    const fixed = fixAllPlainJson(fixture.text, {}, formatting);
    assert.ok(syntaxErrors(fixed) <= syntaxErrors(fixture.text), 'no new syntax error');
    assert.deepEqual([...commentsOf(fixed)].sort(), [...commentsOf(fixture.text)].sort());
    // Never an account id the file did not already hold.
    const accounts = new Set([...fixture.text.matchAll(/\d{12}/g)].map((m) => m[0]));
    for (const [account] of fixed.matchAll(/\d{12}/g)) assert.ok(accounts.has(account), `invented account ${account}`);
    assert.equal(fixAllPlainJson(fixed, {}, formatting), fixed, 'a second run changes nothing');
  });
}

test('fix-all leaves text without SES grants alone', () => {
  const text = '{\n  "name": "ses-grants", // not a policy\n  "version": "1.0.0"\n}\n';
  assert.equal(fixAllPlainJson(text, fixtureValues(), formattingOf(text)), text);
});

test('fix-all leaves broken JSON parseable no worse than before', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b"';
  const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text));
  assert.ok(syntaxErrors(fixed) <= syntaxErrors(text));
});

test('fix-all on truncated and garbled policies never throws and never adds a syntax error', () => {
  const samples = withFindings.slice(0, 25);
  for (const fixture of samples) {
    const cuts = [0.3, 0.6, 0.9].map((r) => fixture.text.slice(0, Math.floor(fixture.text.length * r)));
    const garbled = [fixture.text.replace(/"Condition"/, '"Condition": 1, "x"'), fixture.text.replace(/\]/g, '')];
    for (const text of [...cuts, ...garbled]) {
      const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text));
      assert.ok(syntaxErrors(fixed) <= syntaxErrors(text), `${fixture.name}: ${JSON.stringify(text.slice(-40))}`);
      assert.deepEqual([...commentsOf(fixed)].sort(), [...commentsOf(text)].sort());
    }
  }
});

test('fix-all changes nothing in files that hold no SES grant (the negative fixtures)', () => {
  const negatives = listFixtures('negatives');
  assert.ok(negatives.length > 0);
  for (const fixture of negatives) assert.equal(fixAllPlainJson(fixture.text, fixtureValues(), formattingOf(fixture.text)), fixture.text, fixture.name);
});

test('fix-all with the format-aware linter fixes a CloudFormation JSON template and keeps its intrinsics', () => {
  const text = readFileSync(join(FIXTURES, 'templates', 'cdk-synth-referer.json'), 'utf8');
  const lint = (t: string) => lintText(t, { languageId: 'json' });
  assert.ok(lint(text).findings.some((f) => f.id === 'legacy-referer-only'));
  const fixed = fixAllPlainJson(text, {}, formattingOf(text), lint);
  assert.ok(!lint(fixed).findings.some((f) => f.id === 'legacy-referer-only'));
  assert.match(fixed, /"AWS:SourceAccount": \{\s*"Ref": "AWS::AccountId"\s*\}/);
  assert.equal(fixAllPlainJson(fixed, {}, formattingOf(fixed), lint), fixed);
});

test('fix-all on a policy with a value nested 10 000 deep fixes the grant and leaves the nested value as it was', () => {
  const dir = join(FIXTURES, 'fixes', 's3-missing-source-conditions');
  const text = readFileSync(join(dir, 'nested-10000-deep.json'), 'utf8');
  const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text));
  assert.equal(fixed, readFileSync(join(dir, 'nested-10000-deep.fixed.json'), 'utf8'));
  assert.deepEqual(lintJsonText(fixed).findings, []);
  assert.equal(fixAllPlainJson(fixed, fixtureValues(), formattingOf(fixed)), fixed);
});

/**
 * Fix-all fixtures: `test/fixtures/fix-all/<case>.json` (or `.jsonc`) becomes exactly `<case>.fixed.json`
 * with the values of test/fixtures/fixes/values.json, and a second run changes nothing. A `.fixed` text equal
 * to the input says fix-all leaves the file alone.
 */
const FIX_ALL = join(FIXTURES, 'fix-all');
const fixAllCases = readdirSync(FIX_ALL).filter((name) => /\.jsonc?$/.test(name) && !name.includes('.fixed.'));

test('fix-all fixtures exist', () => {
  assert.ok(fixAllCases.length >= 3, `only ${fixAllCases.length} fix-all fixtures`);
});

for (const name of fixAllCases) {
  test(`fix-all fixture ${name}`, () => {
    const text = readFileSync(join(FIX_ALL, name), 'utf8');
    const expected = readFileSync(join(FIX_ALL, name.replace(/(\.jsonc?)$/, '.fixed$1')), 'utf8');
    const lint = (t: string) => lintText(t, { fileName: name });
    const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text), lint);
    assert.equal(fixed, expected);
    assert.deepEqual(commentsOf(fixed), commentsOf(text), 'every comment kept');
    assert.equal(fixAllPlainJson(fixed, fixtureValues(), formattingOf(fixed), lint), fixed, 'a second run changes nothing');
  });
}

/**
 * Unattended fix-all without any value (the command line with no account configured):
 * `test/fixtures/fix-all-no-values/<case>.json` becomes exactly `<case>.fixed.json`. An open grant cannot be
 * closed then, so nothing else in it is fixed either: a fix that makes it work (a bucket ARN turned into its
 * objects') would let SES in for any account.
 */
const NO_VALUES = join(FIXTURES, 'fix-all-no-values');
for (const name of readdirSync(NO_VALUES).filter((n) => /\.jsonc?$/.test(n) && !n.includes('.fixed.'))) {
  test(`fix-all without values, unattended: ${name}`, () => {
    const text = readFileSync(join(NO_VALUES, name), 'utf8');
    const fixed = fixAllPlainJson(text, {}, formattingOf(text), lintJsonText, { withoutPlaceholders: true });
    assert.equal(fixed, readFileSync(join(NO_VALUES, name.replace(/(\.jsonc?)$/, '.fixed$1')), 'utf8'));
  });
}

test('fix-all with values closes an open grant on a bucket ARN first, then fixes its resource', () => {
  const text = readFileSync(join(NO_VALUES, 'open-grant-on-bucket-arn.json'), 'utf8');
  const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text));
  assert.deepEqual(lintJsonText(fixed).findings.map((f) => f.id), []);
  assert.match(fixed, /"Resource": "arn:aws:s3:::mail-inbox\/\*"/);
  assert.match(fixed, /"AWS:SourceAccount": "111122223333"/);
});

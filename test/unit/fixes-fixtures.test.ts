import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText, commentsOf, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { hasPlaceholders, renderPlain, sourceCondition } from '../../src/policy/templates';
import { FIX_TITLES_JA } from '../../src/policy/messages.ja';
import { fixtureValues, formattingOf, handMadeFinding, listFixFixtures, renderedEdits } from '../support/fixFixtures';

/** Each fix fixture: the preferred fix for its finding turns the input into exactly the `.fixed` text. */
const fixtures = listFixFixtures();

test('fix fixtures exist', () => {
  assert.ok(fixtures.length >= 40, `only ${fixtures.length} fix fixtures`);
});

for (const fixture of fixtures) {
  test(`fix ${fixture.name}`, () => {
    const values = fixture.unknownValues ? {} : fixtureValues();
    const { file, findings } = lintJsonText(fixture.text, { strict: true });
    assert.ok(file, 'the fixture holds a policy');
    const finding = findings.find((f) => f.id === fixture.id) ?? handMadeFinding(fixture.id, file);
    assert.ok(finding, `no ${fixture.id} finding`);
    const proposals = fixesFor(fixContextFor(fixture.text, file, finding, values, formattingOf(fixture.text)));
    if (fixture.fixed === fixture.text) {
      assert.deepEqual(proposals, [], 'no fix is offered');
      assert.equal(fixAllPlainJson(fixture.text, values, formattingOf(fixture.text)), fixture.text, 'fix-all leaves the text as it is');
      return;
    }
    assert.equal(proposals.filter((p) => p.preferred).length, 1, 'exactly one preferred fix');
    for (const p of proposals) {
      assert.equal(p.findingId, fixture.id);
      assert.match(p.titleKey, /^fix\.[a-zA-Z0-9]+$/);
      assert.ok(p.title.length > 0 && !p.title.includes('{'), `title "${p.title}" is filled in`);
    }
    const preferred = proposals.find((p) => p.preferred)!;
    const marked = applyOffsetEdits(fixture.text, preferred.edits);
    const result = applyOffsetEdits(fixture.text, renderedEdits(preferred.edits));
    assert.equal(result, fixture.fixed);

    const alternative = proposals.find((p) => !p.preferred);
    if (fixture.alternative !== undefined) {
      assert.ok(alternative, 'a second proposal');
      assert.equal(applyOffsetEdits(fixture.text, renderedEdits(alternative.edits)), fixture.alternative);
    }

    // What every fix promises: comments kept, no account id that the input or the values did not hold.
    assert.deepEqual(commentsOf(result), commentsOf(fixture.text));
    const knownAccounts = new Set([...fixture.text.matchAll(/\d{12}/g)].map((m) => m[0]));
    if (values.accountId) knownAccounts.add(values.accountId);
    for (const [account] of result.matchAll(/\d{12}/g)) assert.ok(knownAccounts.has(account), `invented account ${account}`);
    if (fixture.unknownValues) assert.ok(hasPlaceholders(marked), 'unknown values are inserted as placeholder marks');
    const after = lintJsonText(result, { strict: true });
    assert.equal(after.syntaxErrors.length, lintJsonText(fixture.text).syntaxErrors.length, 'no new syntax error');
    const left = after.findings.find((f) => f.id === fixture.id);
    if (fixture.name.includes('partly')) {
      // Only part of it can be fixed with the values at hand: what is left has no fix.
      assert.ok(left && after.file);
      assert.deepEqual(fixesFor(fixContextFor(result, after.file, left, values, formattingOf(result))), []);
    } else {
      assert.equal(left, undefined, `${fixture.id} is gone after the fix`);
    }
  });
}

test('the inserted condition is the template condition (one template source)', () => {
  for (const [name, arnUnderArnLike] of [['s3-missing-source-conditions/no-condition', false], ['lambda-missing-source-conditions/function-policy', true]] as const) {
    const fixture = fixtures.find((f) => f.name === `fixes/${name}.json`);
    assert.ok(fixture, name);
    const statement = (JSON.parse(fixture.fixed) as { Statement: { Condition: unknown }[] }).Statement[0]!;
    assert.deepEqual(statement.Condition, JSON.parse(renderPlain(JSON.stringify(sourceCondition(fixtureValues(), arnUnderArnLike)))));
  }
});

test('placeholder-left without known values offers no fix (no value is invented)', () => {
  const fixture = fixtures.find((f) => f.name === 'fixes/placeholder-left/guide-placeholders.json');
  assert.ok(fixture);
  const { file, findings } = lintJsonText(fixture.text);
  const finding = findings.find((f) => f.id === 'placeholder-left');
  assert.ok(file && finding);
  assert.deepEqual(fixesFor(fixContextFor(fixture.text, file, finding, {}, formattingOf(fixture.text))), []);
});

test('every fix title has a Japanese translation that uses only the title arguments', () => {
  let checked = 0;
  for (const fixture of fixtures) {
    const { file, findings } = lintJsonText(fixture.text);
    if (!file) continue;
    for (const finding of findings) {
      for (const proposal of fixesFor(fixContextFor(fixture.text, file, finding, fixtureValues(), formattingOf(fixture.text)))) {
        const ja = FIX_TITLES_JA[proposal.titleKey];
        assert.ok(ja, `no Japanese title for ${proposal.titleKey}`);
        for (const [, name] of ja.matchAll(/\{(\w+)\}/g)) assert.ok(proposal.titleArgs?.[name!] !== undefined, `${proposal.titleKey} lacks {${name}}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 50);
});

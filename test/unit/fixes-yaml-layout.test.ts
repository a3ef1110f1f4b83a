import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { yamlCommentsOf, yamlErrorCount } from '../../src/formats/yaml/yamlEditor';
import { renderPlain } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/**
 * YAML fixes touch nothing but their statement: `test/fixtures/fixes-yaml-layout/<case>.yaml` turns into
 * exactly `<case>.fixall.yaml` with fix-all, and into `<case>.quickfix-<n>.yaml` with the preferred quick fix
 * of its n-th finding (document order), with the values of test/fixtures/fixes/values.json. A case that
 * fix-all leaves as it is offers no quick fix at all (the edit is refused, e.g. one through an alias).
 *
 * The inputs are templates whose layout around the statements (blank lines, a folded description, a flow
 * list over several lines, a comment indented by one space, a template in flow style, anchors and aliases)
 * is what a fix must leave alone.
 */

const LAYOUT = join(FIXTURES, 'fixes-yaml-layout');
const cases = readdirSync(LAYOUT)
  .filter((name) => name.endsWith('.yaml') && !/\.(fixall|quickfix-\d+)\.yaml$/.test(name))
  .sort();

function lint(text: string) {
  return lintText(text, { fileName: 'template.yaml' });
}

test('the layout cases are there', () => {
  assert.ok(cases.length >= 10, `only ${cases.length} cases`);
});

for (const name of cases) {
  const base = name.slice(0, -'.yaml'.length);
  const text = readFileSync(join(LAYOUT, name), 'utf8');
  const formatting = formattingOf(text);

  test(`fix-all ${name}`, () => {
    const expected = readFileSync(join(LAYOUT, `${base}.fixall.yaml`), 'utf8');
    const fixed = fixAllPlainJson(text, fixtureValues(), formatting, lint);
    assert.equal(fixed, expected);
    assert.equal(yamlErrorCount(fixed), 0);
    assert.deepEqual(yamlCommentsOf(fixed), yamlCommentsOf(text), 'every comment kept, in order');
    assert.equal(fixAllPlainJson(fixed, fixtureValues(), formatting, lint), fixed, 'a second run changes nothing');
    if (expected === text) {
      const { file, findings } = lint(text);
      assert.ok(file, 'the case is a template');
      for (const finding of findings) {
        assert.deepEqual(fixesFor(fixContextFor(text, file, finding, fixtureValues(), formatting)), [], `no fix for ${finding.id}`);
      }
    }
  });

  for (const quickFix of readdirSync(LAYOUT).filter((n) => n.startsWith(`${base}.quickfix-`)).sort()) {
    test(`quick fix ${quickFix}`, () => {
      const ordinal = Number(/quickfix-(\d+)\.yaml$/.exec(quickFix)![1]);
      const { file, findings } = lint(text);
      const finding = findings[ordinal - 1];
      assert.ok(file && finding, `no finding #${ordinal}`);
      const preferred = fixesFor(fixContextFor(text, file, finding, fixtureValues(), formatting)).find((p) => p.preferred);
      assert.ok(preferred, 'a preferred fix');
      assert.equal(renderPlain(applyOffsetEdits(text, preferred.edits)), readFileSync(join(LAYOUT, quickFix), 'utf8'));
      // The same text could come from an edit that slid past the statement (an insertion among equal
      // characters): every edit lies on the statement's lines, up to the start of the line after it.
      const span = finding.statementSpan!;
      const lineAfter = text.indexOf('\n', span.offset + span.length) + 1 || text.length;
      for (const edit of preferred.edits) {
        assert.ok(edit.offset >= text.lastIndexOf('\n', span.offset) + 1 && edit.offset + edit.length <= lineAfter, `edit at ${edit.offset} lies on the statement's lines`);
      }
    });
  }
}

test('every case has its expected fix-all result', () => {
  for (const name of cases) assert.ok(existsSync(join(LAYOUT, name.replace(/\.yaml$/, '.fixall.yaml'))), name);
});

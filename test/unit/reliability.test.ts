import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { applyOffsetEdits, fixContextFor, fixesFor } from '../../src/policy/fixes';
import { commentsOf, fixAllPlainJson } from '../../src/formats/json/plainJson';
import { yamlCommentsOf } from '../../src/formats/yaml/yamlEditor';
import { renderPlain } from '../../src/policy/templates';
import { describeFindings } from '../support/fixtures';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/**
 * One regression test per data-loss defect of the fix-safety work, on its minimal input in
 * test/fixtures/reliability/ (see the README there): the exact findings, the exact fix-all result and the
 * exact quick-fix results beside each input. Each expected text is the correct outcome, which differs from
 * what the defect did (statements deleted, lines re-flowed, characters stripped, trusted accounts replaced,
 * placeholders written on save, settings ignored, comments and values dropped, an aliased condition lost).
 */

const RELIABILITY = join(FIXTURES, 'reliability');

const DEFECTS: readonly { readonly defect: number; readonly file: string; readonly what: string }[] = [
  { defect: 1, file: 'flow-list-then-statements.yaml', what: 'YAML fix-all keeps every statement after a flow list spread over lines' },
  { defect: 1, file: 'folded-description-then-statements.yaml', what: 'YAML fix-all keeps every statement after a folded description' },
  { defect: 1, file: 'blank-lines-then-statements.yaml', what: 'YAML fix-all keeps every statement after blank lines' },
  { defect: 2, file: 'flow-list-then-statements.yaml', what: 'the quick fix for the second open grant edits the second statement only' },
  { defect: 3, file: 'one-space-comment-ifexists.yaml', what: 'the inserted ArnLike lands inside its statement despite a one-space comment' },
  { defect: 4, file: 'multiline-flow.yaml', what: 'a YAML fix leaves the folded, flow and plain scalars around it as written' },
  { defect: 4, file: 'flow-template-duplicate-version.yaml', what: 'a flow-style template is not rewritten onto one line' },
  { defect: 5, file: 'waybar-pua.jsonc', what: 'fix-all keeps U+E000 / U+E001 in a file without SES content' },
  { defect: 6, file: 'referer-two-accounts.json', what: 'fix-all keeps the two trusted accounts of a legacy grant' },
  { defect: 7, file: 'sns-resource-star.json', what: 'fix-all leaves a working topic policy with Resource "*" alone' },
  { defect: 8, file: 's3-acct.yaml', what: 'a template quick fix writes the configured region, rule set and rule' },
  { defect: 9, file: 'typo-operator-comments.jsonc', what: 'the mistyped operator is corrected; comments, account and ARN kept' },
  { defect: 10, file: 'alias-condition.yaml', what: 'a Condition given as a YAML alias is read: no finding, nothing dropped' },
];

interface Case {
  readonly text: string;
  readonly base: string;
  readonly extension: string;
}

function readCase(file: string): Case {
  const [, base, extension] = /^(.*)(\.[a-z]+)$/.exec(file)!;
  return { text: readFileSync(join(RELIABILITY, file), 'utf8'), base: base!, extension: extension! };
}

function expectedText(c: Case, kind: string): string {
  return readFileSync(join(RELIABILITY, `${c.base}.${kind}${c.extension}`), 'utf8');
}

function comments(text: string, extension: string): string[] {
  return extension === '.yaml' ? yamlCommentsOf(text) : commentsOf(text);
}

test('every reliability input is a regression case with its expected results', () => {
  const inputs = readdirSync(RELIABILITY).filter((n) => /\.(jsonc?|yaml)$/.test(n) && !/\.(expected|fixall|quickfix-\d+)\.[a-z]+$/.test(n));
  assert.deepEqual(inputs.sort(), [...new Set(DEFECTS.map((d) => d.file))].sort());
  for (const name of inputs) {
    const c = readCase(name);
    for (const expected of [`${c.base}.expected.json`, `${c.base}.fixall${c.extension}`]) assert.ok(existsSync(join(RELIABILITY, expected)), expected);
  }
});

for (const { defect, file, what } of DEFECTS) {
  const c = readCase(file);
  const lint = (text: string) => lintText(text, { fileName: file });
  const formatting = formattingOf(c.text);

  test(`defect ${defect} (${file}): ${what}`, () => {
    const { file: policy, findings } = lint(c.text);
    assert.deepEqual(describeFindings(c.text, findings), JSON.parse(readFileSync(join(RELIABILITY, `${c.base}.expected.json`), 'utf8')), 'the findings');

    const fixed = fixAllPlainJson(c.text, fixtureValues(), formatting, lint);
    assert.equal(fixed, expectedText(c, 'fixall'), 'the fix-all result');
    assert.deepEqual(comments(fixed, c.extension), comments(c.text, c.extension), 'every comment kept, in order');
    assert.equal(fixAllPlainJson(fixed, fixtureValues(), formattingOf(fixed), lint), fixed, 'a second fix-all changes nothing');

    for (const quickFix of readdirSync(RELIABILITY).filter((n) => n.startsWith(`${c.base}.quickfix-`)).sort()) {
      const ordinal = Number(/quickfix-(\d+)\./.exec(quickFix)![1]);
      const finding = findings[ordinal - 1];
      assert.ok(policy && finding, `no finding #${ordinal}`);
      const preferred = fixesFor(fixContextFor(c.text, policy, finding, fixtureValues(), formatting)).find((p) => p.preferred);
      assert.ok(preferred, `a preferred quick fix for finding #${ordinal}`);
      assert.equal(renderPlain(applyOffsetEdits(c.text, preferred.edits)), readFileSync(join(RELIABILITY, quickFix), 'utf8'), quickFix);
    }
  });
}

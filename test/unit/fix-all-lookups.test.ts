import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lintText } from '../../src/formats';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { ruleInfo } from '../../src/policy/catalogue';
import { statementOf } from '../../src/policy/fixes/api';
import { readingOf } from '../../src/policy/fixes/trustGuard';
import type { LintResult } from '../../src/policy/lint';
import type { Statement } from '../../src/policy/model';
import { namedAccounts } from '../../src/policy/fixes/common';
import { fixtureValues } from '../support/fixFixtures';
import { FIXTURE_EXTENSIONS } from '../support/fixtures';
import { templateWithOpenGrants } from '../support/generatedTemplates';
import { FIXTURES } from '../support/paths';

/**
 * Fix-all looks up, for every finding of a round, its statement (`statementOf`) and, for every fixed statement,
 * the error findings in it (`readingOf`, the trust check). Both read an index made once per lint instead of
 * searching the whole list each time (which made a round on a template with 500 open grants quadratic). The
 * index must answer as the search did: the first statement with the finding's span; the error findings with
 * the statement's span, in the findings' order. Every fixture in every format, and generated templates
 * before and after fix-all.
 */

function fixtureTexts(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith('.expected.json') && FIXTURE_EXTENSIONS.some((e) => entry.endsWith(e))) found.push({ name: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(FIXTURES);
  return found;
}

/** The searches the index replaced, as they were written. */
function searchedReading(result: LintResult, statement: Statement): { accounts: string[]; errors: string[] } {
  const span = statement.node.span;
  const errors = result.findings
    .filter((f) => f.statementSpan?.offset === span.offset && f.statementSpan.length === span.length && ruleInfo(f.id).severity === 'error')
    .map((f) => f.id);
  return { accounts: namedAccounts(statement), errors };
}

function checkLookups(name: string, result: LintResult): number {
  const file = result.file;
  if (!file) return 0;
  let checked = 0;
  for (const finding of result.findings) {
    const span = finding.statementSpan;
    const searched: Statement | undefined = span ? file.statements.find((s) => s.node.span.offset === span.offset && s.node.span.length === span.length) : undefined;
    assert.equal(statementOf(file, finding), searched, `${name}: statement of ${finding.id} at ${finding.span.offset}`);
    checked++;
  }
  for (const statement of file.statements) {
    assert.deepEqual(readingOf(result, statement), searchedReading(result, statement), `${name}: reading of the statement at ${statement.node.span.offset}`);
    checked++;
  }
  return checked;
}

test('the statement of each finding and the errors of each statement, from the index, are what a search finds (every fixture)', (t) => {
  let checked = 0;
  let files = 0;
  for (const { name, text } of fixtureTexts()) {
    const result = lintText(text, { fileName: basename(name) });
    if (!result.file) continue;
    files++;
    checked += checkLookups(name, result);
  }
  t.diagnostic(`${checked} lookups in ${files} fixtures`);
  assert.ok(files > 300 && checked > 1500, `${checked} lookups in ${files} fixtures`);
});

test('the same on generated templates, before and after fix-all (many statements, many findings each)', () => {
  const lint = (text: string) => lintText(text, { fileName: 'stack.yaml' });
  for (const grants of [1, 7, 40]) {
    const text = templateWithOpenGrants(grants);
    checkLookups(`${grants} grants`, lint(text));
    checkLookups(`${grants} grants, fixed`, lint(fixAllPlainJson(text, fixtureValues(), { tabSize: 2, insertSpaces: true, eol: '\n' }, lint)));
  }
});

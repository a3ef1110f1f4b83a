import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lintText, type FormatHint } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { isTemplateFile } from '../../src/formats/cloudformation/cloudformation';
import { namedAccounts } from '../../src/policy/fixes/common';
import { scopeTally } from '../../src/policy/fixes/trustGuard';
import type { Finding } from '../../src/policy/findings';
import type { Statement } from '../../src/policy/model';
import { property } from '../../src/policy/tree';
import type { GrantValues } from '../../src/policy/templates';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { bucketBlock, TEMPLATE_HEAD, templateOfSize, templateWithOpenGrants } from '../support/generatedTemplates';
import { REPO_ROOT } from '../support/paths';
import { yamlMutations } from '../support/yamlMutations';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * The trust check of a quick fix on a template reads the edited statement from a scope of a few lines (the
 * resource, stand-ins for the buckets it names: src/formats/cloudformation/trustScope.ts) instead of the whole
 * file. Differential: for every finding of every template of the project (YAML and JSON, also with CRLF line
 * ends, seeded mutations of the YAML ones, generated templates of several sizes), with and without values, the
 * quick fixes kept are the very proposals the whole-file check keeps: every proposal's keep/drop decision the
 * same. The scope must actually be read (not every check fall back), and drops must occur among the decisions.
 */

const VALUES = fixtureValues();
const SEED = Number(process.env.TRUST_SCOPE_SEED ?? 20261207);

function jsonTemplatesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonTemplatesUnder(path);
    if (!name.endsWith('.json') || name.endsWith('.expected.json')) return [];
    return /AWSTemplateFormatVersion|"AWS::/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

interface Source {
  readonly text: string;
  readonly hint: FormatHint;
  readonly label: string;
}

function sources(): Source[] {
  const yaml = projectYamlFiles().map((path) => ({ text: readFileSync(path, 'utf8'), hint: { fileName: 'stack.yaml' }, label: path }));
  const json = [join(REPO_ROOT, 'test', 'fixtures'), join(REPO_ROOT, 'examples')]
    .flatMap(jsonTemplatesUnder)
    .map((path) => ({ text: readFileSync(path, 'utf8'), hint: { fileName: 'stack.json' }, label: path }));
  const generated = [templateWithOpenGrants(4), templateOfSize(6_000), templateOfSize(40_000), TEMPLATE_HEAD + bucketBlock(7, false)].map((text, i) => ({
    text,
    hint: { fileName: 'stack.yaml' },
    label: `generated ${i}`,
  }));
  const mutated = yaml.flatMap((source, i) =>
    yamlMutations(source.text, SEED + i, 2).map((text, j) => ({ text, hint: source.hint, label: `${source.label}, mutation ${j}` })),
  );
  return [...yaml, ...json, ...generated, ...mutated].flatMap((source) => [source, { ...source, text: source.text.replace(/\r?\n/g, '\r\n'), label: `${source.label} with CRLF` }]);
}

interface Tally {
  scoped: number;
  whole: number;
  proposals: number;
  dropped: number;
}

/** The quick fixes of every finding of `source`, with the scope on and off: the same proposals. */
function checkSource(source: Source, values: GrantValues, tally: Tally): void {
  const result = lintText(source.text, source.hint);
  if (!result.file || !('templateSyntax' in result.file)) return;
  const formatting = formattingOf(source.text);
  for (const finding of result.findings) {
    const request = { text: source.text, hint: source.hint, result, finding, values, formatting };
    scopeTally.scoped = 0;
    scopeTally.whole = 0;
    const scoped = fixesInFormat(request);
    tally.scoped += scopeTally.scoped;
    tally.whole += scopeTally.whole;
    scopeTally.enabled = false;
    let whole;
    const checks = scopeTally.whole;
    scopeTally.wholeDropped = 0;
    try {
      whole = fixesInFormat(request);
    } finally {
      scopeTally.enabled = true;
    }
    tally.proposals += scopeTally.whole - checks;
    tally.dropped += scopeTally.wholeDropped;
    assert.deepEqual(scoped, whole, `${source.label}, ${finding.id} at ${finding.span.offset}: the scope's decisions differ from the whole file's`);
  }
}

test('a template fix is kept or dropped by its statement\'s scope exactly as by the whole file, on every template of the project', (t) => {
  const tally: Tally = { scoped: 0, whole: 0, proposals: 0, dropped: 0 };
  for (const source of sources()) {
    for (const values of [VALUES, {}]) checkSource(source, values, tally);
  }
  t.diagnostic(`trust checks read from the scope: ${tally.scoped}; from the whole file: ${tally.whole}; whole-file decisions ${tally.proposals}, ${tally.dropped} drops`);
  // The scope is the usual path, not a rare one; and the corpus makes the guard drop proposals (not only keep them).
  assert.ok(tally.scoped > 200, `scoped checks: ${tally.scoped}`);
  assert.ok(tally.scoped > 2 * tally.whole, `scoped ${tally.scoped}, whole ${tally.whole}`);
  assert.ok(tally.dropped > 0, `proposals dropped by the whole-file check: ${tally.dropped} of ${tally.proposals}`);
});

test('on a generated template every trust check of a quick fix reads the scope, none the whole file', () => {
  const text = templateOfSize(60_000);
  const hint = { fileName: 'stack.yaml' };
  const result = lintText(text, hint);
  const finding = result.findings.find((f) => f.id.startsWith('s3-missing-source'));
  assert.ok(finding);
  scopeTally.scoped = 0;
  scopeTally.whole = 0;
  const proposals = fixesInFormat({ text, hint, result, finding, values: {}, formatting: formattingOf(text) });
  assert.ok(proposals.length >= 2);
  assert.equal(scopeTally.whole, 0);
  assert.ok(scopeTally.scoped >= proposals.length);
});

/** A finding as the scope and the file must both read it: no offsets (the scope's text is another). */
function idAndArgs(finding: Finding): string {
  return `${finding.id} ${JSON.stringify(finding.args ?? {})}`;
}

function findingsOfStatement(findings: readonly Finding[], statement: Statement): string[] {
  const span = statement.node.span;
  return findings.filter((f) => f.statementSpan?.offset === span.offset && f.statementSpan.length === span.length).map(idAndArgs);
}

test('the scope of each statement of every template reads it as the file does: its accounts and all its findings, with their arguments', (t) => {
  let scopes = 0;
  let statements = 0;
  for (const source of sources().filter((s) => !s.label.includes('mutation'))) {
    const result = lintText(source.text, source.hint);
    const file = result.file;
    if (!file || !isTemplateFile(file) || !file.editing?.statementScope) continue;
    for (const statement of file.statements) {
      statements++;
      const properties = property(file.statementResource.get(statement)!.node, 'Properties')?.value;
      if (!properties) continue;
      const scope = file.editing.statementScope(source.text, file, statement, [{ offset: properties.span.offset, length: 0, content: '' }]);
      if (!scope) continue;
      scopes++;
      assert.equal(scope.after, scope.before);
      const read = lintText(scope.before, source.hint);
      const label: string = `${source.label}, statement at ${statement.node.span.offset}`;
      assert.equal(read.file?.statements.length, scope.count, label);
      const inScope: Statement = read.file!.statements[scope.index]!;
      assert.deepEqual(namedAccounts(inScope), namedAccounts(statement), label);
      assert.deepEqual(findingsOfStatement(read.findings, inScope), findingsOfStatement(result.findings, statement), `${label}\n${scope.before}`);
    }
  }
  t.diagnostic(`${scopes} scopes of ${statements} statements`);
  assert.ok(scopes > 100 && scopes > statements / 2, `${scopes} scopes of ${statements} statements`);
});

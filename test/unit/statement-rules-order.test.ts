import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText } from '../../src/formats';
import { makeFinding, type Finding } from '../../src/policy/findings';
import type { GrantClassification } from '../../src/policy/grant';
import { classifyStatements, runStatementRules } from '../../src/policy/lint';
import type { PolicyFile, Statement } from '../../src/policy/model';
import { mightBeLookAlikePrincipal } from '../../src/policy/prefilter';
import { STATEMENT_RULES } from '../../src/policy/rules';
import { policyOfAbout } from '../support/largePolicy';
import { FIXTURES, REPO_ROOT } from '../support/paths';

/**
 * `runStatementRules` runs one rule family at a time over every statement (src/policy/lint.ts, for the
 * processor's instruction cache). What it gives must be what running every family over one statement at a time
 * gives, in the same order before any sort: each statement's findings in the families' order, one per id per
 * statement, statements in order. The reference below is that statement-by-statement run, written out.
 */

function statementByStatement(file: PolicyFile, grants: ReadonlyMap<Statement, GrantClassification>): Finding[] {
  const findings: Finding[] = [];
  grants.forEach((grant, statement) => {
    const lookAlike = statement.principals.some((p) => p.type === 'Service' && mightBeLookAlikePrincipal(p.value.text));
    if (!grant.isSesGrant && !grant.isSesMarked && !lookAlike) return;
    const seen = new Set<string>();
    const context = {
      file,
      statement,
      grant,
      report(id: string, span: { offset: number; length: number }, args = {}) {
        if (seen.has(id)) return;
        seen.add(id);
        findings.push(makeFinding(id, span, args, statement.node.span));
      },
    };
    for (const rule of STATEMENT_RULES) rule(context);
  });
  return findings;
}

/** Every fixture and example the formats read (the expected files aside). */
function inputs(): { readonly name: string; readonly text: string }[] {
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith('.expected.json')) found.push({ name: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(FIXTURES);
  walk(join(REPO_ROOT, 'examples'));
  return found;
}

/** The statement rules' findings both ways, unsorted; undefined where the text holds no policy file. */
function bothWays(text: string, fileName: string): { actual: Finding[]; expected: Finding[] } | undefined {
  const file = lintText(text, { fileName }).file;
  if (!file) return undefined;
  const grants = classifyStatements(file.statements);
  const actual: Finding[] = [];
  runStatementRules(file, grants, actual, { strict: true });
  return { actual, expected: statementByStatement(file, grants) };
}

test('every fixture and example: one family at a time gives the findings of a statement-by-statement run, in its order', async () => {
  await initTerraformInNode();
  let compared = 0;
  let findings = 0;
  for (const { name, text } of inputs()) {
    let both = bothWays(text, name);
    const loading = lintText(text, { fileName: name }).parserLoading;
    if (loading) {
      await loading;
      both = bothWays(text, name);
    }
    if (!both) continue;
    assert.deepEqual(both.actual, both.expected, name);
    compared++;
    findings += both.actual.length;
  }
  // The corpus holds well over a thousand files, most of them a policy; their grants hold some 800 findings.
  assert.ok(compared > 900, `${compared} files compared`);
  assert.ok(findings > 500, `${findings} findings compared`);
});

test('a generated policy of many open grants: the same findings in the same order', () => {
  const text = policyOfAbout(200_000, true);
  const both = bothWays(text, 'policy.json');
  assert.ok(both);
  assert.ok(both.actual.length > 100, `${both.actual.length} findings`);
  assert.deepEqual(both.actual, both.expected);
});

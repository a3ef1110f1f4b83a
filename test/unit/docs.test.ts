import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsPath, RULES } from '../../src/policy/catalogue';
import { lintFileText } from '../../src/cli/lintText';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { REPO_ROOT } from '../support/paths';

/**
 * Every finding id has its page (the diagnostics, the SARIF rules and the README link to it), with the same
 * sections, the catalogue's severity, and examples that really fire and really pass. The examples go through
 * the CLI's per-file linting so that `parse-error` is checked like every other id.
 */
// Terraform blocks (`hcl`) are linted only once the parser is loaded: without it a page's Terraform would pass unread.
before(() => initTerraformInNode());

const SECTIONS = ['## What it means', '## Why it matters', '## Failing example', '## Passing example', '## How to fix', '## Sources'];

/** The text of one `## ` section, up to the next `## ` heading. */
function section(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(heading + '\n');
  if (start < 0) return undefined;
  const rest = markdown.slice(start + heading.length + 1);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

/**
 * The first fenced block tagged json, jsonc, yaml (CloudFormation-only findings show templates) or sh
 * (shell-only findings), or text: a file that is no valid JSON is shown as text, so that the page itself
 * lints clean (an inline suppression never hides `parse-error`); it is read here as the JSON file it shows.
 */
function firstPolicyBlock(text: string): { code: string; fileName: string } | undefined {
  const match = /^```(jsonc?|ya?ml|sh|text)[ \t]*\r?\n([\s\S]*?)^```/m.exec(text);
  if (!match) return undefined;
  const fileName = match[1] === 'sh' ? 'example.sh' : match[1]!.startsWith('y') ? 'example.yaml' : 'example.json';
  return { code: match[2]!, fileName };
}

/** "Severity: error", "**Severity:** Warning", "Severity: `info`" are all read as the severity word. */
function statedSeverity(markdown: string): string | undefined {
  const match = /^\W*Severity:?\W*\s*([A-Za-z]+)/m.exec(markdown);
  const word = match?.[1]?.toLowerCase();
  return word === 'information' ? 'info' : word;
}

function idsOf(block: { code: string; fileName: string }): string[] {
  return lintFileText(block.code, block.fileName).findings.map((f) => f.id);
}

for (const rule of RULES) {
  test(`docs page for ${rule.id}`, () => {
    const path = join(REPO_ROOT, docsPath(rule.id));
    assert.ok(existsSync(path), `missing ${docsPath(rule.id)}`);
    const markdown = readFileSync(path, 'utf8');
    assert.ok(markdown.startsWith(`# ${rule.id}\n`), `${docsPath(rule.id)} must start with "# ${rule.id}"`);
    assert.equal(statedSeverity(markdown), rule.severity, `${docsPath(rule.id)}: Severity line`);
    let last = -1;
    for (const heading of SECTIONS) {
      const at = markdown.indexOf(heading + '\n');
      assert.ok(at > last, `${docsPath(rule.id)}: "${heading}" missing or out of order`);
      last = at;
    }
    const failing = firstPolicyBlock(section(markdown, '## Failing example') ?? '');
    const passing = firstPolicyBlock(section(markdown, '## Passing example') ?? '');
    assert.ok(failing !== undefined, `${docsPath(rule.id)}: no json, yaml or sh block under Failing example`);
    assert.ok(passing !== undefined, `${docsPath(rule.id)}: no json, yaml or sh block under Passing example`);
    assert.ok(idsOf(failing).includes(rule.id), `${docsPath(rule.id)}: the failing example does not produce ${rule.id} (got ${idsOf(failing).join(', ') || 'nothing'})`);
    assert.ok(!idsOf(passing).includes(rule.id), `${docsPath(rule.id)}: the passing example produces ${rule.id}`);
    assert.match(section(markdown, '## Sources') ?? '', /https?:\/\/\S+/, `${docsPath(rule.id)}: Sources has no link`);
  });
}

/** The `hcl` blocks of a page's "## In Terraform" section, in order: the failing example, then the passing one. */
function terraformBlocks(markdown: string): string[] {
  return [...(section(markdown, '## In Terraform') ?? '').matchAll(/^```hcl[ \t]*\r?\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

for (const rule of RULES) {
  const markdown = readFileSync(join(REPO_ROOT, docsPath(rule.id)), 'utf8');
  if (!markdown.includes('## In Terraform\n')) continue;
  test(`docs page for ${rule.id}: the Terraform examples fail and pass`, () => {
    const [failing, passing] = terraformBlocks(markdown);
    assert.ok(failing !== undefined && passing !== undefined, `${docsPath(rule.id)}: "## In Terraform" has a failing and a passing hcl block`);
    const ids = (code: string) => lintFileText(code, 'main.tf').findings.map((f) => f.id);
    assert.ok(ids(failing).includes(rule.id), `${docsPath(rule.id)}: the failing Terraform example does not produce ${rule.id} (got ${ids(failing).join(', ') || 'nothing'})`);
    assert.ok(!ids(passing).includes(rule.id), `${docsPath(rule.id)}: the passing Terraform example produces ${rule.id}`);
  });
}

test('README lists every finding id with its page and severity', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const rule of RULES) {
    const row = `| [${rule.id}](${docsPath(rule.id)}) | ${rule.severity} |`;
    assert.ok(readme.includes(row), `README.md lacks the row starting "${row}"`);
  }
});

test('the documentation pages lint clean: their failing examples are suppressed inline, as a user would', () => {
  for (const rule of RULES) {
    const page = docsPath(rule.id);
    const linted = lintFileText(readFileSync(join(REPO_ROOT, page), 'utf8'), page);
    assert.equal(linted.parserLoading, undefined, `${page}: read whole, Terraform blocks included`);
    const findings = linted.findings;
    assert.deepEqual(
      findings.map((f) => `${f.id} at ${f.span.offset}`),
      [],
      `${page}: wrap the example in <!-- ses-grants-disable [ids] --> … <!-- ses-grants-enable -->`,
    );
  }
});

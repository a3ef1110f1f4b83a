import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { lintText, type FormatLintResult } from '../../src/formats';
import { fixesInFormat } from '../../src/formats/fixes';
import { terraformComments } from '../../src/formats/terraform';
import { applyOffsetEdits, type OffsetEdit } from '../../src/policy/fixes';
import type { Finding } from '../../src/policy/findings';
import type { GrantValues } from '../../src/policy/templates';
import { fixtureValues, formattingOf, renderedEdits } from '../support/fixFixtures';
import { mutate } from '../support/fixProperties/mutations';
import type { FixInput } from '../support/fixProperties/operations';
import { seedFrom } from '../support/fixProperties/run';
import { dataOf } from '../support/fixProperties/regions';
import { FIXTURES } from '../support/paths';
import { mulberry32 } from '../support/random';

/**
 * Every Terraform quick fix (each proposal for each of a file's first findings, preferred or not, with the
 * fixture values and with none) against the fix invariants the JSON and YAML harness checks
 * (test/support/fixProperties), which reads no Terraform: (a) no new syntax error, and Terraform's JSON syntax
 * stays JSON; (b) every comment kept; (c) every edit inside the finding's statement, the same number of
 * statements, and every other statement reading the same; (g) the byte-order mark, the line ends and every
 * character outside ASCII outside the edits kept. On every Terraform fixture (`*.tf`, `*.tf.json`, expected
 * results left out) and on seeded mutations of them (TF_FIX_SEED replays a run, TF_FIX_INPUTS sets how many).
 * Fix-all's properties are in terraform-fix-all-property.test.ts.
 */

const SEED = seedFrom(process.env['TF_FIX_SEED'] ?? '20261230');
const MUTATIONS = Number(process.env['TF_FIX_INPUTS'] ?? 400);
/** As the JSON and YAML harness: quick fixes are tried for this many findings of a file at most. */
const FINDINGS = 6;

before(() => initTerraformInNode());

const fixtures: FixInput[] = (readdirSync(FIXTURES, { recursive: true }) as string[])
  .filter((path) => /\.tf(\.json)?$/.test(path) && !/\.fixed\.tf(\.json)?$/.test(path))
  .sort()
  .map((path) => ({ name: path, fileName: basename(path), text: readFileSync(join(FIXTURES, path), 'utf8') }));

function isJson(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** What of `before` is missing from `after`, as many times as it is missing. */
function missing(before: readonly string[], after: readonly string[]): string[] {
  const left = [...after];
  return before.filter((item) => {
    const at = left.indexOf(item);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

function lineEnds(text: string): { crlf: number; lf: number } {
  const crlf = text.split('\r\n').length - 1;
  return { crlf, lf: text.split('\n').length - 1 - crlf };
}

/** The characters outside ASCII of `text` outside the edited spans. */
function specialOutside(text: string, edits: readonly OffsetEdit[]): string[] {
  let kept = '';
  let from = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    if (edit.offset > from) kept += text.slice(from, edit.offset);
    from = Math.max(from, edit.offset + edit.length);
  }
  kept += text.slice(from);
  return [...kept].filter((c) => c.charCodeAt(0) > 0x7e);
}

/** The violations of one quick fix, each as `(property) message`. */
function violationsOf(input: FixInput, result: FormatLintResult, finding: Finding, edits: readonly OffsetEdit[]): string[] {
  const text = input.text;
  const hint = { fileName: input.fileName };
  const after = applyOffsetEdits(text, edits);
  const fixed = lintText(after, hint);
  const found: string[] = [];
  // (a)
  if (fixed.syntaxErrors.length > result.syntaxErrors.length) found.push(`(a) syntax errors ${result.syntaxErrors.length} → ${fixed.syntaxErrors.length}`);
  if (input.fileName.endsWith('.tf.json') && isJson(text) && !isJson(after)) found.push('(a) Terraform JSON no longer JSON');
  // (b)
  const lost = missing(terraformComments(text).map((c) => c.text), terraformComments(after).map((c) => c.text));
  if (lost.length > 0) found.push(`(b) comments lost: ${lost.join(', ')}`);
  // (c)
  const statements = result.file?.statements ?? [];
  const fixedStatements = fixed.file?.statements ?? [];
  const own = finding.statementSpan && statements.findIndex((s) => s.node.span.offset === finding.statementSpan!.offset && s.node.span.length === finding.statementSpan!.length);
  if (finding.statementSpan) {
    const { offset, length } = finding.statementSpan;
    // A block ends with its line: an argument appended to it goes at the start of the next line.
    const end = offset + length + (/^[ \t]*\r?\n/.exec(text.slice(offset + length))?.[0].length ?? 0);
    const outside = edits.find((e) => e.offset < offset || e.offset + e.length > end);
    if (outside) found.push(`(c) an edit at ${outside.offset}+${outside.length} lies outside the statement (${offset}+${length})`);
  }
  if (fixedStatements.length !== statements.length) found.push(`(c) statements ${statements.length} → ${fixedStatements.length}`);
  else statements.forEach((statement, index) => {
    if (index !== own && dataOf(statement.node) !== dataOf(fixedStatements[index]!.node)) found.push(`(c) statement ${index} (not edited) reads differently`);
  });
  // (g)
  if (text.startsWith('\uFEFF') !== after.startsWith('\uFEFF')) found.push('(g) the byte-order mark changed');
  const ends = lineEnds(text);
  const endsAfter = lineEnds(after);
  if ((ends.lf === 0 && ends.crlf > 0 && endsAfter.lf > 0) || (ends.crlf === 0 && ends.lf > 0 && endsAfter.crlf > 0)) found.push(`(g) line ends mixed: ${ends.crlf} CRLF / ${ends.lf} LF → ${endsAfter.crlf} / ${endsAfter.lf}`);
  const characters = missing(specialOutside(text, edits), [...after].filter((c) => c.charCodeAt(0) > 0x7e));
  if (characters.length > 0) found.push(`(g) characters lost: ${characters.map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase()).join(', ')}`);
  return found;
}

/** Every quick fix of the input, with the fixture values and without; how many were tried, and what they broke. */
function checkInput(input: FixInput): { fixes: number; violations: string[] } {
  const hint = { fileName: input.fileName };
  const result = lintText(input.text, hint);
  // What the editor reports for the document: its indentation and its line ends.
  const formatting = formattingOf(input.text);
  let fixes = 0;
  const violations: string[] = [];
  for (const values of [fixtureValues(), {}] as GrantValues[]) {
    result.findings.slice(0, FINDINGS).forEach((finding, index) => {
      fixesInFormat({ text: input.text, hint, result, finding, values, formatting }).forEach((proposal, number) => {
        fixes++;
        const label = `${input.name}: finding ${index + 1} ${finding.id}, fix ${number + 1} "${proposal.title}"${Object.keys(values).length === 0 ? ' without values' : ''}`;
        for (const violation of violationsOf(input, result, finding, renderedEdits(proposal.edits))) violations.push(`${violation} — ${label}`);
      });
    });
  }
  return { fixes, violations };
}

test('Terraform quick fixes keep (a)–(c) and (g) on every Terraform fixture', (t) => {
  assert.ok(fixtures.length >= 100 && fixtures.some((f) => f.fileName.endsWith('.tf.json')), `fixtures: ${fixtures.length}`);
  let fixes = 0;
  const violations: string[] = [];
  for (const input of fixtures) {
    const report = checkInput(input);
    fixes += report.fixes;
    violations.push(...report.violations);
  }
  t.diagnostic(`${fixtures.length} fixtures, ${fixes} quick fixes`);
  assert.ok(fixes >= 200, `only ${fixes} quick fixes tried`);
  assert.deepEqual(violations.slice(0, 20), []);
});

test(`Terraform quick fixes keep (a)–(c) and (g) on ${MUTATIONS} seeded mutations of the fixtures (seed ${SEED})`, (t) => {
  const random = mulberry32(SEED);
  let fixes = 0;
  const violations: string[] = [];
  for (let i = 0; i < MUTATIONS; i++) {
    const base = fixtures[Math.floor(random() * fixtures.length)]!;
    const mutated = mutate(base, random, false);
    const report = checkInput({ ...mutated, name: `#${i} ${mutated.name}` });
    fixes += report.fixes;
    violations.push(...report.violations);
  }
  t.diagnostic(`seed ${SEED}: ${MUTATIONS} inputs, ${fixes} quick fixes`);
  // Most mutations keep a finding with a fix (a deleted line or character may leave none).
  assert.ok(fixes >= MUTATIONS, `only ${fixes} quick fixes tried`);
  assert.deepEqual(violations.slice(0, 20), [], `replay with TF_FIX_SEED=${SEED}`);
});

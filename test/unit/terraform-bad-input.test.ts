import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import type { Finding } from '../../src/policy/findings';
import type { LintResult } from '../../src/policy/lint';
import { FIXTURES } from '../support/paths';
import { mulberry32 } from '../support/random';

/**
 * Terraform input that is broken, huge, deep or not Terraform at all: the linter never throws (rules run
 * strict here, so a rule tripping over odd input fails the test), spans stay inside the text, and findings come
 * only from the blocks that parsed.
 */

before(() => initTerraformInNode());

const OPEN_GRANT = `resource "aws_s3_bucket_policy" "open" {
  bucket = "inbox"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ses.amazonaws.com" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::inbox/*" }]
  })
}
`;

function lintTf(text: string): LintResult {
  const result = lintText(text, { fileName: 'main.tf' }, { strict: true });
  for (const finding of result.findings) {
    assert.ok(finding.span.offset >= 0 && finding.span.offset + finding.span.length <= text.length, `${finding.id} lies inside the text`);
  }
  return result;
}

const ids = (result: LintResult) => result.findings.map((f) => f.id);
const OPEN_GRANT_IDS = ['s3-missing-source-conditions'];

test('an unterminated heredoc or string swallows the rest of the file: the blocks before it are still checked', () => {
  const tails = [
    `resource "aws_kms_key" "k" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "kms:*"}]}\n`,
    `resource "aws_kms_key" "k" {\n  policy = "{\\"Statement\\": [{\\"Principal\\": {\\"Service\\": \\"ses.amazonaws.com\\"}\n}\n`,
    `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ses.amazonaws.com" }\n`,
  ];
  for (const tail of tails) {
    const result = lintTf(OPEN_GRANT + tail);
    assert.deepEqual(ids(result), OPEN_GRANT_IDS, tail);
    assert.ok(result.syntaxErrors.length > 0, `a syntax error is reported: ${tail}`);
    assert.ok(result.syntaxErrors[0]!.offset >= OPEN_GRANT.length, 'and it is in the broken block');
  }
});

const describe = (f: Finding) => `${f.id} ${f.span.offset}+${f.span.length}`;
/** Checks across resources may appear in a cut file (a rule whose policy was cut off has no grant left). */
const ACROSS_RESOURCES = /^receipt-rule|^source-arn-references-rule/;

test('a file cut anywhere: never a throw, and every finding on a statement is one the whole file has', () => {
  for (const name of ['policy-document.tf', 'inline-policies.tf', 'heredoc-flush.tf', 'quoted-json-string.tf', 'module-split.tf']) {
    const text = readFileSync(join(FIXTURES, 'terraform', 'shapes', name), 'utf8');
    const whole = new Set(lintTf(text).findings.map(describe));
    for (let cut = 0; cut < text.length; cut += 3) {
      const found = lintTf(text.slice(0, cut)).findings.filter((f) => !ACROSS_RESOURCES.test(f.id)).map(describe);
      for (const finding of found) assert.ok(whole.has(finding), `${name} cut at ${cut}: ${finding} is not a finding of the whole file`);
    }
  }
});

test('10,000 levels of nested blocks, objects, tuples, calls and heredoc JSON: no stack overflow, and the rest is read', () => {
  const depth = 10_000;
  const nested = [
    `resource "aws_s3_bucket_policy" "deep" {\n${'a {\n'.repeat(depth)}${'}\n'.repeat(depth)}}\n`,
    `resource "aws_s3_bucket_policy" "deep" {\n  policy = jsonencode(${'{ a = '.repeat(depth)}"ses.amazonaws.com"${' }'.repeat(depth)})\n}\n`,
    `resource "aws_s3_bucket_policy" "deep" {\n  policy = jsonencode({ Statement = ${'['.repeat(depth)}${']'.repeat(depth)} })\n}\n`,
    `resource "aws_s3_bucket_policy" "deep" {\n  policy = ${'format('.repeat(depth)}"x"${')'.repeat(depth)}\n}\n`,
    `resource "aws_s3_bucket_policy" "deep" {\n  policy = <<EOF\n{"Statement": ${'['.repeat(depth)}${']'.repeat(depth)}}\nEOF\n}\n`,
    `data "aws_iam_policy_document" "deep" {\n  statement {\n    actions = ${'['.repeat(depth)}${']'.repeat(depth)}\n  }\n}\n`,
  ];
  for (const text of nested) {
    const result = lintTf(text + OPEN_GRANT);
    assert.deepEqual(ids(result), OPEN_GRANT_IDS, text.slice(0, 80));
  }
});

test('a 5 MB file is linted whole', () => {
  const blocks = 5_000_000 / OPEN_GRANT.length;
  let text = '';
  for (let i = 0; i < blocks; i++) text += OPEN_GRANT.replace('"open"', `"open${i}"`);
  assert.ok(text.length >= 5_000_000);
  const result = lintTf(text);
  assert.equal(result.findings.length, Math.ceil(blocks) * OPEN_GRANT_IDS.length);
  assert.deepEqual(result.syntaxErrors, []);
});

/** Random characters from `first` to `last`, with the SES principal and a receipt rule inside (past the prefilter). */
function junk(seed: number, length: number, first: number, last: number): string {
  const random = mulberry32(seed);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(first + Math.floor(random() * (last - first + 1)));
  return text.slice(0, length / 2) + 'ses.amazonaws.com aws_ses_receipt_rule' + text.slice(length / 2);
}

test('binary junk named .tf is not parsed: its first NUL is the syntax error', () => {
  for (let seed = 0; seed < 20; seed++) {
    const text = junk(seed, 200_000, 0, 255);
    const result = lintTf(text + '\n' + OPEN_GRANT);
    assert.deepEqual(ids(result), []);
    assert.deepEqual(result.syntaxErrors, [{ message: 'not text: it holds a NUL character', offset: text.indexOf('\u0000'), length: 1 }]);
  }
});

test('printable junk named .tf: parsed, no throw, no finding from it', () => {
  for (let seed = 0; seed < 10; seed++) {
    const result = lintTf(junk(seed, 5_000, 32, 126));
    assert.deepEqual(ids(result), []);
    assert.ok(result.syntaxErrors.length > 0);
  }
});

test('trees are freed: linting a 300 KB file again and again does not grow the process', () => {
  let text = '';
  while (text.length < 300_000) text += OPEN_GRANT.replace('"open"', `"open${text.length}"`);
  lintTf(text);
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 10; i++) lintTf(text + ' '.repeat(i));
  const grown = (process.memoryUsage().rss - before) / 1e6;
  // A tree of this file kept alive holds about 27 MB of WebAssembly memory: ten would be 270 MB.
  assert.ok(grown < 150, `the process grew by ${grown.toFixed(0)} MB`);
});

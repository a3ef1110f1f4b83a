import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintFileText, lintFileTextInParts } from '../../src/cli/lintText';
import { FIXTURES } from '../support/paths';

/**
 * The command line reads a large plain JSON policy statement by statement (src/policy/lintInParts.ts) and must
 * print exactly what the whole reading gives. Every JSON fixture is read both ways here, whatever its size
 * (the size threshold is the CLI's), and where the reading in parts takes the file, the findings must be equal
 * to the last field; where it does not fit, it must say so (undefined) rather than guess.
 */

function jsonFixtures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsonFixtures(path);
    return /\.jsonc?$/.test(entry.name) && !entry.name.endsWith('.expected.json') ? [path] : [];
  });
}

test('every JSON fixture: the reading in parts, where it fits, gives the findings of the whole reading', (t) => {
  let inParts = 0;
  let whole = 0;
  for (const path of jsonFixtures(FIXTURES)) {
    const text = readFileSync(path, 'utf8');
    const name = relative(FIXTURES, path);
    const parts = lintFileTextInParts(text, name);
    if (!parts) {
      whole++;
      continue;
    }
    inParts++;
    assert.deepEqual(parts, { text: lintFileText(text, name).text, findings: lintFileText(text, name).findings }, name);
  }
  t.diagnostic(`${inParts} fixtures read in parts, ${whole} left to the whole reading`);
  // Most rule fixtures are plain policy documents: the comparison above must have covered them.
  assert.ok(inParts >= 150, `only ${inParts} fixtures were read in parts`);
});

const GRANT = '{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::inbox/*"}';

test('texts the reading in parts takes: comments, trailing commas, Version after the statements, items that are no statement', () => {
  const texts = [
    `{"Version": "2012-10-17", "Statement": [${GRANT}, ${GRANT}]}`,
    `// bucket policy\n{\n  "Statement": [\n    ${GRANT}, /* second */ ${GRANT},\n  ],\n  "Version": "2008-10-17",\n}\n`,
    `{"Statement": [1, "x", [], {"Sid": "no effect"}, ${GRANT}, null], "Id": {"nested": [true]}}`,
    `{"Statement": [], "Id": "ses.amazonaws.com"}`,
    `{"Version": 5, "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com", "Service": "s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "*", "Conditon": {}}]}`,
    `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*"}]}`,
  ];
  for (const text of texts) {
    const parts = lintFileTextInParts(text, 'policy.json');
    assert.ok(parts, text);
    assert.deepEqual(parts.findings, lintFileText(text, 'policy.json').findings, text);
  }
});

test('texts left to the whole reading: a template, a policy in a string, a suppression, a second Statement, anything not strict', () => {
  const texts = [
    `{"AWSTemplateFormatVersion": "2010-09-09", "Statement": [${GRANT}], "Resources": {}}`,
    `{"Policy": ${JSON.stringify(JSON.stringify({ Statement: [JSON.parse(GRANT)] }))}, "Statement": [${GRANT}]}`,
    `{"Attributes": {"Policy": "{}"}, "Statement": [${GRANT}]}`,
    `{"Statement": [\n// ses-grants-disable-next-line s3-missing-source-conditions\n${GRANT}]}`,
    `{"Statement": [${GRANT}], "Statement": []}`,
    `{"Statement": ${GRANT}}`,
    `{"Statement": [${GRANT},, ${GRANT}]}`,
    `{"Statement": [${GRANT}] "Version": "2012-10-17"}`,
    `{"Statement": [${GRANT}]} trailing`,
    `{"Statement": [${GRANT}], "Version": tru}`,
    `{"Statement": [${GRANT.replace('"Allow"', '"Allow')}]}`,
    `{"Statement": [${GRANT}]`,
    `[${GRANT}]`,
    `{"Statement": [${GRANT}], "Version": "2012-10-17" /* open`,
  ];
  for (const text of texts) assert.equal(lintFileTextInParts(text, 'policy.json'), undefined, text);
});

test('only JSON is read in parts: the same text named as YAML or Terraform JSON goes to its own format', () => {
  const text = `{"Statement": [${GRANT}]}`;
  assert.ok(lintFileTextInParts(text, 'policy.json'));
  assert.equal(lintFileTextInParts(text, 'template.yaml'), undefined);
  assert.equal(lintFileTextInParts(text, 'main.tf.json'), undefined);
});

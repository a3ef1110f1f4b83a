import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { FindingsStream } from '../../src/cli/findingsStream';
import { formatJson } from '../../src/cli/format/json';
import { formatText, severityCounts } from '../../src/cli/format/text';
import { lintSourceText } from '../../src/cli/lintFile';
import { lintFileText, lintFileTextInParts } from '../../src/cli/lintText';
import { locateFindings, locateFindingsLazily, plainFinding, type LocatedFinding } from '../../src/cli/located';
import { LineIndex } from '../../src/policy/positions';
import { allJsonFixturePaths } from '../support/fixtures';
import { FIXTURES } from '../support/paths';

/**
 * The command line reads a large plain JSON policy statement by statement (src/formats/json/lintInParts.ts) and must
 * print exactly what the whole reading gives. Every JSON fixture is read both ways here, whatever its size
 * (the size threshold is the CLI's), and where the reading in parts takes the file, the findings must be equal
 * to the last field; where it does not fit, it must say so (undefined) rather than guess.
 */

const jsonFixtures = (): string[] => allJsonFixturePaths({ includeExpected: false });

test('every JSON fixture: the reading in parts, where it fits, gives the findings of the whole reading', (t) => {
  let inParts = 0;
  let whole = 0;
  for (const path of jsonFixtures()) {
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

test('the command line places findings read in parts as it places the whole reading: every JSON fixture, rule levels applied', () => {
  const settings = { values: {}, levels: { 's3-missing-source-conditions': 'warning', 'version-missing': 'off' } } as const;
  let compared = 0;
  for (const path of jsonFixtures()) {
    const text = readFileSync(path, 'utf8');
    const source = { text, bytes: new Uint8Array(0) };
    const display = relative(FIXTURES, path);
    const lint = (inPartsFrom: number) => {
      const outcome = lintSourceText(source, path, display, settings, { fix: 'none', sarif: false, inPartsFrom });
      // Findings read in parts write their messages when read: compared as they are printed, plain.
      return outcome.kind === 'linted' ? { ...outcome, file: { ...outcome.file, findings: outcome.file.findings.map(plainFinding) } } : outcome;
    };
    assert.deepEqual(lint(0), lint(Infinity), display);
    compared++;
  }
  assert.ok(compared > 700, `${compared} fixtures`);
});

test('findings printed as they come are the report printed at the end, in text and JSON, quiet or not, across chunks', () => {
  const findings: LocatedFinding[] = [];
  for (let i = 0; i < 2_500; i++) {
    const severity = (['error', 'warning', 'info'] as const)[i % 3]!;
    findings.push({ file: `dir/p\u001b${i % 7}.json`, line: i + 1, column: 3, endLine: i + 2, endColumn: 1, severity, id: 'some-id', message: `m\u0007 "${i}"` });
  }
  for (const quiet of [false, true]) {
    for (const format of ['text', 'json'] as const) {
      for (const files of [[], [findings.slice(0, 1)], [findings.slice(0, 1_200), [], findings.slice(1_200)]]) {
        let printed = '';
        const stream = new FindingsStream(format, quiet, (text) => (printed += text));
        for (const file of files) stream.add(file);
        stream.end();
        const shown = files.flat().filter((f) => !quiet || f.severity === 'error');
        assert.equal(printed, format === 'text' ? formatText(shown) : formatJson(shown), `${format} quiet=${quiet} files=${files.length}`);
        assert.deepEqual(stream.shown, severityCounts(shown));
        assert.deepEqual(stream.all, severityCounts(files.flat()));
      }
    }
  }
});

test('the stream writes the findings of many small files a few files at a time, and all of it by the end', () => {
  const file = (i: number): LocatedFinding[] => [
    { file: `p${i}.json`, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'warning', id: 'some-id', message: 'm' },
    { file: `p${i}.json`, line: 2, column: 1, endLine: 2, endColumn: 2, severity: 'error', id: 'other-id', message: 'n' },
  ];
  const writes: string[] = [];
  const stream = new FindingsStream('json', false, (text) => writes.push(text));
  const all: LocatedFinding[] = [];
  for (let i = 0; i < 1_000; i++) {
    stream.add(file(i));
    all.push(...file(i));
    // What is held is bounded: the output is never more than a few dozen files behind.
    if (i % 100 === 99) assert.ok(writes.join('').length > formatJson(all).length - 40_000, `after file ${i}`);
  }
  const beforeEnd = writes.length;
  stream.flush();
  stream.end();
  assert.equal(writes.join(''), formatJson(all));
  assert.ok(beforeEnd > 1 && beforeEnd < 100, `${beforeEnd} writes for 1,000 files`);
  // A flush with nothing held writes nothing: no empty write.
  assert.ok(writes.every((text) => text !== ''));
});

test('a finding placed in parts crosses to another thread with its message: plainFinding writes it out', () => {
  const text = `{"Statement": [${GRANT}, ${GRANT.replace('s3:PutObject', 's3:*')}]}`;
  const whole = lintFileText(text, 'policy.json');
  const placed = locateFindingsLazily('policy.json', whole.findings, new LineIndex(text));
  assert.equal(structuredClone(placed[0]!).message, undefined, 'the message is no own property');
  assert.deepEqual(placed.map(plainFinding).map((f) => structuredClone(f)), locateFindings('policy.json', text, whole.findings));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOf, lintText, type FormatHint } from '../../src/formats';
import { jsonComments, yamlComments } from '../../src/formats/comments';
import { suppressionEdit } from '../../src/formats/suppressFix';
import { lintFileText } from '../../src/cli/lintText';
import { makeFinding, type Finding } from '../../src/policy/findings';
import { lineStartsOf } from '../../src/policy/positions';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { applySuppressions, type SourceComment } from '../../src/policy/suppressions';
import { listFixtures } from '../support/fixtures';
import { fixtureValues, formattingOf } from '../support/fixFixtures';
import { FIXTURES } from '../support/paths';

/** Inline suppressions: the comment readers, the core's rules for what a comment hides, and `parse-error`. */

const bodies = (text: string, comments: readonly SourceComment[]) =>
  comments.map((c) => {
    assert.equal(text.slice(c.span.offset, c.span.offset + c.span.length), c.text, 'the span holds the text');
    return c.text;
  });

test('JSON comments: line and block comments without their markers, never text inside a string', () => {
  const text = '// one\n{"a": "// not", /* two */ "b": 1 /*three\n*/, "c": "/* not */"} /* open';
  assert.deepEqual(bodies(text, jsonComments(text)), [' one', ' two ', 'three\n', ' open']);
});

test('YAML comments: # comments in block and flow collections, never inside scalars', () => {
  const text = '\uFEFF# one\r\nk: v # two\nq: "a # not"\nb: |\n  # not\n  x\n# three\nf: [1, # four\n  2]\nu: a#not\n';
  assert.deepEqual(bodies(text, yamlComments(text)), [' one', ' two', ' three', ' four']);
});

/** Findings of a given id starting at the start of the given 0-based lines of `text`. */
function findingsAt(text: string, placed: readonly [id: string, line: number][]): Finding[] {
  const starts = lineStartsOf(text);
  return placed.map(([id, line]) => makeFinding(id, { offset: starts[line]!, length: 1 }, {}, undefined));
}

/** What is left of the placed findings under the `//` comments of `lines`, as `id@line` (1-based). */
function remaining(lines: readonly string[], placed: readonly [string, number][]): string[] {
  const text = lines.join('\n');
  const starts = lineStartsOf(text);
  return applySuppressions(findingsAt(text, placed), jsonComments(text), starts).map((f) => {
    const line = starts.filter((s) => s <= f.span.offset).length;
    return f.id === 'unused-suppression' ? `unused ${text.slice(f.span.offset, f.span.offset + f.span.length)}@${line}` : `${f.id}@${line}`;
  });
}

test('disable-next-line hides the named ids on the next line only', () => {
  const lines = ['// ses-grants-disable-next-line version-missing', 'x', 'x'];
  assert.deepEqual(remaining(lines, [['version-missing', 1], ['duplicate-key', 1], ['version-missing', 2]]), ['duplicate-key@2', 'version-missing@3']);
  assert.deepEqual(remaining(['x /* ses-grants-disable-next-line */', 'x'], [['duplicate-key', 1], ['version-missing', 1]]), []);
});

test('disable … enable: a block for every id, exceptions by id, and an end', () => {
  const lines = [
    '// ses-grants-disable',
    'x', // 1: all hidden
    '// ses-grants-enable duplicate-key',
    'x', // 3: duplicate-key shows again
    '// ses-grants-disable duplicate-key',
    'x', // 5: hidden again
    '// ses-grants-enable',
    'x', // 7: everything shows
  ];
  const placed: [string, number][] = [
    ['version-missing', 1], ['duplicate-key', 1],
    ['version-missing', 3], ['duplicate-key', 3],
    ['duplicate-key', 5],
    ['version-missing', 7], ['duplicate-key', 7],
  ];
  // Findings at one place come in id order.
  assert.deepEqual(remaining(lines, placed), ['duplicate-key@4', 'duplicate-key@8', 'version-missing@8']);
});

test('unused-suppression: a comment hiding nothing, each id hiding nothing, unknown ids anywhere', () => {
  assert.deepEqual(remaining(['// ses-grants-disable', 'x'], []), ['unused ses-grants-disable@1']);
  assert.deepEqual(remaining(['// ses-grants-disable-next-line version-missing, duplicate-key -- why', 'x'], [['duplicate-key', 1]]), [
    'unused version-missing@1',
  ]);
  assert.deepEqual(remaining(['// ses-grants-disable version-misisng', '// ses-grants-enable no-such-id', 'x'], []), [
    'unused version-misisng@1',
    'unused no-such-id@2',
  ]);
  const unknown = applySuppressions([], jsonComments('// ses-grants-disable-next-line nope'), [0]);
  assert.match(unknown[0]!.message, /^`ses-grants-disable-next-line nope` suppresses no finding \(`nope` is not a finding id\): remove it\.$/);
});

test('an unused suppression is hidden only by a comment that names unused-suppression', () => {
  const example = ['// ses-grants-disable-next-line version-missing', 'x'];
  assert.deepEqual(remaining(['// ses-grants-disable unused-suppression', ...example], []), []);
  assert.deepEqual(remaining(['// ses-grants-disable', ...example], []), ['unused ses-grants-disable@1', 'unused version-missing@2']);
  assert.deepEqual(remaining(['// ses-grants-disable unused-suppression', 'x'], []), ['unused unused-suppression@1']);
});

test('only a comment that starts with the keyword is a directive', () => {
  const lines = ['// see ses-grants-disable-next-line in the README', '// ses-grants-disable-next-lines', 'x'];
  assert.deepEqual(remaining(lines, [['version-missing', 2]]), ['version-missing@3']);
});

test('a line after CRLF and lone CR line ends is still the next line', () => {
  const text = '// ses-grants-disable-next-line version-missing\r\nx\rx';
  const starts = lineStartsOf(text);
  const kept = applySuppressions(findingsAt(text, [['version-missing', 1], ['version-missing', 2]]), jsonComments(text), starts);
  assert.deepEqual(kept.map((f) => f.span.offset), [starts[2]]);
});

test('parse-error is never hidden, whatever the comment says', () => {
  const text = '// ses-grants-disable parse-error\n// ses-grants-disable\n{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"} "Action": "s3:PutObject"}]}\n';
  const ids = lintFileText(text, 'broken.json').findings.map((f) => f.id);
  // The parse error comes first, as the CLI always puts it; `parse-error` named in a comment hides nothing.
  assert.deepEqual(ids, ['parse-error', 'unused-suppression']);
});

test('a YAML document in the editor gets its suppressions too', () => {
  const yaml = 'Resources:\n  P:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n          - Effect: Allow\n            # ses-grants-disable-next-line\n            Principal: {Service: ses.amazonaws.com}\n            Action: sns:Publish\n            Resource: "*"\n';
  const ids = lintText(yaml, { languageId: 'yaml' }).findings.map((f) => f.id);
  assert.deepEqual(ids, ['sns-resource-wildcard']);
  assert.ok(lintText(yaml, { languageId: 'yaml' }, { ignoreSuppressions: true }).findings.some((f) => f.id === 'sns-missing-source-conditions'));
});

/**
 * Fix-all, as the editor runs it (re-linting with suppressions between rounds), on every suppression fixture:
 * each comment is kept, what was hidden stays hidden, no suppression becomes unused, and a second run changes
 * nothing.
 */
for (const fixture of listFixtures(join('rules', 'unused-suppression'), ['.jsonc', '.json', '.yaml', '.yml'])) {
  test(`fix-all keeps the suppressions of ${fixture.name}`, () => {
    const hint = { fileName: fixture.path };
    const yaml = formatOf(fixture.text, hint) === 'yaml';
    const comments = (text: string) => (yaml ? yamlComments(text) : jsonComments(text)).map((c) => c.text).sort();
    const hidden = (text: string) => {
      const shown = new Set(lintText(text, hint).findings.map((f) => f.message));
      return lintText(text, hint, { ignoreSuppressions: true }).findings.filter((f) => !shown.has(f.message)).map((f) => f.id);
    };
    const unused = (text: string) => lintText(text, hint).findings.filter((f) => f.id === 'unused-suppression').map((f) => f.message);
    const fix = (text: string) => fixAllPlainJson(text, fixtureValues(), formattingOf(text), (t) => lintText(t, hint));

    const fixed = fix(fixture.text);
    assert.deepEqual(comments(fixed), comments(fixture.text), 'every comment kept');
    assert.deepEqual(hidden(fixed), hidden(fixture.text), 'what was hidden stays hidden');
    assert.deepEqual(unused(fixed), unused(fixture.text), 'no suppression becomes unused');
    assert.equal(fix(fixed), fixed, 'a second run changes nothing');
  });
}

test('fix-all changes the suppression fixtures it can fix, around their comments', () => {
  for (const name of ['passes-beside-fixable-findings.jsonc', 'passes-yaml-beside-fixable-findings.yaml']) {
    const path = join(FIXTURES, 'rules', 'unused-suppression', name);
    const text = readFileSync(path, 'utf8');
    const fixed = fixAllPlainJson(text, fixtureValues(), formattingOf(text), (t) => lintText(t, { fileName: path }));
    const ids = lintText(fixed, { fileName: path }).findings.map((f) => f.id);
    assert.deepEqual(ids, [], `${name}: every finding fixed or suppressed`);
  }
});

/** The text after the "Suppress <id> on this line" edit for the first finding of `id`, or undefined when none is offered. */
function suppressed(text: string, hint: FormatHint, id: string): string | undefined {
  const finding = lintText(text, hint).findings.find((f) => f.id === id);
  assert.ok(finding, `the text has a ${id} finding`);
  const edit = suppressionEdit(text, hint, finding);
  return edit && applyOffsetEdits(text, [edit]);
}

const OPEN_GRANT = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Allow",',
  '      "Principal": { "Service": "ses.amazonaws.com" },',
  '      "Action": "s3:*",',
  '      "Resource": "arn:aws:s3:::inbound-mail/*"',
  '    }',
  '  ]',
  '}',
  '',
];

test('suppress on this line: a comment line with the line\'s indentation, in JSONC, and the finding goes', () => {
  const text = OPEN_GRANT.join('\n');
  const after = suppressed(text, { languageId: 'jsonc' }, 's3-missing-source-conditions');
  assert.equal(after, text.replace('      "Principal"', '      // ses-grants-disable-next-line s3-missing-source-conditions\n      "Principal"'));
  assert.deepEqual(lintText(after!, { languageId: 'jsonc' }).findings.map((f) => f.id), ['s3-action-too-broad']);
});

test('suppress on this line: the id joins a suppression comment already above the line; CRLF is kept', () => {
  assert.match(suppressed(OPEN_GRANT.join('\r\n'), { languageId: 'jsonc' }, 's3-action-too-broad')!, /\r\n {6}\/\/ ses-grants-disable-next-line s3-action-too-broad\r\n {6}"Action"/);
  const sameLine = (comment: string) =>
    ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', `      ${comment}`,
      '      "Action": "s3:*", "Principal": { "Service": "ses.amazonaws.com" },', '      "Resource": "arn:aws:s3:::inbound-mail/*"', '    }', '  ]', '}', ''].join('\r\n');
  const joined = suppressed(sameLine('// ses-grants-disable-next-line s3-action-too-broad'), { languageId: 'jsonc' }, 's3-missing-source-conditions');
  assert.match(joined!, /\/\/ ses-grants-disable-next-line s3-action-too-broad, s3-missing-source-conditions\r\n {6}"Action"/);
  // A remark stays last.
  const remark = suppressed(sameLine('// ses-grants-disable-next-line s3-action-too-broad -- the archive job'), { languageId: 'jsonc' }, 's3-missing-source-conditions');
  assert.match(remark!, /\/\/ ses-grants-disable-next-line s3-action-too-broad, s3-missing-source-conditions -- the archive job\r\n {6}"Action"/);
  // A block comment takes no more ids, and a comment line below it would push it off its line: nothing offered.
  assert.equal(suppressed(sameLine('/* ses-grants-disable-next-line s3-action-too-broad */'), { languageId: 'jsonc' }, 's3-missing-source-conditions'), undefined);
});

test('suppress on this line: # in YAML templates', () => {
  const yaml = 'Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n          - Effect: Allow\n            Principal: {Service: ses.amazonaws.com}\n            Action: s3:PutObject\n            Resource: arn:aws:s3:::inbound-mail/*\n';
  const after = suppressed(yaml, { languageId: 'yaml' }, 's3-missing-source-conditions');
  assert.equal(after, yaml.replace('            Principal', '            # ses-grants-disable-next-line s3-missing-source-conditions\n            Principal'));
  assert.deepEqual(lintText(after!, { languageId: 'yaml' }).findings, []);
});

test('suppress on this line is not offered in strict JSON, for unused suppressions, or where it would not hide the finding', () => {
  const text = OPEN_GRANT.join('\n');
  assert.equal(suppressed(text, { languageId: 'json' }, 's3-missing-source-conditions'), undefined);
  const unused = '// ses-grants-disable\n{}\n';
  assert.equal(suppressed(unused, { languageId: 'jsonc' }, 'unused-suppression'), undefined);
  // A finding the text does not have: the comment would hide nothing, so nothing is offered.
  const phantom = makeFinding('version-missing', { offset: text.indexOf('"Action"'), length: 1 }, {}, undefined);
  assert.equal(suppressionEdit(text, { languageId: 'jsonc' }, phantom), undefined);
});

test('"Suppress <id> on this line" in a shell script writes a # comment above the command line', () => {
  const text = ['#!/bin/sh', 'aws lambda add-permission --function-name process-mail --statement-id ses --action lambda:InvokeFunction --principal ses.amazonaws.com', ''].join('\n');
  const hint = { fileName: 'grant.sh' };
  const after = suppressed(text, hint, 'lambda-missing-source-conditions');
  assert.ok(after !== undefined, 'the suppression is offered');
  assert.match(after, /^# ses-grants-disable-next-line lambda-missing-source-conditions$/m);
  assert.deepEqual(lintText(after, hint).findings.map((f) => f.id), []);
});

test('no suppression comment is written between the continued lines of a command (it would end the command)', () => {
  const text = ['#!/bin/sh', 'aws lambda add-permission --function-name process-mail --statement-id ses \\', '  --action lambda:InvokeFunction --principal ses.amazonaws.com', ''].join('\n');
  assert.equal(suppressed(text, { fileName: 'grant.sh' }, 'lambda-missing-source-conditions'), undefined);
});

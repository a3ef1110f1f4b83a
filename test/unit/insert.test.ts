import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { planGrantInsert, type GrantInsertPlan } from '../../src/formats/json/insert';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { parseJson } from '../../src/formats/json/parseJson';
import { containsPlaceholder } from '../../src/policy/placeholders';
import { hasPlaceholders, PLACEHOLDERS, renderPlain, type GrantValues, type InsertKind } from '../../src/policy/templates';
import type { FormattingPreferences } from '../../src/policy/fixes';
import { FIXTURES } from '../support/paths';

/**
 * Fixture convention for inserts: `test/fixtures/insert/<case>/input.json|jsonc` is the document,
 * `request.json` says what to insert (`kind`, `values`, editor `formatting`, and whether the case takes the
 * `add` or the `update` path), and `expected.json|jsonc` is the exact resulting text. The EOL follows the
 * input, as the editor's document EOL does.
 */
interface InsertRequest {
  readonly kind: InsertKind;
  readonly values: GrantValues;
  readonly formatting: { readonly tabSize: number; readonly insertSpaces: boolean };
  readonly apply: 'add' | 'update';
}

const ROOT = join(FIXTURES, 'insert');

function inputPath(folder: string): string {
  return existsSync(join(folder, 'input.jsonc')) ? join(folder, 'input.jsonc') : join(folder, 'input.json');
}

function run(text: string, request: InsertRequest): { plan: GrantInsertPlan; result: string } {
  const formatting: FormattingPreferences = { ...request.formatting, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  const plan = planGrantInsert(text, request.kind, request.values, formatting);
  const edits = request.apply === 'add' ? plan.add : plan.update?.edits;
  assert.ok(edits, `the ${request.apply} path is offered (${plan.problem ?? 'no problem given'})`);
  return { plan, result: renderPlain(applyOffsetEdits(text, edits)) };
}

const cases = readdirSync(ROOT).sort();
test('the insert fixtures are there', () => assert.ok(cases.length >= 12, `found ${cases.length}`));

for (const name of cases) {
  const folder = join(ROOT, name);
  const input = inputPath(folder);
  const expectedPath = input.replace(/input(\.jsonc?)$/, 'expected$1');
  const request = JSON.parse(readFileSync(join(folder, 'request.json'), 'utf8')) as InsertRequest;

  test(`insert ${name}: exact text`, () => {
    const { result } = run(readFileSync(input, 'utf8'), request);
    assert.equal(result, readFileSync(expectedPath, 'utf8'));
  });

  test(`insert ${name}: the grant lints clean and nothing is left to update`, () => {
    const { result } = run(readFileSync(input, 'utf8'), request);
    // The grant now in the text is found as "the same grant", and updating it again changes nothing.
    const eol = result.includes('\r\n') ? '\r\n' : '\n';
    const again = planGrantInsert(result, request.kind, request.values, { ...request.formatting, eol });
    assert.ok(again.update, 'the inserted grant is recognised as existing');
    assert.deepEqual(again.update.edits, []);
    // Its findings, and the file's own, have no error or warning (other statements of the fixture may).
    const grantOffset = again.update.existing.offset;
    const problems = lintJsonText(result, { strict: true }).findings.filter(
      (f) => f.severity !== 'info' && (f.statementSpan === undefined || f.statementSpan.offset === grantOffset),
    );
    assert.deepEqual(problems.map((f) => `${f.id}: ${f.message}`), []);
  });
}

const formatting: FormattingPreferences = { tabSize: 2, insertSpaces: true, eol: '\n' };
const values: GrantValues = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store', bucket: 'inbox-mail' };

test('the update path is offered only for the same kind and resource', () => {
  const text = readFileSync(inputPath(join(ROOT, 'update-existing')), 'utf8');
  assert.equal(planGrantInsert(text, 's3', values, formatting).update?.existing.sid, 'AllowSESPuts');
  assert.equal(planGrantInsert(text, 's3', values, formatting).update?.existing.line, 5);
  assert.equal(planGrantInsert(text, 's3', { ...values, bucket: 'other-bucket' }, formatting).update, undefined);
  assert.equal(planGrantInsert(text, 'sns', values, formatting).update, undefined);
});

test('texts that cannot take a grant say why and offer no edit', () => {
  const cases: [string, InsertKind, string][] = [
    ['{ "name": "ses-grants", "version": "1.0.0" }', 's3', 'not-a-policy'],
    ['[1, 2]', 's3', 'not-a-policy'],
    ['{ "Version": "2012-10-17", "Statement": [ { "Effect": ', 's3', 'syntax-error'],
    ['{ "Action": "lambda:InvokeFunction", "Principal": "ses.amazonaws.com", "FunctionName": "f" }', 's3', 'add-permission'],
  ];
  for (const [text, kind, shape] of cases) {
    const plan = planGrantInsert(text, kind, values, formatting);
    assert.equal(plan.shape, shape, text);
    assert.equal(plan.add, undefined, text);
    assert.equal(plan.update, undefined, text);
    assert.ok(plan.problem && plan.problem.length > 10, text);
  }
});

test('values left out become the guide placeholders, which placeholder-left recognises', () => {
  const plan = planGrantInsert('', 's3', {}, formatting);
  const marked = applyOffsetEdits('', plan.add!);
  assert.ok(hasPlaceholders(marked));
  const plain = renderPlain(marked);
  for (const name of [PLACEHOLDERS.accountId, PLACEHOLDERS.bucket, PLACEHOLDERS.region, PLACEHOLDERS.ruleSet, PLACEHOLDERS.rule]) {
    assert.ok(plain.includes(name), name);
  }
  const document = JSON.parse(plain) as { Statement: { Resource: string; Condition: { StringEquals: Record<string, string> } }[] };
  assert.ok(containsPlaceholder(document.Statement[0]!.Resource));
  assert.ok(containsPlaceholder(document.Statement[0]!.Condition.StringEquals['AWS:SourceArn']!));
});

test('a byte order mark is kept in front of the policy; a null Statement is started, a string one refused', () => {
  const withBom = '\uFEFF{"Version": "2012-10-17", "Statement": []}';
  const plan = planGrantInsert(withBom, 'kms', values, formatting);
  assert.equal(plan.shape, 'policy');
  const result = applyOffsetEdits(withBom, plan.add!);
  assert.ok(result.startsWith('\uFEFF{'));
  assert.equal(JSON.parse(result.slice(1)).Statement.length, 1);
  const started = '{"Statement": null}';
  assert.equal(JSON.parse(applyOffsetEdits(started, planGrantInsert(started, 'kms', values, formatting).add!)).Statement.length, 1);
  assert.equal(planGrantInsert('{"Statement": "none"}', 'kms', values, formatting).shape, 'not-a-policy');
});

test('a BOM-only or whitespace-only text counts as empty and is replaced whole', () => {
  for (const text of ['\uFEFF', '  \n\n', '\r\n']) {
    const plan = planGrantInsert(text, 'kms', values, formatting);
    assert.equal(plan.shape, 'empty');
    const result = applyOffsetEdits(text, plan.add!);
    assert.equal(result.startsWith('\uFEFF'), text.startsWith('\uFEFF'), 'a byte order mark stays');
    assert.equal(JSON.parse(result.replace(/^\uFEFF/, '')).Statement[0].Sid, 'AllowSESToEncryptMessagesBelongingToThisAccount');
  }
});

test('a grant of another kind than the policy is for is flagged, not silently mixed in', () => {
  const bucketPolicy = readFileSync(inputPath(join(ROOT, 'object-statement')), 'utf8');
  assert.equal(planGrantInsert(bucketPolicy, 'kms', values, formatting).otherKind, 's3');
  assert.equal(planGrantInsert(bucketPolicy, 's3', values, formatting).otherKind, undefined);
  const keyPolicy = readFileSync(inputPath(join(ROOT, 'array-statement')), 'utf8');
  assert.equal(planGrantInsert(keyPolicy, 'sns', values, formatting).otherKind, 'kms');
  assert.equal(planGrantInsert(keyPolicy, 'kms', values, formatting).otherKind, undefined);
  // A policy that says nothing about its resource, or names several services, is no evidence.
  assert.equal(planGrantInsert('{"Statement": []}', 'lambda', values, formatting).otherKind, undefined);
  const mixed = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}, {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:111122223333:t"}]}';
  assert.equal(planGrantInsert(mixed, 'kms', values, formatting).otherKind, undefined);
});

test('odd texts never make planning throw, and every offered addition leaves valid JSON(C)', () => {
  const deep = '{"Statement": ' + '['.repeat(5000) + ']'.repeat(5000) + '}';
  const odd = [
    '{', '}', '[', 'null', '42', '"text"', 'NaN', '{"Statement": [1e400, -0, true]}', deep,
    '{"Statement": [], "Statement": {"Effect": "Allow"}}', '{"Statement": [{}],}', '/* only a comment */',
    '{"Statement": [ // open\n]}', '{"Statement": {"Effect": "Allow", "Resource": "arn:aws:s3:::inbox-mail/*"}}\n\n',
    '{"Effect": "Deny", "Action": "*", "Resource": "*"}', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]} trailing',
  ];
  for (const text of odd) {
    for (const kind of ['s3', 'kms', 'lambda', 'sns'] as const) {
      const plan = planGrantInsert(text, kind, { ...values, topicArn: 'arn:aws:sns:us-east-1:111122223333:t', functionName: 'f' }, formatting);
      for (const edits of [plan.add, plan.update?.edits]) {
        if (!edits) continue;
        const result = renderPlain(applyOffsetEdits(text, edits));
        assert.deepEqual(parseJson(result).errors, [], `${kind} into ${text.slice(0, 60)}: ${result.slice(0, 200)}`);
      }
      assert.ok(plan.add || plan.update || plan.problem, text.slice(0, 60));
    }
  }
});

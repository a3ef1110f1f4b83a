import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isKnownRuleId, ruleInfo } from '../../src/policy/catalogue';
import { compareFindings, type Finding } from '../../src/policy/findings';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { grantDocument, INSERT_KINDS, renderPlain, toJsonText } from '../../src/policy/templates';
import { mulberry32 as prng } from '../support/random';
import { allJsonFixtureTexts } from '../support/fixtures';

/**
 * Robustness: generated and mutated documents go through the linter in strict mode (a rule that throws fails
 * the test). Nothing may throw, and every result must be well formed. The generator is a seeded PRNG: the
 * seed is printed, and FUZZ_SEED=<n> replays a run.
 */

const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
const DOCUMENTS = Number(process.env['FUZZ_DOCUMENTS'] ?? 12_000);


const random = prng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const chance = (p: number) => random() < p;

// ---- A JSON-ish value model that can say what JSON.stringify cannot: raw tokens (NaN, 1e400) and duplicate keys.

class Raw {
  constructor(readonly text: string) {}
}
class Obj {
  constructor(readonly entries: [string, Value][]) {}
}
type Value = Raw | Obj | Value[] | string | number | boolean | null;

function emit(value: Value): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return '{' + value.entries.map(([k, v]) => JSON.stringify(k) + ':' + emit(v)).join(',') + '}';
  if (Array.isArray(value)) return '[' + value.map(emit).join(',') + ']';
  return JSON.stringify(value);
}

function fromJson(value: unknown): Value {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') return new Obj(Object.entries(value).map(([k, v]) => [k, fromJson(v)]));
  return value as Value;
}

// ---- Ingredients.

const HUGE_INT = '9'.repeat(400);
const NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400', HUGE_INT, '-' + HUGE_INT, '0.' + '0'.repeat(300) + '1', '-0', '0123', '1.', '.5', '0x10', '+1'];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD83D\uDE00 astral \u{1F4E7}',
  '\uD800',
  '\uDFFF lone low',
  'x\uD800y',
  '\u202Eses.amazonaws.com\u202C',
  '\u200Bses.amazonaws.com',
  'ses.amazonaws.com\u200D',
  '\u05E9\u05DC\u05D5\u05DD arn:aws:ses',
  '\uFEFF',
  'ѕеѕ.amazonaws.com',
  'ses.amazonaws.com ',
  'SES.AMAZONAWS.COM',
  '*',
  '?',
  'arn:aws:ses:*:*:*',
  'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/*:receipt-rule/*',
  'arn:aws:ses:us-east-1:111122223333:receipt-rule/x',
  'arn:aws:ses:us-east-1:111122223333:identity/example.com',
  'arn:',
  'arn:aws:s3:::',
  'arn:aws:s3:::bucket/*',
  'arn:aws:sns:eu-west-1:111122223333:topic',
  '${AWS::AccountId}',
  '${',
  'data.aws_caller_identity.current.account_id',
  'AWSACCOUNTID',
  '<ACCOUNT-ID>',
  'REGION',
  '111122223333',
  '1111222233334',
  'kms:EncryptionContext:aws:ses:source-account',
  'kms:*',
  'km:Encrypt',
  's3:*',
  'lambda:*',
  'sns:Publish',
  'sts:AssumeRole',
  'x'.repeat(5000),
  '\\',
  '"',
];
const KEYS = [
  'Version', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource',
  'Condition', 'Service', 'AWS', 'Resources', 'Principals', 'StatementId', 'FunctionName', 'SourceAccount', 'SourceArn',
  'StringEquals', 'StringLike', 'ArnLike', 'ArnEquals', 'StringEqualsIfExists', 'ForAnyValue:StringLike', 'Null', 'Bool',
  'aws:SourceAccount', 'AWS:SourceArn', 'aws:sourcearn', 'aws:Referer', 'aws:SourceOwner', 'aws:PrincipalOrgID',
  'kms:EncryptionContext:aws:ses:source-account', 'kms:EncryptionContext:aws:ses:rule-name', 'kms:EncryptionContext:aws:ses:bogus',
  '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '\uD800', '\u{1F4E7}',
];

function randomScalar(): Value {
  switch (int(6)) {
    case 0:
      return new Raw(pick(NUMBERS));
    case 1:
      return pick([true, false, null]);
    case 2:
      return random() * 1e6 - 5e5;
    default:
      return pick(ODD_STRINGS);
  }
}

function randomValue(depth: number): Value {
  if (depth <= 0 || chance(0.35)) return randomScalar();
  if (chance(0.5)) return Array.from({ length: int(4) }, () => randomValue(depth - 1));
  return new Obj(Array.from({ length: int(5) }, () => [pick(KEYS), randomValue(depth - 1)] as [string, Value]));
}

/** Values of the wrong type for a policy element: Statement as a string, Principal as an array of objects… */
function wrongValue(): Value {
  return pick<() => Value>([
    () => 'ses.amazonaws.com',
    () => 42,
    () => null,
    () => true,
    () => [],
    () => new Obj([]),
    () => [new Obj([['Service', 'ses.amazonaws.com']])],
    () => [[['s3:PutObject']]],
    () => [null, 1, 'x', new Obj([])],
    () => new Obj([['Service', new Obj([['x', 1]])]]),
    () => new Obj([['StringEquals', ['aws:SourceAccount', '111122223333']]]),
    () => [new Obj([['StringEquals', new Obj([['aws:SourceAccount', '111122223333']])]])],
    () => new Obj([['StringEquals', new Obj([['aws:SourceAccount', [[new Obj([])]]]])]]),
    () => new Raw(pick(NUMBERS)),
    () => pick(ODD_STRINGS),
    () => randomValue(3),
  ])();
}

const SEED_POLICY: Value = fromJson({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowSESPuts',
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::inbox/*',
      Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333', 'AWS:SourceArn': 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/r:receipt-rule/x' } },
    },
    {
      Effect: 'Allow',
      Principal: { Service: ['ses.amazonaws.com', 'sns.amazonaws.com'] },
      Action: ['kms:Encrypt', 'km:GenerateDataKey*', 'kms:*'],
      Resource: '*',
      Condition: {
        Null: { 'kms:EncryptionContext:aws:ses:rule-name': 'false' },
        StringEquals: { 'kms:EncryptionContext:aws:ses:source-account': '111122223333' },
      },
    },
    { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::inbox/*', Condition: { StringEquals: { 'aws:Referer': '111122223333' } } },
    { Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ses:*' } } },
  ],
});

/** Replaces one element of one statement (or of the document) with a value of the wrong type. */
function withWrongElement(document: Value): Value {
  if (!(document instanceof Obj)) return document;
  const entries = document.entries.map(([k, v]) => [k, v] as [string, Value]);
  const statementIndex = entries.findIndex(([k]) => k === 'Statement');
  if (statementIndex < 0 || chance(0.2)) {
    entries.push([pick(['Version', 'Statement', 'Effect', 'Principal', 'Action']), wrongValue()]);
    return new Obj(entries);
  }
  const statements = entries[statementIndex]![1];
  if (!Array.isArray(statements) || statements.length === 0 || chance(0.15)) {
    entries[statementIndex] = ['Statement', wrongValue()];
    return new Obj(entries);
  }
  const position = int(statements.length);
  const statement = statements[position];
  if (!(statement instanceof Obj)) return new Obj(entries);
  const element = pick(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Condition.block', 'Condition.value', 'Principal.Service']);
  const [name, inner] = element.split('.') as [string, string | undefined];
  const changed = statement.entries.map(([k, v]): [string, Value] => {
    if (k !== name) return [k, v];
    if (!inner) return [k, wrongValue()];
    if (!(v instanceof Obj)) return [k, wrongValue()];
    if (inner === 'Service') return [k, new Obj(v.entries.map(([ik, iv]): [string, Value] => [ik, ik === 'Service' ? wrongValue() : iv]))];
    return [
      k,
      new Obj(
        v.entries.map(([op, block]): [string, Value] => {
          if (inner === 'block') return [op, wrongValue()];
          if (!(block instanceof Obj)) return [op, block];
          return [op, new Obj(block.entries.map(([key]): [string, Value] => [key, wrongValue()]))];
        }),
      ),
    ];
  });
  if (!changed.some(([k]) => k === name)) changed.push([name, wrongValue()]);
  const copy = [...statements];
  copy[position] = new Obj(changed);
  entries[statementIndex] = ['Statement', copy];
  return new Obj(entries);
}

/** Repeats a key of some object (docs/semantics.md: the last one wins, `duplicate-key`). */
function withDuplicateKeys(value: Value, depth = 0): Value {
  if (value instanceof Obj) {
    const entries = value.entries.map(([k, v]): [string, Value] => [k, withDuplicateKeys(v, depth + 1)]);
    if (entries.length > 0 && chance(0.5)) {
      const [key, original] = pick(entries);
      entries.splice(int(entries.length + 1), 0, [chance(0.3) ? key.toUpperCase() : key, chance(0.5) ? original : wrongValue()]);
    }
    return new Obj(entries);
  }
  if (Array.isArray(value)) return value.map((v) => withDuplicateKeys(v, depth + 1));
  return value;
}

// ---- Text mutations.

const INSERTS = ['{', '}', '[', ']', '"', ',', ':', '//', '/*', '*/', '\\', '\n', 'NaN', '1e400', '\uD800', '\u{1F4E7}', '\u202E', '\uFEFF', 'null', '"ses.amazonaws.com"'];

function mutateText(text: string): string {
  let result = text;
  for (let i = 1 + int(4); i > 0; i--) {
    const at = int(result.length + 1);
    switch (int(6)) {
      case 0: // truncate
        result = result.slice(0, at);
        break;
      case 1: // flip a code unit
        result = result.slice(0, at) + String.fromCharCode(result.charCodeAt(at) ^ (1 << int(16))) + result.slice(at + 1);
        break;
      case 2: // insert punctuation or odd text
        result = result.slice(0, at) + pick(INSERTS) + result.slice(at);
        break;
      case 3: // delete a stretch
        result = result.slice(0, at) + result.slice(at + 1 + int(20));
        break;
      case 4: // duplicate a stretch
        result = result.slice(0, at) + result.slice(at, at + int(40)) + result.slice(at);
        break;
      default: // a random byte as a code unit
        result = result.slice(0, at) + String.fromCharCode(int(256)) + result.slice(at);
    }
  }
  return result;
}

function deepArray(depth: number): string {
  return '['.repeat(depth) + '"ses.amazonaws.com"' + ']'.repeat(depth);
}

function deepObject(depth: number): string {
  return '{"Statement":'.repeat(depth) + '{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject"}' + '}'.repeat(depth);
}

function deepInCondition(depth: number, unclosed: boolean): string {
  const deep = '{"StringEquals":'.repeat(depth) + '[' + '[{"aws:SourceAccount":'.repeat(depth / 2);
  const tail = unclosed ? '' : '"1"' + '}]'.repeat(depth / 2) + ']' + '}'.repeat(depth) + '}]}';
  return '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Condition":' + deep + tail;
}

// ---- The corpus: real fixtures and every template we print.

const fixtureTexts = (): string[] => allJsonFixtureTexts({ includeExpected: false });

const TEMPLATE_TEXTS = INSERT_KINDS.flatMap((kind) =>
  [false, true].map((anyRule) => renderPlain(toJsonText(grantDocument(kind, { accountId: '111122223333', region: 'us-east-1', ruleSet: 'r', rule: 'x', bucket: 'inbox', anyRule })))),
);
const CORPUS = [...fixtureTexts(), ...TEMPLATE_TEXTS, emit(SEED_POLICY)];

function parsedOrNull(text: string): Value | null {
  try {
    return fromJson(JSON.parse(text));
  } catch {
    return null;
  }
}
const STRUCTURED = CORPUS.map(parsedOrNull).filter((v): v is Value => v !== null);

// ---- Generators, each a kind of input named in the robustness brief.

const GENERATORS: readonly [string, () => string][] = [
  ['truncated fixture', () => {
    const text = pick(CORPUS);
    return text.slice(0, int(text.length + 1));
  }],
  ['mutated fixture', () => mutateText(pick(CORPUS))],
  ['wrong element types', () => emit(withWrongElement(pick(STRUCTURED)))],
  ['wrong element types, twice', () => emit(withWrongElement(withWrongElement(pick(STRUCTURED))))],
  ['duplicate keys', () => emit(withDuplicateKeys(pick(STRUCTURED)))],
  ['random nesting', () => emit(new Obj([['Statement', randomValue(6)], ['x', 'ses.amazonaws.com']]))],
  ['random statement', () => emit(new Obj([['Statement', [new Obj(Array.from({ length: 1 + int(8) }, () => [pick(KEYS), randomValue(3)] as [string, Value]))]]]))],
  ['random top-level', () => emit(randomValue(4)) + (chance(0.5) ? ' ses.amazonaws.com' : '')],
  ['top-level scalar', () => pick(['"ses.amazonaws.com"', '42', HUGE_INT, 'NaN', 'null', 'true', '[]', '[1,2', '"amazon', '-'])],
  ['BOM and whitespace', () => pick(['\uFEFF', '\uFEFF\uFEFF', '', ' ', '\n\t', '\u2028']) + (chance(0.7) ? pick(CORPUS) : '')],
  ['mutated wrong types', () => mutateText(emit(withWrongElement(pick(STRUCTURED))))],
];

function checkResult(text: string, findings: readonly Finding[], label: string): void {
  const where = () => `${label} (seed ${SEED}): ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)}`;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    assert.ok(isKnownRuleId(f.id), `unknown id ${f.id} for ${where()}`);
    assert.equal(f.severity, ruleInfo(f.id).severity, `severity of ${f.id} for ${where()}`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `empty message for ${where()}`);
    for (const [, name] of ruleInfo(f.id).message.matchAll(/\{(\w+)\}/g)) {
      assert.ok(typeof f.args[name!] === 'string', `${f.id}: message argument {${name}} missing for ${where()}`);
    }
    for (const span of [f.span, f.statementSpan]) {
      if (!span) continue;
      assert.ok(
        Number.isInteger(span.offset) && Number.isInteger(span.length) && span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length,
        `${f.id}: span ${JSON.stringify(span)} outside the text (${text.length}) for ${where()}`,
      );
    }
    if (i > 0) assert.ok(compareFindings(findings[i - 1]!, f) <= 0, `findings not sorted for ${where()}`);
  }
}

function lintChecked(text: string, label: string): readonly Finding[] {
  let findings: readonly Finding[];
  try {
    findings = lintJsonText(text, { strict: true }).findings;
  } catch (error) {
    assert.fail(`${label} threw ${(error as Error)?.stack ?? String(error)}\n(seed ${SEED}) input: ${JSON.stringify(text.slice(0, 2000))}`);
  }
  checkResult(text, findings, label);
  return findings;
}

test(`fuzz: ${DOCUMENTS} generated documents never make the linter throw (seed ${SEED}, replay with FUZZ_SEED=${SEED})`, (t) => {
  t.diagnostic(`seed ${SEED}`);
  assert.ok(CORPUS.length >= TEMPLATE_TEXTS.length + 1);
  const counts = new Map<string, number>();
  let withFindings = 0;
  for (let n = 0; n < DOCUMENTS; n++) {
    const [label, generate] = GENERATORS[n % GENERATORS.length]!;
    const text = generate();
    const findings = lintChecked(text, label);
    if (findings.length > 0) withFindings++;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    // The linter is a pure function of the text: the same input gives the same findings.
    if (n % 50 === 0) assert.deepEqual(lintJsonText(text, { strict: true }).findings, findings, `not deterministic for ${label} (seed ${SEED})`);
  }
  t.diagnostic(`${[...counts].map(([k, v]) => `${k}: ${v}`).join(', ')}; ${withFindings} produced findings`);
  assert.equal([...counts.values()].reduce((a, b) => a + b, 0), DOCUMENTS);
});

test('fuzz: 10 000-deep arrays and objects, closed and unclosed', () => {
  for (const depth of [10_000, 10_001]) {
    const texts = [
      deepArray(depth),
      deepArray(depth).slice(0, depth + 5),
      deepObject(depth),
      deepObject(depth).slice(0, -depth / 2),
      deepInCondition(depth, false),
      deepInCondition(depth, true),
      '{"Statement":' + '['.repeat(depth) + '{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:*"}' + ']'.repeat(depth) + '}',
    ];
    for (const text of texts) lintChecked(text, `depth ${depth}`);
  }
});

test('fuzz: huge numbers and odd scalars in every statement element', () => {
  const elements = ['Version', 'Sid', 'Effect', 'Principal', 'Action', 'Resource', 'Condition'];
  for (const element of elements) {
    for (const raw of [...NUMBERS, '"\uD800"', '"\u{1F4E7}"', '""', '[]', '{}', 'null', 'true', '[[[]]]', '[{}]', '[null]']) {
      const statement: Record<string, string> = {
        Effect: '"Allow"',
        Principal: '{"Service":"ses.amazonaws.com"}',
        Action: '"s3:PutObject"',
        Resource: '"arn:aws:s3:::inbox/*"',
        Condition: '{"StringEquals":{"aws:SourceAccount":"111122223333"}}',
      };
      statement[element] = raw;
      const body = Object.entries(statement)
        .filter(([k]) => k !== 'Version')
        .map(([k, v]) => `"${k}":${v}`)
        .join(',');
      const version = element === 'Version' ? raw : '"2012-10-17"';
      lintChecked(`{"Version":${version},"Statement":[{${body}}]}`, `${element} = ${raw.slice(0, 20)}`);
      lintChecked(`{${body}}`, `bare ${element} = ${raw.slice(0, 20)}`);
    }
  }
});

test('fuzz: a policy with 300 000 statements (more than a spread call takes as arguments)', () => {
  const statement = '{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"sns:Publish"}';
  const many = new Array<string>(300_000).fill('{"Effect":"Deny"}');
  many[many.length - 1] = statement;
  const text = `{"Version":"2012-10-17","Statement":[${many.join(',')}]}`;
  const findings = lintChecked(text, '300 000 statements');
  assert.ok(findings.some((f) => f.id === 'sns-missing-source-conditions'), 'the last statement, an open SNS grant, is still checked');
});

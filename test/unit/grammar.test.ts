import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type IOnigLib } from 'vscode-textmate';
import { FIXTURES, REPO_ROOT } from '../support/paths';

/**
 * The injection grammar, tokenized the way VS Code does it (vscode-textmate + the oniguruma WASM build).
 * VS Code's JSON grammar is not on npm as a small package, so `test/fixtures/grammar/JSON.tmLanguage.json`
 * is a minimal JSON grammar with the same scope names (`source.json`, `string.quoted.double.json`,
 * `support.type.property-name.json`); the JSONC grammar is derived from it as VS Code's build derives
 * JSONC.tmLanguage.json (every `.json` scope suffix becomes `.json.comments`).
 */

/** vscode-oniguruma ships no type declarations: the three members used here. */
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

const INJECTION_PATH = join(REPO_ROOT, 'syntaxes', 'ses-grants.injection.tmLanguage.json');
const JSON_GRAMMAR_PATH = join(FIXTURES, 'grammar', 'JSON.tmLanguage.json');
const PLACEHOLDER = 'variable.other.placeholder.ses-grants';
const CONDITION_KEY = 'support.type.condition-key.ses-grants';
const LEGACY_KEY = 'support.type.condition-key.legacy.ses-grants';
const RULE_ARN = 'markup.underline.link.receipt-rule-arn.ses-grants';

function jsoncGrammarText(): string {
  const grammar = JSON.parse(readFileSync(JSON_GRAMMAR_PATH, 'utf8')) as Record<string, unknown>;
  const fix = (rule: unknown): void => {
    if (!rule || typeof rule !== 'object') return;
    const record = rule as Record<string, unknown>;
    for (const key of ['name', 'contentName']) {
      if (typeof record[key] === 'string') record[key] = (record[key] as string).replace(/\.json/g, '.json.comments');
    }
    for (const value of Object.values(record)) fix(value);
  };
  fix(grammar['repository']);
  grammar['scopeName'] = 'source.json.comments';
  return JSON.stringify(grammar);
}

let json: IGrammar;
let jsonc: IGrammar;

before(async () => {
  const onig = require('vscode-oniguruma') as Oniguruma;
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const onigLib: Promise<IOnigLib> = Promise.resolve({
    createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns) as ReturnType<IOnigLib['createOnigScanner']>,
    createOnigString: (text: string) => new onig.OnigString(text) as ReturnType<IOnigLib['createOnigString']>,
  });
  // The manifest says which grammars the injection goes into; the registry is told the same.
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] };
  };
  const contribution = manifest.contributes.grammars.find((g) => g.scopeName === 'ses-grants.injection');
  assert.ok(contribution, 'package.json contributes the injection grammar');
  assert.equal(join(REPO_ROOT, contribution.path), INJECTION_PATH);
  const registry = new Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.json') return parseRawGrammar(readFileSync(JSON_GRAMMAR_PATH, 'utf8'), JSON_GRAMMAR_PATH);
      if (scopeName === 'source.json.comments') return parseRawGrammar(jsoncGrammarText(), 'JSONC.tmLanguage.json');
      if (scopeName === 'ses-grants.injection') return parseRawGrammar(readFileSync(INJECTION_PATH, 'utf8'), INJECTION_PATH);
      return null;
    },
    getInjections: (scopeName) => (contribution.injectTo?.includes(scopeName) ? ['ses-grants.injection'] : undefined),
  });
  json = (await registry.loadGrammar('source.json'))!;
  jsonc = (await registry.loadGrammar('source.json.comments'))!;
  assert.ok(json && jsonc);
});

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

function tokenize(grammar: IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) tokens.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    state = result.ruleStack;
  }
  return tokens;
}

/** The texts of the tokens that carry a scope starting with `scope`, in order. */
function tokensWith(tokens: readonly Token[], scope: string): string[] {
  return tokens.filter((t) => t.scopes.some((s) => s === scope || s.startsWith(scope + '.'))).map((t) => t.text);
}

const GUIDE_STATEMENT = `{
  "Effect": "Allow",
  "Principal": { "Service": "ses.amazonaws.com" },
  "Resource": "arn:aws:s3:::BUCKET-NAME/*",
  "Condition": {
    "StringEquals": {
      "AWS:SourceAccount": "AWSACCOUNTID",
      "aws:SourceArn": "arn:aws:ses:REGION:AWSACCOUNTID:receipt-rule-set/rule_set_name:receipt-rule/receipt_rule_name"
    }
  }
}`;

for (const [name, grammar] of [['JSON', () => json], ['JSONC', () => jsonc]] as const) {
  test(`${name}: the guide's placeholders stand out, and nothing else in the statement`, () => {
    const tokens = tokenize(grammar(), GUIDE_STATEMENT);
    assert.deepEqual(tokensWith(tokens, PLACEHOLDER), ['BUCKET-NAME', 'AWSACCOUNTID', 'REGION', 'AWSACCOUNTID', 'rule_set_name', 'receipt_rule_name']);
    assert.deepEqual(tokensWith(tokens, CONDITION_KEY), ['AWS:SourceAccount', 'aws:SourceArn']);
    assert.equal(
      tokensWith(tokens, RULE_ARN).join(''),
      'arn:aws:ses:REGION:AWSACCOUNTID:receipt-rule-set/rule_set_name:receipt-rule/receipt_rule_name',
    );
  });
}

test('a filled receipt-rule ARN is marked whole and holds no placeholder', () => {
  const tokens = tokenize(json, '{ "aws:SourceArn": "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/*" }');
  assert.equal(tokensWith(tokens, RULE_ARN).join(''), 'arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/*');
  assert.deepEqual(tokensWith(tokens, PLACEHOLDER), []);
  // The quotes stay the string's own punctuation.
  assert.ok(tokens.some((t) => t.text === '"' && t.scopes.includes('punctuation.definition.string.end.json')));
});

test('legacy and KMS context condition keys are marked, case-insensitively', () => {
  const text = `{
  "StringEquals": { "aws:Referer": "111122223333", "AWS:SourceOwner": "111122223333" },
  "Null": { "kms:EncryptionContext:aws:ses:rule-name": false },
  "StringLike": { "kms:encryptioncontext:aws:ses:source-account": "111122223333" }
}`;
  const tokens = tokenize(jsonc, text);
  assert.deepEqual(tokensWith(tokens, LEGACY_KEY), ['aws:Referer', 'AWS:SourceOwner']);
  assert.deepEqual(tokensWith(tokens, CONDITION_KEY), [
    'kms:EncryptionContext:aws:ses:rule-name',
    'kms:encryptioncontext:aws:ses:source-account',
  ]);
});

test('other placeholder forms: YOUR-…, <…>, ARN components, the guide bucket', () => {
  const text = `{
  "FunctionName": "YOUR-FUNCTION-NAME",
  "SourceAccount": "<account-id>",
  "Resource": "arn:aws:sns:region:ACCOUNT-ID:TOPIC-NAME",
  "Key": "arn:aws:kms:us-east-1:111122223333:key/KEY_ID",
  "Bucket": "arn:aws:s3:::myBucket/*",
  "Demo": "arn:aws:s3:::amzn-s3-demo-bucket/*"
}`;
  assert.deepEqual(tokensWith(tokenize(json, text), PLACEHOLDER), [
    'YOUR-FUNCTION-NAME',
    '<account-id>',
    'region',
    'ACCOUNT-ID',
    'TOPIC-NAME',
    'KEY_ID',
    'myBucket',
    'amzn-s3-demo-bucket',
  ]);
});

test('ordinary JSON files get no SES scope: common words, e-mail addresses, HTML, URLs, comments', () => {
  const text = `{
  // AWSACCOUNTID in a comment is the comment's business
  "name": "my-app",
  "region": "us-east-1",
  "REGION": "eu-west-1",
  "ACCOUNT_ID": "111122223333",
  "author": "Jane Doe <jane@example.com>",
  "html": "<b>bold</b> text",
  "url": "https://example.com/region/REGION/docs",
  "description": "Pick the region and the account",
  "source": "aws:SourceAccount is explained in the docs"
}`;
  const tokens = tokenize(jsonc, text);
  const marked = tokens.filter((t) => t.scopes.some((s) => s.endsWith('.ses-grants')));
  assert.deepEqual(marked.map((t) => t.text), []);
});

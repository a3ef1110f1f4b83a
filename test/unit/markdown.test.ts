import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { markdownComments } from '../../src/formats/markdown';
import { fencedBlocks } from '../../src/formats/markdown/fences';
import { consoleCommands } from '../../src/formats/shell/console';
import { lintFileText } from '../../src/cli/lintText';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';

/** Markdown files (docs/semantics.md#other-places-grants-are-written): fenced code blocks linted by their format, findings placed in the Markdown text. */

const STATEMENT = ['{', '  "Effect": "Allow",', '  "Principal": {"Service": "ses.amazonaws.com"},', '  "Action": "s3:PutObject",', '  "Resource": "arn:aws:s3:::inbox/*"', '}'];
const PRINCIPAL = '"Principal": {"Service": "ses.amazonaws.com"}';

before(() => initTerraformInNode());

function placed(markdown: string): string[] {
  return lintText(markdown, { fileName: 'README.md' }, { strict: true }).findings.map(
    (f) => `${f.id}: ${markdown.slice(f.span.offset, f.span.offset + f.span.length)}`,
  );
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

test('fences: backticks and tildes, longer closing fences, info strings; untagged blocks and inline code are no blocks', () => {
  const markdown = ['```json', '{}', '````', '~~~~ YAML title="x"', '```', 'a: 1', '~~~~', '```', 'untagged', '```', 'Some ```json inline``` text', '``` js ` x', ''].join('\n');
  assert.deepEqual(
    fencedBlocks(markdown).map((b) => [b.tag, b.text, b.closed]),
    [
      ['json', '{}\n', true],
      ['yaml', '```\na: 1\n', true],
      ['', 'untagged\n', true],
    ],
  );
});

test('an unclosed fence runs to the end of the file; a line leaving its blockquote ends it', () => {
  assert.deepEqual(fencedBlocks('text\n```json\n{"a": 1}\n').map((b) => [b.text, b.closed]), [['{"a": 1}\n', false]]);
  // The fence after `after` opens a block of its own, which nothing closes.
  assert.deepEqual(fencedBlocks('> ```json\n> {"a": 1}\nafter\n```\n').map((b) => [b.tag, b.text, b.closed]), [
    ['json', '{"a": 1}\n', false],
    ['', '', false],
  ]);
});

test('findings land on the Markdown text through blockquotes, list indentation and tilde fences', () => {
  const quoted = ['# Bucket policy', '', '> Paste this:', '>', '> ```json', ...STATEMENT.map((l) => `> ${l}`), '> ```', ''].join('\n');
  assert.deepEqual(placed(quoted), [`s3-missing-source-conditions: ${PRINCIPAL}`]);
  const nested = ['> > ```jsonc', ...STATEMENT.map((l) => `> > ${l}`), '> > ```', ''].join('\n');
  assert.deepEqual(placed(nested), [`s3-missing-source-conditions: ${PRINCIPAL}`]);
  const listed = ['1. Apply the policy:', '', '   ~~~json', ...STATEMENT.map((l) => `   ${l}`), '   ~~~', ''].join('\n');
  assert.deepEqual(placed(listed), [`s3-missing-source-conditions: ${PRINCIPAL}`]);
  const finding = lintText(listed, { fileName: 'README.md' }).findings[0]!;
  assert.equal(lineOf(listed, finding.span.offset), 6);
  assert.deepEqual(finding.statementSpan && listed.slice(finding.statementSpan.offset, finding.statementSpan.offset + 1), '{');
});

test('console blocks: only the commands after a `$ ` prompt, with their continuation lines', () => {
  const block = [
    '$ aws lambda add-permission --function-name mail \\',
    '    --statement-id ses --action lambda:InvokeFunction \\',
    '    --principal ses.amazonaws.com',
    '{',
    '    "Statement": "{\\"Sid\\":\\"ses\\"}"',
    '}',
    '$ echo done',
    'done',
    '',
  ].join('\n');
  const commands = consoleCommands(block);
  assert.equal(commands.value, [block.split('\n').slice(0, 3).join('\n').slice(2), 'echo done', ''].join('\n'));
  const markdown = ['Run:', '', '```console', block + '```', ''].join('\n');
  assert.deepEqual(placed(markdown), ['lambda-missing-source-conditions: --principal ses.amazonaws.com']);
});

test('shell, YAML (CloudFormation only), JSON and Terraform blocks by their tags', () => {
  const markdown = [
    '```sh',
    `aws s3api put-bucket-policy --bucket inbox --policy '${JSON.stringify({ Version: '2012-10-17', Statement: [JSON.parse(STATEMENT.join(''))] })}'`,
    '```',
    '```yaml',
    'Resources:',
    '  Permission:',
    '    Type: AWS::Lambda::Permission',
    '    Properties:',
    '      FunctionName: mail',
    '      Action: lambda:InvokeFunction',
    '      Principal: ses.amazonaws.com',
    '```',
    '```yaml',
    'Principal: ses.amazonaws.com',
    'Action: lambda:InvokeFunction',
    '```',
    '```hcl',
    'resource "aws_lambda_permission" "ses" {',
    '  principal = "ses.amazonaws.com"',
    '  action    = "lambda:InvokeFunction"',
    '}',
    '```',
    '',
  ].join('\n');
  assert.deepEqual(placed(markdown), [
    `s3-missing-source-conditions: ${PRINCIPAL.replace('": {', '":{').replace(/: "/g, ':"').replace(/, /g, ',')}`,
    'lambda-missing-source-conditions: Principal: ses.amazonaws.com',
    'lambda-missing-source-conditions: principal = "ses.amazonaws.com"',
  ]);
  const documents = lintText(markdown, { fileName: 'README.md' }).documents ?? [];
  assert.deepEqual(documents.map((d) => d.tag), ['sh', 'yaml', 'yaml', 'hcl']);
});

test('a broken Terraform block is a parse-error at its own place; one without SES content is a sketch', () => {
  const markdown = [
    '```hcl',
    'resource "aws_s3_bucket" "logs" {',
    '  bucket = ]',
    '}',
    '```',
    '```terraform',
    'resource "aws_lambda_permission" "ses" {',
    '  principal = "ses.amazonaws.com"',
    '  action    = ]',
    '}',
    '```',
    '',
  ].join('\n');
  const findings = lintFileText(markdown, 'README.md').findings;
  assert.deepEqual(findings.map((f) => `${lineOf(markdown, f.span.offset)} ${f.id}`), ['9 parse-error']);
  assert.match(findings[0]!.message, /^The file is not valid Terraform in this code block: /);
});

test('a broken block is a parse-error at its own place; the blocks around it are still linted; sketches are left alone', () => {
  const markdown = [
    '```json',
    '{ "Statement": [ ... ] }',
    '```',
    '```json',
    '{ "Principal": {"Service": "ses.amazonaws.com"} "Effect": "Allow" }',
    '```',
    '```json',
    ...STATEMENT,
    '```',
    '',
  ].join('\n');
  const findings = lintFileText(markdown, 'README.md').findings;
  assert.deepEqual(
    findings.map((f) => `${lineOf(markdown, f.span.offset)} ${f.id}`),
    ['5 parse-error', '10 s3-missing-source-conditions'],
  );
  assert.equal(findings[0]!.message, 'The file is not valid JSON in this code block: comma expected.');
  assert.equal(markdown.slice(findings[0]!.span.offset, findings[0]!.span.offset + findings[0]!.span.length), '"Effect"');
});

test('policies for other services and untagged blocks give nothing', () => {
  const markdown = [
    '# Logging',
    '```json',
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"}]}',
    '```',
    '```',
    ...STATEMENT,
    '```',
    '```python',
    'client.add_permission(Principal="ses.amazonaws.com", Action="lambda:InvokeFunction")',
    '```',
    '',
  ].join('\n');
  assert.deepEqual(placed(markdown), []);
});

test('10 000 code blocks, and one unclosed block of 1 MB, are read without a hang', () => {
  const blocks = Array.from({ length: 10_000 }, (_, i) => ['```json', STATEMENT.join('\n').replace('inbox', `inbox-${i}`), '```', `Block ${i}.`].join('\n')).join('\n\n');
  const findings = lintText(blocks, { fileName: 'many.md' }).findings;
  assert.equal(findings.length, 10_000);
  assert.equal(lineOf(blocks, findings[9_999]!.span.offset), 9_999 * 10 + 4);
  const unclosed = '```json\n' + '{"a": "ses.amazonaws.com", "b": [1, 2, 3]}\n'.repeat(25_000);
  assert.doesNotThrow(() => lintFileText(unclosed, 'big.md'));
});

test('HTML comments outside code: with their spans, not in fenced blocks or inline code, unclosed to the end', () => {
  const markdown = ['<!-- one -->', 'Write `<!-- not -->` to suppress.', '```html', '<!-- code -->', '```', 'a <!-- two', 'lines --> b', '<!-- open'].join('\n');
  assert.deepEqual(
    markdownComments(markdown).map((c) => [markdown.slice(c.span.offset, c.span.offset + c.span.length), c.text]),
    [
      ['<!-- one -->', ' one '],
      ['<!-- two\nlines -->', ' two\nlines '],
      ['<!-- open', ' open'],
    ],
  );
});

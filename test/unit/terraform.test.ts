import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOf, lintText, needsTerraformParser } from '../../src/formats';
import type { TerraformFile } from '../../src/formats/terraform';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import type { HclTemplate } from '../../src/formats/terraform/hcl';
import { decodeTemplate, decodeQuotedLiteral } from '../../src/formats/terraform/templateText';
import type { Finding } from '../../src/policy/findings';
import type { ObjectNode, TreeNode } from '../../src/policy/tree';

before(() => initTerraformInNode());

function lintTf(text: string, fileName = 'main.tf') {
  return lintText(text, { fileName }, { strict: true });
}

/** The file text each finding's span covers, with its id. */
function spans(text: string, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.id} ${text.slice(f.span.offset, f.span.offset + f.span.length)}`);
}

function bucketPolicy(policy: string): string {
  return `resource "aws_s3_bucket_policy" "inbox" {\n  bucket = aws_s3_bucket.inbox.id\n  policy = ${policy}\n}\n`;
}

const GRANT_JSON = (resource: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": ${resource}}]}`;

test('Terraform files are recognised by name and language id; `.tf.json` whatever JSON language it is given', () => {
  assert.equal(formatOf('', { fileName: 'main.tf' }), 'terraform');
  assert.equal(formatOf('', { fileName: 'MAIN.TF' }), 'terraform');
  assert.equal(formatOf('', { fileName: 'main.tf.json' }), 'terraform');
  assert.equal(formatOf('', { fileName: 'main.tf.json', languageId: 'json' }), 'terraform');
  assert.equal(formatOf('', { languageId: 'terraform' }), 'terraform');
  assert.equal(formatOf('', { fileName: 'terraform.tfvars' }), 'json');
  assert.equal(formatOf('', { fileName: 'policy.json' }), 'json');
  assert.ok(needsTerraformParser({ fileName: 'x/main.tf' }));
  assert.ok(!needsTerraformParser({ fileName: 'x/policy.json' }));
});

test('a heredoc with `<<-` is read without its indentation, and findings land on the indented text', () => {
  const text = bucketPolicy(`<<-EOF\n      ${GRANT_JSON('"arn:aws:s3:::inbox"')}\n    EOF`);
  assert.deepEqual(spans(text, lintTf(text).findings), [
    's3-missing-source-conditions "Principal": {"Service": "ses.amazonaws.com"}',
    's3-resource-not-object-arn "arn:aws:s3:::inbox"',
  ]);
});

test('tabs and blank lines in a `<<-` heredoc: the least indented line sets what every line loses', () => {
  const template: HclTemplate = { kind: 'template', span: { offset: 0, length: 0 }, flavor: 'flush-heredoc', contentStart: 0, contentEnd: 0, parts: [] };
  const source = '\t\t{\n\n\t\t  "a": 1\n\t}\n';
  const decoded = decodeTemplate(source, { ...template, contentEnd: source.length, parts: [{ kind: 'literal', start: 0, end: source.length }] }, () => '');
  assert.equal(decoded.text, '\t{\n\n\t  "a": 1\n}\n');
  // Inner offsets map back to the same characters of the source.
  const inner = decoded.text.indexOf('"a"');
  const outer = decoded.map.spanToOuter({ offset: inner, length: 3 });
  assert.equal(source.slice(outer.offset, outer.offset + outer.length), '"a"');
});

test('HCL escapes in quoted strings: \\" \\\\ \\n \\t \\u \\U $${ %%{ are decoded, and anything else kept', () => {
  const source = 'a\\"b\\\\c\\nd\\te\\u00e9f\\U0001F600g$${h}%%{i}\\q';
  assert.equal(decodeQuotedLiteral(source, 0, source.length), 'a"b\\c\nd\teéf😀g${h}%{i}\\q');
});

test('a quoted JSON string: findings point at the escaped text, escapes kept whole', () => {
  const json = GRANT_JSON('"arn:aws:s3:::inbox"').replace(/"/g, '\\"').replace('inbox', 'in\\u0062ox');
  const text = bucketPolicy(`"${json}"`);
  assert.deepEqual(spans(text, lintTf(text).findings), [
    's3-missing-source-conditions \\"Principal\\": {\\"Service\\": \\"ses.amazonaws.com\\"}',
    's3-resource-not-object-arn \\"arn:aws:s3:::in\\u0062ox\\"',
  ]);
  assert.match(lintTf(text).findings[1]!.message, /`arn:aws:s3:::inbox` is the bucket/, 'the message names the decoded value');
});

test('interpolations are template values: the literal parts around them are still checked, never unresolved', () => {
  const bucketOnly = bucketPolicy(`<<EOF\n${GRANT_JSON('"${aws_s3_bucket.inbox.arn}"')}\nEOF`);
  assert.deepEqual(spans(bucketOnly, lintTf(bucketOnly).findings), [
    's3-missing-source-conditions "Principal": {"Service": "ses.amazonaws.com"}',
    's3-resource-not-object-arn "${aws_s3_bucket.inbox.arn}"',
  ]);
  const objects = bucketPolicy(`<<EOF\n${GRANT_JSON('"${aws_s3_bucket.inbox.arn}/*"')}\nEOF`);
  assert.deepEqual(lintTf(objects).findings.map((f) => f.id), ['s3-missing-source-conditions']);
  // A whole JSON value written as an interpolation is a template value too.
  const computed = bucketPolicy(`<<EOF\n${GRANT_JSON('${jsonencode(var.resources)}')}\nEOF`);
  assert.deepEqual(lintTf(computed).findings.map((f) => f.id), ['s3-missing-source-conditions']);
});

test('jsonencode values: references, conditionals, calls and for expressions become tokens with their literal parts', () => {
  const text = bucketPolicy(`jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = ["\${aws_s3_bucket.a.arn}/mail/*", aws_s3_bucket.b.arn, "arn:aws:s3:::\${var.bucket}", format("%s", var.x), var.on ? "a" : "b", [for b in var.bs : b]]
      Condition = { StringEquals = { "aws:SourceAccount" = "$\${literal}" } }
    }]
  })`);
  const file = lintTf(text).file as TerraformFile;
  const statement = file.statements[0]!;
  assert.deepEqual(
    statement.resources.map((r) => [r.text, r.isToken]),
    [
      ['arn:aws:s3:::${aws_s3_bucket.a.bucket}/mail/*', true],
      ['arn:aws:s3:::${aws_s3_bucket.b.bucket}', true],
      ['arn:aws:s3:::${var.bucket}', true],
      ['${…}', true],
      ['${…}', true],
      ['${…}', true],
    ],
    'a call, a conditional and a for expression are each one opaque value',
  );
  assert.deepEqual(statement.conditions.map((c) => [c.values[0]!.text, c.values[0]!.isToken]), [['${literal}', false]], '$${ is a literal ${');
});

test('aws_iam_policy_document: the model keys, default Allow, implicit Version, spans on the HCL', () => {
  const text = `data "aws_iam_policy_document" "ses" {
  statement {
    sid       = "AllowSESPuts"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::inbox/*"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["444455556666"]
    }
  }
}
`;
  const { file, findings } = lintTf(text);
  const document = file!.documents[0]!;
  const statement = document.statements[0]!;
  assert.equal(document.version?.value.type === 'scalar' && document.version.value.value, '2012-10-17');
  assert.equal(document.version?.value.span.length, 0, 'an implicit version has no text');
  assert.equal(statement.effect?.text, 'Allow');
  assert.deepEqual(statement.node.properties.map((p) => p.key), ['Sid', 'Action', 'Resource', 'Effect', 'Principal', 'Condition']);
  assert.deepEqual(statement.principals.map((p) => [p.type, p.value.text]), [['Service', 'ses.amazonaws.com']]);
  assert.deepEqual(statement.conditions.map((c) => [c.operator, c.key, c.values.map((v) => v.text)]), [
    ['StringEquals', 'aws:SourceAccount', ['111122223333', '444455556666']],
  ], 'conditions of one test and variable merge their values, as the provider renders them');
  const keyText = (span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);
  assert.equal(keyText(statement.conditions[0]!.keySpan), '"aws:SourceAccount"');
  assert.equal(keyText((statement.node.properties.find((p) => p.key === 'Sid')!).keySpan), 'sid');
  assert.deepEqual(spans(text, findings), [
    's3-missing-source-arn condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = ["111122223333"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = ["444455556666"]\n    }',
  ]);
});

test('a policy using a document gets its statements once, however many resources use it', () => {
  const document = `data "aws_iam_policy_document" "ses" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::inbox/*"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
  }
}
`;
  const users = ['a', 'b'].map((name) => `resource "aws_s3_bucket_policy" "${name}" {\n  bucket = "${name}"\n  policy = data.aws_iam_policy_document.ses.json\n}\n`).join('');
  const { file, findings } = lintTf(document + users);
  assert.equal(file!.statements.length, 1);
  assert.deepEqual((file as TerraformFile).statementResources.get(file!.statements[0]!)!.map((r) => r.address), [
    'data.aws_iam_policy_document.ses',
    'aws_s3_bucket_policy.a',
    'aws_s3_bucket_policy.b',
  ]);
  assert.deepEqual(findings.map((f) => f.id), ['s3-missing-source-conditions']);
});

test('aws_lambda_permission is read as the AddPermission request it makes', () => {
  const text = `resource "aws_lambda_permission" "ses" {
  statement_id  = "AllowSES"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  principal     = "ses.amazonaws.com"
  source_arn    = "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/\${var.rule}"
  lifecycle {
    create_before_destroy = true
  }
}
`;
  const { file, findings } = lintTf(text);
  const statement = file!.statements[0]!;
  assert.equal(statement.shape, 'add-permission');
  assert.deepEqual(statement.node.properties.map((p) => p.key), ['StatementId', 'Action', 'FunctionName', 'Principal', 'SourceArn']);
  assert.deepEqual(spans(text, findings), ['lambda-missing-source-account source_arn    = "arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/${var.rule}"']);
});

/** The policy statements' tree of the first statement, for shape checks. */
function firstStatementNode(text: string, fileName = 'main.tf'): ObjectNode {
  return lintTf(text, fileName).file!.statements[0]!.node;
}

function plain(node: TreeNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'token':
      return { token: node.text };
    case 'array':
      return node.items.map(plain);
    case 'object':
      return Object.fromEntries(node.properties.map((p) => [p.key, plain(p.value)]));
  }
}

test('Terraform JSON syntax: a JSON string policy, `${jsonencode(…)}`, and documents, with positions in the .tf.json file', () => {
  // JSON.stringify writes the HCL inside the string with JSON's escapes, as Terraform's JSON syntax has it.
  const hcl = '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = "ses.amazonaws.com"}, Action = "SNS:Publish", Resource = aws_sns_topic.t.arn}]})}';
  const jsonencode = JSON.stringify({ resource: { aws_sns_topic_policy: { t: { arn: '${aws_sns_topic.t.arn}', policy: hcl } } } });
  assert.deepEqual(plain(firstStatementNode(jsonencode, 'main.tf.json')), {
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: 'SNS:Publish',
    Resource: { token: '${aws_sns_topic.t.arn}' },
  });
  assert.deepEqual(spans(jsonencode, lintTf(jsonencode, 'main.tf.json').findings), [
    'sns-missing-source-conditions Principal = {Service = \\"ses.amazonaws.com\\"}',
  ]);
  const document = `{"data": {"aws_iam_policy_document": {"d": {"statement": {"actions": ["s3:PutObject"], "resources": ["\${aws_s3_bucket.b.arn}"], "principals": [{"type": "Service", "identifiers": ["ses.amazonaws.com"]}]}}}}}`;
  assert.deepEqual(plain(firstStatementNode(document, 'main.tf.json')), {
    Action: ['s3:PutObject'],
    Resource: [{ token: 'arn:aws:s3:::${aws_s3_bucket.b.bucket}' }],
    Effect: 'Allow',
    Principal: { Service: ['ses.amazonaws.com'] },
  });
});

test('the checks across resources see the whole module when its other files are given', () => {
  const main = `resource "aws_s3_bucket" "inbox" {
  bucket = "inbound-mail-example"
}

resource "aws_ses_receipt_rule" "store" {
  name          = "store"
  rule_set_name = "inbound"
  depends_on    = [aws_s3_bucket_policy.inbox]
  s3_action {
    bucket_name = aws_s3_bucket.inbox.id
    position    = 1
  }
}
`;
  const policies = `resource "aws_s3_bucket_policy" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  policy = data.aws_iam_policy_document.inbox.json
}
`;
  const documents = `data "aws_iam_policy_document" "inbox" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.inbox.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [aws_ses_receipt_rule.store.arn]
    }
  }
}
`;
  const alone = lintText(main, { fileName: 'main.tf' });
  assert.deepEqual(alone.findings.map((f) => f.id), ['receipt-rule-target-without-grant'], 'alone, the file is its whole module');
  const withModule = lintText(main, {
    fileName: 'main.tf',
    moduleFiles: [
      { fileName: 'policies.tf', text: policies },
      { fileName: 'documents.tf', text: documents },
    ],
  });
  assert.deepEqual(withModule.findings.map((f) => f.id), [], 'the policy of another file, using a document of a third, grants SES');
  const opaque = lintText(main, { fileName: 'main.tf', moduleFiles: [{ fileName: 'policies.tf', text: policies }] });
  assert.deepEqual(opaque.findings.map((f) => f.id), [], 'a document that is not in the files given may grant anything');
  const document = lintText(documents, { fileName: 'documents.tf', moduleFiles: [{ fileName: 'main.tf', text: main }] });
  assert.deepEqual(spans(documents, document.findings), [
    'source-arn-references-rule aws_ses_receipt_rule.store.arn',
  ]);
  assert.match(document.findings[0]!.message, /receipt rule `aws_ses_receipt_rule\.store` of this module/);
});

test('a file with no SES grant and no receipt rule is not even parsed', () => {
  const result = lintText('resource "aws_instance" "web" {\n  ami = "ami-123"\n', { fileName: 'main.tf' });
  assert.deepEqual(result, { file: undefined, findings: [], syntaxErrors: [] });
});

test('the innermost syntax error is reported, and blocks holding one give no finding', () => {
  const broken = `resource "aws_sns_topic_policy" "t" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "*"
    ]
  })
}
`;
  const result = lintTf(broken);
  assert.deepEqual(result.findings, []);
  const error = result.syntaxErrors[0]!;
  assert.ok(error.offset > broken.indexOf('Statement'), `the error is inside the block, not at its start: ${JSON.stringify(error)}`);
  const unterminated = bucketPolicy(`"{\\"Statement\\": [{\\"Principal\\": \\"ses.amazonaws.com\\"`).replace(/\}\n$/, '');
  const second = lintTf(unterminated);
  assert.deepEqual(second.findings, []);
  assert.equal(second.syntaxErrors.length > 0, true);
});

test('broken JSON inside a policy string is the file syntax error, mapped onto the file', () => {
  const text = bucketPolicy(`<<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow" "Principal": {"Service": "ses.amazonaws.com"}}]}\nEOF`);
  const { syntaxErrors } = lintTf(text);
  assert.equal(syntaxErrors.length, 1);
  assert.equal(syntaxErrors[0]!.message, 'policy JSON: comma expected');
  assert.equal(text.slice(syntaxErrors[0]!.offset, syntaxErrors[0]!.offset + syntaxErrors[0]!.length), '"Principal"');
});

test('a number in a heredoc policy keeps its spelling: a numeric Version and SourceAccount are read as written', () => {
  const json = GRANT_JSON('"arn:aws:s3:::inbox/*"')
    .replace('"2012-10-17"', '2012.10')
    .replace('"Resource"', '"Condition": {"StringEquals": {"aws:SourceAccount": 111122223333}, "ArnLike": {"aws:SourceArn": "arn:aws:ses:us-east-1:444455556666:receipt-rule-set/rs:receipt-rule/r"}}, "Resource"');
  const text = bucketPolicy(`<<-EOF\n      ${json}\n    EOF`);
  const findings = lintTf(text).findings;
  assert.deepEqual(
    findings.filter((f) => f.id === 'version-invalid' || f.id === 'source-account-mismatch').map((f) => [f.id, f.args]),
    [
      ['version-invalid', { value: '2012.10' }],
      ['source-account-mismatch', { account: '111122223333', arnAccount: '444455556666' }],
    ],
  );
});

test('aws_iam_policy_document: many principal types and condition tests group as few do (past the scanned groups, a Map)', () => {
  // 20 types and tests, each written once, then types 3 and 19 and test 19 again: the groups keep their first
  // order, and a repeated key merges its values, both below and above the 16 groups a scan looks through.
  const indexes = [...Array.from({ length: 20 }, (_, i) => i), 3, 19];
  const principals = indexes.map((i) => `    principals {\n      type        = "T${i}"\n      identifiers = ["p${i}"]\n    }\n`).join('');
  const conditions = [...indexes, 19]
    .map((i, n) => `    condition {\n      test     = "Test${i}"\n      variable = "aws:V${i % 2}"\n      values   = ["v${n}"]\n    }\n`)
    .join('');
  const text = `data "aws_iam_policy_document" "many" {\n  statement {\n    actions   = ["s3:PutObject"]\n    resources = ["*"]\n    principals {\n      type        = "Service"\n      identifiers = ["ses.amazonaws.com"]\n    }\n${principals}${conditions}  }\n}\n`;
  const statement = lintTf(text).file!.documents[0]!.statements[0]!;
  const types = ['Service', ...Array.from({ length: 20 }, (_, i) => `T${i}`)];
  const principal = statement.node.properties.find((p) => p.key === 'Principal')!.value as ObjectNode;
  assert.deepEqual(principal.properties.map((p) => p.key), types);
  const texts = (node: TreeNode) => (node.type === 'array' ? node.items : [node]).map((item) => (item.type === 'scalar' ? item.value : '?'));
  assert.deepEqual(principal.properties.filter((p) => p.key === 'T3' || p.key === 'T19').map((p) => texts(p.value)), [['p3', 'p3'], ['p19', 'p19']]);
  assert.deepEqual(statement.conditions.map((c) => c.operator), Array.from({ length: 20 }, (_, i) => `Test${i}`));
  assert.deepEqual(statement.conditions.find((c) => c.operator === 'Test19')!.values.map((v) => v.text), ['v19', 'v21', 'v22']);
  assert.deepEqual(statement.conditions.find((c) => c.operator === 'Test3')!.values.map((v) => v.text), ['v3', 'v20']);
});

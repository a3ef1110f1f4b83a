import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractTemplate, isResourceFragment, isTemplate } from '../../src/formats/cloudformation/cloudformation';
import { formatOf, lintText } from '../../src/formats';
import { referencesIn, tokenizeIntrinsics } from '../../src/formats/cloudformation/intrinsics';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import { parseJson } from '../../src/formats/json/parseJson';
import type { PolicyValue } from '../../src/policy/model';
import type { TreeNode } from '../../src/policy/tree';
import { mulberry32 as random } from '../support/random';

function statementsOf(text: string, fileName: string) {
  const { root } = fileName.endsWith('.json') ? parseJson(text) : parseYaml(text);
  const tokenized = tokenizeIntrinsics(root!);
  assert.ok(isTemplate(tokenized), 'recognised as a template');
  return extractTemplate(text, tokenized).statements;
}

const texts = (values: readonly PolicyValue[]) => values.map((v) => v.text);

test('short-form and long-form intrinsics become tokens that keep literal parts', () => {
  const yaml = [
    'Resources:',
    '  P:',
    '    Type: AWS::SNS::TopicPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {Service: ses.amazonaws.com}',
    '            Action: sns:Publish',
    '            Resource: [!Ref Topic, !GetAtt [Other, Arn], !Join [":", [arn, !Ref AWS::Partition, sns]], !If [C, a, b]]',
    '            Condition:',
    '              StringEquals:',
    '                aws:SourceAccount: {"Fn::Sub": "${AWS::AccountId}"}',
  ].join('\n');
  const [statement] = statementsOf(yaml, 't.yaml');
  assert.ok(statement);
  assert.deepEqual(texts(statement.resources), ['${Topic}', '${Other.Arn}', 'arn:${AWS::Partition}:sns', '${…}']);
  assert.ok(statement.resources.every((r) => r.isToken));
  assert.deepEqual(texts(statement.conditions[0]!.values), ['${AWS::AccountId}']);
});

test('a token span covers the short-form tag, so edits replace the whole value', () => {
  const yaml = 'Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Resource: !Sub "arn:${AWS::Partition}:kms"\n';
  const [statement] = statementsOf(yaml, 't.yaml');
  const resource = statement!.resources[0]!;
  assert.equal(yaml.slice(resource.span.offset, resource.span.offset + resource.span.length), '!Sub "arn:${AWS::Partition}:kms"');
});

test('unquoted YAML 1.1 dates stay text: Version 2012-10-17 is accepted as written', () => {
  const yaml = 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement: []\n';
  const { root } = parseYaml(yaml);
  const file = extractTemplate(yaml, tokenizeIntrinsics(root!) as never);
  const version = file.documents[0]!.version!.value;
  assert.equal(version.type === 'scalar' ? version.value : undefined, '2012-10-17');
});

test('references are read from token text, pseudo parameters excluded', () => {
  assert.deepEqual(referencesIn('arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/${Set}:receipt-rule/${Rule.Name}'), [
    { name: 'Set', attribute: undefined },
    { name: 'Rule', attribute: 'Name' },
  ]);
});

test('serverless.yml resources and SAM templates count as templates; other YAML does not', () => {
  assert.ok(isTemplate(parseYaml('service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n').root));
  assert.ok(isTemplate(parseYaml('Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n').root));
  assert.ok(!isTemplate(parseYaml('services:\n  web:\n    image: nginx\n').root));
  assert.ok(!isTemplate(parseYaml('Resources:\n  X:\n    Type: Custom::Thing\n').root));
});

test('a single resource with an AWS type and Properties is a fragment; other files with a Type key are not', () => {
  assert.ok(isResourceFragment(parseYaml('Type: AWS::S3::BucketPolicy\nProperties:\n  Bucket: b\n').root));
  assert.ok(isResourceFragment(parseJson('{"Type": "AWS::Lambda::Permission", "Properties": {}}').root));
  assert.ok(!isResourceFragment(parseYaml('Type: Custom::Thing\nProperties: {}\n').root), 'a custom resource type');
  assert.ok(!isResourceFragment(parseYaml('Type: AWS::S3::BucketPolicy\n').root), 'no Properties');
  assert.ok(!isResourceFragment(parseYaml('Type: AWS::S3::BucketPolicy\nProperties: none\n').root), 'Properties is no mapping');
  assert.ok(!isResourceFragment(parseYaml('Type: Task\nProperties: {}\n').root), 'a state machine state');
  assert.ok(!isResourceFragment(parseYaml('Type: AWS::S3\nProperties: {}\n').root), 'not a resource type name');
  assert.ok(!isResourceFragment(parseYaml('Type: !Ref T\nProperties: {}\n').root), 'a computed type');
});

/** A template whose bucket policy grants SES `resource` with no source condition; `bucket` defines MailBucket. */
function openBucketTemplate(resource: string, bucket = '  MailBucket:\n    Type: AWS::S3::Bucket\n'): string {
  return `Resources:\n${bucket}  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {Service: ses.amazonaws.com}\n            Action: s3:PutObject\n            Resource: ${resource}\n`;
}

const findingsOf = (text: string) => lintText(text, { fileName: 't.yaml' }, { strict: true }).findings;

test('!GetAtt Bucket.Arn is the bucket only when the template defines that bucket', () => {
  assert.ok(findingsOf(openBucketTemplate('!GetAtt MailBucket.Arn')).some((f) => f.id === 's3-resource-not-object-arn'));
  assert.ok(findingsOf(openBucketTemplate('!GetAtt [MailBucket, Arn]')).some((f) => f.id === 's3-resource-not-object-arn'));
  assert.ok(!findingsOf(openBucketTemplate("!Sub '${MailBucket.Arn}/*'")).some((f) => f.id === 's3-resource-not-object-arn'));
  assert.ok(!findingsOf(openBucketTemplate("!Sub '${MailBucket.Arn}/inbox/*'")).some((f) => f.id === 's3-resource-not-object-arn'));
  // Another type's Arn, or a bucket of another stack: nothing is known about the value.
  const key = '  MailBucket:\n    Type: AWS::KMS::Key\n';
  assert.ok(!findingsOf(openBucketTemplate('!GetAtt MailBucket.Arn', key)).some((f) => f.id === 's3-resource-not-object-arn'));
  assert.ok(!findingsOf(openBucketTemplate('!GetAtt OtherBucket.Arn')).some((f) => f.id === 's3-resource-not-object-arn'));
});

test('messages name the logical id of a referenced resource, not the reference', () => {
  const bucket = '  TicketingRawMailBucket:\n    Type: AWS::S3::Bucket\n';
  const message = (resource: string, resources?: string) =>
    findingsOf(openBucketTemplate(resource, resources)).find((f) => f.id === 's3-missing-source-conditions')?.message ?? '';
  assert.match(message("!Sub '${TicketingRawMailBucket.Arn}/*'", bucket), /bucket `TicketingRawMailBucket` for any AWS account/);
  assert.match(message("!Sub '${TicketingRawMailBucket.Arn}/*'", ''), /bucket `TicketingRawMailBucket` for any AWS account/);
  assert.match(message("!Sub 'arn:${AWS::Partition}:s3:::inbound-mail/*'", ''), /bucket `inbound-mail` for any AWS account/);
});

test('a known attribute is expanded beside the token text, which stays as written', () => {
  const { root } = parseYaml('A: !GetAtt B.Arn\nC: !Sub "${B.Arn}/*"\nD: !GetAtt K.Arn\n');
  const tokenized = tokenizeIntrinsics(root!, new Map([['B.Arn', 'arn:${AWS::Partition}:s3:::${B}']]));
  assert.ok(tokenized.type === 'object');
  const tokens = tokenized.properties.map((p) => p.value);
  assert.deepEqual(
    tokens.map((t) => (t.type === 'token' ? [t.text, t.expanded] : [])),
    [
      ['${B.Arn}', 'arn:${AWS::Partition}:s3:::${B}'],
      ['${B.Arn}/*', 'arn:${AWS::Partition}:s3:::${B}/*'],
      ['${K.Arn}', undefined],
    ],
  );
});

test('format detection by language id, extension and content', () => {
  assert.equal(formatOf('{}', { languageId: 'yaml' }), 'yaml');
  assert.equal(formatOf('a: 1', { fileName: 'x.yml' }), 'yaml');
  assert.equal(formatOf('  {"Resources": {}}', { fileName: 'stack.template' }), 'json');
  assert.equal(formatOf('Resources: {}', { fileName: 'stack.template' }), 'yaml');
  assert.equal(formatOf('{}', { fileName: 'policy.json' }), 'json');
});


const YAML_PIECES = [
  'AWSTemplateFormatVersion: 2010-09-09\n', 'Resources:\n', '  B: &anchor\n', '    Type: AWS::S3::BucketPolicy\n',
  '    Properties:\n', '      PolicyDocument:\n', '        Statement:\n', '          - Effect: Allow\n',
  '            Principal: {Service: ses.amazonaws.com}\n', '            Action: s3:PutObject\n', '  C: *anchor\n',
  '  D: *missing\n', '            Resource: !Unknown [1, 2]\n', '\t bad: indentation\n', '  - : \n', '!!binary AAAA\n',
  '            Condition: !If [a, {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}, !Ref AWS::NoValue]\n',
  '<<: *anchor\n', '"unterminated\n', '{ flow: [1, 2\n', '? complex key\n: value\n', '---\n', '%YAML 1.1\n', '\uFEFF',
  'Resources: !Sub\n', '            Resource: !GetAtt\n', '      Bucket: !Ref\n', '...\n',
];

test('YAML fuzz: 3,000 generated templates with anchors, aliases, unknown tags and bad indentation never throw', () => {
  const seed = Number(process.env['FUZZ_SEED'] ?? 20261128);
  const next = random(seed);
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const count = 1 + Math.floor(next() * 20);
    for (let j = 0; j < count; j++) text += YAML_PIECES[Math.floor(next() * YAML_PIECES.length)];
    if (next() < 0.3) text = text.slice(0, Math.floor(next() * text.length));
    const result = lintText(text, { fileName: 'fuzz.yaml' }, { strict: true });
    for (const finding of result.findings) {
      assert.ok(finding.span.offset >= 0 && finding.span.offset + finding.span.length <= text.length, `seed ${seed} case ${i}: span inside the text`);
    }
  }
});

test('deeply nested YAML and a 1 MB template are read without throwing', () => {
  const deep = 'Resources: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n';
  assert.doesNotThrow(() => lintText(deep, { fileName: 'deep.yaml' }, { strict: true }));
  const resource = (i: number) =>
    `  Policy${i}:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket${i}\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n          - Effect: Allow\n            Principal: {Service: ses.amazonaws.com}\n            Action: s3:PutObject\n            Resource: !Sub '\${Bucket${i}.Arn}/*'\n`;
  let big = 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n';
  for (let i = 0; big.length < 1_000_000; i++) big += resource(i);
  const result = lintText(big, { fileName: 'big.yaml' }, { strict: true });
  assert.ok(result.file && result.file.statements.length > 2000, 'every policy of the big template was read');
});

test('tokenizing copies only what holds an intrinsic: the rest of the tree is kept as it is, and the reader\'s tree is not changed', () => {
  const yaml = [
    'Resources:',
    '  Plain:',
    '    Type: AWS::S3::Bucket',
    '    Properties: {Tags: [{Key: team, Value: mail}]}',
    '  Policy:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      Bucket: !Ref Plain',
    '      Other: [1, 2]',
    '',
  ].join('\n');
  const { root } = parseYaml(yaml);
  const before = JSON.stringify(root);
  const tokenized = tokenizeIntrinsics(root!);
  assert.equal(JSON.stringify(root), before, 'the tree read is not changed');
  const resources = (node: TreeNode) => (node.type === 'object' ? node.properties[0]!.value : undefined);
  const entry = (node: TreeNode | undefined, key: string) => (node?.type === 'object' ? node.properties.find((p) => p.key === key)!.value : undefined);
  assert.notEqual(tokenized, root, 'the root holds an intrinsic below it: copied');
  assert.equal(entry(resources(tokenized), 'Plain'), entry(resources(root!), 'Plain'), 'a resource without intrinsics is the same node');
  const properties = entry(entry(resources(tokenized), 'Policy'), 'Properties');
  assert.deepEqual(entry(properties, 'Bucket'), { type: 'token', span: (entry(entry(entry(resources(root!), 'Policy'), 'Properties'), 'Bucket') as { span: object }).span, text: '${Plain}' });
  assert.equal(entry(properties, 'Other'), entry(entry(entry(resources(root!), 'Policy'), 'Properties'), 'Other'), 'a list without intrinsics beside one is the same node');
});

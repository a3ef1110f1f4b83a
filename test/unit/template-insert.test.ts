import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { planTemplateInsert } from '../../src/formats/cloudformation/templateInsert';
import { applyOffsetEdits } from '../../src/policy/fixes';
import { yamlCommentsOf } from '../../src/formats/yaml/yamlEditor';
import { hasPlaceholders, renderPlain, type GrantValues } from '../../src/policy/templates';
import { FIXTURES, REPO_ROOT } from '../support/paths';

/** "Add SES grant" in CloudFormation templates: into the target's policy resource, else a new resource. */

const SPACES = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;
const VALUES: GrantValues = { accountId: '111122223333', region: 'us-east-1', ruleSet: 'inbound', rule: 'store' };
const template = (name: string) => readFileSync(join(FIXTURES, 'templates', name), 'utf8');

function inserted(text: string, fileName: string, kind: 's3' | 'kms' | 'lambda' | 'sns', values: GrantValues) {
  const plan = planTemplateInsert(text, { fileName }, kind, values, SPACES);
  assert.ok(plan, 'the text is a template');
  assert.ok(plan.add, plan.problem);
  const marked = applyOffsetEdits(text, plan.add);
  return { plan, marked, result: renderPlain(marked) };
}

const BUCKET_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Inbox: # where mail lands',
  '    Type: AWS::S3::Bucket',
  '    Properties: {BucketName: inbox-mail}',
  '  InboxPolicy:',
  '    Type: AWS::S3::BucketPolicy',
  '    Properties:',
  '      Bucket: !Ref Inbox',
  '      PolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          # readers',
  '          - Effect: Allow',
  '            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}',
  '            Action: s3:GetObject',
  '            Resource: !Sub "${Inbox.Arn}/*"',
  '',
].join('\n');

test('an S3 grant goes into the bucket\'s BucketPolicy, referring to the bucket, with the stack\'s account and region', () => {
  const { plan, result } = inserted(BUCKET_TEMPLATE, 'stack.yaml', 's3', { ...VALUES, bucket: 'inbox-mail' });
  assert.deepEqual(plan.into, { logicalId: 'InboxPolicy', line: 6 });
  assert.equal(plan.newResource, undefined);
  assert.equal(plan.existingGrantLine, undefined);
  assert.equal(
    result,
    BUCKET_TEMPLATE +
      [
        '          - Sid: AllowSESPuts',
        '            Effect: Allow',
        '            Principal:',
        '              Service: ses.amazonaws.com',
        '            Action: s3:PutObject',
        "            Resource: !Sub 'arn:${AWS::Partition}:s3:::${Inbox}/*'",
        '            Condition:',
        '              StringEquals:',
        '                AWS:SourceAccount: !Ref AWS::AccountId',
        "                AWS:SourceArn: !Sub 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store'",
        '',
      ].join('\n'),
  );
  assert.deepEqual(yamlCommentsOf(result), yamlCommentsOf(BUCKET_TEMPLATE));
  const after = lintText(result, { fileName: 'stack.yaml' }, { strict: true });
  assert.deepEqual(after.findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
});

test('a second grant in the same policy gets a unique Sid, and the existing one is reported', () => {
  const { plan, result } = inserted(template('s3-receipt.yaml'), 's3-receipt.yaml', 's3', { ...VALUES, bucket: 'InboxBucket' });
  assert.equal(plan.into?.logicalId, 'InboxBucketPolicy');
  assert.equal(plan.existingGrantLine, 13);
  assert.match(result, /- Sid: AllowSESPuts2\n/);
});

test('a Lambda grant is a new AWS::Lambda::Permission: !GetAtt for a function of the template, else its name', () => {
  const text = template('lambda-permission-open.yaml');
  const byReference = inserted(text, 'stack.yaml', 'lambda', { ...VALUES, functionName: 'Handler' });
  assert.equal(byReference.plan.newResource, 'MailFunctionSesPermission');
  assert.match(byReference.result, /\n {2}MailFunctionSesPermission:\n {4}Type: AWS::Lambda::Permission\n {4}Properties:\n {6}FunctionName: !GetAtt Handler\.Arn\n/);
  assert.deepEqual(yamlCommentsOf(byReference.result), yamlCommentsOf(text));
  const byName = inserted(text, 'stack.yaml', 'lambda', { ...VALUES, functionName: 'process-mail' });
  assert.match(byName.result, /\n {6}FunctionName: process-mail\n/);
  assert.match(byName.result, /SourceAccount: !Ref AWS::AccountId\n/);
  assert.ok(!byName.result.includes('111122223333'), 'the stack account, not the literal one');
});

test('a KMS grant goes into the template\'s only key; an SNS grant into the topic\'s TopicPolicy', () => {
  const text = template('sns-kms-role.yaml');
  const kms = inserted(text, 'stack.yaml', 'kms', VALUES);
  assert.equal(kms.plan.into?.logicalId, 'MailKey');
  assert.ok(kms.plan.existingGrantLine !== undefined, 'the key already grants SES');
  const sns = inserted(text, 'stack.yaml', 'sns', { ...VALUES, topicArn: 'arn:aws:sns:us-east-1:111122223333:Topic' });
  assert.equal(sns.plan.into?.logicalId, 'TopicPolicy');
  assert.match(sns.result, /Resource: !Ref Topic\n(?:.*\n)*? {12}Resource: !Ref Topic\n/);
});

test('JSON templates get intrinsic objects; a new resource goes under Resources', () => {
  const text = template('cdk-synth-referer.json');
  const { plan, result } = inserted(text, 'stack.template.json', 'kms', VALUES);
  assert.equal(plan.newResource, 'MailKey');
  const parsed = JSON.parse(result) as { Resources: Record<string, { Properties: { KeyPolicy: { Statement: { Sid: string; Principal: unknown; Condition: unknown }[] } } }> };
  // The new key's whole policy: the account's own access first, as AWS's default key policy, then the grant.
  const [administration, grant] = parsed.Resources['MailKey']!.Properties.KeyPolicy.Statement;
  assert.deepEqual([administration!.Sid, administration!.Principal], ['EnableIAMUserPermissions', { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }]);
  assert.deepEqual(grant!.Condition, {
    StringEquals: {
      'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
      'AWS:SourceArn': { 'Fn::Sub': 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store' },
    },
  });
  assert.ok(text.length < result.length && result.startsWith(text.slice(0, text.indexOf('"RuleSetRule0B1D6BCA"'))), 'what was there stays');
});

test('serverless.yml: resources.Resources; unknown values stay placeholders', () => {
  const { plan, marked, result } = inserted(template('serverless.yml'), 'serverless.yml', 'kms', {});
  assert.equal(plan.newResource, 'MailKey');
  assert.match(result, /\n {4}MailKey:\n {6}Type: AWS::KMS::Key\n/);
  assert.ok(hasPlaceholders(marked));
  assert.ok(lintText(result, { fileName: 'serverless.yml' }).findings.some((f) => f.id === 'placeholder-left'));
});

test('no plan for what is no template: plain policies, workflows, broken templates are refused', () => {
  assert.equal(planTemplateInsert('{"Version": "2012-10-17", "Statement": []}', { fileName: 'p.json' }, 's3', VALUES, SPACES), undefined);
  assert.equal(planTemplateInsert('on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n', { languageId: 'yaml' }, 's3', VALUES, SPACES), undefined);
  const broken = planTemplateInsert('AWSTemplateFormatVersion: x\nResources:\n  A: [\n', { languageId: 'yaml' }, 's3', VALUES, SPACES);
  assert.ok(broken && broken.add === undefined && broken.problem);
});

/** A bucket policy with an open SES grant: also the fixture of the editor's Add SES Grant suite, whose expected text lies beside it. */
const OPEN_GRANT_FIXTURE = join(REPO_ROOT, 'test', 'vscode', 'workspace', 'addGrant', 'existing-grant-template');
const OPEN_GRANT_TEMPLATE = readFileSync(`${OPEN_GRANT_FIXTURE}.yaml`, 'utf8');

test('the grant already in a YAML template is updated in place: conditions added, the action narrowed, its Sid and Resource kept', () => {
  const plan = planTemplateInsert(OPEN_GRANT_TEMPLATE, { fileName: 'stack.yaml' }, 's3', VALUES, SPACES);
  assert.ok(plan?.update, 'an update is planned');
  assert.equal(plan.existingGrantLine, 13);
  const result = renderPlain(applyOffsetEdits(OPEN_GRANT_TEMPLATE, plan.update));
  assert.equal(result, readFileSync(`${OPEN_GRANT_FIXTURE}.expected.yaml`, 'utf8'));
  assert.match(result, /- Sid: LetSesWrite # named by the runbook\n/);
  assert.match(result, /Resource: !Sub "\$\{Inbox\.Arn\}\/\*"\n/);
  assert.match(result, /Action: s3:PutObject\n/);
  assert.equal((result.match(/Sid:/g) ?? []).length, 1, 'no second statement');
  assert.deepEqual(yamlCommentsOf(result), yamlCommentsOf(OPEN_GRANT_TEMPLATE));
  const after = lintText(result, { fileName: 'stack.yaml' }, { strict: true });
  assert.deepEqual(after.syntaxErrors, []);
  assert.deepEqual(after.findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
  // Updated, the grant says what the template's grant says: a second update changes nothing.
  const again = planTemplateInsert(result, { fileName: 'stack.yaml' }, 's3', VALUES, SPACES);
  assert.deepEqual(again?.update, []);
});

test('the grant already in a JSON template is updated in place with intrinsic objects', () => {
  const text = JSON.stringify(
    {
      Resources: {
        Inbox: { Type: 'AWS::S3::Bucket' },
        InboxPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'Inbox' },
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Sid: 'LetSesWrite', Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: { 'Fn::Sub': '${Inbox.Arn}/*' } }],
            },
          },
        },
      },
    },
    null,
    2,
  );
  const plan = planTemplateInsert(text, { fileName: 'stack.json' }, 's3', VALUES, SPACES);
  assert.ok(plan?.update && plan.update.length > 0);
  const result = renderPlain(applyOffsetEdits(text, plan.update));
  const statement = (JSON.parse(result) as { Resources: { InboxPolicy: { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } } } }).Resources.InboxPolicy.Properties.PolicyDocument.Statement;
  assert.equal(statement.length, 1);
  assert.equal(statement[0]!['Sid'], 'LetSesWrite');
  assert.deepEqual(statement[0]!['Condition'], {
    StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' }, 'AWS:SourceArn': { 'Fn::Sub': 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:receipt-rule-set/inbound:receipt-rule/store' } },
  });
  assert.deepEqual(lintText(result, { fileName: 'stack.json' }).findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
});

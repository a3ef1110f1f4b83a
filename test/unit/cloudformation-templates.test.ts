import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfnResourceYaml } from '../../src/formats/cloudformation/cloudformationTemplates';
import { lintText } from '../../src/formats';
import { parseYaml } from '../../src/formats/yaml/yamlTree';
import { INSERT_KINDS, renderPlain } from '../../src/policy/templates';

const TARGETS = {
  s3: '  InboxBucket:\n    Type: AWS::S3::Bucket\n',
  kms: '',
  lambda: '  Handler:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs20.x\n',
  sns: '  MailTopic:\n    Type: AWS::SNS::Topic\n',
} as const;
const TARGET_ID = { s3: 'InboxBucket', kms: undefined, lambda: 'Handler', sns: 'MailTopic' } as const;

for (const kind of INSERT_KINDS) {
  test(`the CloudFormation ${kind} resource is valid YAML and lints clean once its values are real`, () => {
    const resource = renderPlain(cfnResourceYaml(kind, { ruleSet: 'inbound', rule: 'store', targetLogicalId: TARGET_ID[kind] }));
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${TARGETS[kind]}${resource}\n`;
    assert.deepEqual(parseYaml(template).errors, []);
    const result = lintText(template, { fileName: 'stack.yaml' }, { strict: true });
    // A new KMS key's policy holds the account's key-administration statement beside the grant.
    assert.equal(result.file?.statements.length, kind === 'kms' ? 2 : 1, 'the grant is recognised');
    const serious = result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id}: ${f.message}`);
    assert.deepEqual(serious, []);
  });

  test(`the CloudFormation ${kind} resource with unknown values is caught by placeholder-left`, () => {
    const resource = renderPlain(cfnResourceYaml(kind, {}));
    const template = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${resource}\n`;
    const ids = lintText(template, { fileName: 'stack.yaml' }, { strict: true }).findings.map((f) => f.id);
    assert.ok(ids.includes('placeholder-left'), ids.join(', '));
  });
}

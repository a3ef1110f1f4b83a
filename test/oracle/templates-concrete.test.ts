import type { TemplateFile, TemplateResource } from '../../src/formats/cloudformation/cloudformation';
import { lintText } from '../../src/formats';
import { listFixtures } from '../support/fixtures';
import { ACCOUNT, NotModelable, REGION, registerConcreteOracle, replaceReferences, type ConcreteCase } from './concrete';

/**
 * The CloudFormation fixtures under the independent evaluator (concrete.ts): intrinsics replaced by the values
 * CloudFormation would give them — pseudo parameters of account 111122223333 in us-east-1; `!Ref`/`!GetAtt`
 * of the template's buckets, functions, topics and keys by the names and ARNs those resources get.
 */

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** What `!Ref` / `!GetAtt … .Arn` of a template resource evaluate to once deployed. */
function resolveReference(file: TemplateFile, name: string, attribute: string | undefined): string {
  if (PSEUDO[name]) return PSEUDO[name]!;
  const resource: TemplateResource | undefined = file.resources.find((r) => r.logicalId === name);
  const physical = name.toLowerCase();
  if (!resource) {
    // A template parameter: its name stands for the value the stack is given.
    if (attribute === undefined) return physical;
    throw new NotModelable(`unknown reference ${name}.${attribute}`);
  }
  const arn: Record<string, string> = {
    'AWS::S3::Bucket': `arn:aws:s3:::${physical}`,
    'AWS::Lambda::Function': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}`,
    'AWS::SNS::Topic': `arn:aws:sns:${REGION}:${ACCOUNT}:${physical}`,
    'AWS::KMS::Key': `arn:aws:kms:${REGION}:${ACCOUNT}:key/${physical}`,
    'AWS::IAM::Role': `arn:aws:iam::${ACCOUNT}:role/${physical}`,
  };
  if (attribute === 'Arn') {
    const value = arn[resource.type];
    if (!value) throw new NotModelable(`no ARN known for ${resource.type}`);
    return value;
  }
  if (attribute !== undefined) throw new NotModelable(`attribute ${name}.${attribute}`);
  // Ref of a topic is its ARN; of a bucket, function, key or receipt rule, its name.
  return resource.type === 'AWS::SNS::Topic' ? arn[resource.type]! : physical;
}

const TEMPLATE_FORMATS = ['.yaml', '.yml', '.template', '.json'];
const cases: ConcreteCase[] = [];
for (const fixture of [...listFixtures('templates', TEMPLATE_FORMATS), ...listFixtures('rules', TEMPLATE_FORMATS)]) {
  // The policy itself is compared: what an inline suppression hides still counts.
  const result = lintText(fixture.text, { fileName: fixture.path }, { ignoreSuppressions: true });
  const file = result.file as TemplateFile | undefined;
  if (!file?.allowsTemplateValues || !('resources' in file)) continue;
  cases.push({
    name: fixture.name,
    lint: () => result,
    concreteText: (text) =>
      replaceReferences(text, (inner) => {
        const [name, ...rest] = inner.split('.');
        return resolveReference(file, name!, rest.length > 0 ? rest.join('.') : undefined);
      }),
  });
}

registerConcreteOracle('templates', cases, 5);

import { collectFromPolicyRoot } from '../policy/extract';
import type { EmbeddedPolicy, PolicyDocument, PolicyFile, Statement } from '../policy/model';
import { asList, isObject, property, textOf, type ObjectNode, type Span, type TreeNode } from '../policy/tree';
import { readEncodedPolicy } from './embedded/encodedPolicies';

/**
 * CloudFormation (and SAM, serverless.yml, CDK synth output) onto the policy model: each resource type
 * that holds an SES grant contributes its policy, and the template's resources stay available for the
 * checks across resources (templateRules.ts).
 */

export interface TemplateResource {
  readonly logicalId: string;
  readonly logicalIdSpan: Span;
  readonly type: string;
  readonly node: ObjectNode;
  readonly properties: ObjectNode | undefined;
  readonly dependsOn: readonly string[];
}

export interface TemplateFile extends PolicyFile {
  readonly resources: readonly TemplateResource[];
  /** Which resource each statement came from. */
  readonly statementResource: ReadonlyMap<Statement, TemplateResource>;
}

/** Where a resource type keeps the policy that may grant SES. */
const POLICY_PROPERTY: Readonly<Record<string, string | undefined>> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
  // The permission's own properties have the AddPermission shape (Action, Principal, SourceAccount, SourceArn).
  'AWS::Lambda::Permission': '',
};

/** The `Resources` mapping of a template, or of serverless.yml's `resources.Resources`. */
function resourcesNode(root: ObjectNode): ObjectNode | undefined {
  const direct = property(root, 'Resources')?.value;
  if (isObject(direct)) return direct;
  const serverless = property(root, 'resources')?.value;
  const nested = isObject(serverless) ? property(serverless, 'Resources')?.value : undefined;
  return isObject(nested) ? nested : undefined;
}

/** A template has `AWSTemplateFormatVersion`, or resources typed `AWS::…`. */
export function isTemplate(root: TreeNode | undefined): root is ObjectNode {
  if (!isObject(root)) return false;
  if (property(root, 'AWSTemplateFormatVersion')) return true;
  const resources = resourcesNode(root);
  return resources !== undefined && resources.properties.some((r) => isObject(r.value) && /^AWS::/.test(textOf(property(r.value, 'Type')?.value) ?? ''));
}

export function templateResources(root: ObjectNode): TemplateResource[] {
  const resources = resourcesNode(root);
  if (!resources) return [];
  const found: TemplateResource[] = [];
  for (const entry of resources.properties) {
    if (!isObject(entry.value)) continue;
    const type = textOf(property(entry.value, 'Type')?.value);
    if (!type) continue;
    const properties = property(entry.value, 'Properties')?.value;
    found.push({
      logicalId: entry.key,
      logicalIdSpan: entry.keySpan,
      type,
      node: entry.value,
      properties: isObject(properties) ? properties : undefined,
      dependsOn: asList(property(entry.value, 'DependsOn')?.value).map(textOf).filter((t): t is string => t !== undefined),
    });
  }
  return found;
}

export function extractTemplate(text: string, root: ObjectNode, format: 'json' | 'yaml' = 'json'): TemplateFile {
  const documents: PolicyDocument[] = [];
  const statements: Statement[] = [];
  const statementResource = new Map<Statement, TemplateResource>();
  const embedded: EmbeddedPolicy[] = [];
  const resources = templateResources(root);
  for (const resource of resources) {
    const policyProperty = POLICY_PROPERTY[resource.type];
    if (policyProperty === undefined || !resource.properties) continue;
    let policy = policyProperty === '' ? resource.properties : property(resource.properties, policyProperty)?.value;
    // CloudFormation also takes a policy as a JSON string.
    const encoded = readEncodedPolicy(text, policy, format);
    if (encoded) {
      embedded.push(encoded);
      policy = encoded.root;
    }
    if (!isObject(policy)) continue;
    const before = statements.length;
    collectFromPolicyRoot(policy, documents, statements);
    for (const statement of statements.slice(before)) statementResource.set(statement, resource);
  }
  const file = { text, root, documents, statements, allowsTemplateValues: true, format, templateSyntax: 'cloudformation', resources, statementResource } as const;
  return embedded.length > 0 ? { ...file, embedded } : file;
}

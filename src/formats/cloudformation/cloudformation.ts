import { collectFromPolicyRoot } from '../../policy/extract';
import type { EmbeddedPolicy, PolicyDocument, PolicyFile, Statement } from '../../policy/model';
import { asList, isObject, property, textOf, type ObjectNode, type Span, type TreeNode } from '../../policy/tree';
import type { KnownAttributes } from './intrinsics';
import { readEncodedPolicy } from '../embedded/encodedPolicies';

/**
 * CloudFormation (and SAM, serverless.yml, CDK synth output) onto the policy model: each resource type
 * that holds an SES grant contributes its policy, and the template's resources stay available for the
 * checks across resources (templateRules.ts). A single resource on its own (a serverless.yml include) is read
 * like a template holding just that resource.
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
  /**
   * What tells a template from the other files the JSON and YAML adapters read (`isTemplateFile`): its fixes
   * write the account and region as pseudo parameters and `${…}` values as intrinsics, its resources are checked together.
   */
  readonly templateSyntax: 'cloudformation';
  readonly resources: readonly TemplateResource[];
  /** Which resource each statement came from. */
  readonly statementResource: ReadonlyMap<Statement, TemplateResource>;
}

export function isTemplateFile(file: PolicyFile): file is TemplateFile {
  return (file as Partial<TemplateFile>).templateSyntax === 'cloudformation';
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

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/** A template has `AWSTemplateFormatVersion`, or resources typed `AWS::…`. */
export function isTemplate(root: TreeNode | undefined): root is ObjectNode {
  if (!isObject(root)) return false;
  if (property(root, 'AWSTemplateFormatVersion')) return true;
  const resources = resourcesNode(root);
  return resources !== undefined && resources.properties.some((r) => isObject(r.value) && /^AWS::/.test(textOf(property(r.value, 'Type')?.value) ?? ''));
}

/**
 * Whether a YAML text could read as a template (`readsAsTemplate`), judged on its characters before any
 * parse: a template has `AWSTemplateFormatVersion` or a resource typed `AWS::…`, and a resource fragment's
 * `Type` is `AWS::…` too. Only an escape in a double-quoted scalar could spell those otherwise, so a
 * backslash lets the text through. Other YAML (workflows, manifests, configuration) is not parsed at all.
 */
const TEMPLATE_MARKS = /AWSTemplateFormatVersion|AWS::|\\/;

export function mightHoldTemplate(text: string): boolean {
  return TEMPLATE_MARKS.test(text);
}

/**
 * A single resource on its own, as serverless.yml includes it (`MailBucketPolicy: ${file(policy.yml)}`): `Type`
 * names an AWS resource type (`AWS::Service::Resource`) and `Properties` is a mapping. Other files with a `Type`
 * key (state machines, build specs, schemas) fail one of the two.
 */
export function isResourceFragment(root: TreeNode | undefined): root is ObjectNode {
  if (!isObject(root)) return false;
  const type = property(root, 'Type')?.value;
  return type?.type === 'scalar' && RESOURCE_TYPE.test(textOf(type) ?? '') && isObject(property(root, 'Properties')?.value);
}

/** A template, or a fragment read like a template with one resource. */
export function readsAsTemplate(root: TreeNode | undefined): root is ObjectNode {
  return isTemplate(root) || isResourceFragment(root);
}

/** The resources' entries: the template's `Resources`, or the fragment itself under an empty logical id. */
function resourceEntries(root: ObjectNode): readonly { readonly key: string; readonly keySpan: Span; readonly value: TreeNode }[] {
  const resources = resourcesNode(root);
  if (resources) return resources.properties;
  if (!isResourceFragment(root) || isTemplate(root)) return [];
  return [{ key: '', keySpan: property(root, 'Type')!.keySpan, value: root }];
}

export function templateResources(root: ObjectNode): TemplateResource[] {
  const found: TemplateResource[] = [];
  for (const entry of resourceEntries(root)) {
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

/**
 * The attributes whose value the template itself tells (intrinsics.ts `KnownAttributes`): the `Arn` of each
 * bucket it defines is `arn:${AWS::Partition}:s3:::${Bucket}`, so `!GetAtt Bucket.Arn` reads as the
 * bucket and `!Sub '${Bucket.Arn}/*'` as its objects.
 */
export function knownAttributes(resources: readonly TemplateResource[]): KnownAttributes {
  const attributes = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type === 'AWS::S3::Bucket') attributes.set(`${resource.logicalId}.Arn`, `arn:\${AWS::Partition}:s3:::\${${resource.logicalId}}`);
  }
  return attributes;
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
  const file = { text, root, documents, statements, allowsTemplateValues: true, templateSyntax: 'cloudformation', resources, statementResource } as const;
  return embedded.length > 0 ? { ...file, embedded } : file;
}

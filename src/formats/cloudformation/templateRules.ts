import type { FileContext, FileRule } from '../../policy/findings';
import type { GrantKind } from '../../policy/model';
import { asList, isObject, property, textOf, type TreeNode } from '../../policy/tree';
import type { TemplateFile, TemplateResource } from './cloudformation';
import { referencesIn } from './intrinsics';
import { receiptRuleChecks, type ResourceGraph, type RuleTarget } from '../receiptRuleChecks';

/**
 * Checks across the resources of one CloudFormation template (issue: SES receipt rules and their targets).
 * Only targets defined in the template count: an external bucket or function cannot be seen from here.
 */

const RECEIPT_RULE = 'AWS::SES::ReceiptRule';

/** Logical ids a value refers to: `!Ref X`, `!GetAtt X.Arn`, `${X}` inside `!Sub`. */
function referencedIds(node: TreeNode | undefined): string[] {
  return asList(node).flatMap((item) => (item.type === 'token' ? referencesIn(item.text).map((r) => r.name) : []));
}

function literalName(node: TreeNode | undefined): string | undefined {
  return node?.type === 'scalar' ? textOf(node) : undefined;
}

/**
 * Lookups over one template, built once per lint: the rules ask them for every receipt-rule action, and a
 * scan of all resources per question would make big templates quadratic.
 */
interface TemplateIndex {
  readonly byTypeAndId: Map<string, TemplateResource>;
  readonly byTypeAndName: Map<string, TemplateResource>;
  /** Policy resources by `kind|target logical id`. */
  readonly policies: Map<string, TemplateResource[]>;
  /** The kinds each resource's statements grant SES. */
  readonly grantedKinds: Map<TemplateResource, Set<GrantKind>>;
}

const POLICY_TARGET: readonly [GrantKind, string, string][] = [
  ['s3', 'AWS::S3::BucketPolicy', 'Bucket'],
  ['sns', 'AWS::SNS::TopicPolicy', 'Topics'],
  ['lambda', 'AWS::Lambda::Permission', 'FunctionName'],
];

const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::KMS::Key': 'KeyId',
  'AWS::Lambda::Function': 'FunctionName',
};

function indexOf(context: FileContext, file: TemplateFile): TemplateIndex {
  const index: TemplateIndex = { byTypeAndId: new Map(), byTypeAndName: new Map(), policies: new Map(), grantedKinds: new Map() };
  for (const resource of file.resources) {
    index.byTypeAndId.set(`${resource.type}|${resource.logicalId}`, resource);
    const nameProperty = NAME_PROPERTY[resource.type];
    const name = nameProperty && resource.properties ? literalName(property(resource.properties, nameProperty)?.value) : undefined;
    const nameKey = `${resource.type}|${name}`;
    if (name !== undefined && !index.byTypeAndName.has(nameKey)) index.byTypeAndName.set(nameKey, resource);
    for (const [kind, type, key] of POLICY_TARGET) {
      if (resource.type !== type || !resource.properties) continue;
      for (const id of new Set(referencedIds(property(resource.properties, key)?.value))) {
        const list = index.policies.get(`${kind}|${id}`) ?? [];
        list.push(resource);
        index.policies.set(`${kind}|${id}`, list);
      }
    }
  }
  for (const statement of file.statements) {
    const resource = file.statementResource.get(statement);
    const grant = context.grants.get(statement);
    if (!resource || !grant?.isSesGrant) continue;
    const kinds = index.grantedKinds.get(resource) ?? new Set<GrantKind>();
    for (const kind of grant.kinds) kinds.add(kind);
    index.grantedKinds.set(resource, kinds);
  }
  return index;
}

/** The template resource a rule action's value names, by reference or by its literal physical name. */
function resolveTarget(index: TemplateIndex, value: TreeNode | undefined, type: string): TemplateResource | undefined {
  if (!value) return undefined;
  for (const id of referencedIds(value)) {
    const byReference = index.byTypeAndId.get(`${type}|${id}`);
    if (byReference) return byReference;
  }
  const name = literalName(value);
  return name === undefined ? undefined : index.byTypeAndName.get(`${type}|${name}`);
}

function receiptRuleTargets(file: TemplateFile, index: TemplateIndex): RuleTarget<TemplateResource>[] {
  const targets: RuleTarget<TemplateResource>[] = [];
  for (const rule of file.resources) {
    if (rule.type !== RECEIPT_RULE || !rule.properties) continue;
    const ruleBody = property(rule.properties, 'Rule')?.value;
    if (!isObject(ruleBody)) continue;
    for (const action of asList(property(ruleBody, 'Actions')?.value)) {
      if (!isObject(action)) continue;
      const add = (kind: GrantKind, value: TreeNode | undefined, type: string) => {
        const target = resolveTarget(index, value, type);
        if (target && value) targets.push({ rule, kind, target, valueNode: value });
      };
      const s3 = property(action, 'S3Action')?.value;
      if (isObject(s3)) {
        add('s3', property(s3, 'BucketName')?.value, 'AWS::S3::Bucket');
        add('sns', property(s3, 'TopicArn')?.value, 'AWS::SNS::Topic');
        add('kms', property(s3, 'KmsKeyArn')?.value, 'AWS::KMS::Key');
      }
      const lambda = property(action, 'LambdaAction')?.value;
      if (isObject(lambda)) {
        add('lambda', property(lambda, 'FunctionArn')?.value, 'AWS::Lambda::Function');
        add('sns', property(lambda, 'TopicArn')?.value, 'AWS::SNS::Topic');
      }
      const sns = property(action, 'SNSAction')?.value;
      if (isObject(sns)) add('sns', property(sns, 'TopicArn')?.value, 'AWS::SNS::Topic');
    }
  }
  return targets;
}

/** The policy resources of the template that apply to a target resource (a key is its own policy). */
function policiesFor(index: TemplateIndex, target: TemplateResource, kind: GrantKind): readonly TemplateResource[] {
  if (kind === 'kms') return [target];
  return index.policies.get(`${kind}|${target.logicalId}`) ?? [];
}

const graphs = new WeakMap<TemplateFile, ResourceGraph<TemplateResource>>();

/** The template's resources as the checks across resources see them, built once per lint. */
export function templateGraphOf(context: FileContext): ResourceGraph<TemplateResource> {
  const file = context.file as TemplateFile;
  const cached = graphs.get(file);
  if (cached) return cached;
  const index = indexOf(context, file);
  const ruleIds = new Set(file.resources.filter((r) => r.type === RECEIPT_RULE).map((r) => r.logicalId));
  const graph: ResourceGraph<TemplateResource> = {
    wording: { unit: 'template', dependsOn: 'DependsOn', tool: 'CloudFormation' },
    targets: receiptRuleTargets(file, index),
    policiesFor: (target, kind) => policiesFor(index, target, kind),
    grants: (policy, kind) => index.grantedKinds.get(policy)?.has(kind) ?? false,
    waitsFor: (rule, policy) => rule.dependsOn.includes(policy.logicalId),
    nameOf: (resource) => resource.logicalId,
    ruleSpan: (rule) => rule.logicalIdSpan,
    ruleReferencedBy: (text) => referencesIn(text).find((r) => ruleIds.has(r.name))?.name,
  };
  graphs.set(file, graph);
  return graph;
}

export const TEMPLATE_RULES: readonly FileRule[] = receiptRuleChecks(templateGraphOf);

import type { FileContext, FileRule } from '../policy/findings';
import type { GrantKind } from '../policy/model';
import { asList, isObject, property, textOf, type TreeNode } from '../policy/tree';
import type { TemplateFile, TemplateResource } from './cloudformation';
import { referencesIn } from './intrinsics';

/**
 * Checks across the resources of one CloudFormation template (issue: SES receipt rules and their targets).
 * Only targets defined in the template count: an external bucket or function cannot be seen from here.
 */

const RECEIPT_RULE = 'AWS::SES::ReceiptRule';

interface RuleTarget {
  readonly rule: TemplateResource;
  readonly kind: GrantKind;
  /** The resource of this template that the action names. */
  readonly target: TemplateResource;
  readonly valueNode: TreeNode;
}

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

const indexes = new WeakMap<TemplateFile, TemplateIndex>();

function indexOf(context: FileContext, file: TemplateFile): TemplateIndex {
  const cached = indexes.get(file);
  if (cached) return cached;
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
  indexes.set(file, index);
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

function receiptRuleTargets(file: TemplateFile, index: TemplateIndex): RuleTarget[] {
  const targets: RuleTarget[] = [];
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

function grantsSes(index: TemplateIndex, policy: TemplateResource, kind: GrantKind): boolean {
  return index.grantedKinds.get(policy)?.has(kind) ?? false;
}

const TARGET_NOUN: Record<GrantKind, string> = { s3: 'bucket', kms: 'key', lambda: 'function', sns: 'topic', sts: 'role' };

const targetsWithoutGrant: FileRule = (context) => {
  const file = context.file as TemplateFile;
  const index = indexOf(context, file);
  for (const { rule, kind, target, valueNode } of receiptRuleTargets(file, index)) {
    const policies = policiesFor(index, target, kind);
    // SES publishes to a topic of its own account without a policy: only a topic policy that leaves SES out is a problem.
    if (kind === 'sns' && policies.length === 0) continue;
    if (policies.some((policy) => grantsSes(index, policy, kind))) continue;
    context.report('receipt-rule-target-without-grant', valueNode.span, {
      rule: rule.logicalId,
      target: TARGET_NOUN[kind],
      resource: target.logicalId,
    });
  }
};

const missingDependsOn: FileRule = (context) => {
  const file = context.file as TemplateFile;
  const index = indexOf(context, file);
  for (const { rule, kind, target } of receiptRuleTargets(file, index)) {
    if (kind !== 's3') continue;
    for (const policy of policiesFor(index, target, 's3')) {
      if (rule.dependsOn.includes(policy.logicalId) || !grantsSes(index, policy, 's3')) continue;
      context.report('receipt-rule-missing-depends-on', rule.logicalIdSpan, { rule: rule.logicalId, resource: target.logicalId, policy: policy.logicalId });
    }
  }
};

const sourceArnReferencesRule: FileRule = (context) => {
  const file = context.file as TemplateFile;
  const ruleIds = new Set(file.resources.filter((r) => r.type === RECEIPT_RULE).map((r) => r.logicalId));
  if (ruleIds.size === 0) return;
  for (const statement of file.statements) {
    if (!context.grants.get(statement)?.isSesGrant) continue;
    for (const entry of statement.conditions) {
      if (entry.keyLower !== 'aws:sourcearn') continue;
      for (const value of entry.values) {
        if (!value.isToken) continue;
        const rule = referencesIn(value.text).find((r) => ruleIds.has(r.name));
        if (rule) context.report('source-arn-references-rule', value.span, { rule: rule.name }, statement);
      }
    }
  }
};

export const TEMPLATE_RULES: readonly FileRule[] = [targetsWithoutGrant, missingDependsOn, sourceArnReferencesRule];

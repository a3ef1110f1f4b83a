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

/** The template resource a rule action's value names, by reference or by its literal physical name. */
function resolveTarget(file: TemplateFile, value: TreeNode | undefined, type: string, nameProperty: string): TemplateResource | undefined {
  if (!value) return undefined;
  const candidates = file.resources.filter((r) => r.type === type);
  const ids = referencedIds(value);
  const byReference = candidates.find((r) => ids.includes(r.logicalId));
  if (byReference) return byReference;
  const name = literalName(value);
  if (name === undefined) return undefined;
  return candidates.find((r) => r.properties && literalName(property(r.properties, nameProperty)?.value) === name);
}

function receiptRuleTargets(file: TemplateFile): RuleTarget[] {
  const targets: RuleTarget[] = [];
  for (const rule of file.resources) {
    if (rule.type !== RECEIPT_RULE || !rule.properties) continue;
    const ruleBody = property(rule.properties, 'Rule')?.value;
    if (!isObject(ruleBody)) continue;
    for (const action of asList(property(ruleBody, 'Actions')?.value)) {
      if (!isObject(action)) continue;
      const add = (kind: GrantKind, value: TreeNode | undefined, type: string, nameProperty: string) => {
        const target = resolveTarget(file, value, type, nameProperty);
        if (target && value) targets.push({ rule, kind, target, valueNode: value });
      };
      const s3 = property(action, 'S3Action')?.value;
      if (isObject(s3)) {
        add('s3', property(s3, 'BucketName')?.value, 'AWS::S3::Bucket', 'BucketName');
        add('sns', property(s3, 'TopicArn')?.value, 'AWS::SNS::Topic', 'TopicName');
        add('kms', property(s3, 'KmsKeyArn')?.value, 'AWS::KMS::Key', 'KeyId');
      }
      const lambda = property(action, 'LambdaAction')?.value;
      if (isObject(lambda)) {
        add('lambda', property(lambda, 'FunctionArn')?.value, 'AWS::Lambda::Function', 'FunctionName');
        add('sns', property(lambda, 'TopicArn')?.value, 'AWS::SNS::Topic', 'TopicName');
      }
      const sns = property(action, 'SNSAction')?.value;
      if (isObject(sns)) add('sns', property(sns, 'TopicArn')?.value, 'AWS::SNS::Topic', 'TopicName');
    }
  }
  return targets;
}

/** The policy resources of the template that apply to a target resource. */
function policiesFor(file: TemplateFile, target: TemplateResource, kind: GrantKind): TemplateResource[] {
  const names = (r: TemplateResource, key: string) => referencedIds(r.properties ? property(r.properties, key)?.value : undefined);
  switch (kind) {
    case 's3':
      return file.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy' && names(r, 'Bucket').includes(target.logicalId));
    case 'sns':
      return file.resources.filter((r) => r.type === 'AWS::SNS::TopicPolicy' && names(r, 'Topics').includes(target.logicalId));
    case 'lambda':
      return file.resources.filter((r) => r.type === 'AWS::Lambda::Permission' && names(r, 'FunctionName').includes(target.logicalId));
    case 'kms':
      return [target];
    case 'sts':
      return [];
  }
}

function grantsSes(context: FileContext, file: TemplateFile, policy: TemplateResource, kind: GrantKind): boolean {
  return file.statements.some((statement) => {
    if (file.statementResource.get(statement) !== policy) return false;
    const grant = context.grants.get(statement);
    return grant !== undefined && grant.isSesGrant && grant.kinds.includes(kind);
  });
}

const TARGET_NOUN: Record<GrantKind, string> = { s3: 'bucket', kms: 'key', lambda: 'function', sns: 'topic', sts: 'role' };

const targetsWithoutGrant: FileRule = (context) => {
  const file = context.file as TemplateFile;
  for (const { rule, kind, target, valueNode } of receiptRuleTargets(file)) {
    const policies = policiesFor(file, target, kind);
    // SES publishes to a topic of its own account without a policy: only a topic policy that leaves SES out is a problem.
    if (kind === 'sns' && policies.length === 0) continue;
    if (policies.some((policy) => grantsSes(context, file, policy, kind))) continue;
    context.report('receipt-rule-target-without-grant', valueNode.span, {
      rule: rule.logicalId,
      target: TARGET_NOUN[kind],
      resource: target.logicalId,
    });
  }
};

const missingDependsOn: FileRule = (context) => {
  const file = context.file as TemplateFile;
  for (const { rule, kind, target } of receiptRuleTargets(file)) {
    if (kind !== 's3') continue;
    for (const policy of policiesFor(file, target, 's3')) {
      if (rule.dependsOn.includes(policy.logicalId) || !grantsSes(context, file, policy, 's3')) continue;
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

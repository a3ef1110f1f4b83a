import type { FileContext, FileRule } from '../../policy/findings';
import { classify } from '../../policy/grant';
import type { GrantKind } from '../../policy/model';
import type { Span } from '../../policy/tree';
import { receiptRuleChecks, type ResourceGraph, type RuleTarget } from '../receiptRuleChecks';
import { addressesInBlock, attributeOf, blocksOf, referencedAddresses, type HclExpression } from './hcl';
import { hclToTree, literalText } from './hclValues';
import { POLICY_DOCUMENT, RECEIPT_RULE, type TerraformResource } from './resources';
import type { TerraformFile } from './terraformFile';

/**
 * The checks across resources for Terraform (docs/semantics.md#terraform), over the whole module when the caller gave its other
 * files: `aws_ses_receipt_rule` actions (`s3_action { bucket_name kms_key_arn topic_arn }`, `lambda_action
 * { function_arn }`, `sns_action { topic_arn }`) against the policies of the module. Findings land only in
 * the linted file: on its receipt rules and its statements.
 */

/** What a receipt-rule action argument delivers to. */
const ACTION_TARGETS: readonly [block: string, argument: string, kind: GrantKind, type: string][] = [
  ['s3_action', 'bucket_name', 's3', 'aws_s3_bucket'],
  ['s3_action', 'kms_key_arn', 'kms', 'aws_kms_key'],
  ['s3_action', 'topic_arn', 'sns', 'aws_sns_topic'],
  ['lambda_action', 'function_arn', 'lambda', 'aws_lambda_function'],
  ['lambda_action', 'topic_arn', 'sns', 'aws_sns_topic'],
  ['sns_action', 'topic_arn', 'sns', 'aws_sns_topic'],
];

/** Policy resources and the argument naming what they apply to. */
const POLICY_TARGETS: readonly [kind: GrantKind, type: string, argument: string][] = [
  ['s3', 'aws_s3_bucket_policy', 'bucket'],
  ['sns', 'aws_sns_topic_policy', 'arn'],
  ['lambda', 'aws_lambda_permission', 'function_name'],
  ['kms', 'aws_kms_key_policy', 'key_id'],
];
/** POLICY_TARGETS by resource type: looked up once per resource, where a loop over the table cost an iterator per row. */
const POLICY_TARGET_OF: ReadonlyMap<string, { readonly kind: GrantKind; readonly argument: string }> = new Map(
  POLICY_TARGETS.map(([kind, type, argument]) => [type, { kind, argument }]),
);

/** Targets that can hold their own policy: a key always has one (the default lets SES do nothing), the others when written. */
const OWN_POLICY: Readonly<Record<string, { readonly kind: GrantKind; readonly always: boolean }>> = {
  aws_kms_key: { kind: 'kms', always: true },
  aws_s3_bucket: { kind: 's3', always: false },
  aws_sns_topic: { kind: 'sns', always: false },
};

/** The argument holding a resource's literal name, for actions that name a target by it. */
const NAME_ARGUMENT: Readonly<Record<string, string>> = { aws_s3_bucket: 'bucket', aws_sns_topic: 'name', aws_lambda_function: 'function_name' };

const RULE_REFERENCE = /\$\{(aws_ses_receipt_rule\.[\w-]+)/;

const graphs = new WeakMap<TerraformFile, ResourceGraph<TerraformResource>>();

export function terraformGraphOf(context: FileContext): ResourceGraph<TerraformResource> | undefined {
  const file = context.file as TerraformFile;
  if (!('siblings' in file)) return undefined;
  let graph = graphs.get(file);
  if (!graph) {
    graph = new ModuleGraph(file, context);
    graphs.set(file, graph);
  }
  return graph;
}

class ModuleGraph implements ResourceGraph<TerraformResource> {
  readonly wording = { unit: 'module', dependsOn: 'depends_on', tool: 'Terraform' };
  readonly targets: readonly RuleTarget<TerraformResource>[];
  private readonly files: readonly TerraformFile[];
  private readonly byAddress = new Map<string, TerraformResource>();
  private readonly byName = new Map<string, TerraformResource>();
  private readonly policies = new Map<string, TerraformResource[]>();
  private readonly granted = new Map<TerraformResource, Set<GrantKind>>();
  private readonly opaque = new Set<TerraformResource>();
  private readonly ruleAddresses = new Map<TerraformResource, Set<string>>();

  constructor(
    private readonly file: TerraformFile,
    context: FileContext,
  ) {
    this.files = [file, ...file.siblings];
    const rules = file.resources.filter((r) => r.mode === 'resource' && r.type === RECEIPT_RULE);
    // Most files hold no receipt rule: then only the SourceArn check runs, which needs no index.
    if (rules.length > 0) this.index(context);
    this.targets = rules.flatMap((rule) => this.targetsOf(rule));
  }

  private index(context: FileContext): void {
    for (const file of this.files) {
      for (const resource of file.resources) {
        if (resource.mode !== 'resource') continue;
        this.byAddress.set(resource.address, resource);
        const nameArgument = NAME_ARGUMENT[resource.type];
        const name = nameArgument ? this.literal(file, attributeOf(resource.block.body, nameArgument)?.value) : undefined;
        if (name !== undefined && !this.byName.has(`${resource.type}|${name}`)) this.byName.set(`${resource.type}|${name}`, resource);
      }
      for (const resource of file.opaquePolicies) this.opaque.add(resource);
      for (const statement of file.statements) {
        const grant = file === this.file ? context.grants.get(statement) : classify(statement);
        if (!grant?.isSesGrant) continue;
        for (const resource of file.statementResources.get(statement) ?? []) {
          const kinds = this.granted.get(resource) ?? new Set<GrantKind>();
          for (const kind of grant.kinds) kinds.add(kind);
          this.granted.set(resource, kinds);
        }
      }
    }
    this.linkDocuments();
    for (const file of this.files) {
      for (const resource of file.resources) {
        const policyTarget = resource.mode === 'resource' ? POLICY_TARGET_OF.get(resource.type) : undefined;
        if (policyTarget) {
          const target = this.resolve(file, attributeOf(resource.block.body, policyTarget.argument)?.value, undefined);
          if (target) this.addPolicy(policyTarget.kind, target, resource);
        }
        const own = OWN_POLICY[resource.type];
        if (own && resource.mode === 'resource' && (own.always || attributeOf(resource.block.body, 'policy'))) this.addPolicy(own.kind, resource, resource);
      }
    }
  }

  /** A policy using a document of another file grants what that document's statements grant. */
  private linkDocuments(): void {
    const documents = new Map<string, TerraformResource>();
    for (const file of this.files) for (const r of file.resources) if (r.mode === 'data' && r.type === POLICY_DOCUMENT) documents.set(r.name, r);
    for (const file of this.files) {
      for (const [resource, name] of file.documentLinks) {
        const document = documents.get(name);
        if (!document) {
          // Not in the files given: the module was not given whole, so the document may grant anything.
          this.opaque.add(resource);
          continue;
        }
        const kinds = this.granted.get(document);
        if (kinds) this.granted.set(resource, new Set([...(this.granted.get(resource) ?? []), ...kinds]));
      }
    }
  }

  private addPolicy(kind: GrantKind, target: TerraformResource, policy: TerraformResource): void {
    const key = `${kind}|${target.address}`;
    const list = this.policies.get(key) ?? [];
    if (!list.includes(policy)) list.push(policy);
    this.policies.set(key, list);
  }

  private literal(file: TerraformFile, value: HclExpression | undefined): string | undefined {
    return literalText(file.text, value);
  }

  /** The module resource a value names: by reference (`aws_s3_bucket.inbox.id`), or by its literal name. */
  private resolve(file: TerraformFile, value: HclExpression | undefined, type: string | undefined): TerraformResource | undefined {
    if (!value) return undefined;
    for (const address of referencedAddresses(value)) {
      const resource = this.byAddress.get(address);
      if (resource && (type === undefined || resource.type === type)) return resource;
    }
    const name = this.literal(file, value);
    if (name === undefined) return undefined;
    if (type !== undefined) return this.byName.get(`${type}|${name}`);
    for (const candidate of Object.keys(NAME_ARGUMENT)) {
      const resource = this.byName.get(`${candidate}|${name}`);
      if (resource) return resource;
    }
    return undefined;
  }

  private targetsOf(rule: TerraformResource): RuleTarget<TerraformResource>[] {
    const targets: RuleTarget<TerraformResource>[] = [];
    for (const [blockType, argument, kind, type] of ACTION_TARGETS) {
      for (const action of blocksOf(rule.block.body, blockType)) {
        const value = attributeOf(action.body, argument)?.value;
        const target = this.resolve(this.file, value, type);
        if (target && value) targets.push({ rule, kind, target, valueNode: hclToTree(this.file.text, value) });
      }
    }
    return targets;
  }

  policiesFor(target: TerraformResource, kind: GrantKind): readonly TerraformResource[] {
    return this.policies.get(`${kind}|${target.address}`) ?? [];
  }

  grants(policy: TerraformResource, kind: GrantKind): boolean {
    return this.opaque.has(policy) || (this.granted.get(policy)?.has(kind) ?? false);
  }

  waitsFor(rule: TerraformResource, policy: TerraformResource): boolean {
    let addresses = this.ruleAddresses.get(rule);
    if (!addresses) {
      addresses = new Set(addressesInBlock(rule.block.body));
      this.ruleAddresses.set(rule, addresses);
    }
    return addresses.has(policy.address);
  }

  nameOf(resource: TerraformResource): string {
    return resource.address;
  }

  ruleSpan(rule: TerraformResource): Span {
    return rule.block.labels[1]?.span ?? rule.block.span;
  }

  ruleReferencedBy(tokenText: string): string | undefined {
    return RULE_REFERENCE.exec(tokenText)?.[1];
  }
}

export const TERRAFORM_RULES: readonly FileRule[] = receiptRuleChecks(terraformGraphOf);

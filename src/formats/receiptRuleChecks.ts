import type { FileContext, FileRule } from '../policy/findings';
import type { GrantKind } from '../policy/model';
import type { Span, TreeNode } from '../policy/tree';

/**
 * The checks across resources of an infrastructure file (docs/semantics.md#terraform and #decisions-taken-since-the-first-version): a receipt
 * rule's target needs a grant, the rule should wait for the bucket policy, and a grant must not name the rule
 * it serves. Written once over a small view of the file's resources that each format builds
 * (templateRules.ts for CloudFormation, terraform/crossResourceRules.ts for Terraform). Only resources the view
 * can see count: an external bucket or function is never reported.
 */
export interface ResourceGraph<R> {
  /** Message words: what holds the resources, how a resource waits for another, who creates them. */
  readonly wording: { readonly unit: string; readonly dependsOn: string; readonly tool: string };
  /** Each receipt-rule action that names a resource the view can see. */
  readonly targets: readonly RuleTarget<R>[];
  /** The policies that apply to a target (a key, or a resource with an inline policy, can be its own). */
  policiesFor(target: R, kind: GrantKind): readonly R[];
  /** Whether a policy grants SES this kind (or cannot be read, so it may). */
  grants(policy: R, kind: GrantKind): boolean;
  /** Whether the receipt rule is created after the policy. */
  waitsFor(rule: R, policy: R): boolean;
  nameOf(resource: R): string;
  /** Where a finding about the rule itself goes. */
  ruleSpan(rule: R): Span;
  /** The receipt rule a SourceArn template value is built from, by the name messages use. */
  ruleReferencedBy(tokenText: string): string | undefined;
}

export interface RuleTarget<R> {
  readonly rule: R;
  readonly kind: GrantKind;
  readonly target: R;
  readonly valueNode: TreeNode;
}

const TARGET_NOUN: Record<GrantKind, string> = { s3: 'bucket', kms: 'key', lambda: 'function', sns: 'topic', sts: 'role' };

type GraphOf<R> = (context: FileContext) => ResourceGraph<R> | undefined;

function targetsWithoutGrant<R>(graphOf: GraphOf<R>): FileRule {
  return (context) => {
    const graph = graphOf(context);
    if (!graph) return;
    for (const { rule, kind, target, valueNode } of graph.targets) {
      const policies = graph.policiesFor(target, kind);
      // SES publishes to a topic of its own account without a policy: only a topic policy that leaves SES out is a problem.
      if (kind === 'sns' && policies.length === 0) continue;
      if (policies.some((policy) => graph.grants(policy, kind))) continue;
      context.report('receipt-rule-target-without-grant', valueNode.span, {
        rule: graph.nameOf(rule),
        target: TARGET_NOUN[kind],
        resource: graph.nameOf(target),
        unit: graph.wording.unit,
      });
    }
  };
}

function missingDependsOn<R>(graphOf: GraphOf<R>): FileRule {
  return (context) => {
    const graph = graphOf(context);
    if (!graph) return;
    for (const { rule, kind, target } of graph.targets) {
      if (kind !== 's3') continue;
      for (const policy of graph.policiesFor(target, 's3')) {
        if (graph.waitsFor(rule, policy) || !graph.grants(policy, 's3')) continue;
        context.report('receipt-rule-missing-depends-on', graph.ruleSpan(rule), {
          rule: graph.nameOf(rule),
          resource: graph.nameOf(target),
          policy: graph.nameOf(policy),
          dependsOn: graph.wording.dependsOn,
          tool: graph.wording.tool,
        });
      }
    }
  };
}

function sourceArnReferencesRule<R>(graphOf: GraphOf<R>): FileRule {
  return (context) => {
    const graph = graphOf(context);
    if (!graph) return;
    for (const statement of context.file.statements) {
      if (!context.grants.get(statement)?.isSesGrant) continue;
      for (const entry of statement.conditions) {
        if (entry.keyLower !== 'aws:sourcearn') continue;
        for (const value of entry.values) {
          const rule = value.isToken ? graph.ruleReferencedBy(value.text) : undefined;
          if (rule) context.report('source-arn-references-rule', value.span, { rule, unit: graph.wording.unit }, statement);
        }
      }
    }
  };
}

/** The three checks, over the view a format builds for a linted file (undefined: the file has none). */
export function receiptRuleChecks<R>(graphOf: GraphOf<R>): readonly FileRule[] {
  return [targetsWithoutGrant(graphOf), missingDependsOn(graphOf), sourceArnReferencesRule(graphOf)];
}

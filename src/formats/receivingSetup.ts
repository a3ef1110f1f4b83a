import type { FileContext } from '../policy/findings';
import { classify, type GrantClassification } from '../policy/grant';
import { findingsOfStatement, grantStatus, type GrantSummary } from '../policy/grantStatus';
import type { GrantKind, PolicyFile, Statement } from '../policy/model';
import type { Span } from '../policy/tree';
import type { TemplateFile } from './cloudformation/cloudformation';
import type { ResourceGraph } from './receiptRuleChecks';
import type { FormatLintResult } from './result';
import { templateGraphOf } from './cloudformation/templateRules';
import { terraformGraphOf } from './terraform/crossResourceRules';
import type { TerraformFile } from './terraform/terraformFile';

/**
 * A file's part of the workspace's receiving setup, read from a lint result: its receipt rules with their
 * targets (through the same view of resources the checks across resources use), and its SES grants with the
 * resources that hold them. Names join them across files (`joinSetups`): a CloudFormation template's logical
 * ids within the template, Terraform addresses within the module (the folder).
 */
export interface FileSetup {
  /** What names are unique in: the template alone, or the Terraform module (every file of the folder). */
  readonly scope: 'file' | 'module';
  readonly rules: readonly SetupRule[];
  readonly grants: readonly SetupGrant[];
}

export interface SetupRule {
  readonly name: string;
  readonly span: Span;
  readonly targets: readonly SetupTarget[];
}

export interface SetupTarget {
  readonly kind: GrantKind;
  readonly name: string;
  /** Where the target resource is declared (its logical id or its label). */
  readonly span: Span;
  /** The resources whose policy applies to the target (a key is its own). */
  readonly policies: readonly string[];
}

export interface SetupGrant extends GrantSummary {
  /** The resources whose policy holds the statement; empty for a plain policy file. */
  readonly owners: readonly string[];
}

const NO_SETUP: FileSetup = { scope: 'file', rules: [], grants: [] };

export function receivingSetupOf(result: FormatLintResult): FileSetup {
  const grants: SetupGrant[] = [];
  const file = result.file;
  if (!file) {
    // Markdown: each code block is a document of its own, its spans mapped into the file.
    for (const document of result.documents ?? []) {
      for (const grant of receivingSetupOf(document.result).grants) grants.push(mapGrant(grant, (span) => document.map.spanToOuter(span)));
    }
    return grants.length > 0 ? { ...NO_SETUP, grants } : NO_SETUP;
  }
  const classifications = new Map<Statement, GrantClassification>();
  for (const statement of file.statements) classifications.set(statement, classify(statement));
  const context: FileContext = { file, grants: classifications, report: () => undefined };
  const graph = graphFor(file, context);
  for (const statement of file.statements) {
    const classification = classifications.get(statement)!;
    if (!classification.isSesGrant || classification.isSendingSide) continue;
    const findings = findingsOfStatement(statement, result.findings);
    grants.push({ statement, classification, findings, status: grantStatus(statement, findings), owners: ownersOf(file, statement) });
  }
  if (!graph) return { scope: 'file', rules: [], grants };
  const rules = new Map<unknown, { name: string; span: Span; targets: SetupTarget[] }>();
  for (const { rule, kind, target } of graph.graph.targets) {
    let entry = rules.get(rule);
    if (!entry) {
      entry = { name: graph.graph.nameOf(rule), span: graph.graph.ruleSpan(rule), targets: [] };
      rules.set(rule, entry);
    }
    const name = graph.graph.nameOf(target);
    if (entry.targets.some((t) => t.kind === kind && t.name === name)) continue;
    entry.targets.push({ kind, name, span: graph.graph.ruleSpan(target), policies: graph.graph.policiesFor(target, kind).map((p) => graph.graph.nameOf(p)) });
  }
  return { scope: graph.scope, rules: [...rules.values()], grants };
}

function graphFor(file: PolicyFile, context: FileContext): { scope: FileSetup['scope']; graph: ResourceGraph<unknown> } | undefined {
  if ('statementResource' in file) return { scope: 'file', graph: templateGraphOf(context) as ResourceGraph<unknown> };
  if ('siblings' in file) {
    const graph = terraformGraphOf(context);
    return graph ? { scope: 'module', graph: graph as ResourceGraph<unknown> } : undefined;
  }
  return undefined;
}

function ownersOf(file: PolicyFile, statement: Statement): string[] {
  if ('statementResource' in file) {
    const resource = (file as TemplateFile).statementResource.get(statement);
    return resource ? [resource.logicalId] : [];
  }
  if ('statementResources' in file) return ((file as TerraformFile).statementResources.get(statement) ?? []).map((r) => r.address);
  return [];
}

/** A grant read from inside another document, its spans placed in the file. */
function mapGrant(grant: SetupGrant, toOuter: (span: Span) => Span): SetupGrant {
  const findings = grant.findings.map((f) => ({ ...f, span: toOuter(f.span), statementSpan: f.statementSpan && toOuter(f.statementSpan) }));
  const node = { ...grant.statement.node, span: toOuter(grant.statement.node.span) };
  return { ...grant, findings, statement: { ...grant.statement, node } };
}

/** A file's setup with where it is: the file, and its folder (a Terraform module). */
export interface LocatedSetup<F> {
  readonly file: F;
  readonly folder: string;
  readonly setup: FileSetup;
}

export interface JoinedTarget<F> {
  readonly target: SetupTarget;
  readonly grants: readonly { readonly file: F; readonly grant: SetupGrant }[];
}

export interface JoinedRule<F> {
  readonly file: F;
  readonly rule: SetupRule;
  readonly targets: readonly JoinedTarget<F>[];
}

export interface WorkspaceSetup<F> {
  readonly rules: readonly JoinedRule<F>[];
  /** Grants no known receipt rule uses. */
  readonly unused: readonly { readonly file: F; readonly grant: SetupGrant }[];
}

/**
 * The workspace's receipt rules → targets → grants. A target's grants are those held by its policy resources,
 * in the same template, or the same Terraform module; every other grant is unused as far as the workspace shows.
 */
export function joinSetups<F>(setups: readonly LocatedSetup<F>[]): WorkspaceSetup<F> {
  const used = new Set<SetupGrant>();
  const rules: JoinedRule<F>[] = [];
  for (const located of setups) {
    const peers = located.setup.scope === 'module' ? setups.filter((s) => s.setup.scope === 'module' && s.folder === located.folder) : [located];
    for (const rule of located.setup.rules) {
      const targets = rule.targets.map((target) => {
        const grants = peers.flatMap((peer) =>
          peer.setup.grants
            .filter((grant) => grant.classification.kinds.includes(target.kind) && grant.owners.some((owner) => target.policies.includes(owner)))
            .map((grant) => ({ file: peer.file, grant })),
        );
        for (const { grant } of grants) used.add(grant);
        return { target, grants };
      });
      rules.push({ file: located.file, rule, targets });
    }
  }
  const unused = setups.flatMap((located) => located.setup.grants.filter((grant) => !used.has(grant)).map((grant) => ({ file: located.file, grant })));
  return { rules, unused };
}

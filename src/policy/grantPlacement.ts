import { classify } from './grant';
import type { EditPath } from './fixes/policyEditor';
import type { Statement } from './model';
import { grantStatement, withUniqueSid, type GrantValues, type InsertKind, type JsonTemplate } from './templates';
import { property, textOf, type ObjectNode, type TreeNode } from './tree';
import { parseTopicArn } from './values';

/**
 * What "Add SES Grant" decides the same way in every format: which resource the grant is for, whether a
 * policy already holds the grant (then it is updated, its Sid or StatementId kept) or takes a new statement
 * (with a Sid no other statement of the policy has), and which kind of policy a document already is. Each
 * format's planner (src/formats/json/insert.ts, cloudformation/templatePlan.ts, terraform/grantInsert.ts)
 * gives its candidates and its policy's statements as the neutral model reads them, and writes what is
 * decided here in its own syntax.
 */

export type GrantStatement = { [key: string]: JsonTemplate };

/** The target the request names: the bucket, the function, the topic's name; `literal` is how a policy names it (the topic's ARN). */
export interface RequestedTarget {
  readonly name: string | undefined;
  readonly literal: string | undefined;
}

export function requestedTarget(kind: InsertKind, values: GrantValues): RequestedTarget {
  switch (kind) {
    case 's3':
      return { name: values.bucket, literal: values.bucket };
    case 'lambda':
      return { name: values.functionName, literal: values.functionName };
    case 'sns':
      return { name: values.topicArn ? parseTopicArn(values.topicArn)?.name : undefined, literal: values.topicArn };
    case 'kms':
      return { name: undefined, literal: undefined };
  }
}

/**
 * Which of the file's resources of the target's type the grant is for: the one whose name setting is the
 * requested name, else the one whose own name (logical id, Terraform name) is; with no name requested, the
 * file's only one. Undefined when none fits.
 */
export function chooseTarget<T>(
  candidates: readonly T[],
  name: string | undefined,
  nameSettingOf: (candidate: T) => string | undefined,
  ownNameOf: (candidate: T) => string,
): T | undefined {
  if (name === undefined) return candidates.length === 1 ? candidates[0] : undefined;
  return candidates.find((c) => nameSettingOf(c) === name) ?? candidates.find((c) => ownNameOf(c) === name);
}

/** Where the grant goes in one policy, as decided from its statements. */
export interface GrantPlacement {
  /** The grant of this kind already there: updated instead of adding another. */
  readonly existing: Statement | undefined;
  /** The statement to add beside the others: the grant, with a Sid none of them has. */
  readonly added: GrantStatement;
  /** The kind of resource policy the statements already make, when that differs from the grant's. */
  readonly otherKind: InsertKind | undefined;
}

/**
 * The decision for one policy. `ofTarget`: the policy is known to be the target's own (a template's resource
 * for the bucket or topic), so any SES grant of the kind in it is the grant; otherwise the grant must also
 * name the same resource in its ARNs (a JSON policy says nothing else about what it belongs to).
 */
export function placeGrant(statements: readonly Statement[], kind: InsertKind, values: GrantValues, grant: GrantStatement, ofTarget: boolean): GrantPlacement {
  const existing = ofTarget ? statements.find((s) => isSesGrantOfKind(s, kind)) : findExistingGrant(statements, kind, values);
  const documentKind = policyKindOf(statements);
  return {
    existing,
    added: withUniqueSid(grant, new Set(statements.map((s) => s.sid?.text))),
    otherKind: documentKind !== undefined && documentKind !== kind ? documentKind : undefined,
  };
}

/** An SES grant with an action of the kind's service (`s3:`, `sns:`, `kms:`, `lambda:`), effect Allow or unstated. */
function isSesGrantOfKind(statement: Statement, kind: InsertKind): boolean {
  const principal = statement.principals.some((p) => p.value.text === 'ses.amazonaws.com');
  const effect = statement.effect === undefined || statement.effect.text === 'Allow';
  const prefix = `${kind}:`;
  return principal && effect && statement.actions.some((a) => (a.text ?? '').toLowerCase().startsWith(prefix));
}

/** The first SES grant of this kind for the same resource (docs/semantics.md#recognising-a-grant classification, sending side excluded). */
export function findExistingGrant(statements: readonly Statement[], kind: InsertKind, values: GrantValues): Statement | undefined {
  const wanted = grantStatement(kind, values)['Resource'];
  return statements.find((statement) => {
    const grant = classify(statement);
    if (!grant.isSesGrant || grant.isSendingSide || !grant.kinds.includes(kind)) return false;
    return sameResource(kind, statement, wanted);
  });
}

function sameResource(kind: InsertKind, statement: Statement, wantedResource: JsonTemplate | undefined): boolean {
  const wanted = typeof wantedResource === 'string' ? wantedResource : '';
  const resources = statement.resources.map((r) => r.text);
  switch (kind) {
    // A key policy belongs to one key: every SES grant in it is for "the" key.
    case 'kms':
      return true;
    case 's3':
      return resources.some((r) => bucketOf(r) !== undefined && bucketOf(r) === bucketOf(wanted));
    case 'lambda':
      return resources.some((r) => functionOf(r) !== undefined && functionOf(r) === functionOf(wanted));
    case 'sns':
      return resources.includes(wanted);
  }
}

const ARN_SERVICE_KINDS: Readonly<Record<string, InsertKind>> = { s3: 's3', sns: 'sns', lambda: 'lambda', kms: 'kms' };

/**
 * Which resource's policy the statements belong to, judged by their Resource ARNs (`arn:aws:s3:::…` is a
 * bucket policy) or, for key policies whose Resource is always `*`, by kms-only actions. Undefined when the
 * statements say nothing or disagree.
 */
export function policyKindOf(statements: readonly Statement[]): InsertKind | undefined {
  const kinds = new Set<InsertKind>();
  for (const statement of statements) {
    for (const resource of statement.resources) {
      const service = /^arn:[^:]*:([^:]*):/.exec(resource.text)?.[1]?.toLowerCase();
      const kind = service === undefined ? undefined : ARN_SERVICE_KINDS[service];
      if (kind) kinds.add(kind);
    }
    const actions = statement.actions.map((a) => a.text.toLowerCase());
    const onlyKms = actions.length > 0 && actions.every((a) => a.startsWith('kms:'));
    if (onlyKms && statement.resources.length > 0 && statement.resources.every((r) => r.text === '*')) kinds.add('kms');
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

function bucketOf(arn: string): string | undefined {
  return /^arn:[^:]*:s3:::([^/]+)/.exec(arn)?.[1];
}

function functionOf(arn: string): string | undefined {
  return /^arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1];
}

/** Where a statement is within its policy's object: `Statement[i]`, `Statement` (a single statement object), or the object itself. */
export function statementPathOf(statement: Statement): EditPath {
  const container = statement.document?.statementProperty?.value;
  if (!container) return [];
  if (container.type !== 'array') return ['Statement'];
  return ['Statement', container.items.indexOf(statement.node)];
}

/**
 * What an update writes on an existing grant: each key of the new grant whose value differs, except the
 * `kept` ones it already has (its identity, which other tools may refer to). Keys already saying the same
 * are left, so their layout and comments stay. `present`: the grant has the key (set it) or not (insert it).
 */
export function keysToUpdate(existing: ObjectNode, grant: GrantStatement, kept: ReadonlySet<string>): { key: string; value: JsonTemplate; present: boolean }[] {
  const updates: { key: string; value: JsonTemplate; present: boolean }[] = [];
  for (const [key, value] of Object.entries(grant)) {
    const current = property(existing, key);
    if (current && (kept.has(key) || sameJson(current.value, value))) continue;
    updates.push({ key, value, present: current !== undefined });
  }
  return updates;
}

/** Whether a tree node holds exactly this value (a template's computed value by the text it was written with). */
function sameJson(node: TreeNode, value: JsonTemplate): boolean {
  if (typeof value === 'string') return (node.type === 'scalar' && node.value === value) || (node.type === 'token' && textOf(node) === value);
  if (Array.isArray(value)) {
    return node.type === 'array' && node.items.length === value.length && value.every((v, i) => sameJson(node.items[i]!, v));
  }
  if (node.type !== 'object') return false;
  const keys = Object.keys(value);
  return node.properties.length === keys.length && keys.every((key) => {
    const child = property(node, key);
    return child !== undefined && sameJson(child.value, value[key]!);
  });
}

/** A name none of `taken` is: `wanted`, else `numbered(2)`, `numbered(3)`… (resource names, logical ids). */
export function uniqueName(wanted: string, taken: ReadonlySet<string>, numbered: (n: number) => string): string {
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(numbered(n))) n++;
  return numbered(n);
}

import { classify } from '../../../src/policy/grant';
import type { LintResult } from '../../../src/policy/lint';
import type { GrantKind, PolicyFile, Statement } from '../../../src/policy/model';
import type { TreeNode } from '../../../src/policy/tree';
import { simulateSes, type Verdict } from '../../oracle/simulate';

/**
 * The evaluator's half of property (f): the independent IAM evaluator (@cloud-copilot/iam-simulate, a
 * devDependency for tests only) never sees a fix turn "SES acting for a foreign account: denied" into
 * "allowed". Each policy of the file (a document, or a Lambda permission body) is evaluated before and after,
 * for every SES grant kind it holds; template values are replaced by stand-ins, the same ones before and
 * after (the stack's account and region, a resource's name for its reference), which is all a comparison needs.
 */

const STAND_INS: Readonly<Record<string, string>> = {
  'AWS::AccountId': '111122223333',
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

function concreteText(text: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => STAND_INS[inner] ?? inner.toLowerCase().replace(/[^a-z0-9-]/g, '-'));
}

/** Deeper than any policy IAM accepts; the evaluator (which recurses) is not asked about such a value. */
const MAX_DEPTH = 64;

/**
 * The policy as the JSON value IAM would be given; undefined when it nests deeper than MAX_DEPTH. A stack,
 * not recursion: values nest 10,000 deep in the fixtures.
 */
function concreteValue(root: TreeNode): unknown {
  const made = new Map<TreeNode, unknown>();
  const stack: { node: TreeNode; done: boolean; depth: number }[] = [{ node: root, done: false, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const node = top.node;
    if (top.depth > MAX_DEPTH) return undefined;
    if (node.type === 'scalar') made.set(node, node.value);
    else if (node.type === 'token') made.set(node, concreteText(node.text));
    else if (!top.done) {
      stack.push({ node, done: true, depth: top.depth });
      const children = node.type === 'array' ? node.items : node.properties.map((p) => p.value);
      for (const child of children) stack.push({ node: child, done: false, depth: top.depth + 1 });
    } else if (node.type === 'array') made.set(node, node.items.map((item) => made.get(item)));
    else {
      const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const property of node.properties) object[property.key] = made.get(property.value);
      made.set(node, object);
    }
  }
  return made.get(root);
}

interface Policy {
  readonly node: TreeNode;
  readonly kinds: readonly GrantKind[];
}

function policiesOf(file: PolicyFile): Policy[] {
  const policies: Policy[] = file.documents.map((d) => ({ node: d.node, kinds: kindsOf(d.statements) }));
  for (const statement of file.statements) if (statement.shape === 'add-permission') policies.push({ node: statement.node, kinds: kindsOf([statement]) });
  return policies;
}

function kindsOf(statements: readonly Statement[]): GrantKind[] {
  return [...new Set(statements.map(classify).filter((g) => g.isSesGrant).flatMap((g) => g.kinds))];
}

type Outcome = { readonly own: Verdict; readonly foreign: Verdict } | 'not modelable';
const cache = new Map<string, Outcome>();
const CACHE_LIMIT = 5_000;

async function outcomeOf(policy: unknown, kind: GrantKind): Promise<Outcome> {
  if (policy === undefined) return 'not modelable';
  const key = kind + JSON.stringify(policy);
  let verdict = cache.get(key);
  if (verdict === undefined) {
    try {
      const outcome = await simulateSes(policy, kind);
      verdict = { own: outcome.own, foreign: outcome.foreign };
    } catch {
      // Inputs the evaluator cannot take (mutated elements it refuses or trips over, keys it drops) tell
      // nothing either way.
      verdict = 'not modelable';
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, verdict);
  }
  return verdict;
}

export interface OracleResult {
  /** Policies and kinds the evaluator judged before and after. */
  readonly evaluated: number;
  /** What it turned from denied to allowed. */
  readonly widened: string[];
}

/**
 * A grant that kept a foreign account out stays so. For a working grant (its own account let in) that holds
 * for every fix; a dead one (nobody let in) may be made to work by a fix the user chose, still open if it
 * was, but never by fix-all, which nobody watches.
 */
export async function compareWithEvaluator(before: LintResult, after: LintResult, unattended: boolean): Promise<OracleResult> {
  if (!before.file || !after.file) return { evaluated: 0, widened: [] };
  const policiesBefore = policiesOf(before.file);
  const policiesAfter = policiesOf(after.file);
  let evaluated = 0;
  const widened: string[] = [];
  for (const [index, policy] of policiesBefore.entries()) {
    const fixed = policiesAfter[index];
    if (!fixed) continue;
    for (const kind of policy.kinds) {
      const was = await outcomeOf(concreteValue(policy.node), kind);
      if (was === 'not modelable' || was.foreign !== 'Denied') continue;
      const now = await outcomeOf(concreteValue(fixed.node), kind);
      if (now === 'not modelable') continue;
      evaluated++;
      if (now.foreign === 'Allowed' && (was.own === 'Allowed' || unattended)) {
        widened.push(`policy ${index} [${kind}]: a foreign account was denied (${was.own === 'Allowed' ? 'a working grant' : 'a dead grant'}), now allowed`);
      }
    }
  }
  return { evaluated, widened };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../src/policy/catalogue';
import type { Finding } from '../../src/policy/findings';
import { classify } from '../../src/policy/grant';
import type { LintResult } from '../../src/policy/lint';
import type { GrantKind, PolicyFile, Statement } from '../../src/policy/model';
import type { ObjectNode, Span, TreeNode } from '../../src/policy/tree';
import { OracleInputError, simulateSes } from './simulate';

/**
 * The agreement test of infrastructure files (CloudFormation, Terraform) under the independent evaluator:
 * each policy of a linted file is made concrete — its template values replaced by what the deployment would
 * give them, through a resolver each format supplies — and held to the same agreement as plain policies
 * (fixtures.test.ts): `*-missing-source-conditions` ⇒ a foreign account gets in; no source-restriction
 * problem ⇒ it stays out. Values with no stand-in make a policy not modelable; it is listed, not guessed.
 */

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** A template value the deployment alone knows (an `!If`, a `var.` with no stand-in…). */
export class NotModelable extends Error {}

const SOURCE_PROBLEM_IDS = new Set(RULES.filter((r) => r.family === 'source' && r.severity !== 'info').map((r) => r.id));

/** The tree as the JSON value the deployment hands to IAM; `concreteText` resolves a token's text. */
function concreteValue(node: TreeNode, concreteText: (tokenText: string) => string): unknown {
  switch (node.type) {
    case 'token':
      return concreteText(node.text);
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map((item) => concreteValue(item, concreteText));
    case 'object':
      return Object.fromEntries(node.properties.map((p) => [p.key, concreteValue(p.value, concreteText)]));
  }
}

/** Replaces every `${name}` of a token's text; `${…}` (nothing known) is not modelable. */
export function replaceReferences(text: string, resolve: (reference: string) => string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner === '…') throw new NotModelable('a value only known at deploy time');
    return resolve(inner);
  });
}

const inside = (inner: Span, outer: Span) => inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;

interface Policy {
  readonly label: string;
  readonly node: ObjectNode;
  readonly statements: readonly Statement[];
}

function policiesOf(file: PolicyFile): Policy[] {
  const policies: Policy[] = file.documents.map((d) => ({ label: `document at ${d.node.span.offset}`, node: d.node, statements: d.statements }));
  for (const statement of file.statements) {
    if (statement.shape === 'add-permission') policies.push({ label: `permission at ${statement.node.span.offset}`, node: statement.node, statements: [statement] });
  }
  return policies;
}

export interface ConcreteCase {
  readonly name: string;
  /** Linted when its test runs (a parser may have to be loaded first). */
  readonly lint: () => LintResult;
  /** A token's text as the deployment would write it (throws NotModelable when it cannot say). */
  readonly concreteText: (tokenText: string) => string;
}

/**
 * One test per case, with a subtest per SES grant kind of each of its policies, then a summary that fails when
 * too few policies were evaluated.
 */
export function registerConcreteOracle(what: string, cases: readonly ConcreteCase[], minimumAgreed: number): void {
  let agreed = 0;
  const skipped: string[] = [];
  for (const { name, lint, concreteText } of cases) {
    test(`oracle (${what} made concrete) ${name}`, async (t) => {
      const result = lint();
      for (const policy of result.file ? policiesOf(result.file) : []) {
        const kinds = [...new Set(policy.statements.map(classify).filter((g) => g.isSesGrant).flatMap((g) => g.kinds))];
        const findings: Finding[] = result.findings.filter((f) => f.statementSpan && inside(f.statementSpan, policy.node.span));
        const ids = new Set(findings.map((f) => f.id));
        for (const kind of kinds as GrantKind[]) {
          await t.test(`${policy.label} [${kind}]`, async () => {
            let outcome;
            try {
              outcome = await simulateSes(concreteValue(policy.node, concreteText), kind);
            } catch (error) {
              if (error instanceof NotModelable || error instanceof OracleInputError) {
                skipped.push(`${name} ${policy.label} [${kind}]: ${error.message}`);
                return;
              }
              throw error;
            }
            if (outcome.own === 'Denied') {
              skipped.push(`${name} ${policy.label} [${kind}]: dead (the receiving account is refused too)`);
              return;
            }
            if (ids.has(`${kind}-missing-source-conditions`)) assert.equal(outcome.foreign, 'Allowed', `the linter calls it open, the evaluator keeps ${outcome.foreignAccount} out`);
            if (![...ids].some((id) => SOURCE_PROBLEM_IDS.has(id))) assert.equal(outcome.foreign, 'Denied', `the linter finds it restricted, the evaluator lets ${outcome.foreignAccount} in`);
            agreed++;
          });
        }
      }
    });
  }
  test(`oracle summary for ${what} made concrete`, (t) => {
    t.diagnostic(`${what} policies agreeing with the evaluator: ${agreed}`);
    for (const line of skipped) t.diagnostic(`not evaluated: ${line}`);
    assert.ok(agreed >= minimumAgreed, `${what} policies were actually evaluated`);
  });
}

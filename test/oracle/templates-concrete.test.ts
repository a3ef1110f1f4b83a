import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TemplateFile, TemplateResource } from '../../src/formats/cloudformation';
import { lintText } from '../../src/formats';
import { RULES } from '../../src/policy/catalogue';
import type { Finding } from '../../src/policy/findings';
import { classify } from '../../src/policy/grant';
import type { GrantKind, Statement } from '../../src/policy/model';
import type { ObjectNode, Span, TreeNode } from '../../src/policy/tree';
import { listFixtures } from '../support/fixtures';
import { OracleInputError, simulateSes } from './simulate';

/**
 * The CloudFormation fixtures under the independent evaluator: each policy of a template is turned into the
 * concrete policy the stack would deploy — intrinsics replaced by the values CloudFormation would give them
 * (pseudo parameters of account 111122223333 in us-east-1; `!Ref`/`!GetAtt` of the template's buckets,
 * functions, topics and keys by the names and ARNs those resources get) — and then held to the same
 * agreement as plain policies (fixtures.test.ts): `*-missing-source-conditions` ⇒ a foreign account gets in;
 * no source-restriction problem ⇒ it stays out. Values only known at deploy time with no stand-in
 * (`!If`, `!ImportValue`…) make a policy not modelable; it is listed, not guessed.
 */

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};
const SOURCE_PROBLEM_IDS = new Set(RULES.filter((r) => r.family === 'source' && r.severity !== 'info').map((r) => r.id));

class NotModelable extends Error {}

/** What `!Ref` / `!GetAtt … .Arn` of a template resource evaluate to once deployed. */
function resolveReference(file: TemplateFile, name: string, attribute: string | undefined): string {
  if (PSEUDO[name]) return PSEUDO[name]!;
  const resource: TemplateResource | undefined = file.resources.find((r) => r.logicalId === name);
  const physical = name.toLowerCase();
  if (!resource) {
    // A template parameter: its name stands for the value the stack is given.
    if (attribute === undefined) return physical;
    throw new NotModelable(`unknown reference ${name}.${attribute}`);
  }
  const arn: Record<string, string> = {
    'AWS::S3::Bucket': `arn:aws:s3:::${physical}`,
    'AWS::Lambda::Function': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}`,
    'AWS::SNS::Topic': `arn:aws:sns:${REGION}:${ACCOUNT}:${physical}`,
    'AWS::KMS::Key': `arn:aws:kms:${REGION}:${ACCOUNT}:key/${physical}`,
    'AWS::IAM::Role': `arn:aws:iam::${ACCOUNT}:role/${physical}`,
  };
  if (attribute === 'Arn') {
    const value = arn[resource.type];
    if (!value) throw new NotModelable(`no ARN known for ${resource.type}`);
    return value;
  }
  if (attribute !== undefined) throw new NotModelable(`attribute ${name}.${attribute}`);
  // Ref of a topic is its ARN; of a bucket, function, key or receipt rule, its name.
  return resource.type === 'AWS::SNS::Topic' ? arn[resource.type]! : physical;
}

function concreteText(file: TemplateFile, tokenText: string): string {
  return tokenText.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner === '…') throw new NotModelable('a value only known at deploy time (e.g. !If, !ImportValue)');
    const [name, ...rest] = inner.split('.');
    return resolveReference(file, name!, rest.length > 0 ? rest.join('.') : undefined);
  });
}

/** The tree as the JSON value CloudFormation would hand to IAM. */
function concreteValue(file: TemplateFile, node: TreeNode): unknown {
  switch (node.type) {
    case 'token':
      return concreteText(file, node.text);
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map((item) => concreteValue(file, item));
    case 'object':
      return Object.fromEntries(node.properties.map((p) => [p.key, concreteValue(file, p.value)]));
  }
}

const inside = (inner: Span, outer: Span) => inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;

interface Policy {
  readonly label: string;
  readonly node: ObjectNode;
  readonly statements: readonly Statement[];
}

function policiesOf(file: TemplateFile): Policy[] {
  const policies: Policy[] = file.documents.map((d) => ({ label: `document at ${d.node.span.offset}`, node: d.node, statements: d.statements }));
  for (const statement of file.statements) {
    if (statement.shape === 'add-permission') policies.push({ label: `permission at ${statement.node.span.offset}`, node: statement.node, statements: [statement] });
  }
  return policies;
}

let agreed = 0;
const skipped: string[] = [];
const TEMPLATE_FORMATS = ['.yaml', '.yml', '.template', '.json'];
const fixtures = [...listFixtures('templates', TEMPLATE_FORMATS), ...listFixtures('rules', TEMPLATE_FORMATS)];
for (const fixture of fixtures) {
  const result = lintText(fixture.text, { fileName: fixture.path }, { ignoreSuppressions: true });
  const file = result.file as TemplateFile | undefined;
  if (!file?.allowsTemplateValues || !('resources' in file)) continue;
  for (const policy of policiesOf(file)) {
    const kinds = [...new Set(policy.statements.map(classify).filter((g) => g.isSesGrant).flatMap((g) => g.kinds))];
    if (kinds.length === 0) continue;
    const findings: Finding[] = result.findings.filter((f) => f.statementSpan && inside(f.statementSpan, policy.node.span));
    const ids = new Set(findings.map((f) => f.id));
    for (const kind of kinds as GrantKind[]) {
      test(`oracle (template values made concrete) ${fixture.name} ${policy.label} [${kind}]`, async () => {
        let outcome;
        try {
          outcome = await simulateSes(concreteValue(file, policy.node), kind);
        } catch (error) {
          if (error instanceof NotModelable || error instanceof OracleInputError) {
            skipped.push(`${fixture.name} ${policy.label} [${kind}]: ${error.message}`);
            return;
          }
          throw error;
        }
        if (outcome.own === 'Denied') {
          skipped.push(`${fixture.name} ${policy.label} [${kind}]: dead (the receiving account is refused too)`);
          return;
        }
        if (ids.has(`${kind}-missing-source-conditions`)) assert.equal(outcome.foreign, 'Allowed', `the linter calls it open, the evaluator keeps ${outcome.foreignAccount} out`);
        if (![...ids].some((id) => SOURCE_PROBLEM_IDS.has(id))) assert.equal(outcome.foreign, 'Denied', `the linter finds it restricted, the evaluator lets ${outcome.foreignAccount} in`);
        agreed++;
      });
    }
  }
}

test('oracle summary for templates made concrete', (t) => {
  t.diagnostic(`template policies agreeing with the evaluator: ${agreed}`);
  for (const line of skipped) t.diagnostic(`not evaluated: ${line}`);
  assert.ok(agreed >= 5, 'template policies were actually evaluated');
});

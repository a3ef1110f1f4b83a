import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';
import { classify } from '../../src/policy/grant';
import type { Statement } from '../../src/policy/model';
import { unresolvedReferenceIn } from '../../src/policy/rules/placeholderValues';
import { isReceivingSesGrant } from '../../src/policy/rules/ruleHelpers';
import type { PropertyNode, TreeNode } from '../../src/policy/tree';
import { mulberry32 } from '../support/random';

/**
 * `duplicate-key` and `unresolved-reference` are read in one walk of each grant's tree (statementTree.ts), with
 * a hash of the keys sparing the comparison of pairs. The walk must find what the two walks it replaced found,
 * written out here: every overridden key compared pair by pair, every string read in document order.
 */

/** The first overridden key of the statement, by offset: every pair of every object compared. */
function simpleDuplicate(statement: Statement): PropertyNode | undefined {
  let first: PropertyNode | undefined;
  const visit = (node: TreeNode): void => {
    if (node.type === 'object') {
      node.properties.forEach((p, i) => {
        const earlierSame = node.properties.slice(0, i).some((q) => q.key === p.key);
        const later = node.properties.slice(i + 1).some((q) => q.key === p.key);
        if (!earlierSame && later && (!first || p.keySpan.offset < first.keySpan.offset)) first = p;
        visit(p.value);
      });
    } else if (node.type === 'array') node.items.forEach(visit);
  };
  visit(statement.node);
  return first;
}

/** The first string in document order holding an unresolved reference. */
function simpleReference(node: TreeNode): { node: TreeNode; value: string } | undefined {
  if (node.type === 'object') for (const p of node.properties) { const found = simpleReference(p.value); if (found) return found; }
  if (node.type === 'array') for (const item of node.items) { const found = simpleReference(item); if (found) return found; }
  if (node.type === 'scalar' && typeof node.value === 'string') { const value = unresolvedReferenceIn(node.value); if (value !== undefined) return { node, value }; }
  return undefined;
}

const KEYS = ['Sid', 'Effect', 'Action', 'Resource', 'Condition', 'a', 'b', 'ab', 'ba', 'Aa', 'key', 'kez', 'xyz', '', 'StringEquals', 'aws:SourceAccount', 'AWS:SourceAccount'];
const STRINGS = ['111122223333', 'arn:aws:s3:::b/*', '${var.bucket}', '${aws:username}', 'var.account_id', '${AWS::AccountId}', 'x', ''];

test('one walk finds the duplicate keys and unresolved references the two walks found', () => {
  const random = mulberry32(6113);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const value = (depth: number): string => {
    const r = random();
    if (depth > 3 || r < 0.4) return r < 0.3 ? JSON.stringify(pick(STRINGS)) : r < 0.35 ? '12' : 'true';
    if (r < 0.7) return `[${Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1)).join(', ')}]`;
    return object(depth + 1, Math.floor(random() * (random() < 0.1 ? 24 : 6)));
  };
  const object = (depth: number, count: number): string =>
    `{${Array.from({ length: count }, () => `${JSON.stringify(pick(KEYS))}: ${value(depth)}`).join(', ')}}`;
  const statements: string[] = [];
  for (let n = 0; n < 1_500; n++) {
    const extra = object(1, Math.floor(random() * 5)).slice(1, -1);
    statements.push(`{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject"${extra ? `, ${extra}` : ''}}`);
  }
  const result = lintJsonText(`{"Version": "2012-10-17", "Statement": [${statements.join(',\n')}]}`);
  const file = result.file!;
  let duplicates = 0;
  let references = 0;
  for (const statement of file.statements) {
    const inStatement = result.findings.filter((f) => f.statementSpan?.offset === statement.node.span.offset && f.statementSpan.length === statement.node.span.length);
    const receiving = isReceivingSesGrant(classify(statement));
    const duplicate = receiving ? simpleDuplicate(statement) : undefined;
    const reference = receiving ? simpleReference(statement.node) : undefined;
    assert.deepEqual(
      inStatement.filter((f) => f.id === 'duplicate-key').map((f) => [f.span, f.args]),
      duplicate ? [[duplicate.keySpan, { key: duplicate.key }]] : [],
    );
    assert.deepEqual(
      inStatement.filter((f) => f.id === 'unresolved-reference').map((f) => [f.span, f.args]),
      reference ? [[reference.node.span, { value: reference.value }]] : [],
    );
    if (duplicate) duplicates++;
    if (reference) references++;
  }
  assert.ok(duplicates > 300 && references > 300, `only ${duplicates} duplicates and ${references} references`);
});

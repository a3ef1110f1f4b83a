import type { Finding } from '../../../src/policy/findings';
import type { PolicyFile } from '../../../src/policy/model';
import type { Span, TreeNode } from '../../../src/policy/tree';

/**
 * Where a fix may write: the statement its finding belongs to, else the policy document holding the finding
 * (a missing Version), else the whole file. Each region is named by what it is (statement n, document n), so
 * that the same region can be found again in the fixed text, whose offsets differ.
 */
export interface Region {
  readonly name: string;
  readonly span: Span;
}

const end = (span: Span) => span.offset + span.length;
const inside = (inner: Span, outer: Span) => inner.offset >= outer.offset && end(inner) <= end(outer);

export function regionOf(file: PolicyFile, finding: Finding): Region {
  if (finding.statementSpan) {
    const index = file.statements.findIndex((s) => s.node.span.offset === finding.statementSpan!.offset && s.node.span.length === finding.statementSpan!.length);
    if (index >= 0) return { name: `statement ${index}`, span: file.statements[index]!.node.span };
  }
  const document = file.documents.findIndex((d) => inside(finding.span, d.node.span));
  if (document >= 0) return { name: `document ${document}`, span: file.documents[document]!.node.span };
  return { name: 'file', span: { offset: 0, length: file.text.length } };
}

/** The same named region in another reading of the (fixed) file; undefined when it is not there any more. */
export function sameRegion(file: PolicyFile, region: Region): Region | undefined {
  const [kind, index] = region.name.split(' ');
  if (kind === 'statement') {
    const statement = file.statements[Number(index)];
    return statement && { name: region.name, span: statement.node.span };
  }
  if (kind === 'document') {
    const document = file.documents[Number(index)];
    if (!document) return undefined;
    if (!region.name.endsWith(' head')) return { name: region.name, span: document.node.span };
    const statementKey = document.statementProperty?.span;
    return statementKey && { name: region.name, span: { offset: document.node.span.offset, length: statementKey.offset - document.node.span.offset } };
  }
  return { name: 'file', span: { offset: 0, length: file.text.length } };
}

/** The outermost regions, in document order (a statement inside an edited document is part of it). */
export function outermost(regions: readonly Region[]): Region[] {
  const sorted = [...regions].sort((a, b) => a.span.offset - b.span.offset || b.span.length - a.span.length);
  const kept: Region[] = [];
  for (const region of sorted) {
    const last = kept[kept.length - 1];
    if (last && inside(region.span, last.span)) continue;
    kept.push(region);
  }
  return kept;
}

/**
 * A node's data as one canonical string (keys in written order, numbers by their spelling, template tokens by
 * their text): what "unchanged" means for a statement whatever its layout. A stack, not recursion: policies
 * nest 10,000 deep in the fixtures.
 */
export function dataOf(node: TreeNode): string {
  const out: string[] = [];
  const stack: (TreeNode | string)[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    switch (next.type) {
      case 'scalar':
        out.push(typeof next.value === 'string' ? JSON.stringify(next.value) : next.raw);
        break;
      case 'token':
        out.push(`token(${JSON.stringify(next.text)})`);
        break;
      case 'array':
        stack.push(']');
        for (let i = next.items.length - 1; i >= 0; i--) stack.push(next.items[i]!, i > 0 ? ',' : '');
        stack.push('[');
        break;
      case 'object':
        stack.push('}');
        for (let i = next.properties.length - 1; i >= 0; i--) {
          const property = next.properties[i]!;
          stack.push(property.value, `${i > 0 ? ',' : ''}${JSON.stringify(property.key)}:`);
        }
        stack.push('{');
        break;
    }
  }
  return out.join('');
}

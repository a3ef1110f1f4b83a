import type { Node, Tree } from 'web-tree-sitter';
import type { SyntaxProblem } from './terraformFile';

/**
 * The first syntax error of a Terraform file, for the CLI's `parse-error`: tree-sitter marks errors with
 * ERROR nodes (text it could not place) and MISSING ones (a token it had to assume). An outer ERROR can
 * cover the whole file, so the walk goes down to the innermost node that still holds the error.
 */
export function firstSyntaxError(tree: Tree): SyntaxProblem | undefined {
  let node: Node = tree.rootNode;
  if (!node.hasError) return undefined;
  for (;;) {
    const inner = firstChildWithError(node);
    if (!inner) break;
    node = inner;
  }
  const offset = node.startIndex;
  if (node.isMissing) return { message: `missing ${describeToken(node.type)}`, offset, length: 0 };
  const text = node.text;
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
  const shown = firstLine.length > 24 ? `${firstLine.slice(0, 24)}…` : firstLine;
  const leading = text.length - text.trimStart().length;
  return {
    message: shown === '' ? 'unexpected end of file' : `unexpected \`${shown}\``,
    offset: offset + leading,
    length: Math.min(firstLine.length, node.endIndex - offset - leading),
  };
}

function firstChildWithError(node: Node): Node | undefined {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child && (child.hasError || child.isMissing || child.isError)) return child;
  }
  return undefined;
}

const TOKEN_NAMES: Readonly<Record<string, string>> = {
  block_end: '`}`',
  object_end: '`}`',
  tuple_end: '`]`',
  quoted_template_end: 'closing `"`',
  template_interpolation_end: '`}` closing `${`',
  template_directive_end: '`}` closing `%{`',
  heredoc_identifier: 'heredoc end marker',
};

function describeToken(type: string): string {
  return TOKEN_NAMES[type] ?? (/^\W+$/.test(type) ? `\`${type}\`` : type.replace(/_/g, ' '));
}

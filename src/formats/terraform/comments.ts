import type { SourceComment } from '../../policy/suppressions';
import { withTerraformTree } from './parser';

/**
 * The comments of a Terraform file (native syntax), for inline suppressions: `#` and `//` to the end of the
 * line, and `/* … *\/`. Read from tree-sitter's comment nodes, so that `#` or `//` inside a string, a heredoc or
 * an interpolation is never taken for a comment. Empty while the parser is not loaded (lintText does not apply
 * suppressions to a result still waiting for it).
 */
export function terraformComments(text: string): SourceComment[] {
  return withTerraformTree(text, (tree) => tree.rootNode.descendantsOfType('comment').flatMap((node) => (node ? [commentOf(text, node.startIndex, node.endIndex)] : []))) ?? [];
}

function commentOf(text: string, start: number, end: number): SourceComment {
  const block = text.startsWith('/*', start);
  const offset = start + (text[start] === '#' ? 1 : 2);
  // tree-sitter's line comment may take the line break with it; a suppression's line is the comment's own.
  let last = block && end - offset >= 2 && text.startsWith('*/', end - 2) ? end - 2 : end;
  if (!block) while (last > offset && (text[last - 1] === '\n' || text[last - 1] === '\r')) last--;
  return { text: text.slice(offset, last), span: { offset, length: last - offset } };
}

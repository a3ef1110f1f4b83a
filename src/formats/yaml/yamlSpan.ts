import type { Node as YamlNode } from 'yaml';
import type { Span } from '../../policy/tree';

/**
 * The span of a node of the `yaml` package's document model: its range, except that a block collection's
 * range runs to the next line and trailing white space is no part of the node. Shared by the YAML reader
 * (src/formats/yaml/yamlTree.ts) and the YAML editor of the fixes, so both agree on every span.
 */
export function spanOfNode(node: YamlNode, text: string): Span {
  const range = node.range ?? [0, 0, 0];
  let end = range[1];
  while (end > range[0] && /\s/.test(text[end - 1]!)) end--;
  return { offset: range[0], length: Math.max(0, end - range[0]) };
}

import type { PolicyFile } from '../../policy/model';
import type { TreeNode } from '../../policy/tree';
import { quickTreeOf } from './yamlSource';
import { OPEN_CURLY, OPEN_SQUARE } from '../charCodes';

/**
 * Whether a whole comment line inserted at `lineStart` (the start of a line of the file's text) leaves every
 * other reading of the file as it was: the file was read by the quick reader (whose spans are exact), and no
 * scalar, token (a tagged or intrinsic value) or flow collection of its tree runs across that line start. A
 * comment line there is then a YAML comment between nodes of block collections, which the reader skips; inside
 * a block scalar, a quoted or plain scalar of several lines or a flow collection it would be content, end the
 * scalar or be read in a way not measured here: undefined there (false), and for anything the quick reader did
 * not read. Walks only the nodes whose span holds the line start.
 */
export function commentLineFitsAt(file: PolicyFile, lineStart: number): boolean {
  const tree = quickTreeOf(file);
  if (!tree) return false;
  let node: TreeNode | undefined = tree;
  while (node) {
    const { offset, length } = node.span;
    if (lineStart <= offset || lineStart >= offset + length) return true;
    if (node.type === 'object') {
      if (file.text.charCodeAt(offset) === OPEN_CURLY) return false;
      node = node.properties.find((property) => {
        if (property.keySpan.offset < lineStart && lineStart < property.keySpan.offset + property.keySpan.length) return true;
        const { span } = property.value;
        return span.offset < lineStart && lineStart < span.offset + span.length;
      })?.value;
      // A key of several lines holding the line start is no place for a comment either.
      if (node && node.span.offset >= lineStart) return false;
    } else if (node.type === 'array') {
      if (file.text.charCodeAt(offset) === OPEN_SQUARE) return false;
      node = node.items.find((item) => item.span.offset < lineStart && lineStart < item.span.offset + item.span.length);
    } else return false;
  }
  return true;
}

import type { ScalarNode, TreeNode } from '../../policy/tree';
import type { ShellText } from './lexer';

/**
 * Shell text as policy values: literal text is a string, text with an expansion (`"$ACCOUNT"`,
 * `"arn:aws:ses:$REGION:…"`) a template value whose computed parts are written `${NAME}`, as CloudFormation's
 * are. Shared by the options of `aws lambda add-permission` and the strings of inline JSON policies.
 */
export function shellValueNode(text: ShellText, span: ScalarNode['span']): TreeNode {
  if (text.expansions.length > 0) return { type: 'token', span, text: text.value };
  const scalar: ScalarNode = { type: 'scalar', span, value: text.value, raw: text.value };
  return scalar;
}

/**
 * For JSON read from shell text: a string scalar that an expansion falls into is a template value. The
 * scalar's span is in the decoded text, as the expansions' ranges are.
 */
export function expansionTokenFor(text: ShellText): ((scalar: ScalarNode) => string | undefined) | undefined {
  if (text.expansions.length === 0) return undefined;
  return (scalar) => {
    const start = scalar.span.offset;
    const end = start + scalar.span.length;
    const hit = text.expansions.some((e) => e.innerStart < end && e.innerEnd > start);
    return hit && typeof scalar.value === 'string' ? scalar.value : undefined;
  };
}

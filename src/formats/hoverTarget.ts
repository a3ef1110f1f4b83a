import { hoverTargetAt, type HoverTarget } from '../policy/hoverText';
import type { FormatLintResult } from './result';

/**
 * What is under the pointer in a linted file of any format: inside a Markdown code block, the target the
 * block's own format finds there, with its span placed in the file.
 */
export function hoverTargetIn(result: FormatLintResult, offset: number): HoverTarget | undefined {
  for (const document of result.documents ?? []) {
    const range = document.map.spanToOuter({ offset: 0, length: document.text.length });
    if (offset < range.offset || offset > range.offset + range.length) continue;
    const inner = document.map.spanToInner({ offset, length: 0 });
    const target = inner && hoverTargetIn(document.result, inner.offset);
    return target && { ...target, span: document.map.spanToOuter(target.span) };
  }
  return result.file ? hoverTargetAt(result.file, offset) : undefined;
}

import { AMPERSAND, BACKSLASH, BANG, CLOSE_CURLY, CLOSE_SQUARE, COLON, COMMA, DASH, DOUBLE_QUOTE, GREATER, HASH, NEWLINE, OPEN_CURLY, OPEN_SQUARE, PIPE, QUESTION, RETURN, SINGLE_QUOTE, SPACE, TAB } from '../charCodes';

/**
 * A bound on what the YAML reader is asked to do. The `yaml` package builds a rich document per node and
 * recurses per nesting level: a 4 MB file of nested flow collections took it 26 s and 2.4 GB, a million
 * one-line list items 40 s, and a few million nested `- - -` entries overflow its stack after 20 s. No
 * CloudFormation template comes near such shapes (CloudFormation reads at most 1 MB, a few hundred resources),
 * so one linear pass over the characters estimates the nesting depth and the number of nodes first, and a
 * text beyond the limits below is not parsed at all.
 *
 * The estimate follows YAML's structure closely enough to count on real files: quoted scalars, comments and
 * block scalars (`|`, `>`: inline Lambda code full of brackets) are skipped, tags and anchors looked past;
 * flow collections count their brackets and commas, block collections their lines and compact `- ` (and
 * `? `) entries, and indentation opens block levels. It never needs to be exact, only never far below the truth.
 */

export const YAML_LIMITS = {
  /** Real templates nest about 20 levels (Step Functions definitions inlined in a template go deeper). */
  depth: 128,
  /**
   * About twice the nodes of a 5 MB template of bucket policies and receipt rules (a 1 MB one holds 37,000).
   * At the limit the yaml package still needs seconds and most of a gigabyte: the bound is against worse.
   */
  nodes: 400_000,
} as const;

export interface YamlShape {
  readonly depth: number;
  readonly nodes: number;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === NEWLINE || code === RETURN || Number.isNaN(code);
}

/** Estimates nesting depth and node count in one linear pass. */
export function estimateYamlShape(text: string): YamlShape {
  const length = text.length;
  let depth = 0;
  let nodes = 0;
  let flowDepth = 0;
  /** Indentation of the open block levels, innermost last. */
  const indents: number[] = [];
  /** While skipping a block scalar's lines: the indentation of the line that opened it. */
  let blockScalarParent = -1;
  let i = 0;
  while (i < length) {
    // ---- the start of a line
    let indent = 0;
    while (i + indent < length && text.charCodeAt(i + indent) === SPACE) indent++;
    const first = text.charCodeAt(i + indent);
    const blankLine = first === NEWLINE || first === RETURN || i + indent >= length;
    if (blockScalarParent >= 0) {
      if (blankLine || indent > blockScalarParent) {
        i = skipLine(text, i);
        continue;
      }
      blockScalarParent = -1;
    }
    if (blankLine) {
      i = skipLine(text, i);
      continue;
    }
    i += indent;
    let blockLevel = indents.length;
    if (flowDepth === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      blockLevel = indents.length;
      if (first !== HASH) nodes++;
    }
    // ---- the rest of the line
    let compact = 0;
    let atScalarStart = true;
    /** Where the line's content ends, comment and trailing blanks aside. */
    let contentEnd = i;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === NEWLINE) break;
      if (code === HASH && (atScalarStart || isBlank(text.charCodeAt(i - 1)))) {
        while (i < length && text.charCodeAt(i) !== NEWLINE) i++;
        break;
      }
      // A tag or an anchor (`!Join [`, `&shared {`) leaves the node still to come.
      if ((code === BANG || code === AMPERSAND) && atScalarStart) {
        while (i < length && !isBlank(text.charCodeAt(i)) && !isFlowIndicator(text.charCodeAt(i))) i++;
        contentEnd = i;
        continue;
      }
      if ((code === DOUBLE_QUOTE || code === SINGLE_QUOTE) && atScalarStart) {
        i = skipQuoted(text, i, code);
        contentEnd = i;
        atScalarStart = false;
        continue;
      }
      if (code === OPEN_SQUARE || code === OPEN_CURLY) {
        if (atScalarStart || flowDepth > 0) {
          flowDepth++;
          nodes++;
          depth = Math.max(depth, blockLevel + compact + flowDepth);
          atScalarStart = true;
          contentEnd = ++i;
          continue;
        }
      } else if ((code === CLOSE_SQUARE || code === CLOSE_CURLY) && flowDepth > 0) {
        flowDepth--;
      } else if (code === COMMA && flowDepth > 0) {
        nodes++;
        atScalarStart = true;
        contentEnd = ++i;
        continue;
      } else if ((code === DASH || code === QUESTION) && atScalarStart && flowDepth === 0 && isBlank(text.charCodeAt(i + 1))) {
        compact++;
        nodes++;
        depth = Math.max(depth, blockLevel + compact);
        contentEnd = ++i;
        continue;
      } else if (code === COLON && isBlank(text.charCodeAt(i + 1))) {
        atScalarStart = true;
        contentEnd = ++i;
        continue;
      }
      i++;
      if (code !== SPACE && code !== TAB && code !== RETURN) {
        atScalarStart = false;
        contentEnd = i;
      }
    }
    depth = Math.max(depth, blockLevel + compact + flowDepth);
    // `key: |`, `- >-`, `key: |2+`: the lines below, indented deeper, are text.
    if (flowDepth === 0 && endsWithBlockScalarHeader(text, contentEnd)) blockScalarParent = indent;
    i = skipLine(text, i);
  }
  return { depth, nodes };
}

function isFlowIndicator(code: number): boolean {
  return code === OPEN_SQUARE || code === CLOSE_SQUARE || code === OPEN_CURLY || code === CLOSE_CURLY || code === COMMA;
}

function skipLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end + 1;
}

/** Past the closing quote: `"` takes backslash escapes, `'` doubles itself. Quoted scalars may span lines. */
function skipQuoted(text: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (quote === DOUBLE_QUOTE && code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === quote) {
      if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return i;
}

/**
 * Whether the content ending at `end` ends with a block scalar header: `|` or `>`, then at most two of the
 * indicators `+`, `-` and one digit, after a blank, `:` or `-` (`key: |`, `- >-`, `key: |2+`). Read backwards
 * over at most four characters, so long lines cost nothing extra.
 */
function endsWithBlockScalarHeader(text: string, end: number): boolean {
  let i = end - 1;
  let indicators = 0;
  while (indicators < 2 && i >= 0 && /[+\-0-9]/.test(text[i]!)) {
    i--;
    indicators++;
  }
  const header = text.charCodeAt(i);
  if (header !== PIPE && header !== GREATER) return false;
  const before = text.charCodeAt(i - 1);
  return i === 0 || isBlank(before) || before === COLON || before === DASH;
}

/** Why a text is too much for the YAML reader, or undefined when it is within the limits. */
export function yamlLimitExceeded(text: string): string | undefined {
  const shape = estimateYamlShape(text);
  if (shape.depth > YAML_LIMITS.depth) return `nested more than ${YAML_LIMITS.depth} levels deep`;
  if (shape.nodes > YAML_LIMITS.nodes) return `more than ${YAML_LIMITS.nodes.toLocaleString('en-US')} nodes`;
  return undefined;
}

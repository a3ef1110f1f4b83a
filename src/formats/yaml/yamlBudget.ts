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
  const { depth, nodes } = readYamlShape(text);
  return { depth, nodes };
}

/**
 * Where the scan began a line, and all it carried there: the scan of the text from `offset` on depends on
 * nothing else, so an edit after it rescans from here and stops where the scan meets an older checkpoint's
 * line (moved by the edit) in the same state: the rest is the older scan's (`yamlShapeAfterChange`).
 */
export interface ShapeCheckpoint {
  readonly offset: number;
  /** Nodes counted before `offset`. */
  readonly nodes: number;
  readonly flowDepth: number;
  readonly blockScalarParent: number;
  readonly indents: readonly number[];
  /** The deepest level the scan reached from `offset` to the next checkpoint (or the end). */
  readonly segmentDepth: number;
}

/** The shape of a text and the checkpoints of its scan (the first at offset 0). */
export interface YamlShapeReading extends YamlShape {
  readonly checkpoints: readonly ShapeCheckpoint[];
}

/** Characters between checkpoints, at least: an edit rescans about two such stretches of the text. */
const CHECKPOINT_EVERY = 4096;

/** The shape with a checkpoint at the first line start `placed` accepts after each (by default every ~4 KB). */
export function readYamlShape(text: string, placed: (offset: number, last: number) => boolean = (offset, last) => offset - last >= CHECKPOINT_EVERY): YamlShapeReading {
  const scan = new ShapeScan(text, 0, 0, 0, -1, []);
  const checkpoints: ShapeCheckpoint[] = [];
  let last = scan.checkpoint();
  while (scan.at < text.length) {
    if (scan.at > last.offset && placed(scan.at, last.offset)) {
      checkpoints.push({ ...last, segmentDepth: scan.segmentDepth });
      last = scan.checkpoint();
    }
    scan.line();
  }
  checkpoints.push({ ...last, segmentDepth: scan.segmentDepth });
  return { depth: maxDepth(checkpoints), nodes: scan.nodes, checkpoints };
}

/**
 * The shape of `after`, `before` with `[start, oldEnd)` replaced by `after`'s `[start, newEnd)`, from the reading
 * of `before`: the scan resumes at the last checkpoint at or before `start` and stops at the first line at or
 * after `newEnd` that an older checkpoint began in the same state; the counts beyond it are the older
 * reading's. The result equals `readYamlShape(after)`'s depth and node count (yaml-budget.test.ts).
 */
export function yamlShapeAfterChange(reading: YamlShapeReading, after: string, start: number, oldEnd: number, newEnd: number): YamlShapeReading {
  const old = reading.checkpoints;
  const delta = newEnd - oldEnd;
  let from = old.length - 1;
  while (old[from]!.offset > start) from--;
  const resumed = old[from]!;
  const checkpoints: ShapeCheckpoint[] = old.slice(0, from);
  const scan = new ShapeScan(after, resumed.offset, resumed.nodes, resumed.flowDepth, resumed.blockScalarParent, resumed.indents.slice());
  let last = scan.checkpoint();
  let next = from + 1;
  while (scan.at < after.length) {
    if (scan.at >= newEnd) {
      while (next < old.length && old[next]!.offset + delta < scan.at) next++;
      const older = old[next];
      if (older && older.offset + delta === scan.at && scan.sameState(older)) {
        // (Met where the scan resumed, a deletion reaching a checkpoint: nothing scanned, nothing to keep.)
        if (scan.at > last.offset) checkpoints.push({ ...last, segmentDepth: scan.segmentDepth });
        const moved = scan.nodes - older.nodes;
        for (let k = next; k < old.length; k++) {
          const checkpoint = old[k]!;
          checkpoints.push({ ...checkpoint, offset: checkpoint.offset + delta, nodes: checkpoint.nodes + moved });
        }
        return { depth: maxDepth(checkpoints), nodes: reading.nodes + moved, checkpoints };
      }
    }
    if (scan.at - last.offset >= CHECKPOINT_EVERY) {
      checkpoints.push({ ...last, segmentDepth: scan.segmentDepth });
      last = scan.checkpoint();
    }
    scan.line();
  }
  // Resumed at the end of the text (the edit removed the last lines): no line there, as in a whole scan.
  if (last.offset < after.length || checkpoints.length === 0) checkpoints.push({ ...last, segmentDepth: scan.segmentDepth });
  return { depth: maxDepth(checkpoints), nodes: scan.nodes, checkpoints };
}

/**
 * The shape of `before` (scanned as `reading`) with its lines from `start` to `end` (both line starts) replaced by
 * `replacement`, without the edited text made whole: a quick fix's trust check asks it per proposal, and a copy of
 * a 1 MB text per proposal cost more than the rest of the check. The text is scanned from the checkpoint before
 * `start`, as it is and as replaced, on past `end` line by line in step until both scans are at the same line of
 * the unchanged rest in the same state: from there on the text scans as before, and only the node count changes
 * (as `yamlShapeAfterChange` meets an older checkpoint). The depth given is at least the whole scan's (the older
 * depth or the rescanned lines', whichever is deeper). Undefined where the scans do not meet within 4 KB after
 * `end` (a quote or block scalar opened or closed with no end in sight).
 */
export function shapeWithLinesReplaced(reading: YamlShapeReading, before: string, start: number, end: number, replacement: string): YamlShape | undefined {
  const old = reading.checkpoints;
  let from = old.length - 1;
  while (from > 0 && old[from]!.offset > start) from--;
  const resumed = old[from]!;
  if (resumed.offset > start) return undefined;
  const head = before.slice(resumed.offset, start);
  const cut = Math.min(before.length, end + CHECKPOINT_EVERY);
  const tail = before.slice(end, cut);
  const atEnd = cut === before.length;
  const was = new ShapeScan(head + before.slice(start, end) + tail, 0, resumed.nodes, resumed.flowDepth, resumed.blockScalarParent, resumed.indents.slice());
  const now = new ShapeScan(head + replacement + tail, 0, resumed.nodes, resumed.flowDepth, resumed.blockScalarParent, resumed.indents.slice());
  const wasRest = head.length + end - start;
  const nowRest = head.length + replacement.length;
  // Offsets into the unchanged rest (negative: still in the lines replaced).
  const inRest = (scan: ShapeScan, rest: number) => scan.at - rest;
  for (;;) {
    const a = inRest(was, wasRest);
    const b = inRest(now, nowRest);
    // (`was.checkpoint()` resets its segment depth: the result reads only `now`'s.)
    if (a >= 0 && a === b && now.sameState(was.checkpoint())) break;
    const wasDone = was.at >= wasRest + tail.length;
    const nowDone = now.at >= nowRest + tail.length;
    if (wasDone && nowDone) {
      // Both at the text's own end: nothing follows, whatever the states.
      if (atEnd) break;
      return undefined;
    }
    if (!wasDone && (a <= b || nowDone)) was.line();
    if (!nowDone && (b <= a || wasDone)) now.line();
    // A scan that reached the copy's end where the text goes on may have read what lies beyond as cut off.
    if (!atEnd && (was.at >= wasRest + tail.length - 1 || now.at >= nowRest + tail.length - 1)) return undefined;
  }
  return { depth: Math.max(reading.depth, now.segmentDepth), nodes: reading.nodes + now.nodes - was.nodes };
}

function maxDepth(checkpoints: readonly ShapeCheckpoint[]): number {
  let depth = 0;
  for (const checkpoint of checkpoints) depth = Math.max(depth, checkpoint.segmentDepth);
  return depth;
}

/** The estimate's scan, a line at a time (see the top of this file). */
class ShapeScan {
  /** The deepest level reached since the last checkpoint. */
  segmentDepth = 0;

  constructor(
    private readonly text: string,
    /** Where the next line starts. */
    public at: number,
    public nodes: number,
    private flowDepth: number,
    /** While skipping a block scalar's lines: the indentation of the line that opened it. */
    private blockScalarParent: number,
    /** Indentation of the open block levels, innermost last. */
    private readonly indents: number[],
  ) {}

  /** A checkpoint here (its segment's depth still to come: `segmentDepth` is reset). */
  checkpoint(): ShapeCheckpoint {
    this.segmentDepth = 0;
    return { offset: this.at, nodes: this.nodes, flowDepth: this.flowDepth, blockScalarParent: this.blockScalarParent, indents: this.indents.slice(), segmentDepth: 0 };
  }

  sameState(checkpoint: ShapeCheckpoint): boolean {
    if (checkpoint.flowDepth !== this.flowDepth || checkpoint.blockScalarParent !== this.blockScalarParent || checkpoint.indents.length !== this.indents.length) return false;
    for (let k = 0; k < this.indents.length; k++) if (checkpoint.indents[k] !== this.indents[k]) return false;
    return true;
  }

  /** Scans the line starting at `at` (with a quoted scalar, the lines it spans) and moves `at` past it. */
  line(): void {
    const text = this.text;
    const length = text.length;
    const indents = this.indents;
    let i = this.at;
    let depth = this.segmentDepth;
    let indent = 0;
    while (i + indent < length && text.charCodeAt(i + indent) === SPACE) indent++;
    const first = text.charCodeAt(i + indent);
    const blankLine = first === NEWLINE || first === RETURN || i + indent >= length;
    if (this.blockScalarParent >= 0) {
      if (blankLine || indent > this.blockScalarParent) {
        this.at = skipLine(text, i);
        return;
      }
      this.blockScalarParent = -1;
    }
    if (blankLine) {
      this.at = skipLine(text, i);
      return;
    }
    i += indent;
    let flowDepth = this.flowDepth;
    let blockLevel = indents.length;
    if (flowDepth === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      blockLevel = indents.length;
      if (first !== HASH) this.nodes++;
    }
    let nodes = this.nodes;
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
    this.segmentDepth = Math.max(depth, blockLevel + compact + flowDepth);
    this.nodes = nodes;
    this.flowDepth = flowDepth;
    // `key: |`, `- >-`, `key: |2+`: the lines below, indented deeper, are text.
    if (flowDepth === 0 && endsWithBlockScalarHeader(text, contentEnd)) this.blockScalarParent = indent;
    this.at = skipLine(text, i);
  }
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
  return shapeBeyondLimits(estimateYamlShape(text));
}

/** Why a text of this shape is too much for the YAML reader, or undefined when it is within the limits. */
export function shapeBeyondLimits(shape: YamlShape): string | undefined {
  if (shape.depth > YAML_LIMITS.depth) return `nested more than ${YAML_LIMITS.depth} levels deep`;
  if (shape.nodes > YAML_LIMITS.nodes) return `more than ${YAML_LIMITS.nodes.toLocaleString('en-US')} nodes`;
  return undefined;
}

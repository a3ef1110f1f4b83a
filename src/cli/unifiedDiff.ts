import { escapeControlCharacters } from '../policy/controlCharacters';

/**
 * A unified diff of two texts (what `--fix-dry-run` prints), as `diff -u` and git write it: `---`/`+++`
 * headers, hunks with three lines of context, and `\ No newline at end of file` where a text ends without
 * one. Lines keep their own endings, so a CRLF file's patch applies to it. Lines are matched with Myers'
 * algorithm after the common first and last lines are set aside; should the texts differ in more than
 * MAX_EDITS lines, the rest is shown as one replaced block, which is still a correct patch.
 */
const CONTEXT = 3;
const MAX_EDITS = 1000;

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: ' ', line: a[i]! });
  ops.push(...middleOps(a.slice(start, endA), b.slice(start, endB)));
  for (let i = endA; i < a.length; i++) ops.push({ kind: ' ', line: a[i]! });
  return `--- ${escapeControlCharacters(oldName)}\n+++ ${escapeControlCharacters(newName)}\n` + hunks(ops);
}

/** Lines with their endings (`\n`, `\r\n`); the last one may have none. */
function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

function middleOps(a: readonly string[], b: readonly string[]): Op[] {
  const script = myers(a, b);
  if (script) return script;
  return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
}

/** Myers' shortest edit script, or undefined beyond MAX_EDITS differences. */
function myers(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  // v[offset + k]: the furthest x reached on diagonal k; trace[d] is v as step d found it, for the way back.
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[], last: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = last; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK]!;
    // Where this step's diagonal run (snake) began: one line below or right of the previous end.
    const snakeX = down ? previousX : previousX + 1;
    const snakeY = snakeX - k;
    while (x > snakeX && y > snakeY) {
      ops.push({ kind: ' ', line: a[x - 1]! });
      x--;
      y--;
    }
    if (down) {
      ops.push({ kind: '+', line: b[y - 1]! });
      y--;
    } else {
      ops.push({ kind: '-', line: a[x - 1]! });
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[x - 1]! });
    x--;
    y--;
  }
  return ops.reverse();
}

function hunks(ops: readonly Op[]): string {
  let out = '';
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i++;
    if (i >= ops.length) break;
    // A hunk: from CONTEXT lines before the first change to CONTEXT lines after the last change that lies
    // within 2 × CONTEXT unchanged lines of the previous one.
    const from = Math.max(0, i - CONTEXT);
    let to = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]!.kind !== ' ') {
        to = j;
        j++;
        continue;
      }
      let run = j;
      while (run < ops.length && ops[run]!.kind === ' ') run++;
      if (run >= ops.length || run - j > 2 * CONTEXT) break;
      j = run;
    }
    const until = Math.min(ops.length, to + 1 + CONTEXT);
    out += hunk(ops, from, until);
    i = until;
  }
  return out;
}

function hunk(ops: readonly Op[], from: number, until: number): string {
  let oldStart = 1;
  let newStart = 1;
  for (let i = 0; i < from; i++) {
    if (ops[i]!.kind !== '+') oldStart++;
    if (ops[i]!.kind !== '-') newStart++;
  }
  let oldCount = 0;
  let newCount = 0;
  let body = '';
  for (let i = from; i < until; i++) {
    const op = ops[i]!;
    if (op.kind !== '+') oldCount++;
    if (op.kind !== '-') newCount++;
    body += op.kind + op.line;
    if (!op.line.endsWith('\n')) body += '\n\\ No newline at end of file\n';
  }
  // As diff writes it: an empty side starts at the line before the hunk.
  const range = (start: number, count: number) => `${count === 0 ? start - 1 : start}${count === 1 ? '' : `,${count}`}`;
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${body}`;
}

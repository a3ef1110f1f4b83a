import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/service';
import { lineAndColumn, typingSubjects } from '../e2e/latency/subjects';

/** The offset of a 1-based line and column, as Ctrl+G places the cursor. */
function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let n = 1; n < line; n++) start = text.indexOf('\n', start) + 1;
  return start + column - 1;
}

test('lineAndColumn counts lines and columns from 1, as Ctrl+G takes them', () => {
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 2), { line: 1, column: 3 });
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 3), { line: 2, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 7), { line: 3, column: 2 });
});

/**
 * The UI bench (test/e2e/latency) places the cursor at each subject's line and column, presses Backspace and
 * waits for the squiggles to change: the cursor must sit right after the key's `n`, the misspelt key must show
 * the subject's mark (which the text showed nowhere before), and the findings must change, near the key.
 */
test('each UI bench subject: Backspace at its cursor misspells the Condition key and changes the findings nearby', () => {
  for (const subject of typingSubjects()) {
    const { text, fileName } = subject;
    const cursor = offsetOf(text, subject.line, subject.column);
    assert.equal(text.slice(cursor - 'Condition'.length, cursor), 'Condition', `${fileName}: the cursor follows the key`);
    assert.ok(!text.includes(subject.brokenMark), `${fileName}: the text shows ${subject.brokenMark} nowhere before the edit`);
    const broken = text.slice(0, cursor - 1) + text.slice(cursor);
    const lineStart = broken.lastIndexOf('\n', cursor - 2) + 1;
    const editedLine = broken.slice(lineStart, broken.indexOf('\n', lineStart));
    assert.ok(editedLine.includes(subject.brokenMark), `${fileName}: the edited line ${JSON.stringify(editedLine)} shows ${subject.brokenMark}`);
    assert.equal(text.slice(0, text.indexOf('\n')), subject.firstLine);

    const hint = { languageId: fileName.endsWith('.json') ? 'json' : 'yaml', fileName };
    const before = analyze(text, hint).result.findings;
    const after = analyze(broken, hint).result.findings;
    assert.equal(before.length > 0, subject.findingsWhenOpened, `${fileName}: findings when opened`);
    const seen = new Set(before.map((finding) => `${finding.id}@${finding.span.offset}`));
    // A finding after the removed letter starts one character earlier in the broken text.
    const added = after.filter((finding) => !seen.has(`${finding.id}@${finding.span.offset >= cursor - 1 ? finding.span.offset + 1 : finding.span.offset}`));
    assert.ok(added.length > 0, `${fileName}: the edit adds findings`);
    // Within the 30 lines around the cursor that the editor shows after Ctrl+G: the squiggles change in view.
    for (const finding of added) {
      const line = lineAndColumn(broken, finding.span.offset).line;
      assert.ok(Math.abs(line - subject.line) <= 15, `${fileName}: ${finding.id} on line ${line}, the cursor on ${subject.line}`);
    }
  }
});

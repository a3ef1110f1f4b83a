import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticPlansOf, samePlan } from '../../src/extension/diagnosticPlans';
import { DocumentLengths } from '../../src/extension/offThread/documentLengths';
import { applyEdits, type TextEdit } from '../../src/extension/offThread/textChanges';
import { makeFinding } from '../../src/policy/findings';
import { lineStartsOf, positionOf } from '../../src/policy/positions';

/**
 * The diagnostics' plain data (src/extension/diagnosticPlans.ts), which the analysis worker writes from the text
 * it holds instead of asking a vscode.TextDocument: positions as VS Code's `positionAt` gives them, messages in
 * the locale asked. analysis-worker.test.ts compares the worker's with the thread's on every fixture.
 */

/**
 * VS Code's `positionAt` (ExtHostDocumentData): the lines split at `\r\n`, `\r` and `\n`, the line holding the
 * offset found by the sum of the lengths before it, line breaks included, and the character clamped to the
 * line's own length (an offset on a line break is at its line's end), the offset clamped at 0.
 */
function positionAtAsVsCode(text: string, offset: number): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const breaks = text.match(/\r\n|\r|\n/g) ?? [];
  let remainder = Math.max(0, offset);
  for (let line = 0; line < lines.length; line++) {
    const length = lines[line]!.length + (breaks[line]?.length ?? 0);
    if (remainder < length || line === lines.length - 1) return { line, character: Math.min(remainder, lines[line]!.length) };
    remainder -= length;
  }
  throw new Error('unreachable');
}

const TEXTS = ['', 'a', '\n', '\r', '\r\n', '\n\n', '\r\r', '\r\n\r\n', '\n\r', 'ab\r\ncd\ref\ngh', '\u{1F4E8}\r\n\u{1F4E8}x\u{1D11E}', 'x\n\r\ny\r\r\nz\n', '{\r\n  "Sid": "\u{1F4E8}"\r\n}\r\n'];

test('positionOf places every offset as VS Code does: CRLF, lone CR, LF, astral characters, offsets on line breaks and out of the text', () => {
  for (const text of TEXTS) {
    const starts = lineStartsOf(text);
    for (let offset = -2; offset <= text.length + 2; offset++) {
      assert.deepEqual(positionOf(text, starts, offset), positionAtAsVsCode(text, offset), `${JSON.stringify(text)} at ${offset}`);
    }
  }
});

test('diagnosticPlansOf gives each finding its range and its message in the locale, in the findings\' order', () => {
  const text = '{\r\n  "Statement": {"Sid": "\u{1F4E8}", "Resource": "*"}\r\n}';
  const sid = text.indexOf('"\u{1F4E8}"');
  const resource = text.indexOf('"*"');
  const findings = [
    makeFinding('s3-missing-source-arn', { offset: resource, length: 3 }, { resource: 'inbox' }, undefined),
    // A span to the end of a line: it ends at the line's last character, not on its line break.
    makeFinding('s3-action-too-broad', { offset: sid, length: text.indexOf('\r\n}') + 1 - sid }, { resource: 'inbox' }, undefined),
  ];
  const english = diagnosticPlansOf(text, findings, 'en');
  assert.deepEqual(
    english.map((plan) => [plan.id, plan.severity, plan.range]),
    [
      ['s3-missing-source-arn', findings[0]!.severity, [1, resource - 3, 1, resource - 3 + 3]],
      ['s3-action-too-broad', findings[1]!.severity, [1, sid - 3, 1, text.indexOf('\r\n}') - 3]],
    ],
  );
  assert.deepEqual(english.map((plan) => plan.message), findings.map((finding) => finding.message));
  const japanese = diagnosticPlansOf(text, findings, 'ja');
  assert.deepEqual(japanese.map((plan) => plan.range), english.map((plan) => plan.range));
  assert.ok(japanese.every((plan, i) => plan.message !== english[i]!.message && /[\u3040-\u30ff]/.test(plan.message)), 'the messages are Japanese');
  assert.deepEqual(diagnosticPlansOf(text, [], 'en'), []);
});

test('samePlan tells a diagnostic that shows the same from one that differs in anything shown', () => {
  const plan = { id: 's3-missing-source-arn', severity: 'warning', message: 'm', range: [1, 2, 3, 4] } as const;
  assert.ok(samePlan(plan, { ...plan, range: [1, 2, 3, 4] }));
  for (const other of [{ ...plan, id: 'other' }, { ...plan, severity: 'error' as const }, { ...plan, message: 'n' }, ...[0, 1, 2, 3].map((i) => ({ ...plan, range: plan.range.map((n, j) => (j === i ? n + 1 : n)) as unknown as typeof plan.range }))]) {
    assert.ok(!samePlan(plan, other), JSON.stringify(other));
  }
});

test('DocumentLengths carries a length from version to version by the edits, and forgets it when a version is missed', () => {
  const lengths = new DocumentLengths();
  let text = 'abc\r\ndef';
  lengths.note('doc', 2, [{ offset: 0, length: 0, text: 'x' }]);
  assert.equal(lengths.lengthOf('doc', 2), undefined, 'nothing known before a version is measured');
  lengths.set('doc', 2, text.length);
  const events: ((text: string) => TextEdit[])[] = [
    () => [{ offset: 3, length: 2, text: '\n' }],
    // Several cursors: applied in turn, each to the text the previous left.
    () => [
      { offset: 5, length: 1, text: '\u{1F4E8}\u{1F4E8}' },
      { offset: 0, length: 1, text: '' },
    ],
    (now) => [{ offset: 0, length: now.length, text: '' }],
  ];
  let version = 2;
  for (const eventOf of events) {
    const edits = eventOf(text);
    text = applyEdits(text, edits);
    lengths.note('doc', ++version, edits);
    assert.equal(lengths.lengthOf('doc', version), text.length, `version ${version}`);
    assert.equal(lengths.lengthOf('doc', version - 1), undefined, 'only the latest version is known');
  }
  assert.equal(text, '');
  lengths.note('doc', version + 2, [{ offset: 0, length: 0, text: 'x' }]);
  assert.equal(lengths.lengthOf('doc', version + 2), undefined, 'a version missed: the length is measured again');
  lengths.set('doc', 9, 4);
  lengths.forget('doc');
  assert.equal(lengths.lengthOf('doc', 9), undefined);
});

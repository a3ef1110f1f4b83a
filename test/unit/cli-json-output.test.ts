import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsStream } from '../../src/cli/findingsStream';
import { formatJson, jsonItem } from '../../src/cli/format/json';
import { formatText } from '../../src/cli/format/text';
import type { LocatedFinding } from '../../src/cli/located';
import { escapeControlCharactersInJson } from '../../src/policy/controlCharacters';

/** Strings that JSON escapes, or that the output escapes beyond JSON (control characters, line separators). */
const AWKWARD = ['plain', 'quote " and \\ backslash', 'tab\there\nline', '\u0000\u001f\u007f\u0085\u009b', '\u2028\u2029', 'bidi \u202e\u2066', 'lone \ud800 surrogate', 'emoji 😀', 'ÿ ü 漢字', ''];

function findingsOf(count: number): LocatedFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    file: `dir/${AWKWARD[i % AWKWARD.length]}-${i}.json`,
    line: i + 1,
    column: (i % 80) + 1,
    endLine: i + 2,
    endColumn: 1,
    severity: (['error', 'warning', 'info'] as const)[i % 3]!,
    id: `rule-${i % 5}`,
    message: `${AWKWARD[(i + 3) % AWKWARD.length]} ${i}`,
  }));
}

test('a JSON item is JSON.stringify\'s text of the finding indented once more, control characters escaped', () => {
  for (const finding of findingsOf(AWKWARD.length * 3)) {
    const plain = { file: finding.file, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn, severity: finding.severity, id: finding.id, message: finding.message };
    const expected = escapeControlCharactersInJson(`  ${JSON.stringify(plain, null, 2).replace(/\n/g, '\n  ')}`);
    assert.equal(jsonItem(finding), expected, finding.message);
    assert.deepEqual(JSON.parse(formatJson([finding])), [plain]);
  }
});

test('findings of a folder of small files are printed in a few large writes, not one per file', () => {
  const findings = findingsOf(2_000);
  for (const format of ['json', 'text'] as const) {
    const writes: string[] = [];
    const stream = new FindingsStream(format, false, (text) => writes.push(text));
    // A thousand files of two findings each, as a folder of small policies gives them.
    for (let i = 0; i < findings.length; i += 2) stream.add(findings.slice(i, i + 2));
    stream.end();
    const printed = writes.join('');
    assert.equal(printed, format === 'json' ? formatJson(findings) : formatText(findings));
    assert.ok(writes.length <= Math.ceil(printed.length / (64 * 1024)) + 1, `${format}: ${writes.length} writes for ${printed.length} characters`);
    // No write is much larger than the threshold: a file of very many findings is not held whole.
    assert.ok(writes.every((text) => text.length < 64 * 1024 + 1_000), format);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';
import type { PolicyValue } from '../../src/policy/model';
import type { Span } from '../../src/policy/tree';
import { allJsonFixturePaths } from '../support/fixtures';
import { readFileSync } from 'node:fs';

/**
 * The model's spans are read from its nodes when asked for (values, condition entries) and the strict JSON
 * reader's nodes make theirs on demand: each must still cover exactly what it names in the text. Checked
 * against the text itself, not against the model's own code: a value's span holds its JSON spelling, a
 * condition entry's operator and key spans their quoted names, its entry span runs from the key to the end of
 * its value.
 */

const slice = (text: string, span: Span) => text.slice(span.offset, span.offset + span.length);

function checkValue(text: string, value: PolicyValue, where: string): void {
  const spelled = slice(text, value.span);
  assert.deepEqual(value.span, value.node.span, `${where}: the value's span is its node's`);
  if (value.isToken) return;
  if (value.node.type === 'scalar' && typeof value.node.value === 'number') assert.equal(spelled, value.text, `${where}: number`);
  else assert.equal(JSON.parse(spelled), value.text, `${where}: string`);
}

test('the spans of every value and condition entry of the JSON fixtures cover what they name', () => {
  let entries = 0;
  let values = 0;
  for (const path of allJsonFixturePaths({ includeExpected: false })) {
    const text = readFileSync(path, 'utf8');
    const { file, syntaxErrors } = lintJsonText(text);
    // Text with syntax errors is read by jsonc-parser's visitor (plain objects); the strict reader is the subject here.
    if (!file || syntaxErrors.length > 0) continue;
    for (const statement of file.statements) {
      const where = `${path} @${statement.node.span.offset}`;
      for (const value of [...statement.actions, ...statement.resources, ...statement.principals.map((p) => p.value)]) {
        checkValue(text, value, where);
        values++;
      }
      for (const entry of statement.conditions) {
        if (entry.fromAddPermission) continue;
        assert.equal(JSON.parse(slice(text, entry.operatorSpan)), entry.operator, `${where}: operator span`);
        assert.equal(JSON.parse(slice(text, entry.keySpan)), entry.key, `${where}: key span`);
        const valueSpan = entry.valueNode.span;
        assert.equal(entry.entrySpan.offset, entry.keySpan.offset, `${where}: entry starts at its key`);
        assert.equal(entry.entrySpan.offset + entry.entrySpan.length, valueSpan.offset + valueSpan.length, `${where}: entry ends with its value`);
        assert.match(slice(text, entry.entrySpan).slice(entry.keySpan.length), /^\s*(\/\*.*?\*\/\s*)*:/s, `${where}: a colon follows the key`);
        assert.ok(entry.block && entry.block.span.offset < entry.keySpan.offset && text[entry.block.span.offset] === '{', `${where}: the block holds the entry`);
        for (const value of entry.values) {
          checkValue(text, value, `${where} ${entry.key}`);
          assert.ok(value.span.offset >= valueSpan.offset && value.span.offset + value.span.length <= valueSpan.offset + valueSpan.length, `${where}: the value lies in the entry's value`);
          values++;
        }
        entries++;
      }
    }
  }
  // The corpus must exercise what is checked.
  assert.ok(entries > 500 && values > 2_000, `${entries} entries and ${values} values checked`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintJsonText } from '../../src/formats/json/plainJson';

/**
 * lint.ts keeps a finding's span object as the rule gave it when it lies inside the text (no copy per finding)
 * and clamps the others: a node left open by an unterminated comment reaches one past the end.
 */
test('finding and statement spans stay inside the text, also where an open comment ends it', () => {
  const grant = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"';
  let checked = 0;
  for (const tail of [' /*', ', "Condition": {} /*', ' /* x', '}] /*', '}]}']) {
    const text = grant + tail;
    for (const finding of lintJsonText(text).findings) {
      for (const span of [finding.span, finding.statementSpan]) {
        if (!span) continue;
        assert.ok(span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length, `${finding.id} ${JSON.stringify(span)} in ${JSON.stringify(tail)}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `only ${checked} spans checked`);
});

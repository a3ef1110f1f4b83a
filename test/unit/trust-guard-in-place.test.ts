import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { statementReadingsBothWays } from '../../src/policy/fixes/trustGuard';
import { JSON_EDITING, lintJsonText } from '../../src/formats/json/plainJson';
import { allJsonFixturePaths } from '../support/fixtures';

/**
 * The trust guard reads a JSON statement as it was from the tree already read, instead of reading the text of
 * the statement's own document again (src/policy/fixes/trustGuard.ts): where the file holds no syntax error,
 * the two readings (trusted accounts, error finding ids) must be equal. Every statement of every JSON fixture.
 */

const jsonFixtures = (): string[] => allJsonFixturePaths({ includeExpected: false });

test('every statement of every JSON fixture without a syntax error reads the same in place as from its own text', (t) => {
  let statements = 0;
  for (const path of jsonFixtures()) {
    const text = readFileSync(path, 'utf8');
    const { file, syntaxErrors } = lintJsonText(text);
    if (!file || syntaxErrors.length > 0) continue;
    for (const statement of file.statements) {
      const { inPlace, fromText } = statementReadingsBothWays(text, statement, JSON_EDITING.lintStatementAlone!);
      assert.deepEqual(inPlace, fromText, `${path} at ${statement.node.span.offset}`);
      statements++;
    }
  }
  t.diagnostic(`${statements} statements read both ways`);
  assert.ok(statements > 500, `${statements} statements`);
});

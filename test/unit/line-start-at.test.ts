import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lineAt, lineStartsOf } from '../../src/policy/positions';
import { lineStartAt, suppressNextLineEdit } from '../../src/policy/suppressions';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * The suppression quick fix finds the finding's line and the one above from the offset back (`lineStartAt`)
 * instead of a table of every line start of the text: at every offset of texts with every line end (`\n`,
 * `\r\n`, a lone `\r`, mixed, none), the line start `lineStartsOf` gives, and the comment edit the table gave.
 */

const ENDINGS = ['\n', '\r\n', '\r'];

function texts(): string[] {
  const made = ['', 'a', '\n', '\r\n', '\r', '\n\n', '\r\r', '\r\n\r\n', 'a\rb\nc\r\nd', '\n\r', 'x\r\n\ny\r'];
  for (const end of ENDINGS) made.push(['  # ses-grants-disable-next-line s3-missing-source-account', '  Key: value', '', 'Other: 1'].join(end) + end);
  const yaml = projectYamlFiles().slice(0, 12).map((path) => readFileSync(path, 'utf8'));
  return [...made, ...yaml, ...yaml.map((t) => t.replace(/\r?\n/g, '\r\n')), ...yaml.slice(0, 3).map((t) => t.replace(/\r?\n/g, '\r'))];
}

/** The edit as the table of line starts made it (the code before `lineStartAt`). */
function editByTable(text: string, offset: number, id: string): { offset: number; length: number; content: string } {
  const starts = lineStartsOf(text);
  const line = lineAt(starts, offset);
  const lineStart = starts[line]!;
  const above = line > 0 ? text.slice(starts[line - 1]!, lineStart).replace(/\r?\n$|\r$/, '') : undefined;
  const existing = above === undefined ? null : /^[ \t]*#[ \t]*ses-grants-disable-next-line(?:[ \t,]+(?!--)[\w-]+)+/.exec(above);
  if (existing) return { offset: starts[line - 1]! + existing[0].length, length: 0, content: `, ${id}` };
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  const lineEnd = /\r\n|\r|\n/.exec(text.slice(lineStart))?.[0] ?? (text.includes('\r\n') ? '\r\n' : '\n');
  return { offset: lineStart, length: 0, content: `${indentation}# ses-grants-disable-next-line ${id}${lineEnd}` };
}

test('the line start found back from an offset is the table\'s, at every offset, with every line end', () => {
  let checked = 0;
  for (const text of texts()) {
    const starts = lineStartsOf(text);
    for (let offset = 0; offset <= text.length; offset++) {
      assert.equal(lineStartAt(text, offset), starts[lineAt(starts, offset)], `${JSON.stringify(text.slice(Math.max(0, offset - 20), offset + 20))} at ${offset}`);
      checked++;
    }
  }
  assert.ok(checked > 10_000);
});

test('the suppression comment edit is the one the table of line starts gave, at every line start and a few offsets into each line', () => {
  for (const text of texts()) {
    const starts = lineStartsOf(text);
    for (const start of starts) {
      for (const offset of [start, Math.min(text.length, start + 2)]) {
        assert.deepEqual(suppressNextLineEdit(text, offset, 'kms-missing-source-arn', '#'), editByTable(text, offset, 'kms-missing-source-arn'), `${JSON.stringify(text.slice(Math.max(0, offset - 60), offset + 20))} at ${offset}`);
      }
    }
  }
});

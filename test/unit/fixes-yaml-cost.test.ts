import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/formats';
import { fixAllPlainJson } from '../../src/formats/json/plainJson';
import { fixtureValues } from '../support/fixFixtures';
import { templateWithOpenGrants } from '../support/generatedTemplates';

/**
 * Fix-all on a YAML template costs in proportion to the template, not to the template times its open grants:
 * each fix reads its own statement, and the template is parsed by the lints of fix-all's rounds. Measured as
 * the characters the `yaml` package parses (its `parseDocument`, watched for the length of the call; the real
 * parser runs), never as time: a count does not depend on the machine.
 */

// The same module object the linter and the fixes call into.
const yaml = require('yaml') as { parseDocument: (text: string, ...rest: unknown[]) => unknown };

function charactersParsedBy(run: () => void): number {
  const parseDocument = yaml.parseDocument;
  let characters = 0;
  yaml.parseDocument = (text: string, ...rest: unknown[]) => {
    characters += text.length;
    return parseDocument(text, ...rest);
  };
  try {
    run();
  } finally {
    yaml.parseDocument = parseDocument;
  }
  return characters;
}

const lint = (text: string) => lintText(text, { fileName: 'stack.yaml' });
const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' } as const;

/** Tags shared through an anchor and an alias, away from every policy. */
const SHARED_TAGS = ['  Shared:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: &tags [{ Key: team, Value: mail }]', '  Archive:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: *tags', ''].join('\n');

for (const [grants, aliases] of [[20, false], [200, false], [200, true]] as const) {
  const title = `fix-all on a template with ${grants} open grants${aliases ? ' and an alias elsewhere' : ''} parses a few times its size, not ${grants} times`;
  test(title, () => {
    const text = templateWithOpenGrants(grants) + (aliases ? SHARED_TAGS : '');
    assert.equal(lint(text).findings.filter((f) => f.id === 's3-missing-source-conditions').length, grants);
    let fixed = '';
    const parsed = charactersParsedBy(() => {
      fixed = fixAllPlainJson(text, fixtureValues(), formatting, lint);
    });
    assert.deepEqual(lint(fixed).findings.filter((f) => f.id === 's3-missing-source-conditions'), [], 'every grant is fixed');
    // Two lints (before and after the round, the second of a longer text) and one small check per fix.
    assert.ok(parsed <= 5 * text.length, `${parsed} characters parsed for a ${text.length}-character template`);
  });
}

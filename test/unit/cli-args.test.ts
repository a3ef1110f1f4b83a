import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/io';
import { toRelativeUri } from '../../src/cli/format/sarif';
import { displayPath } from '../../src/cli/lintCommand';

const SPECS = [
  { name: 'format', takesValue: true, short: 'f' },
  { name: 'quiet', takesValue: false, short: 'q' },
];

test('options with separate and inline values, short aliases, positionals, and -- ending options', () => {
  const parsed = parseArgs(['a', '--format=json', '-q', 'b', '--', '--quiet', '-f'], SPECS);
  assert.deepEqual(parsed.positionals, ['a', 'b', '--quiet', '-f']);
  assert.deepEqual([...parsed.options], [['format', 'json'], ['quiet', true]]);
  assert.deepEqual([...parseArgs(['-f', 'sarif', '--format', 'text'], SPECS).options], [['format', 'text']]);
});

test('unknown options, missing values and values on flags are usage errors', () => {
  assert.throws(() => parseArgs(['--formt', 'json'], SPECS), (e) => e instanceof UsageError && /unknown option --formt/.test(e.message));
  assert.throws(() => parseArgs(['--format'], SPECS), /--format needs a value/);
  assert.throws(() => parseArgs(['--quiet=yes'], SPECS), /--quiet takes no value/);
  assert.throws(() => parseArgs(['-x'], SPECS), /unknown option -x/);
});

test('SARIF URIs are relative with forward slashes and encoded segments', () => {
  assert.equal(toRelativeUri('policies\\my bucket#1.json'), 'policies/my%20bucket%231.json');
  assert.equal(toRelativeUri('../shared/policy.json'), '../shared/policy.json');
});

test('displayed paths are relative to the working folder', () => {
  assert.equal(displayPath('/repo', '/repo/policies/a.json'), 'policies/a.json');
  assert.equal(displayPath('/repo', '/repo'), '.');
  assert.equal(displayPath('/repo', '/other/a.json'), '../other/a.json');
});

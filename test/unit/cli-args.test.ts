import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/io';
import { toRelativeUri } from '../../src/cli/format/sarif';
import { displayPath } from '../../src/cli/lintCommand';
import { isAbsolute, relative, sep } from 'node:path';
import { mulberry32 } from '../support/random';

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


test('displayed paths: the walk\'s shortcut gives what path.relative gives, on 5,000 seeded pairs of paths', () => {
  // The definition displayPath keeps (on this system's separator): relative to the working folder, '.' for the
  // folder itself, the absolute path where no relative one exists.
  const byRelative = (cwd: string, absolute: string) => {
    const rel = relative(cwd, absolute);
    const shown = rel === '' ? '.' : isAbsolute(rel) ? absolute : rel;
    return sep === '/' ? shown : shown.split(sep).join('/');
  };
  const random = mulberry32(2025);
  const segments = ['a', 'b', 'policies', '.', '..', '', '.git', '..a', 'a..', '.a', 'x.json', ' '];
  const pick = () => segments[Math.floor(random() * segments.length)]!;
  let shortcut = 0;
  for (let round = 0; round < 5_000; round++) {
    const cwd = '/' + Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join('/');
    const rest = Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join('/') + (random() < 0.1 ? '/' : '');
    const absolute = random() < 0.8 ? `${cwd}/${rest}` : `/${rest}`;
    if (absolute.startsWith(cwd + '/') && !/(^|\/)\.{0,2}(\/|$)/.test(absolute.slice(cwd.length + 1))) shortcut++;
    assert.equal(displayPath(cwd, absolute), byRelative(cwd, absolute), `${cwd} ${absolute}`);
  }
  assert.ok(shortcut > 500, `${shortcut} pairs took the shortcut`);
});

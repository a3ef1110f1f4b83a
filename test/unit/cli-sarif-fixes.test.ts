import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { FIXTURES } from '../support/paths';
import { inCopy } from '../support/tempCopy';

/**
 * What SARIF carries for code scanning beyond the finding: `partialFingerprints` that stay the same when
 * lines move (so an alert is not closed and reopened when code is added above it), and the fix `--fix` would
 * apply as a SARIF `fixes` entry, with the values of the configuration file and the options.
 */
interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Region } }[];
  partialFingerprints?: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
}

const VALUES = join(FIXTURES, 'cli', 'fix', 'values');

function results(args: readonly string[], cwd: string): SarifResult[] {
  const run = runCli(['lint', '--format', 'sarif', ...args], cwd);
  return (JSON.parse(run.stdout) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
}

function fingerprint(result: SarifResult): string {
  const values = Object.values(result.partialFingerprints ?? {});
  assert.equal(values.length, 1, JSON.stringify(result.partialFingerprints));
  return values[0]!;
}

/** Applies SARIF replacements (1-based lines and columns, end exclusive) to a text, last first. */
function applyReplacements(text: string, replacements: readonly { deletedRegion: Region; insertedContent: { text: string } }[]): string {
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const offset = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
  const edits = replacements.map((r) => ({
    start: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn),
    end: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn),
    text: r.insertedContent.text,
  }));
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

test('fingerprints stay the same when lines are added above and the file is re-indented; they change with the statement', () => {
  inCopy(join(VALUES, 'input'), (root) => {
    const before = results(['bucket.json', 'key-policy.jsonc'], root);
    assert.ok(before.length >= 2);
    const text = readFileSync(join(root, 'bucket.json'), 'utf8');
    writeFileSync(join(root, 'bucket.json'), '\n\n\n' + text.replace(/\n {2}/g, '\n    '));
    const moved = results(['bucket.json', 'key-policy.jsonc'], root);
    assert.deepEqual(moved.map((r) => r.ruleId), before.map((r) => r.ruleId));
    assert.notDeepEqual(moved.map((r) => r.locations[0]!.physicalLocation.region.startLine), before.map((r) => r.locations[0]!.physicalLocation.region.startLine));
    assert.deepEqual(moved.map(fingerprint), before.map(fingerprint));
    writeFileSync(join(root, 'bucket.json'), text.replace('mail-inbox', 'other-inbox'));
    const edited = results(['bucket.json'], root);
    assert.notEqual(fingerprint(edited[0]!), fingerprint(before[0]!));
  });
});

test('two identical findings in one file get different fingerprints', () => {
  inCopy(join(VALUES, 'input'), (root) => {
    const text = readFileSync(join(root, 'bucket.json'), 'utf8');
    const statement = text.slice(text.indexOf('    {'), text.indexOf('\n  ]'));
    writeFileSync(join(root, 'bucket.json'), text.replace(statement, `${statement},\n${statement}`));
    const found = results(['bucket.json'], root).filter((r) => r.ruleId === 's3-resource-not-object-arn');
    assert.equal(found.length, 2);
    assert.notEqual(fingerprint(found[0]!), fingerprint(found[1]!));
  });
});

test('a result carries the fix --fix would apply: applied, its finding is gone', () => {
  const found = results(['bucket.json'], join(VALUES, 'input'));
  const text = readFileSync(join(VALUES, 'input', 'bucket.json'), 'utf8');
  assert.deepEqual(found.map((r) => r.ruleId).sort(), ['s3-missing-source-conditions', 's3-resource-not-object-arn']);
  for (const result of found) {
    const fix = result.fixes?.[0];
    assert.ok(fix, `${result.ruleId} has a fix`);
    assert.equal(result.fixes!.length, 1);
    assert.ok(fix.description.text.length > 0);
    const change = fix.artifactChanges[0]!;
    assert.equal(change.artifactLocation.uri, 'bucket.json');
    const fixed = applyReplacements(text, change.replacements);
    inCopy(join(VALUES, 'input'), (root) => {
      writeFileSync(join(root, 'bucket.json'), fixed);
      const after = results(['bucket.json'], root).map((r) => r.ruleId);
      assert.ok(!after.includes(result.ruleId), `${result.ruleId} is fixed: ${after.join(', ')}`);
    });
  }
  const withConditions = found.find((r) => r.ruleId === 's3-missing-source-conditions')!;
  assert.match(withConditions.fixes![0]!.artifactChanges[0]!.replacements.map((r) => r.insertedContent.text).join(''), /receipt-rule-set\/inbound:receipt-rule\/archive/);
});

test('a fix that needs a value nobody gave is no SARIF fix', () => {
  const folder = join(FIXTURES, 'cli', 'fix', 'no-values', 'input');
  const found = results(['open-bucket.json'], folder);
  assert.deepEqual(found.map((r) => r.ruleId), ['s3-missing-source-conditions']);
  assert.equal(found[0]!.fixes, undefined);
  const given = results(['--account', '111122223333', '--region', 'us-east-1', '--any-rule', 'open-bucket.json'], folder);
  assert.equal(given[0]!.fixes?.length, 1);
});

test('a finding in a Markdown code block carries its fix, written at the block\'s indentation', () => {
  inCopy(join(VALUES, 'input'), (root) => {
    const readme = join(root, 'README.md');
    const policy = readFileSync(join(root, 'bucket.json'), 'utf8');
    writeFileSync(readme, `# Mail\n\n- The bucket:\n\n  \`\`\`json\n${policy.replace(/^(?=.)/gm, '  ')}  \`\`\`\n`);
    const found = results(['README.md'], root).filter((r) => r.fixes);
    assert.ok(found.length > 0, 'some result has a fix');
    const text = readFileSync(readme, 'utf8');
    for (const result of found) {
      const fixed = applyReplacements(text, result.fixes![0]!.artifactChanges[0]!.replacements);
      assert.ok(fixed.split('\n').slice(5, -2).every((line) => line === '' || line.startsWith('  ')), `every line of the block keeps its indentation:\n${fixed}`);
      writeFileSync(readme, fixed);
      assert.ok(!results(['README.md'], root).some((r) => r.ruleId === result.ruleId && r.locations[0]!.physicalLocation.region.startLine === result.locations[0]!.physicalLocation.region.startLine), `${result.ruleId} is gone after its fix`);
      writeFileSync(readme, text);
    }
  });
});

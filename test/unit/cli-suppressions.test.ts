import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import { runCli, type JsonFinding } from '../support/cli';
import { REPO_ROOT } from '../support/paths';

/** `ses-grants lint` honours inline suppressions: what they hide is not printed, and never a parse error. */

const FOLDER = 'test/fixtures/cli/suppressions';

function hiddenIds(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, FOLDER, file), 'utf8');
  const all = lintText(text, { fileName: file }, { ignoreSuppressions: true }).findings.map((f) => f.id);
  const shown = lintText(text, { fileName: file }).findings.map((f) => f.id);
  return all.filter((id) => !shown.includes(id));
}

test('the suppression fixtures hide real findings (so the checks below can fail)', () => {
  assert.deepEqual(hiddenIds('sandbox-bucket.jsonc'), ['s3-missing-source-conditions']);
  assert.deepEqual(hiddenIds('mail-stack.yaml'), ['s3-action-too-broad']);
  assert.deepEqual(hiddenIds('broken-grant.json'), ['s3-missing-source-conditions']);
});

test('suppressed findings are not printed; unused suppressions and parse errors are', () => {
  const run = runCli(['lint', '--format', 'json', FOLDER]);
  assert.equal(run.status, 1, 'the parse error is still an error');
  const findings = (JSON.parse(run.stdout) as JsonFinding[]).map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`);
  assert.deepEqual(findings, [
    `${FOLDER}/broken-grant.json:8:7 parse-error`,
    `${FOLDER}/mail-stack.yaml:14:44 unused-suppression`,
  ]);
});

test('a file whose only finding is suppressed lints clean in every output format', () => {
  const file = `${FOLDER}/sandbox-bucket.jsonc`;
  const text = runCli(['lint', file]);
  assert.equal(text.status, 0);
  assert.equal(text.stdout, '');
  assert.match(text.stderr, /^0 errors, 0 warnings, 0 info in 1 file\n$/);
  const json = runCli(['lint', '--format', 'json', file]);
  assert.deepEqual(JSON.parse(json.stdout), []);
  const sarif = runCli(['lint', '--format', 'sarif', file]);
  assert.deepEqual((JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results, []);
});

test('the SARIF rules list unused-suppression like every other id', () => {
  const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', `${FOLDER}/mail-stack.yaml`]).stdout) as {
    runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string }[] }[];
  };
  const run = sarif.runs[0]!;
  assert.equal(run.tool.driver.rules.find((r) => r.id === 'unused-suppression')?.defaultConfiguration.level, 'note');
  assert.deepEqual(run.results.map((r) => [r.ruleId, r.level]), [['unused-suppression', 'note']]);
});

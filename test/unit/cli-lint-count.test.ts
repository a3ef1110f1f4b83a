import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigFinder } from '../../src/cli/configFiles';
import { analysesMade } from '../../src/cli/fileAnalysis';
import { runLintJob } from '../../src/cli/lintJob';
import { parseLintRequest } from '../../src/cli/lintOptions';
import { settingsFor } from '../../src/cli/runSettings';
import { TerraformModules } from '../../src/cli/terraformModules';
import { FIXTURES } from '../support/paths';

/**
 * How many times the command line analyses a file, counted by the CLI itself (every whole-file analysis goes
 * through src/cli/fileAnalysis.ts), on the files `cli-fix.test.ts` fixes: the file as read is linted once,
 * fix-all starts from that lint (as the editor's starts from the version's analysis), and the fixed file's
 * findings, and the values its remaining fixes need, are read from fix-all's last round. Before, `--fix` linted
 * a fixed file four times where two do (its lint, fix-all's own first lint, the round's check, the fixed
 * text's lint), and a fix needing values nobody gave a fifth time. The output is held byte for byte by the
 * CLI fixture tests (cli-fix.test.ts, cli-sarif-fixes.test.ts).
 */

const FIX = join(FIXTURES, 'cli', 'fix');

async function lintsOf(args: readonly string[], file: string): Promise<{ lints: number; fixed: boolean; findings: number }> {
  const request = parseLintRequest(args);
  const job = {
    path: file,
    display: file,
    settings: settingsFor(new ConfigFinder().forFile(file), request),
    fix: request.fix,
    sarif: request.format === 'sarif',
  };
  const before = analysesMade();
  const outcome = await runLintJob(job, new TerraformModules());
  const lints = analysesMade() - before;
  assert.equal(outcome.kind, 'linted', file);
  const linted = outcome.kind === 'linted' ? outcome.file : undefined;
  return { lints, fixed: linted?.fixed !== undefined, findings: linted?.findings.length ?? -1 };
}

// Each file, the number of analyses, what it was before they were handed on (`was`: for the name only), and
// whether fixes change it. One round of fixes: the lint as read and the round's check lint, which is the fixed
// text's lint.
const CASES: readonly { file: string; args: readonly string[]; lints: number; was: number; fixed: boolean }[] = [
  // Two rounds (the bucket's Resource made its objects', then the grant's conditions): two check lints.
  { file: 'values/input/bucket.json', args: ['--fix'], lints: 3, was: 5, fixed: true },
  { file: 'values/input/key-policy.jsonc', args: ['--fix'], lints: 2, was: 4, fixed: true },
  { file: 'values/input/templates/mail-stack.yaml', args: ['--fix'], lints: 2, was: 4, fixed: true },
  { file: 'values/input/setup-lambda-permission.sh', args: ['--fix'], lints: 2, was: 4, fixed: true },
  { file: 'values/input/bucket.json', args: ['--fix-dry-run'], lints: 3, was: 5, fixed: true },
  // Nothing to fix: one lint.
  { file: 'values/input/clean.json', args: ['--fix'], lints: 1, was: 1, fixed: false },
  // The fix needs values nobody gave: fix-all applies nothing, and the values it needs are read from the same lint.
  { file: 'no-values/input/open-bucket.json', args: ['--fix'], lints: 1, was: 3, fixed: false },
  // SARIF's fixes (what --fix would apply) are read from the file's lint.
  { file: 'values/input/bucket.json', args: ['--format', 'sarif'], lints: 1, was: 2, fixed: false },
];

for (const { file, args, lints, was, fixed } of CASES) {
  test(`ses-grants lint ${args.join(' ')} ${file}: the file analysed ${lints === 1 ? 'once' : `${lints} times`} (was ${was})`, async () => {
    const run = await lintsOf(args, join(FIX, file));
    assert.equal(run.fixed, fixed, 'fixed');
    assert.ok(run.findings >= 0);
    assert.equal(run.lints, lints, 'analyses of the file');
  });
}

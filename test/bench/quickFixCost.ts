import { analyze, fixesReadAheadOf } from '../../src/service';
import { quickFixPlans } from '../../src/extension/featurePlans';
import { templateOfSize } from '../support/generatedTemplates';
import { policyOfAbout } from '../support/largePolicy';

/**
 * Code-action requests (quick fixes and the suppression) at the first finding of a large file, as the worker
 * answers them from the version's analysis, against one lint of that file: bundled with dist/'s settings by
 * scripts/quickfix-cost.mjs, which runs it under callgrind (load-independent instruction counts) or times it.
 * `node quickfix-cost.js <mode> <count> [bytes] [template|policy]`, the subject `templateOfSize(bytes)` or
 * `policyOfAbout(bytes, true)` (a finding per statement, as the editor bench's findings row):
 * - `setup` analyses it only; `lint` then lints it `count` times more;
 * - `fix` asks the request `count` times (the first pays what a version's first request pays);
 * - `ahead` reads ahead what the worker reads after sending the diagnostics (readAhead.ts), to the end;
 *   `aheadfix` does that, then asks the request `count` times.
 */
const mode = process.argv[2] ?? 'fix';
const count = Number(process.argv[3] ?? 1);
const bytes = Number(process.argv[4] ?? 1_000_000);
const subject = process.argv[5] ?? 'template';
const text = subject === 'policy' ? policyOfAbout(bytes, true) : templateOfSize(bytes);
const hint = subject === 'policy' ? { languageId: 'json', fileName: 'policy.json' } : { languageId: 'yaml', fileName: 'stack.yaml' };
const analysis = analyze(text, hint);
const finding = analysis.result.findings[0]!;
const target = { id: finding.id, offset: finding.span.offset, length: finding.span.length };
const settings = { settingValues: {}, formatting: { insertSpaces: true, tabSize: 2, eol: '\n' as const }, locale: 'en' };
const started = performance.now();
if (mode === 'ahead' || mode === 'aheadfix') {
  const step = fixesReadAheadOf(analysis);
  while (!step(64 * 1024));
}
let titles: string[] = [];
for (let i = 0; i < count; i++) {
  if (mode === 'lint') analyze(text + ' '.repeat(i + 1), hint);
  if (mode === 'fix' || mode === 'aheadfix') titles = (quickFixPlans(analysis, [target], settings)[0]?.fixes ?? []).map((fix) => fix.title);
}
console.log(JSON.stringify({ mode, count, bytes, subject, msEach: Number(((performance.now() - started) / Math.max(count, 1)).toFixed(1)), titles }));

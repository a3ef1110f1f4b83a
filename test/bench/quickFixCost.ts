import { analyze } from '../../src/service';
import { quickFixPlans } from '../../src/extension/featurePlans';
import { templateOfSize } from '../support/generatedTemplates';

/**
 * One code-action request (quick fixes and the suppression) at the first finding of `templateOfSize(bytes)`, as
 * the worker answers it from the version's analysis, against one lint of that template: bundled with dist/'s
 * settings by scripts/quickfix-cost.mjs, which runs it under callgrind (load-independent instruction counts) or
 * times it. `node quickfix-cost.js <setup|lint|fix> <count> [bytes]`: `setup` analyses the template only, `lint`
 * then lints it `count` times more, `fix` asks the request `count` times (the first pays what a version's first
 * request pays: the YAML editor's reading of the file's style).
 */
const mode = process.argv[2] ?? 'fix';
const count = Number(process.argv[3] ?? 1);
const bytes = Number(process.argv[4] ?? 1_000_000);
const text = templateOfSize(bytes);
const hint = { languageId: 'yaml', fileName: 'stack.yaml' };
const analysis = analyze(text, hint);
const finding = analysis.result.findings[0]!;
const target = { id: finding.id, offset: finding.span.offset, length: finding.span.length };
const settings = { settingValues: {}, formatting: { insertSpaces: true, tabSize: 2, eol: '\n' as const }, locale: 'en' };
const started = performance.now();
let titles: string[] = [];
for (let i = 0; i < count; i++) {
  if (mode === 'lint') analyze(text + ' '.repeat(i + 1), hint);
  if (mode === 'fix') titles = (quickFixPlans(analysis, [target], settings)[0]?.fixes ?? []).map((fix) => fix.title);
}
console.log(JSON.stringify({ mode, count, bytes, msEach: Number(((performance.now() - started) / Math.max(count, 1)).toFixed(1)), titles }));

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, fixesReadAheadOf, type Analysis } from '../../src/service';
import { quickFixPlans, type FixRequestSettings } from '../../src/extension/featurePlans';
import { ReadAhead } from '../../src/extension/offThread/readAhead';
import { inferValues, statementOf } from '../../src/policy/fixes';
import { ValuesReading } from '../../src/policy/fixes/infer';
import type { FormatHint } from '../../src/formats';
import { templateOfSize, templateWithOpenGrants } from '../support/generatedTemplates';
import { policyOfAbout } from '../support/largePolicy';
import { projectYamlFiles } from '../support/yamlFiles';
import { allJsonFixturePaths } from '../support/fixtures';

/**
 * What the version's quick fixes read of the whole file, read ahead (src/policy/fixes/readAhead.ts, as the
 * analysis worker does between its messages, src/extension/offThread/readAhead.ts), changes no fix: the plans
 * are those of a fresh analysis with nothing read ahead, whether the reading was finished or stopped anywhere;
 * and what it read of one version is never served to another (a style edited between versions).
 */

const SETTINGS: FixRequestSettings = { settingValues: {}, formatting: { insertSpaces: true, tabSize: 2, eol: '\n' }, locale: 'en' };
const YAML: FormatHint = { languageId: 'yaml', fileName: 'stack.yaml' };

function plansOf(analysis: Analysis, limit = 4): string {
  const targets = analysis.result.findings.slice(0, limit).map((f) => ({ id: f.id, offset: f.span.offset, length: f.span.length }));
  return JSON.stringify(quickFixPlans(analysis, targets, SETTINGS));
}

/** Reads ahead `steps` steps of `chars` (to the end with Infinity); whether the reading ended. */
function readAhead(analysis: Analysis, chars: number, steps: number): boolean {
  const step = fixesReadAheadOf(analysis);
  for (let i = 0; i < steps; i++) if (step(chars)) return true;
  return false;
}

function subjects(): { label: string; text: string; hint: FormatHint }[] {
  const list = [
    { label: 'generated template', text: templateWithOpenGrants(12), hint: YAML },
    { label: 'template of 40 KB', text: templateOfSize(40_000), hint: YAML },
    { label: 'template of 40 KB, CRLF', text: templateOfSize(40_000).replace(/\n/g, '\r\n'), hint: YAML },
    { label: 'policy of 40 KB', text: policyOfAbout(40_000, true), hint: { languageId: 'json', fileName: 'policy.json' } },
  ];
  for (const path of projectYamlFiles()) list.push({ label: path, text: readFileSync(path, 'utf8'), hint: { languageId: 'yaml', fileName: path } });
  // Every third JSON fixture: the JSON paths are the index by span and the values, the same for all.
  for (const path of allJsonFixturePaths({ includeExpected: false }).filter((_, i) => i % 3 === 0)) list.push({ label: path, text: readFileSync(path, 'utf8'), hint: { languageId: 'json', fileName: path } });
  return list;
}

test('quick fixes are the same with the read-ahead finished, stopped anywhere, or not begun', () => {
  let compared = 0;
  let withFixes = 0;
  for (const { label, text, hint } of subjects()) {
    const expected = plansOf(analyze(text, hint));
    if (analyze(text, hint).result.findings.length === 0) continue;
    for (const [chars, steps] of [[Infinity, 1], [64, 3], [1, 2]] as const) {
      const analysis = analyze(text, hint);
      readAhead(analysis, chars, steps);
      assert.equal(plansOf(analysis), expected, `${label}: read ahead ${chars} × ${steps}`);
      compared++;
    }
    if (expected.includes('"edits":[{')) withFixes++;
  }
  assert.ok(compared > 150 && withFixes > 30, `${compared} comparisons, ${withFixes} texts with fixes`);
});

test('a version whose style was edited gets its own style, not the one read ahead of the version before', () => {
  const lf = templateWithOpenGrants(6);
  // Line ends, and the indentation step (4, was 2): what the inserted condition block is written with.
  const crlf = lf.replace(/\n/g, '\r\n');
  const wider = lf.replace(/^( +)(- )?/gm, (_, spaces: string, dash: string | undefined) => spaces + spaces + (dash ? '-   ' : ''));
  // Fresh, nothing read ahead: what each version's fixes are.
  const expected = new Map([lf, crlf, wider].map((text) => [text, plansOf(analyze(text, YAML))]));
  assert.ok(expected.get(crlf)!.includes('\\r\\n') && !expected.get(lf)!.includes('\\r\\n'), 'the CRLF version writes its line ends');
  assert.ok(expected.get(wider)!.includes(`\\n${' '.repeat(28)}StringEquals:`) && expected.get(lf)!.includes(`\\n${' '.repeat(14)}StringEquals:`), 'each version indents by its own step');
  for (const [first, second] of [[lf, crlf], [crlf, lf], [lf, wider], [wider, lf]] as const) {
    for (const [chars, steps] of [[Infinity, 1], [100, 2], [0, 0]] as const) {
      const older = analyze(first, YAML);
      assert.ok(readAhead(older, Infinity, 1));
      plansOf(older);
      const newer = analyze(second, YAML);
      readAhead(newer, chars, steps);
      assert.equal(plansOf(newer), expected.get(second), `the newer version's fixes after ${chars} × ${steps} of its own read-ahead`);
    }
  }
});

test('the values a file states, read statement by statement, are inferValues of the whole file', () => {
  let files = 0;
  for (const { label, text, hint } of subjects()) {
    const file = analyze(text, hint).result.file;
    if (!file) continue;
    const reading = new ValuesReading(file.statements);
    while (!reading.advance(1));
    assert.deepEqual(reading.values, inferValues(analyze(text, hint).result.file!), label);
    files++;
  }
  assert.ok(files > 60, `${files} files`);
});

test('statementOf finds the first statement with the span, in text order or not', () => {
  let findings = 0;
  for (const { label, text, hint } of subjects()) {
    const { file, findings: found } = analyze(text, hint).result;
    if (!file) continue;
    const linear = (span: { offset: number; length: number } | undefined) => span && file.statements.find((s) => s.node.span.offset === span.offset && s.node.span.length === span.length);
    const reversed = { ...file, statements: [...file.statements].reverse() };
    const linearReversed = (span: { offset: number; length: number } | undefined) => span && reversed.statements.find((s) => s.node.span.offset === span.offset && s.node.span.length === span.length);
    for (const finding of found) {
      assert.equal(statementOf(file, finding), linear(finding.statementSpan), `${label}: ${finding.id} at ${finding.span.offset}`);
      assert.equal(statementOf(reversed, finding), linearReversed(finding.statementSpan), `${label} reversed: ${finding.id}`);
      // A span no statement has: none, whether a statement starts there or not.
      if (finding.statementSpan) assert.equal(statementOf(file, { ...finding, statementSpan: { offset: finding.statementSpan.offset, length: finding.statementSpan.length + 1 } }), undefined);
      findings++;
    }
  }
  assert.ok(findings > 300, `${findings} findings`);
});

test('the worker reads ahead between its messages: a part per macrotask, the latest document first, until its analysis is replaced', () => {
  const queued: (() => void)[] = [];
  const ahead = new ReadAhead((run) => queued.push(run), 10);
  const log: string[] = [];
  let aliveA = true;
  let partsA = 0;
  ahead.start('a', (chars) => (log.push(`a${chars}`), ++partsA >= 3), () => aliveA);
  ahead.start('b', (chars) => (log.push(`b${chars}`), true), () => true);
  assert.equal(queued.length, 1, 'one macrotask at a time');
  queued.shift()!();
  assert.deepEqual(log, ['b10'], 'the latest started first, one part');
  queued.shift()!();
  queued.shift()!();
  aliveA = false;
  queued.shift()!();
  assert.deepEqual(log, ['b10', 'a10', 'a10'], 'a replaced analysis is read no further');
  assert.equal(ahead.pending, false);
  assert.equal(queued.length, 0);
  ahead.start('c', () => {
    throw new Error('a bug in a reading');
  }, () => true);
  assert.doesNotThrow(() => queued.shift()!());
  assert.equal(ahead.pending, false, 'a reading that throws is dropped');
});

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliMeasured, type MeasuredCliRun } from '../support/cli';

/**
 * The command-line tool on input chosen to hurt it, spawned as users run it. Every run has a bound on time
 * (against a hang) and on the child's peak RSS (against a blow-up); the bounds are generous, because the
 * machine may be busy, and the figures measured are printed with the results.
 */

const MB = 1024 * 1024;

function inTempFolder<T>(use: (root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-hostile-'));
  try {
    return use(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function assertBounded(t: TestContext, run: MeasuredCliRun, bound: { maxMs: number; maxRssBytes: number }): void {
  const rss = run.peakRssBytes;
  t.diagnostic(`${Math.round(run.elapsedMs)} ms, peak RSS ${rss === undefined ? '?' : (rss / MB).toFixed(0)} MB`);
  assert.equal(run.signal, null, `the CLI was killed (${run.signal}) after ${Math.round(run.elapsedMs)} ms: it hung`);
  assert.ok(run.elapsedMs < bound.maxMs, `took ${Math.round(run.elapsedMs)} ms, bound ${bound.maxMs} ms`);
  assert.ok(rss !== undefined, 'the CLI did not report its peak RSS: it died');
  assert.ok(rss < bound.maxRssBytes, `peak RSS ${(rss / MB).toFixed(0)} MB, bound ${(bound.maxRssBytes / MB).toFixed(0)} MB`);
}

/** A policy of `count` S3 grants without conditions: one `s3-missing-source-conditions` each, ~120 bytes apiece. */
function manyOpenGrants(count: number): string {
  const statements: string[] = [];
  for (let i = 0; i < count; i++) {
    statements.push(`{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::inbox-${i}/*"}`);
  }
  return `{"Version":"2012-10-17","Statement":[\n${statements.join(',\n')}\n]}\n`;
}

test('150,000 findings in one 17 MB file: every one printed, no stack overflow, memory bounded', (t) => {
  inTempFolder((root) => {
    const path = join(root, 'many-open-grants.json');
    writeFileSync(path, manyOpenGrants(150_000));
    const size = statSync(path).size;
    assert.ok(size > 17 * MB, `${size} bytes`);
    const run = runCliMeasured(['lint', 'many-open-grants.json'], { cwd: root, timeoutMs: 180_000 });
    assertBounded(t, run, { maxMs: 150_000, maxRssBytes: 100 * MB + 50 * size });
    assert.doesNotMatch(run.stderr, /RangeError|internal error/);
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 150_000);
    assert.match(lines[0]!, /^many-open-grants\.json:2:19 error s3-missing-source-conditions SES can write to bucket `inbox-0` /);
    assert.match(lines[149_999]!, /^many-open-grants\.json:150001:19 error s3-missing-source-conditions .*`inbox-149999`/);
    assert.equal(run.stderr, '150000 errors, 0 warnings, 0 info in 1 file\n');
  });
});

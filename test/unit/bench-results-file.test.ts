import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeResultRows } from '../bench/resultsFile';

/** The UI bench adds its rows to the file `npm run bench`'s Node rows wrote, as bench.ts writes it. */
test('mergeResultRows keeps the other rows and facts, replaces its own rows by name, records its part', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  try {
    const file = join(dir, '.bench', 'results.json');
    mergeResultRows(file, 'bench:ui', { date: 'first' }, [{ name: 'UI a', value: 1 }]);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { parts: { 'bench:ui': { date: 'first' } }, rows: [{ name: 'UI a', value: 1 }] });

    // bench.ts rewrites the file whole; the UI part runs after it.
    writeFileSync(file, JSON.stringify({ date: 'node', cpus: 2, rows: [{ name: 'lint 1 KB', value: 0.9 }, { name: 'UI a', value: 1 }, { name: 'CLI', value: 4000 }] }));
    mergeResultRows(file, 'bench:ui', { date: 'second' }, [{ name: 'UI a', value: 2 }, { name: 'UI b', value: 3 }]);
    mergeResultRows(file, 'other', { date: 'third' }, [{ name: 'other row', value: 4 }]);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      date: 'node',
      cpus: 2,
      parts: { 'bench:ui': { date: 'second' }, other: { date: 'third' } },
      rows: [
        { name: 'lint 1 KB', value: 0.9 },
        { name: 'CLI', value: 4000 },
        { name: 'UI a', value: 2 },
        { name: 'UI b', value: 3 },
        { name: 'other row', value: 4 },
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `.bench/results.json` is written whole by `npm run bench`'s Node rows (bench.ts); a later part of the same
 * `npm run bench` (the UI latency rows) adds its rows to that file instead of replacing it: rows of the same
 * name are replaced (a re-run of that part alone updates its rows, keeps the others), the others kept in order,
 * and the part's own facts (date, load) kept under `parts[part]`.
 */
export interface ResultRow {
  readonly name: string;
  readonly [field: string]: unknown;
}

export function mergeResultRows(file: string, part: string, facts: Readonly<Record<string, unknown>>, rows: readonly ResultRow[]): void {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const names = new Set(rows.map((row) => row.name));
  const kept = Array.isArray(existing['rows']) ? (existing['rows'] as ResultRow[]).filter((row) => !names.has(row.name)) : [];
  const parts = typeof existing['parts'] === 'object' && existing['parts'] !== null ? (existing['parts'] as Record<string, unknown>) : {};
  const merged = { ...existing, parts: { ...parts, [part]: facts }, rows: [...kept, ...rows] };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
}

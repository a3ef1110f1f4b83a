import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../../src/policy/positions';
import type { Finding } from '../../src/policy/findings';
import { FIXTURES } from './paths';

/**
 * Fixture convention: `name.json` (or .jsonc) holds the input, `name.expected.json` beside it the exact
 * findings as `"line:col-endLine:endCol id"` strings, 1-based, in document order.
 */
export interface Fixture {
  readonly path: string;
  readonly name: string;
  readonly text: string;
  readonly expected: readonly string[];
}

const EXPECTED_SUFFIX = '.expected.json';

/** Terraform fixtures: `.tf.json` before `.json`, since a fixture's expected file is named after what precedes its extension. */
export const TERRAFORM_FIXTURE_EXTENSIONS: readonly string[] = ['.tf.json', '.tf'];

/** Every format a fixture may be written in: policies, templates, Terraform, shell scripts and Markdown. */
export const FIXTURE_EXTENSIONS: readonly string[] = [...TERRAFORM_FIXTURE_EXTENSIONS, '.json', '.jsonc', '.yaml', '.yml', '.template', '.sh', '.md'];

export function listFixtures(subdirectory: string, extensions: readonly string[] = ['.json', '.jsonc']): Fixture[] {
  const root = join(FIXTURES, subdirectory);
  const found: Fixture[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (entry.endsWith(EXPECTED_SUFFIX)) continue;
      const extension = extensions.find((e) => entry.endsWith(e));
      if (!extension) continue;
      const expectedPath = path.slice(0, -extension.length) + EXPECTED_SUFFIX;
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as string[];
      found.push({ path, name: relative(FIXTURES, path), text: readFileSync(path, 'utf8'), expected });
    }
  };
  walk(root);
  return found;
}

export function describeFindings(text: string, findings: readonly Finding[]): string[] {
  const index = new LineIndex(text);
  return findings.map((f) => {
    const start = index.position(f.span.offset);
    const end = index.position(f.span.offset + f.span.length);
    return `${start.line}:${start.column}-${end.line}:${end.column} ${f.id}`;
  });
}

/** The text of every .json/.jsonc file under test/fixtures, in a stable order (the corpora of the fuzz and parser tests). */
export function allJsonFixtureTexts(options: { readonly includeExpected: boolean }): string[] {
  return allJsonFixturePaths(options).map((path) => readFileSync(path, 'utf8'));
}

/** The path of every .json/.jsonc file under test/fixtures, in a stable order. */
export function allJsonFixturePaths(options: { readonly includeExpected: boolean }): string[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.jsonc?$/.test(entry) && (options.includeExpected || !entry.endsWith(EXPECTED_SUFFIX))) paths.push(path);
    }
  };
  walk(FIXTURES);
  return paths;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** The policy core and the format adapters run in the CLI and under plain node: they never import vscode. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const folder of ['src/policy', 'src/formats', 'src/config', 'src/cli']) {
  test(`${folder} does not import vscode`, () => {
    const files = filesUnder(join(REPO_ROOT, folder)).filter((f) => f.endsWith('.ts'));
    assert.ok(folder !== 'src/policy' || files.length > 5, 'the policy core was found');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/, file);
    }
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isLintedFileName } from '../../src/cli/collectFiles';
import { REPO_ROOT } from '../support/paths';

/** .pre-commit-hooks.yaml: the hook pre-commit users name, running the installed command on the files changed. */
interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

test('one hook, ses-grants, a node hook running the package\'s command with the file names', () => {
  assert.equal(hooks.length, 1);
  const hook = hooks[0]!;
  assert.equal(hook.id, 'ses-grants');
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'ses-grants lint');
  assert.notEqual(hook.pass_filenames, false);
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.ok(manifest.bin['ses-grants'], 'the entry is the command the package installs');
  assert.match(manifest.scripts['prepack'] ?? '', /scripts\/build\.mjs --production/, 'npm pack builds the bundle pre-commit installs');
});

test('the hook\'s pattern passes exactly the files the tool reads', () => {
  const pattern = new RegExp(hooks[0]!.files);
  const names = [
    'policy.json', 'policy.jsonc', 'stack.yaml', 'stack.yml', 'stack.template', 'setup.sh', 'setup.bash', 'setup.zsh', 'README.md', 'notes.markdown',
    'notes.txt', 'build.py', 'image.png', 'Makefile', 'policy.json.bak', 'main.tf',
  ];
  for (const name of names) assert.equal(pattern.test(name), isLintedFileName(name), name);
  assert.ok(pattern.test('dir/sub/policy.json'));
});

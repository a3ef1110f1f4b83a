import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

test('the walkthrough pictures are what scripts/walkthrough-images.mjs draws (no drift)', () => {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'walkthrough-images.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});

test('every walkthrough step names pictures for the four themes, all shipped by .vscodeignore', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const ignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!images/walkthrough/**') && ignore.includes('!images/view-icon.svg'));
  for (const step of manifest.contributes.walkthroughs[0].steps) {
    const image = step.media.image;
    // The workbench reads `hc` and `hcLight` too, and fails to list the walkthrough without them.
    for (const theme of ['light', 'dark', 'hc', 'hcLight']) assert.match(image[theme], /^images\/walkthrough\/[\w-]+-(light|dark)\.svg$/, `${step.id} ${theme}`);
    assert.ok(step.completionEvents.length > 0, step.id);
  }
});

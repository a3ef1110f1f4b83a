import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { lintText, needsTerraformParser } from '../../src/formats';
import { joinSetups, receivingSetupOf, type LocatedSetup, type WorkspaceSetup } from '../../src/formats/receivingSetup';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { FIXTURES } from '../support/paths';

/**
 * test/fixtures/receiving-setup is a small workspace (a CloudFormation template, a Terraform module of two
 * files, plain policies); expected.json beside it is the tree the "SES Grants" view shows for it: receipt rules
 * → targets → grants with their status, then the grants no known rule uses.
 */

const FOLDER = join(FIXTURES, 'receiving-setup');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

export function describeSetup(setup: WorkspaceSetup<string>): unknown {
  const grant = ({ file, grant }: { file: string; grant: WorkspaceSetup<string>['unused'][number]['grant'] }) =>
    `${file} ${grant.statement.sid?.text ?? '(no Sid)'}: ${grant.status}, ${grant.findings.length} finding(s)`;
  return {
    rules: setup.rules.map((rule) => ({
      rule: `${rule.file} ${rule.rule.name}`,
      targets: rule.targets.map((target) => ({ target: `${target.target.kind} ${target.target.name}`, grants: target.grants.map(grant) })),
    })),
    unused: setup.unused.map(grant),
  };
}

test('the fixture workspace\'s receiving setup is expected.json', async () => {
  await initTerraformInNode();
  const files = filesUnder(FOLDER).filter((path) => !path.endsWith('expected.json'));
  const located: LocatedSetup<string>[] = files.map((path) => {
    const text = readFileSync(path, 'utf8');
    const moduleFiles = needsTerraformParser({ fileName: path })
      ? files.filter((other) => other !== path && dirname(other) === dirname(path) && needsTerraformParser({ fileName: other })).map((other) => ({ fileName: other, text: readFileSync(other, 'utf8') }))
      : undefined;
    const result = lintText(text, { fileName: path, ...(moduleFiles ? { moduleFiles } : {}) }, { strict: true });
    return { file: relative(FOLDER, path), folder: dirname(path), setup: receivingSetupOf(result) };
  });
  const expected = JSON.parse(readFileSync(join(FOLDER, 'expected.json'), 'utf8'));
  assert.deepEqual(describeSetup(joinSetups(located)), expected);
});

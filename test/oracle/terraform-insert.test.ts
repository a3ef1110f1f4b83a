import { before } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintText } from '../../src/formats';
import type { TerraformFile } from '../../src/formats/terraform';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { FIXTURES } from '../support/paths';
import { registerConcreteOracle, replaceReferences, type ConcreteCase } from './concrete';
import { resolveReference } from './terraformReferences';

/**
 * Every grant "Add SES grant" writes into a `.tf` file (test/fixtures/insert-terraform/<case>/expected.tf, the
 * exact results of test/unit/terraform-insert.test.ts) under the independent evaluator, made concrete: the
 * receiving account gets in and no other account does. Each case holds one SES grant, and every one must be
 * evaluated (a dead or unmodelable grant would fall short of the count).
 */

before(() => initTerraformInNode());

const DIR = join(FIXTURES, 'insert-terraform');
const names = readdirSync(DIR).sort();
const cases: ConcreteCase[] = names.map((name) => {
  const path = join(DIR, name, 'expected.tf');
  const text = readFileSync(path, 'utf8');
  let file: TerraformFile | undefined;
  return {
    name: `insert-terraform/${name}/expected.tf`,
    lint: () => {
      const result = lintText(text, { fileName: path });
      file = result.file as TerraformFile | undefined;
      return result;
    },
    concreteText: (token) => replaceReferences(token, (reference) => resolveReference(file!, reference)),
  };
});

registerConcreteOracle('inserted Terraform grants', cases, names.length);

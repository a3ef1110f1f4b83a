import { before } from 'node:test';
import { lintText } from '../../src/formats';
import type { TerraformFile } from '../../src/formats/terraform';
import { initTerraformInNode } from '../../src/cli/nodeWasmLoader';
import { listFixtures } from '../support/fixtures';
import { registerConcreteOracle, replaceReferences, type ConcreteCase } from './concrete';
import { resolveReference } from './terraformReferences';

/**
 * The Terraform fixtures under the independent evaluator (concrete.ts): references replaced by what Terraform
 * would give them in account 111122223333, us-east-1 (terraformReferences.ts).
 */

before(() => initTerraformInNode());

const fixtures = [...listFixtures('rules', ['.tf']), ...listFixtures('terraform/shapes', ['.tf.json', '.tf'])];
const cases: ConcreteCase[] = fixtures.map((fixture) => {
  let file: TerraformFile | undefined;
  return {
    name: fixture.name,
    lint: () => {
      // The policy itself is compared: what an inline suppression hides still counts.
      const result = lintText(fixture.text, { fileName: fixture.path }, { ignoreSuppressions: true });
      file = result.file as TerraformFile | undefined;
      return result;
    },
    concreteText: (text) => replaceReferences(text, (reference) => resolveReference(file!, reference)),
  };
});

registerConcreteOracle('Terraform', cases, 40);

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES } from '../paths';
import type { FixInput } from './operations';

/**
 * Every fixture in a format whose fixes exist (JSON and JSONC policies and templates, YAML templates: see
 * `fixesFor`, which edits those two), expected results left out. Terraform is read by a parser that loads
 * asynchronously, and its references need making concrete for the evaluator: its fix-all properties are
 * checked in test/unit/terraform-fix-all-property.test.ts. Shell scripts and Markdown are left out here too.
 */
const INPUT = /\.(jsonc?|ya?ml|template)$/;
const EXPECTED = /\.(expected|fixed(\.\d+)?|fixall|quickfix-\d+)\.[a-z]+$/;

export function fixtureInputs(): FixInput[] {
  const inputs: FixInput[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'terraform') walk(path);
        continue;
      }
      if (!INPUT.test(entry) || EXPECTED.test(entry) || entry.endsWith('.tf.json') || entry === 'values.json') continue;
      inputs.push({ name: relative(FIXTURES, path), fileName: entry, text: readFileSync(path, 'utf8') });
    }
  };
  walk(FIXTURES);
  return inputs;
}

export const isYamlInput = (input: FixInput) => /\.(ya?ml|template)$/.test(input.fileName) && !input.text.trimStart().startsWith('{');

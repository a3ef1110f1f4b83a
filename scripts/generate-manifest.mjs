// Writes the `sesGrants.rules` setting's id list in package.json from the catalogue (src/policy/catalogue.ts):
// every id the editor reports (file-level ids such as parse-error are the CLI's), in the catalogue's order.
// Never edit that list by hand: test/unit/manifest.test.ts fails when it differs from the catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSource, root } from './load-source.mjs';

const { RULES } = await loadSource('src/policy/catalogue.ts');
const path = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(path, 'utf8'));
manifest.contributes.configuration.properties['sesGrants.rules'].propertyNames.enum = RULES.filter((rule) => rule.family !== 'file').map((rule) => rule.id);
writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote the sesGrants.rules ids of ${path}`);

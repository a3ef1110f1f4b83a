// Writes schemas/ses-grants.schema.json (src/config/schema.ts), the JSON schema of ses-grants.json that the
// extension contributes through `jsonValidation`. Never edit it by hand: test/unit/config-schema.test.ts
// regenerates it in memory and fails on drift.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSource, root } from './load-source.mjs';

const { SCHEMA_PATH, configSchemaText } = await loadSource('src/config/schema.ts');
const target = join(root, SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, configSchemaText());
console.log(`wrote ${target}`);

// Writes the parts of package.json that follow the source:
// - the `sesGrants.rules` setting's id list from the catalogue (src/policy/catalogue.ts): every id the editor
//   reports (file-level ids such as parse-error are the CLI's), in the catalogue's order;
// - an `onLanguage:` activation event for every editor language a format adapter reads
//   (src/formats/registry.ts), first, in the registry's order; the other activation events are kept after them.
// Never edit those lists by hand: test/unit/manifest.test.ts fails when they differ from the source.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSource, root } from './load-source.mjs';

const { RULES } = await loadSource('src/policy/catalogue.ts');
const { FORMAT_ADAPTERS } = await loadSource('src/formats/registry.ts');
const path = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(path, 'utf8'));
manifest.contributes.configuration.properties['sesGrants.rules'].propertyNames.enum = RULES.filter((rule) => rule.family !== 'file').map((rule) => rule.id);
const languageEvents = [...new Set(FORMAT_ADAPTERS.flatMap((adapter) => adapter.languageIds))].map((language) => `onLanguage:${language}`);
manifest.activationEvents = [...languageEvents, ...manifest.activationEvents.filter((event) => !event.startsWith('onLanguage:'))];
writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
console.log(`wrote the sesGrants.rules ids and the language activation events of ${path}`);

// Writes snippets/json.json (src/policy/snippets.ts) and snippets/yaml.json (src/formats/cloudformation/cfnSnippets.ts) from the
// grant templates. Never edit them by hand: test/unit/snippets*.test.ts regenerate them in memory and fail on drift.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadSource, root } from './load-source.mjs';

function write(name, text) {
  const target = join(root, 'snippets', name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

write('json.json', (await loadSource('src/policy/snippets.ts')).snippetFileText());
// CloudFormation resources for YAML templates (src/formats/cloudformation/cfnSnippets.ts).
write('yaml.json', (await loadSource('src/formats/cloudformation/cfnSnippets.ts')).yamlSnippetFileText());

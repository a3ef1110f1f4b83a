// Writes snippets/json.json (src/policy/snippets.ts), snippets/yaml.json (src/formats/cloudformation/cfnSnippets.ts) and
// snippets/shellscript.json (src/formats/shell/snippets.ts), snippets/terraform.json (src/formats/terraform/snippets.ts) from the
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
// The aws lambda add-permission command line for shell scripts (src/formats/shell/snippets.ts).
write('shellscript.json', (await loadSource('src/formats/shell/snippets.ts')).shellSnippetFileText());
// Terraform resources for .tf files (src/formats/terraform/snippets.ts).
write('terraform.json', (await loadSource('src/formats/terraform/snippets.ts')).terraformSnippetFileText());

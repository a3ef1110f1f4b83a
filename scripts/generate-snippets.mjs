// Writes snippets/json.json (src/policy/snippets.ts) and snippets/yaml.json (src/formats/cfnSnippets.ts) from the
// grant templates. Never edit them by hand: test/unit/snippets*.test.ts regenerate them in memory and fail on drift.
import * as esbuild from 'esbuild';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Bundle the TypeScript source in memory, so the generator never reads a stale out/ folder.
async function load(entry) {
  const bundle = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  const source = bundle.outputFiles[0].text;
  new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

function write(name, text) {
  const target = join(root, 'snippets', name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

write('json.json', (await load('src/policy/snippets.ts')).snippetFileText());
// CloudFormation resources for YAML templates (src/formats/cfnSnippets.ts).
write('yaml.json', (await load('src/formats/cfnSnippets.ts')).yamlSnippetFileText());

// npm run lint: the import rules that keep the layers apart (ARCHITECTURE.md, "Checks that keep the shape").
//  1. src/policy, the format-free core, imports no vscode, no file-format parser (jsonc-parser, yaml,
//     web-tree-sitter, the tree-sitter grammars), and nothing from src/formats, src/extension, src/cli or
//     src/config.
//  2. src/formats and src/config import no vscode and nothing from src/extension or src/cli; src/cli nothing
//     from src/extension.
//  3. The graph of runtime imports of src/ has no cycle (`import type` is erased at build time and left out).
//  4. src/cli and src/extension reach the analysis (lint, fixes, fix-all, insert plans, hover) only through the
//     facade, src/service.ts: they import none of the entry points behind it.
// Usage: node scripts/lint-imports.mjs [repository root]. Prints each violation and exits 1 when there is one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const src = join(root, 'src');

function sourcesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every import and re-export of a file: its specifier, and whether it is type-only. */
function importsOf(text) {
  const found = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: match[2], typeOnly: match[1] !== undefined });
  }
  for (const match of text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: match[1], typeOnly: false });
  return found;
}

/** The layer of a file: its first folder under src/. */
const layerOf = (file) => relative(src, file).split(sep)[0];

const FORBIDDEN = {
  policy: { packages: /^(vscode|jsonc-parser|yaml|web-tree-sitter|@tree-sitter-grammars\/.*)$/, layers: ['formats', 'extension', 'cli', 'config', 'service.ts'] },
  formats: { packages: /^vscode$/, layers: ['extension', 'cli', 'service.ts'] },
  config: { packages: /^vscode$/, layers: ['extension', 'cli', 'formats', 'service.ts'] },
  cli: { packages: /^vscode$/, layers: ['extension'] },
};

/** The analysis entry points behind the facade (src/service.ts), which src/cli and src/extension may not import. */
const BEHIND_FACADE = new Set([
  'formats/index.ts',
  'formats/fixes/index.ts',
  'formats/hoverTarget.ts',
  'formats/suppressFix.ts',
  'formats/cloudformation/templateInsert.ts',
  'formats/cloudformation/templatePlan.ts',
  'formats/terraform/grantInsert.ts',
  'formats/json/insert.ts',
  'formats/json/plainJson.ts',
  'formats/lintWithAdapter.ts',
  'policy/lint.ts',
  'policy/hoverText.ts',
]);
const FACADE_USERS = new Set(['cli', 'extension']);

function resolveLocal(file, specifier) {
  const base = resolve(dirname(file), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

const problems = [];
const graph = new Map();
const files = sourcesUnder(src);
for (const file of files) {
  const rules = FORBIDDEN[layerOf(file)];
  const edges = [];
  for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
    const local = specifier.startsWith('.') ? resolveLocal(file, specifier) : undefined;
    if (rules && !specifier.startsWith('.') && rules.packages.test(specifier)) {
      problems.push(`${relative(root, file)}: src/${layerOf(file)} must not import '${specifier}'`);
    }
    if (rules && local && rules.layers.includes(layerOf(local))) {
      problems.push(`${relative(root, file)}: src/${layerOf(file)} must not import src/${layerOf(local)} ('${specifier}')`);
    }
    if (local && FACADE_USERS.has(layerOf(file)) && BEHIND_FACADE.has(relative(src, local).split(sep).join('/'))) {
      problems.push(`${relative(root, file)}: src/${layerOf(file)} must reach the analysis through src/service.ts, not '${specifier}'`);
    }
    if (local && !typeOnly) edges.push(local);
  }
  graph.set(file, edges);
}

// Cycles: strongly connected components of more than one file, or a file importing itself (Tarjan).
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function visit(file) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const next of graph.get(file) ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(file, Math.min(low.get(file), low.get(next)));
    } else if (onStack.has(next)) low.set(file, Math.min(low.get(file), index.get(next)));
  }
  if (low.get(file) !== index.get(file)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || (graph.get(file) ?? []).includes(file)) {
    problems.push(`import cycle: ${component.map((f) => relative(root, f)).sort().join(' <-> ')}`);
  }
}
for (const file of files) if (!index.has(file)) visit(file);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`lint: ${problems.length} problem(s) in the imports of src/`);
  process.exit(1);
}
console.log(`lint: the imports of ${files.length} files keep the layers apart, with no cycle`);

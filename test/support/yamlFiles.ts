import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The YAML files (`.yaml`, `.yml`, `.template`) under a folder, in a stable order. */
export function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.(ya?ml|template)$/.test(name) ? [path] : [];
  });
}

/** Every YAML file of the project's fixtures and examples: the corpus the YAML reader's and editor's differential tests run on. */
export function projectYamlFiles(): string[] {
  return [...yamlFilesUnder(join(REPO_ROOT, 'test', 'fixtures')), ...yamlFilesUnder(join(REPO_ROOT, 'examples'))];
}

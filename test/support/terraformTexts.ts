import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './paths';

function filesUnder(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, found);
    else if (name.endsWith('.tf') || name.endsWith('.md')) found.push(path);
  }
  return found;
}

/** Every Terraform text of the repository: the .tf files and the hcl/terraform blocks of the Markdown pages. */
export function terraformTexts(): { name: string; text: string }[] {
  const texts: { name: string; text: string }[] = [];
  for (const dir of ['test', 'examples', 'docs', 'README.md']) {
    const path = join(REPO_ROOT, dir);
    for (const file of statSync(path).isDirectory() ? filesUnder(path) : [path]) {
      const text = readFileSync(file, 'utf8');
      const name = relative(REPO_ROOT, file);
      if (file.endsWith('.tf')) texts.push({ name, text });
      else for (const [index, block] of [...text.matchAll(/^```(?:hcl|terraform|tf)\n([\s\S]*?)^```/gm)].entries()) texts.push({ name: `${name} block ${index + 1}`, text: block[1]! });
    }
  }
  return texts;
}

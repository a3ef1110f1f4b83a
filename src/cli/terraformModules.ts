import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { needsTerraformParser } from '../formats';
import type { ModuleFile } from '../formats/terraform';

/**
 * A Terraform module is every Terraform file of one folder: a receipt rule in main.tf and its bucket policy in
 * policies.tf belong together. Each folder is read once per run, whether or not its files are being linted.
 */
export class TerraformModules {
  private readonly byFolder = new Map<string, readonly ModuleFile[]>();

  /** The other Terraform files of the file's folder (unreadable ones left out: they are reported when linted). */
  siblingsOf(path: string): ModuleFile[] {
    const folder = dirname(path);
    let files = this.byFolder.get(folder);
    if (!files) {
      files = readModule(folder);
      this.byFolder.set(folder, files);
    }
    return files.filter((file) => file.fileName !== path);
  }
}

function readModule(folder: string): ModuleFile[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return [];
  }
  const files: ModuleFile[] = [];
  for (const name of names) {
    if (!needsTerraformParser({ fileName: name })) continue;
    const fileName = join(folder, name);
    try {
      files.push({ fileName, text: readFileSync(fileName, 'utf8') });
    } catch {
      // A folder named *.tf, or a file that cannot be read.
    }
  }
  return files;
}

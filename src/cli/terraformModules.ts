import { dirname } from 'node:path';
import { needsTerraformParser } from '../service';
import type { ModuleFile } from '../formats/terraform';
import { lintedFilesIn } from './collectFiles';
import { readSourceFile } from './readSource';

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
  const files: ModuleFile[] = [];
  // As a folder is walked: regular files, and links only to files inside the folder; read as the linted files are.
  for (const fileName of lintedFilesIn(folder)) {
    if (!needsTerraformParser({ fileName })) continue;
    const source = readSourceFile(fileName);
    if ('text' in source) files.push({ fileName, text: source.text });
  }
  return files;
}

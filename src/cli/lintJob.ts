import { needsTerraformParser } from '../service';
import { lintLoadingParser, lintSourceText, type FileOutcome, type FileSettings } from './lintFile';
import type { FixMode } from './lintOptions';
import { readSourceFile } from './readSource';
import type { TerraformModules } from './terraformModules';

/**
 * One file to lint, as plain data: the same job runs in this thread or in a lint worker (lintPool.ts), which
 * receives it as a message. Settings are resolved by the caller, which owns the configuration files.
 */
export interface LintJob {
  readonly path: string;
  /** What the output calls the file. */
  readonly display: string;
  readonly settings: FileSettings;
  readonly fix: FixMode;
  readonly sarif: boolean;
}

/** A job's result: a file that cannot be read is `unreadable`, as one the linter cannot read. */
export type JobOutcome = Exclude<FileOutcome, { kind: 'waiting-for-parser' }>;

/** Reads and lints one file; nothing is written. Never rejects (lintLoadingParser reports a missing parser). */
export async function runLintJob(job: LintJob, terraformModules: TerraformModules): Promise<JobOutcome> {
  const source = readSourceFile(job.path);
  if ('problem' in source) return { kind: 'unreadable', reason: source.problem };
  const options = {
    fix: job.fix,
    sarif: job.sarif,
    ...(needsTerraformParser({ fileName: job.path }) ? { moduleFiles: terraformModules.siblingsOf(job.path) } : {}),
  };
  return lintLoadingParser(() => lintSourceText(source, job.path, job.display, job.settings, options));
}

import { needsTerraformParser } from '../service';
import { lintLoadingParser, lintSourceText, type FileOutcome, type FileSettings, type LintFileOptions } from './lintFile';
import type { FixMode } from './lintOptions';
import { readSourceFile, type SourceRead } from './readSource';
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
  const source = readJobSource(job);
  if ('problem' in source) return { kind: 'unreadable', reason: source.problem };
  const options = lintOptionsOf(job, terraformModules);
  return lintLoadingParser(() => lintSourceText(source, job.path, job.display, job.settings, options));
}

/**
 * runLintJob without a promise: the outcome now, or `waiting-for-parser` when the text needs Terraform's parser
 * and it is not loaded yet (the caller then runs the job again through runLintJob, which loads it). A folder of
 * small files is linted in one synchronous loop: an `await` per file cost three promises, a closure and a trip
 * through the microtask queue each.
 */
export function runLintJobNow(job: LintJob, terraformModules: TerraformModules): FileOutcome {
  const source = readJobSource(job);
  if ('problem' in source) return { kind: 'unreadable', reason: source.problem };
  return lintSourceText(source, job.path, job.display, job.settings, lintOptionsOf(job, terraformModules));
}

function lintOptionsOf(job: LintJob, terraformModules: TerraformModules): LintFileOptions {
  return needsTerraformParser({ fileName: job.path })
    ? { fix: job.fix, sarif: job.sarif, moduleFiles: terraformModules.siblingsOf(job.path) }
    : { fix: job.fix, sarif: job.sarif };
}

/**
 * The file's text, and its bytes only when a fix may write them back: a large file's bytes weigh as much as
 * its text, and nothing else reads them (a function of its own, so that no frame of the lint holds them).
 */
function readJobSource(job: LintJob): SourceRead {
  return readSourceFile(job.path, job.fix !== 'none');
}

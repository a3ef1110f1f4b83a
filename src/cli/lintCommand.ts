import { resolve } from 'node:path';
import { replaceFile } from './atomicWrite';
import { collectFiles } from './collectFiles';
import { ConfigFinder, type FolderConfig } from './configFiles';
import { skippedByName } from './fileKinds';
import { IgnoreFilter } from './ignoreFilter';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { TerraformModules } from './terraformModules';
import type { FileSettings, LintedFile } from './lintFile';
import { runLintJob, runLintJobNow, type LintJob } from './lintJob';
import { FindingsStream } from './findingsStream';
import { lintInWorkers, startLintWorkers, stopLintWorkers, workerCountFor } from './lintPool';
import { parseLintRequest } from './lintOptions';
import type { LocatedFinding } from './located';
import { report, type RunProblem, type RunResult } from './report';
import { runStdinLint } from './stdin';
import { unifiedDiff } from './unifiedDiff';
import { displayPath, reportBrokenConfigs, settingsFor } from './runSettings';

export const LINT_HELP = `Usage: ses-grants lint [options] [paths...]

Checks the SES receiving grants in JSON policy files, CloudFormation templates, Terraform files, shell
scripts and Markdown code blocks. Folders are searched for *.json, *.jsonc, *.yaml, *.yml, *.template,
*.tf, *.tf.json, *.sh, *.bash, *.zsh and *.md (node_modules, .git, .terraform and what .gitignore lists are
skipped); the default path is the current folder. A file named here in another format (a .txt, a .py) is
skipped with a note on stderr. Settings come from the nearest ses-grants.json (or .ses-grants.json) up from
each file; options override it.

Options:
  -f, --format <text|json|sarif>  output format (default: text)
  -q, --quiet                     report errors only
  --fix                           apply the fixes to the files (each written whole, or not at all)
  --fix-dry-run                   print the fixes as a diff; change nothing
  --account <id>                  the receiving AWS account fixes write (12 digits)
  --region <region>               the region of the receipt rule set
  --rule-set <name>               the receipt rule set fixes name
  --rule <name>                   the receipt rule fixes name
  --any-rule                      fixes allow any receipt rule of the account instead
  --rule <id>=<level>             a finding's level: off, info, warning or error (repeatable)
  --max-warnings <n>              exit 1 when there are more than n warnings
  --ignore-pattern <pattern>      leave out paths matching a .gitignore-style pattern (repeatable)
  --stdin                         lint standard input; with --fix, print the fixed text
  --stdin-filename <name>         the name standard input is linted as (its extension picks the format)
  -h, --help                      show this help

A fix that needs a value nobody gave (the account, the receipt rule) is not applied: it is listed on stderr.

Exit codes: 0 no error finding, 1 at least one error finding (or more warnings than --max-warnings),
2 usage or configuration error, a path that cannot be read, or a fix that cannot be written.
`;

export async function runLint(argv: readonly string[], io: CliIo, toolVersion: string): Promise<number> {
  const request = parseLintRequest(argv);
  if (request.help) {
    io.out(LINT_HELP);
    return EXIT_OK;
  }
  const configs = new ConfigFinder();
  if (request.stdin) return runStdinLint(request, io, toolVersion, configs);

  const filter = new IgnoreFilter(io.cwd, request.ignorePatterns, configs);
  const collected = collectFiles(request.paths.map((p) => resolve(io.cwd, p)), filter);
  // Each name looked at once: files in another format are skipped with a note, the others linted.
  const files: string[] = [];
  const skippedFiles: string[] = [];
  for (const file of collected.files) (skippedByName(file) ? skippedFiles : files).push(file);
  // Workers start loading now, while this thread reads the configurations and builds the jobs.
  const workers = io.workerScript === undefined ? 0 : workerCountFor(files.length);
  const pool = workers > 0 ? startLintWorkers(io.workerScript!, workers) : undefined;
  for (const file of files) configs.forFile(file);
  if (reportBrokenConfigs(configs, io)) {
    stopLintWorkers(pool);
    return EXIT_USAGE;
  }

  const show = (path: string) => displayPath(io.cwd, path);
  const problems: RunProblem[] = collected.problems.map((p) => ({ path: show(p.path), what: 'read', reason: p.reason }));
  const skipped = skippedFiles.map(show);
  const findings: LocatedFinding[] = [];
  const unfixed: RunResult['unfixed'][number][] = [];
  const pending: { path: string; file: LintedFile; at: number }[] = [];
  const fixedFiles: string[] = [];
  let diff = '';
  // One settings object per configuration, not per file: a folder's files share theirs.
  const settingsByConfig = new Map<FolderConfig, FileSettings>();
  const settingsOf = (config: FolderConfig) => {
    let settings = settingsByConfig.get(config);
    if (!settings) settingsByConfig.set(config, (settings = settingsFor(config, request)));
    return settings;
  };
  const jobs: LintJob[] = files.map((path) => ({
    path,
    display: show(path),
    settings: settingsOf(configs.forFile(path)),
    fix: request.fix,
    sarif: request.format === 'sarif',
  }));
  const terraformModules = new TerraformModules();
  const pooled = pool ? lintInWorkers(jobs, pool, (job) => runLintJob(job, terraformModules)) : undefined;
  let lintedCount = 0;
  // Without fixes, nothing changes the findings once a file is linted: they are printed as they come (text,
  // JSON), not held for one report at the end.
  const stream = request.fix === 'none' && request.format !== 'sarif' ? new FindingsStream(request.format, request.quiet, (text) => io.out(text)) : undefined;
  try {
    for (let index = 0; index < jobs.length; index++) {
      const job = jobs[index]!;
      const { path, display } = job;
      // A file a worker did not lint (none ran, or it failed) is linted here: every file is reported either way.
      // Without a pool the loop stays synchronous until a file needs Terraform's parser: runLintJob then loads it
      // and reads that file again.
      let outcome = pooled ? ((await pooled.outcome(index)) ?? (await runLintJob(job, terraformModules))) : runLintJobNow(job, terraformModules);
      if (outcome.kind === 'waiting-for-parser') outcome = await runLintJob(job, terraformModules);
      if (outcome.kind === 'skipped') {
        skipped.push(display);
        continue;
      }
      if (outcome.kind === 'unreadable') {
        problems.push({ path: display, what: 'read', reason: outcome.reason });
        continue;
      }
      lintedCount++;
      const file = outcome.file;
      if (file.cannotFix) problems.push({ path: display, what: 'fix', reason: file.cannotFix });
      for (const item of file.unfixed) unfixed.push(item);
      if (file.fixed && request.fix === 'dry-run') {
        diff += unifiedDiff(file.fixed.before, file.fixed.text, `a/${display}`, `b/${display}`);
        fixedFiles.push(display);
      }
      // Written after every file is linted (below): findings are kept in file order either way.
      if (file.fixed && request.fix === 'write') pending.push({ path, file, at: findings.length });
      if (stream) stream.add(file.findings);
      // One by one: a file may hold more findings than a call takes arguments.
      else for (const finding of file.findings) findings.push(finding);
    }
  } finally {
    // Findings held by the stream are printed even when a later file stops the run (an internal error).
    stream?.flush();
  }
  stream?.end();

  if (request.fix === 'write') writeFixes(pending, findings, fixedFiles, problems, show);
  return report(
    request,
    { findings, ...(stream ? { printed: stream } : {}), lintedCount, unfixed, fixedFiles, diff, skipped, ignored: collected.ignored.map(show), problems },
    io,
    toolVersion,
  );
}

/**
 * Writes every fixed file, each atomically (atomicWrite.ts). A file that cannot be written keeps its old text
 * and is reported with the findings of that text.
 */
function writeFixes(
  pending: readonly { path: string; file: LintedFile; at: number }[],
  findings: LocatedFinding[],
  written: string[],
  problems: RunProblem[],
  show: (path: string) => string,
): void {
  const failures: { at: number; file: LintedFile }[] = [];
  for (const { path, file, at } of pending) {
    const fixed = file.fixed!;
    const problem = replaceFile(path, fixed.stamp, fixed.bytes);
    if (problem === undefined) written.push(show(path));
    else {
      problems.push({ path: show(path), what: 'fix', reason: problem });
      failures.push({ at, file });
    }
  }
  if (failures.length === 0) return;
  // The old text's findings in place of the new text's, rebuilt in one pass (a splice per file would be quadratic).
  const rebuilt: LocatedFinding[] = [];
  let next = 0;
  for (const { at, file } of failures) {
    for (let i = next; i < at; i++) rebuilt.push(findings[i]!);
    for (const finding of file.fixed!.findingsBefore) rebuilt.push(finding);
    next = at + file.findings.length;
  }
  for (let i = next; i < findings.length; i++) rebuilt.push(findings[i]!);
  findings.length = 0;
  for (const finding of rebuilt) findings.push(finding);
}

export { displayPath };

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { escapeControlCharacters } from '../policy/controlCharacters';
import { flagOption, parseArgs, stringOption, type OptionSpec } from './args';
import { needsTerraformParser } from '../formats';
import { collectFiles } from './collectFiles';
import { readingOf, skippedByName } from './fileKinds';
import { initTerraformInNode } from './nodeWasmLoader';
import { TerraformModules } from './terraformModules';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io';
import { lintFileText } from './lintText';
import { locateFindings, type LocatedFinding } from './located';
import { readSourceFile } from './readSource';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatSummary, formatText } from './format/text';

const LINT_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', takesValue: true, short: 'f' },
  { name: 'quiet', takesValue: false, short: 'q' },
  { name: 'help', takesValue: false, short: 'h' },
];

const FORMATS = ['text', 'json', 'sarif'] as const;
type OutputFormat = (typeof FORMATS)[number];

export const LINT_HELP = `Usage: ses-grants lint [options] [paths...]

Checks the SES receiving grants in JSON policy files, CloudFormation templates, Terraform files, shell
scripts and Markdown code blocks. Folders are searched for *.json, *.jsonc, *.yaml, *.yml, *.template,
*.tf, *.tf.json, *.sh, *.bash, *.zsh and *.md (node_modules, .git and .terraform are skipped); the default
path is the current folder. A file named here in another format (a .txt, a .py) is skipped with a note on
stderr.

Options:
  -f, --format <text|json|sarif>  output format (default: text)
  -q, --quiet                     report errors only
  -h, --help                      show this help

Exit codes: 0 no error finding, 1 at least one error finding, 2 usage error or unreadable path.
`;

export async function runLint(argv: readonly string[], io: CliIo, toolVersion: string): Promise<number> {
  const args = parseArgs(argv, LINT_OPTIONS);
  if (flagOption(args, 'help')) {
    io.out(LINT_HELP);
    return EXIT_OK;
  }
  const format = (stringOption(args, 'format') ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  const quiet = flagOption(args, 'quiet');
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];

  const { files, problems } = collectFiles(paths.map((p) => resolve(io.cwd, p)));
  const unreadable = problems.map((p) => ({ path: p.path, reason: p.reason }));
  const located: LocatedFinding[] = [];
  const terraformModules = new TerraformModules();
  const skipped: string[] = [];
  let lintedCount = 0;
  for (const file of files) {
    if (skippedByName(file)) {
      skipped.push(file);
      continue;
    }
    const source = readSourceFile(file);
    if ('problem' in source) {
      unreadable.push({ path: file, reason: source.problem });
      continue;
    }
    const reading = readingOf(file, source.text);
    if (!reading) {
      skipped.push(file);
      continue;
    }
    const hint = { ...reading, moduleFiles: needsTerraformParser({ fileName: file }) ? terraformModules.siblingsOf(file) : undefined };
    let result = lintFileText(source.text, file, hint);
    if (result.parserLoading) {
      // Terraform's parser is WebAssembly, loaded once, when the first file that needs it is linted (a Terraform
      // file or a Markdown Terraform block that may hold a grant). A failure shows as each such file's parse error.
      await initTerraformInNode().catch(() => undefined);
      result = lintFileText(source.text, file, hint);
    }
    const { text, findings, notRead } = result;
    if (notRead) {
      unreadable.push({ path: file, reason: `too much for the YAML reader: ${notRead}` });
      continue;
    }
    lintedCount++;
    const kept = quiet ? findings.filter((f) => f.severity === 'error') : findings;
    for (const finding of locateFindings(displayPath(io.cwd, file), text, kept)) located.push(finding);
  }

  switch (format) {
    case 'text':
      io.out(formatText(located));
      io.err(formatSummary(located, lintedCount));
      break;
    case 'json':
      io.out(formatJson(located));
      break;
    case 'sarif':
      io.out(formatSarif(located, toolVersion));
      break;
  }
  for (const file of skipped) {
    io.err(`ses-grants: skipped ${escapeControlCharacters(displayPath(io.cwd, file))}: not a format ses-grants reads (JSON, YAML, Terraform, shell, Markdown)\n`);
  }
  for (const problem of unreadable) {
    // A file name found in a folder may hold a newline or ESC: shown escaped, as in the findings.
    io.err(`ses-grants: cannot read ${escapeControlCharacters(`${displayPath(io.cwd, problem.path)}: ${problem.reason}`)}\n`);
  }
  if (unreadable.length > 0) return EXIT_USAGE;
  return located.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

/** Paths relative to the working folder with forward slashes, so output is the same on every machine. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  const shown = rel === '' ? '.' : isAbsolute(rel) ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

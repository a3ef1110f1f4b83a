import { readSync } from 'node:fs';
import { resolve } from 'node:path';
import { isatty } from 'node:tty';
import { decodeText } from './decodeText';
import type { ConfigFinder } from './configFiles';
import { IgnoreFilter } from './ignoreFilter';
import { EXIT_USAGE, UsageError, type CliIo } from './io';
import { displayPath, reportBrokenConfigs, settingsFor } from './runSettings';
import { lintLoadingParser, lintSourceText } from './lintFile';
import type { LintRequest } from './lintOptions';
import { report, type RunResult } from './report';
import { unifiedDiff } from './unifiedDiff';

/** How an editor or a hook names standard input when it gives no name: read by its content, like a file without extension. */
const UNNAMED = '<stdin>';

/**
 * `ses-grants lint --stdin [--stdin-filename <name>]`: lints the text piped in, as editors other than VS Code
 * and hooks run linters. The name (resolved against the working folder) picks the format, the configuration
 * file and the ignore patterns, and appears in the output. With `--fix`, stdout is exactly the text to put
 * back (the input itself, byte for byte, when nothing changes), and the findings left go to stderr.
 */
export async function runStdinLint(request: LintRequest, io: CliIo, toolVersion: string, configs: ConfigFinder): Promise<number> {
  const bytes = readStandardInput();
  const name = request.stdin?.filename;
  const path = resolve(io.cwd, name ?? 'stdin');
  const display = name === undefined ? UNNAMED : displayPath(io.cwd, path);
  if (name === undefined) configs.forDir(io.cwd);
  else configs.forFile(path);
  if (reportBrokenConfigs(configs, io)) return EXIT_USAGE;

  const echo = () => {
    if (request.fix === 'write') io.outBytes(bytes);
  };
  const empty: RunResult = { findings: [], lintedCount: 0, unfixed: [], fixedFiles: [], diff: '', skipped: [], ignored: [], problems: [] };
  if (name !== undefined && new IgnoreFilter(io.cwd, request.ignorePatterns, configs).ignoresNamed(path)) {
    echo();
    return report(request, { ...empty, ignored: [display] }, io, toolVersion, request.fix === 'write' ? 'stderr' : 'stdout');
  }
  const settings = settingsFor(name === undefined ? configs.forDir(io.cwd) : configs.forFile(path), request);
  const text = decodeText(bytes);
  const outcome = await lintLoadingParser(() =>
    lintSourceText({ text, bytes }, name === undefined ? resolve(io.cwd, unnamedFileName(text)) : path, display, settings, {
      fix: request.fix,
      sarif: request.format === 'sarif',
    }),
  );
  const findingsTo = request.fix === 'write' ? 'stderr' : 'stdout';
  if (outcome.kind === 'skipped') {
    echo();
    return report(request, { ...empty, skipped: [display] }, io, toolVersion, findingsTo);
  }
  if (outcome.kind === 'unreadable') {
    echo();
    return report(request, { ...empty, problems: [{ path: display, what: 'read', reason: outcome.reason }] }, io, toolVersion, findingsTo);
  }
  const file = outcome.file;
  if (request.fix === 'write') io.outBytes(file.fixed ? file.fixed.bytes : bytes);
  const diff = request.fix === 'dry-run' && file.fixed ? unifiedDiff(file.fixed.before, file.fixed.text, `a/${display}`, `b/${display}`) : '';
  const result: RunResult = {
    ...empty,
    findings: file.findings,
    lintedCount: 1,
    unfixed: file.unfixed,
    fixedFiles: file.fixed ? [display] : [],
    diff,
    problems: file.cannotFix ? [{ path: display, what: 'fix', reason: file.cannotFix }] : [],
  };
  const code = report(request, result, io, toolVersion, findingsTo);
  return code === EXIT_USAGE || !file.cannotFix ? code : EXIT_USAGE;
}

/** Unnamed input is JSON, unless it starts like a shell script. */
function unnamedFileName(text: string): string {
  return /^\uFEFF?#!/.test(text) ? 'stdin.sh' : 'stdin.json';
}

/**
 * All of standard input. A terminal is refused rather than waited on: `--stdin` typed without a pipe would
 * otherwise hang until Ctrl+D with no word of why. A closed standard input is refused too.
 */
function readStandardInput(): Buffer {
  if (isatty(0)) {
    throw new UsageError('--stdin reads standard input, which is a terminal here: pipe the text in, e.g. ses-grants lint --stdin --stdin-filename policy.json < policy.json');
  }
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(65536);
  for (;;) {
    let count: number;
    try {
      count = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking pipe with nothing yet: wait a moment for the writer rather than spin.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      if (code === 'EBADF') throw new UsageError('--stdin reads standard input, which is closed: pipe the text in');
      throw new UsageError(`--stdin: cannot read standard input: ${(error as Error).message}`);
    }
    if (count === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, count)));
  }
  return Buffer.concat(chunks);
}


import { isMainThread, workerData } from 'node:worker_threads';
import packageJson from '../../package.json';
import { EXIT_USAGE } from './io';
import { LINT_WORKER_ROLE, serveLintJobs } from './lintPool';
import { describeWriteError, FileDescriptorOutput, isReaderGone } from './processOutput';
import { run } from './run';

// The same bundle is the lint workers' script (lintPool.ts): a worker serves lint jobs, it runs no command line.
if (!isMainThread && (workerData as { role?: string } | null)?.role === LINT_WORKER_ROLE) serveLintJobs();
else runCommandLine();

function runCommandLine(): void {
  const stdout = new FileDescriptorOutput(1);
  const stderr = new FileDescriptorOutput(2);
  void run(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => stdout.write(text),
    outBytes: (bytes) => stdout.writeBytes(bytes),
    err: (text) => stderr.write(text),
    workerScript: __filename,
  }, packageJson.version).then((code) => {
    let exitCode = code;
    // Output that could not be written is a failed run, not a clean one: a CI step must not read "no findings".
    const failure = stdout.failure;
    if (failure && !isReaderGone(failure)) {
      stderr.write(`ses-grants: cannot write the output: ${describeWriteError(failure)}\n`);
      exitCode = EXIT_USAGE;
    }
    process.exitCode = exitCode;
  });
}

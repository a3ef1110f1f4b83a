import packageJson from '../../package.json';
import { EXIT_USAGE } from './io';
import { describeWriteError, FileDescriptorOutput, isReaderGone } from './processOutput';
import { run } from './run';

const stdout = new FileDescriptorOutput(1);
const stderr = new FileDescriptorOutput(2);
void run(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => stdout.write(text),
  outBytes: (bytes) => stdout.writeBytes(bytes),
  err: (text) => stderr.write(text),
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

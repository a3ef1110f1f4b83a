import { writeSync } from 'node:fs';
import packageJson from '../../package.json';
import { run } from './run';

// Synchronous writes: the output is complete before the exit code is set, even when stdout is a pipe.
void run(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => writeAll(1, text),
  err: (text) => writeAll(2, text),
}, packageJson.version).then((exitCode) => {
  process.exitCode = exitCode;
});

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < buffer.length) {
    try {
      written += writeSync(fd, buffer, written);
    } catch (error) {
      // A pipe that is full answers EAGAIN: try again. A closed pipe (EPIPE, e.g. `| head`) ends the output.
      if ((error as { code?: string }).code === 'EAGAIN') continue;
      return;
    }
  }
}

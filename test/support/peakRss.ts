// Preloaded (`node --require`) into a spawned CLI by `runCliMeasured`: when the process exits, writes its own
// peak resident set size (getrusage's maxrss, in kilobytes) to the file named by SES_GRANTS_PEAK_RSS_FILE.
// Measured inside the child, so neither the test runner nor a wrapper program is counted.
import { writeFileSync } from 'node:fs';

const target = process.env['SES_GRANTS_PEAK_RSS_FILE'];
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}

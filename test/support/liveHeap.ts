// Preloaded (`node --expose-gc --require`) into a spawned CLI by `runCliMeasured({ liveHeap: true })`: every
// tenth time the CLI opens a file (it opens the next file to lint once the one before is linted and printed),
// and when the process exits, collects all garbage and reads the heap still in use; writes the largest reading
// to the file named by SES_GRANTS_LIVE_HEAP_FILE. Unlike the peak RSS, this does not depend on when the
// collector ran or how far V8 let the heap grow (both change with the machine's load): what is counted is what
// the CLI still holds, so memory kept past its file grows it with every file. (Every tenth file: a full
// collection costs about as much as linting a small file, and a leak that grows with the files shows as well.)
import fs from 'node:fs';
import { getHeapStatistics } from 'node:v8';

const target = process.env['SES_GRANTS_LIVE_HEAP_FILE'];
const collect = (globalThis as { gc?: () => void }).gc;
if (target && collect) {
  let largest = 0;
  let readings = 0;
  let opened = 0;
  const read = () => {
    collect();
    largest = Math.max(largest, getHeapStatistics().used_heap_size);
    readings++;
  };
  // The bundle calls `openSync` through the module object (esbuild's `(0, import_node_fs.openSync)(…)`), so
  // replacing the property reaches it.
  const openSync = fs.openSync;
  fs.openSync = function (this: unknown, ...args: Parameters<typeof fs.openSync>) {
    if (opened++ % 10 === 0) read();
    return openSync.apply(this, args);
  } as typeof fs.openSync;
  process.on('exit', () => {
    read();
    fs.writeFileSync(target, JSON.stringify({ largest, readings }));
  });
}

// Usage: node scripts/typing-schedule.mjs <base worktree> <changed worktree> [rounds] [template bytes]
// Typing into a large CloudFormation YAML template as the editor's diagnostics see it, outside the editor, for two
// builds of the extension at once (each worktree's out/ and dist/, built): each keystroke's change restarts the
// debounce timer, which starts a reading in that build's analysis worker debounceFor(last reading) ms later; the
// findings are held until the build's DEBOUNCE_MS after the last keystroke (diagnostics.ts). Bursts of keystrokes at several
// intervals, the two builds interleaved in one process (A, B, then B, A…), so both see the same load. Printed per
// interval: the time from the last keystroke to its findings (held), and what is counted rather than timed:
// readings started and workers started per keystroke (a running reading ended by a newer version ends its worker).
// The conversion to VS Code's diagnostics and their set are not in it (the editor bench times those).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const [baseRoot, changedRoot] = process.argv.slice(2, 4).map((root) => resolve(root));
if (!baseRoot || !changedRoot) {
  console.error('usage: node scripts/typing-schedule.mjs <base worktree> <changed worktree> [rounds] [template bytes]');
  process.exit(2);
}
const ROUNDS = Number(process.argv[4] ?? 3);
const BYTES = Number(process.argv[5] ?? 1_000_000);
const KEYSTROKES = 6;
const INTERVALS = [40, 120, 180, 300, 450];
/** Pauses between bursts: longer than either build's hold. */
const HOLD_MS = 250;
const HINT = { fileName: 'stack.yaml', languageId: 'yaml' };

function build(name, root) {
  const out = (path) => require(join(root, 'out', path));
  const bundle = readFileSync(join(root, 'dist', 'extension.js'), 'utf8');
  return {
    name,
    AnalysisWorker: out('src/extension/offThread/analysisWorker.js').AnalysisWorker,
    ChangeLogs: out('src/extension/offThread/textChanges.js').ChangeLogs,
    applyEdits: out('src/extension/offThread/textChanges.js').applyEdits,
    debounceFor: out('src/extension/debounce.js').debounceFor,
    holdMs: out('src/extension/debounce.js').DEBOUNCE_MS,
    bundle,
  };
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** One open document of one build: its worker, change log and the diagnostics controller's timer, as the editor keeps them. */
class Editor {
  constructor(side, text) {
    this.side = side;
    this.text = text;
    this.version = 1;
    this.uri = `file:///${side.name}/stack.yaml`;
    this.starts = 0;
    this.runs = 0;
    this.logs = new side.ChangeLogs();
    this.worker = new side.AnalysisWorker(
      () => {
        this.starts++;
        return Promise.resolve(side.bundle);
      },
      (message) => console.error(`${side.name}: ${message}`),
    );
    this.lastReadingMs = undefined;
    this.generation = 0;
    this.timer = undefined;
    this.shown = undefined;
    // Where the typing goes: inside the first statement's Condition key, as the editor bench edits.
    this.at = text.indexOf('Condition:') + 4;
  }

  input(version) {
    return {
      version,
      languageId: 'yaml',
      locale: 'en',
      hint: HINT,
      text: () => (version === this.version ? this.text : undefined),
      length: this.text.length,
      changesSince: (from) => this.logs.between(this.uri, from, version),
      sent: () => this.logs.sent(this.uri, version),
    };
  }

  /** One keystroke: a character typed, or the one typed before deleted. */
  type(k) {
    const edits = k % 2 === 0 ? [{ offset: this.at, length: 0, text: 'x' }] : [{ offset: this.at, length: 1, text: '' }];
    this.text = this.side.applyEdits(this.text, edits);
    this.logs.note(this.uri, ++this.version, edits);
    const arrived = performance.now();
    const generation = ++this.generation;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(generation, arrived + this.side.holdMs), this.side.debounceFor(this.lastReadingMs));
    return arrived;
  }

  async run(generation, notBefore) {
    this.runs++;
    const version = this.version;
    const outcome = await this.worker.analyze(this.uri, this.input(version));
    if (outcome.kind !== 'read' || version !== this.version) return;
    // What analysis.ts keeps for the next debounce: the round trip where the build reports it, else the analysis.
    this.lastReadingMs = outcome.roundTripMs ?? outcome.analysisMs;
    const hold = notBefore - performance.now();
    if (hold > 0) await sleep(Math.ceil(hold) + 1);
    if (generation !== this.generation) return;
    this.shown = { version, at: performance.now() };
  }

  async open() {
    const first = await this.worker.analyze(this.uri, this.input(this.version));
    if (first.kind !== 'read') throw new Error(`${this.side.name}: not read (${first.kind})`);
    this.lastReadingMs = first.roundTripMs ?? first.analysisMs;
    // One keystroke alone first: the next debounce comes from an edited reading, as while typing.
    await this.burst(HOLD_MS * 4, 1);
    await this.burst(HOLD_MS * 4, 1);
  }

  /** `count` keystrokes `interval` ms apart; the time from the last to its findings, and what ran meanwhile. */
  async burst(interval, count = KEYSTROKES) {
    const starts = this.starts;
    const runs = this.runs;
    const waited = this.worker.stats().waited ?? 0;
    let last = 0;
    for (let k = 0; k < count; k++) {
      if (k > 0) await sleep(interval);
      last = this.type(k);
    }
    const deadline = performance.now() + 60_000;
    while (this.shown?.version !== this.version && performance.now() < deadline) await sleep(5);
    if (this.shown?.version !== this.version) throw new Error(`${this.side.name}: no findings for the last version within 60 s`);
    return { latency: this.shown.at - last, starts: this.starts - starts, runs: this.runs - runs, waited: (this.worker.stats().waited ?? 0) - waited };
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

const { templateOfSize } = require(join(changedRoot, 'out', 'test', 'support', 'generatedTemplates.js'));
const text = templateOfSize(BYTES);
const sides = [build('base', baseRoot), build('changed', changedRoot)];
const editors = sides.map((side) => new Editor(side, text));
for (const editor of editors) await editor.open();
const results = new Map();
for (let round = 0; round < ROUNDS; round++) {
  for (const interval of INTERVALS) {
    const order = round % 2 === 0 ? editors : [...editors].reverse();
    for (const editor of order) {
      const result = await editor.burst(interval);
      const key = `${interval}/${editor.side.name}`;
      results.set(key, [...(results.get(key) ?? []), result]);
      await sleep(HOLD_MS * 2);
    }
  }
}
console.log(`${(text.length / 1e6).toFixed(2)} MB YAML template, ${KEYSTROKES} keystrokes per burst, ${ROUNDS} rounds, builds interleaved`);
console.log('interval | build | last keystroke -> findings (held), median [min-max] | readings started / keystroke | workers started / keystroke | waited for a stale reading / burst');
for (const interval of INTERVALS) {
  for (const side of sides) {
    const rows = results.get(`${interval}/${side.name}`);
    const latencies = rows.map((r) => r.latency);
    const per = (part) => (rows.reduce((sum, r) => sum + r[part], 0) / rows.length / KEYSTROKES).toFixed(2);
    const waited = (rows.reduce((sum, r) => sum + r.waited, 0) / rows.length).toFixed(1);
    console.log(`${String(interval).padStart(5)} ms | ${side.name.padEnd(7)} | ${median(latencies).toFixed(0)} ms [${Math.min(...latencies).toFixed(0)}-${Math.max(...latencies).toFixed(0)}] | ${per('runs')} | ${per('starts')} | ${waited}`);
  }
}
for (const editor of editors) editor.worker.dispose();

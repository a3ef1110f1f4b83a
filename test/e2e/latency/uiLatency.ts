// `npm run bench:ui`: edit → new diagnostics as a user sees it. A real VS Code 1.100.3 workbench (code-server)
// in headless chromium, the extension loaded unpacked from this repository (dist/, as `npm run bench:editor`
// loads it); playwright types into a ~1 MB policy, a ~1 MB CloudFormation YAML template and a ~100 KB policy
// (subjects.ts), each keystroke breaking or restoring the first statement's `Condition` key, and the page
// times, from the keydown (probe.ts):
// - the squiggles of the new markers in the editor's DOM (the row the targets are about);
// - the edited text in the editor's DOM, the workbench's own latency (the control), with the extension on and
//   then turned off (`sesGrants.enable`) for the same keystrokes.
// The editor bench's rows (test/vscode/bench) time an API edit from the extension host to
// onDidChangeDiagnostics there: a round trip through the workbench's bulk edit, and an event VS Code fires
// 50 ms after the collection's set, which the markers reach the workbench without.
//
// Why the squiggles and not the Problems count in the status bar: both follow the workbench's marker service
// (the count on its change event, the squiggles on the editor's next render), but the squiggles are what the
// user looks at while typing and the state asked for is checked exactly (which lines carry which squiggle),
// not a number that another file's markers could also move. It asserts nothing about time; it fails, and
// prints no number, when a keystroke's squiggles never show.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { launchChromium, type Browser } from '../../vscode/browser';
import { assertCodeServerInstalled, newRunDir, REPO_ROOT, startCodeServer, type CodeServer } from '../../vscode/codeServer';
import { mergeResultRows, type ResultRow } from '../../bench/resultsFile';
// The build's own debounce (a copy of this script run against another build reads that build's): the 100 KB row's target excludes it.
import { DEBOUNCE_MS } from '../../../src/extension/debounce';
import { UI_USER_SETTINGS } from '../server';
import { asUiPage, goTo, openFromExplorer, runCommand } from '../ui';
import { asProbePage, settledSquiggles, squiggleSignature, timeKeystroke, type KeystrokeTimes, type ProbePage } from './probe';
import { typingSubjects, type TypingSubject } from './subjects';

/** Keystrokes timed with the extension on (odd: the document ends with the key broken, its squiggles shown). */
const KEYSTROKES_ON = 9;
/** Keystrokes timed with it turned off (even: the key ends broken again, so turning it on shows squiggles). */
const KEYSTROKES_OFF = 10;
/** A person's pause between keystrokes: the extension's late work on one edit (light bulb, bands) is not timed into the next. */
const PAUSE_MS = 750;
/** The whole run's stop for a hang. */
const OVERALL_LIMIT_MS = 15 * 60_000;

/**
 * The harness's quiet settings and the UI suite's, and no suggestions while typing: the JSON language server
 * computing completions of a 1 MB document on every keystroke would load the two cores this is measured on,
 * and the editor bench's API edits ask for none either.
 */
const BENCH_SETTINGS = {
  ...UI_USER_SETTINGS,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  '[yaml]': { 'editor.quickSuggestions': { other: false, comments: false, strings: false }, 'editor.suggestOnTriggerCharacters': false },
};

const started = Date.now();
const say = (message: string): void => console.log(`[bench:ui ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const list = (values: readonly number[]): string => values.map((value) => value.toFixed(0)).join(', ');

interface SubjectResult {
  readonly subject: TypingSubject;
  readonly on: readonly KeystrokeTimes[];
  readonly off: readonly KeystrokeTimes[];
}

/**
 * Turns the extension on or off for the bench's workspace (`sesGrants.enable` in its .vscode/settings.json, a
 * resource setting): the workbench watches the workspace's files and hands the change to the extension host.
 * (Its user settings.json, written before the server starts, is not watched for changes made from outside.)
 */
function setExtensionOn(workspace: string, extensionOn: boolean): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(extensionOn ? {} : { 'sesGrants.enable': false }, null, 2));
}

/** Backspace breaks the key (`Conditio`), `n` restores it: the keystroke number `i` of a run starting from `broken`. */
function keyOf(startsBroken: boolean, i: number): { key: string; breaks: boolean } {
  const breaks = (i % 2 === 0) !== startsBroken;
  return { key: breaks ? 'Backspace' : 'n', breaks };
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

async function measureSubject(page: ProbePage, workspace: string, subject: TypingSubject): Promise<SubjectResult> {
  const { size, brokenMark: mark } = subject;
  await openFromExplorer(page, subject.fileName, subject.firstLine.trim());
  await goTo(page, subject.line, subject.column);
  // The document's first analysis (with the extension's activation, for the first subject): its squiggles,
  // or for a policy without findings, the first keystroke's below.
  const opened = subject.findingsWhenOpened
    ? await settledSquiggles(page, `the ${size} opened`, { accept: (s) => s !== '', quietMs: 1_000, timeoutMs: 120_000 })
    : await squiggleSignature(page);
  if (!subject.findingsWhenOpened && opened !== '') throw new Error(`the ${size} shows squiggles before any edit: ${opened}`);

  // A warm-up pair learns the two states' squiggles: broken (the new findings) and restored (as opened).
  const first = timeoutFor(subject, 'the warm-up Backspace');
  await timeKeystroke(page, 'Backspace', { mark, markShown: true, squiggles: null, ...first });
  const broken = await settledSquiggles(page, `the ${size} with the key broken`, { other: opened, quietMs: 1_000, timeoutMs: 120_000 });
  await timeKeystroke(page, 'n', { mark, markShown: false, squiggles: null, ...timeoutFor(subject, 'the warm-up n') });
  await settledSquiggles(page, `the ${size} with the key restored`, { accept: (s) => s === opened, quietMs: 1_000, timeoutMs: 120_000 });
  say(`${size}: warm-up done (squiggles restored ${JSON.stringify(opened)}, broken ${JSON.stringify(broken)})`);

  const on: KeystrokeTimes[] = [];
  for (let i = 0; i < KEYSTROKES_ON; i++) {
    const { key, breaks } = keyOf(false, i);
    const what = `keystroke ${i + 1} (${key}) in the ${size}, extension on`;
    on.push(await timeKeystroke(page, key, { mark, markShown: breaks, squiggles: breaks ? { from: opened, to: broken } : { from: broken, to: opened }, timeoutMs: 60_000, what }));
    await pause();
  }

  // The control: the same keystrokes with the extension turned off (its diagnostics cleared first).
  setExtensionOn(workspace, false);
  await settledSquiggles(page, `the ${size} with the extension turned off`, { accept: (s) => s === '', quietMs: 500, timeoutMs: 60_000 });
  const off: KeystrokeTimes[] = [];
  for (let i = 0; i < KEYSTROKES_OFF; i++) {
    const { key, breaks } = keyOf(true, i);
    off.push(await timeKeystroke(page, key, { mark, markShown: breaks, squiggles: null, timeoutMs: 60_000, what: `keystroke ${i + 1} (${key}) in the ${size}, extension off` }));
    await pause();
  }
  const stillOff = await squiggleSignature(page);
  if (stillOff !== '') throw new Error(`the ${size} shows squiggles with the extension turned off: ${stillOff}`);
  // Turned on again, the extension shows the broken key's squiggles: the setting reached it both ways.
  setExtensionOn(workspace, true);
  await settledSquiggles(page, `the ${size} with the extension turned on again`, { accept: (s) => s === broken, quietMs: 500, timeoutMs: 60_000 });
  await runCommand(page, 'Revert and Close Editor');
  return { subject, on, off };
}

function timeoutFor(subject: TypingSubject, what: string): { timeoutMs: number; what: string } {
  return { timeoutMs: 120_000, what: `${what} in the ${subject.size}` };
}

function report({ subject, on, off }: SubjectResult): ResultRow[] {
  const squiggles = on.map((times) => times.squiggleMs!);
  const textOn = on.map((times) => times.textMs);
  const textOff = off.map((times) => times.textMs);
  const toSquiggle = median(squiggles);
  const afterDebounce = toSquiggle - DEBOUNCE_MS;
  const where = `in code-server 1.100.3's workbench, analysis in the worker`;
  console.log(
    `ui bench: keystroke to squiggle on the ${subject.size} (${where}): median ${toSquiggle.toFixed(0)} ms, ${afterDebounce.toFixed(0)} ms after the ${DEBOUNCE_MS} ms debounce, over ${squiggles.length} keystrokes: ${list(squiggles)} ms`,
  );
  console.log(`ui bench: keystroke to the edit painted on the ${subject.size}, extension on: median ${median(textOn).toFixed(0)} ms over ${textOn.length} keystrokes: ${list(textOn)} ms`);
  console.log(`ui bench: keystroke to the edit painted on the ${subject.size}, extension turned off: median ${median(textOff).toFixed(0)} ms over ${textOff.length} keystrokes: ${list(textOff)} ms`);
  const judged = subject.targetExcludesDebounce ? afterDebounce : toSquiggle;
  const target = subject.targetExcludesDebounce ? `<= ${subject.targetMs} ms after the ${DEBOUNCE_MS} ms debounce` : `<= ${subject.targetMs} ms`;
  const bytes = subject.text.length;
  // When and under which load: a run of one subject (SES_GRANTS_UI_BENCH) replaces only its own rows.
  const base = { bytes, lintMs: undefined, baselineMs: undefined, unit: 'ms', date: new Date().toISOString(), loadAverage: loadavg() };
  return [
    {
      name: `UI keystroke to squiggle, ${subject.rowName}`,
      ...base,
      value: toSquiggle,
      target,
      status: judged <= subject.targetMs ? 'PASS' : 'MISS',
      note: `median of ${squiggles.length} keystrokes, keydown to the squiggles' change in the workbench DOM (the ${DEBOUNCE_MS} ms debounce included); ${where}`,
      samples: squiggles,
    },
    { name: `UI keystroke to edit painted, ${subject.rowName}, extension on`, ...base, value: median(textOn), target: 'control', status: 'n/a', note: 'the workbench\'s own latency', samples: textOn },
    { name: `UI keystroke to edit painted, ${subject.rowName}, extension off`, ...base, value: median(textOff), target: 'control', status: 'n/a', note: 'sesGrants.enable false', samples: textOff },
  ];
}

async function openWorkbench(browser: Browser, server: CodeServer, workspace: string, runDir: string): Promise<ProbePage> {
  const page = asProbePage(asUiPage(await browser.newPage({ viewport: { width: 1400, height: 900 } })));
  page.setDefaultTimeout(60_000);
  const browserLog = join(runDir, 'browser-console.log');
  page.on('console', (message) => appendFileSync(browserLog, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(browserLog, `[pageerror] ${error.stack ?? error.message}\n`));
  const url = server.workbenchUrl(workspace, [
    ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
  return page;
}

async function main(): Promise<void> {
  assertCodeServerInstalled();
  const only = process.env['SES_GRANTS_UI_BENCH'];
  const subjects = typingSubjects().filter((subject) => !only || subject.rowName.includes(only));
  if (subjects.length === 0) throw new Error(`SES_GRANTS_UI_BENCH=${only} names no subject`);
  const runDir = newRunDir('bench-ui');
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const subject of typingSubjects()) writeFileSync(join(workspace, subject.fileName), subject.text);
  const loadBefore = loadavg();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await server?.stop();
    })());
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(code)));
  }
  let passed = false;
  const limit = setTimeout(() => {
    console.error(`[bench:ui] ERROR: the run did not finish within ${OVERALL_LIMIT_MS / 60_000} min; logs in ${relative(REPO_ROOT, runDir)}`);
    void cleanUp().finally(() => process.exit(1));
  }, OVERALL_LIMIT_MS);
  try {
    server = await startCodeServer(runDir, { userSettings: BENCH_SETTINGS });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server, workspace, runDir);
    say(`workbench open on ${relative(REPO_ROOT, workspace)} (code-server ${server.host}, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')})`);
    const rows: ResultRow[] = [];
    for (const subject of subjects) {
      const result = await measureSubject(page, workspace, subject);
      rows.push(...report(result));
    }
    const loadAfter = loadavg();
    console.log(`ui bench: load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    const file = join(REPO_ROOT, '.bench', 'results.json');
    mergeResultRows(file, 'bench:ui', { date: new Date().toISOString(), loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, timing: 'wall ms in the page, keydown to DOM change' }, rows);
    console.log(`ui bench rows added to ${relative(REPO_ROOT, file)}`);
    passed = true;
  } finally {
    clearTimeout(limit);
    await cleanUp();
    // Only once the server is down (it writes into its user data until it stops); a failed run keeps its logs.
    if (passed) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:ui] ERROR: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

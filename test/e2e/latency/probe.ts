// What the UI latency bench reads in the workbench's page: when a keystroke's keydown reached the page, when the
// editor's DOM showed the edited text, and when it showed the squiggles of the new markers. The functions passed
// to `page.evaluate` run in the page (serialized by playwright): they use nothing from this module's scope.
import type { UiPage } from '../ui';

/** The page's `evaluate`, which the shared UiPage type leaves out. */
export interface ProbePage extends UiPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
}

export function asProbePage(page: UiPage): ProbePage {
  return page as ProbePage;
}

/** What one keystroke showed, in ms from its keydown in the page. */
export interface KeystrokeTimes {
  /** The edited text in the editor's DOM (`.view-lines`): the workbench's own latency. */
  readonly textMs: number;
  /** The squiggles in the state asked for (`.view-overlays`); undefined when none was asked for. */
  readonly squiggleMs: number | undefined;
}

/** The little of the DOM the page functions touch (the project's type check has no DOM lib). */
interface ProbeElement {
  readonly textContent: string | null;
  readonly children: ArrayLike<ProbeElement>;
  readonly className: string;
  querySelector(selector: string): ProbeElement | null;
  querySelectorAll(selector: string): ArrayLike<ProbeElement>;
}
interface ProbeState {
  keyAt: number | undefined;
  textAt: number | undefined;
  squiggleAt: number | undefined;
  stop(): void;
}
interface ProbeWindow {
  sesUiProbe?: ProbeState;
  sesUiTools?: ProbeTools;
  addEventListener(type: string, listener: (event: { readonly timeStamp: number }) => void, capture: boolean): void;
  removeEventListener(type: string, listener: (event: { readonly timeStamp: number }) => void, capture: boolean): void;
}
declare const window: ProbeWindow;
declare const document: { querySelector(selector: string): ProbeElement | null };
declare const performance: { now(): number };
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: ProbeElement, options: { subtree: boolean; childList: boolean; characterData: boolean; attributes: boolean }): void;
  disconnect(): void;
}

interface ArmArgument {
  /** Text that the edited line shows in one state only (the misspelt key, e.g. `"Conditio"`). */
  readonly mark: string;
  /** Whether the keystroke makes the text show `mark` (true) or no longer show it. */
  readonly markShown: boolean;
  /** The squiggles before the keystroke and those its markers lead to; null: the squiggles are not watched. */
  readonly squiggles: SquiggleChange | null;
}

/**
 * Two different squiggle signatures (see installInPage): the clock stops when the editor shows `to`, which it
 * cannot show before the markers change, since it showed `from` when the keystroke was armed.
 */
export interface SquiggleChange {
  readonly from: string;
  readonly to: string;
}

/** What installInPage leaves on the page's window. */
interface ProbeTools {
  signature(): string;
  arm(arg: ArmArgument): void;
}

/**
 * Puts the probe's two functions on the page's window (once per page: one evaluated function cannot call
 * another of this module, and the workbench's content security policy may forbid eval).
 *
 * `signature`: the squiggles the active editor shows, as text: for each line of the view overlays (one element
 * per visible line, in line order) its index and the `squiggly-*` classes of the decorations on it. A keystroke
 * that neither adds nor removes a line, nor scrolls, leaves it unchanged (the decorations on the edited line
 * move with the text, their number does not), so it changes only when the markers do.
 *
 * `arm`: watches the active editor for the next keystroke. The first keydown the window sees (capturing, before
 * the editor's own handler) starts the clock at the event's time stamp; a MutationObserver on the view lines
 * and overlays stops it for the text and for the squiggles. A MutationObserver's callback runs right after the
 * task (Monaco's animation-frame render) that changed the DOM, before that frame is painted.
 */
function installInPage(): void {
  if (window.sesUiTools) return;
  const activeEditor = () => document.querySelector('.editor-group-container.active .editor-instance');
  const signature = (): string => {
    const overlays = activeEditor()?.querySelector('.view-overlays');
    if (!overlays) return '<no editor>';
    const lines: string[] = [];
    for (let index = 0; index < overlays.children.length; index++) {
      const found = overlays.children[index]!.querySelectorAll('[class*="squiggly-"]');
      const classes: string[] = [];
      for (let i = 0; i < found.length; i++) classes.push(/squiggly-[\w-]+/.exec(found[i]!.className)?.[0] ?? '');
      if (classes.length > 0) lines.push(`${index}:${classes.sort().join(',')}`);
    }
    return lines.join(' ');
  };
  const arm = (arg: ArmArgument): void => {
    window.sesUiProbe?.stop();
    const editor = activeEditor();
    const lines = editor?.querySelector('.view-lines');
    const overlays = editor?.querySelector('.view-overlays');
    if (!editor || !lines || !overlays) throw new Error('no active editor in the page');
    // A target the editor shows already would stop the clock at the first repaint (the edited text's).
    if (arg.squiggles !== null && arg.squiggles.to === arg.squiggles.from) throw new Error(`the squiggles expected after the keystroke are those before it: ${JSON.stringify(arg.squiggles.to)}`);
    if (arg.squiggles !== null && signature() !== arg.squiggles.from) throw new Error(`the squiggles before the keystroke are ${JSON.stringify(signature())}, not ${JSON.stringify(arg.squiggles.from)}`);
    const state: ProbeState = { keyAt: undefined, textAt: undefined, squiggleAt: undefined, stop: () => undefined };
    // The event's own time stamp: when the browser took the key in, before the page's main thread got to it
    // (on a busy machine the renderer can be late to run its handlers).
    const onKey = (event: { readonly timeStamp: number }): void => {
      const now = performance.now();
      state.keyAt ??= event.timeStamp > 0 && event.timeStamp <= now ? event.timeStamp : now;
    };
    const check = (): void => {
      if (state.keyAt === undefined) return;
      const now = performance.now();
      if (state.textAt === undefined && (lines.textContent ?? '').includes(arg.mark) === arg.markShown) state.textAt = now;
      if (arg.squiggles !== null && state.squiggleAt === undefined && signature() === arg.squiggles.to) state.squiggleAt = now;
    };
    const observer = new MutationObserver(check);
    const options = { subtree: true, childList: true, characterData: true, attributes: true };
    observer.observe(lines, options);
    observer.observe(overlays, options);
    window.addEventListener('keydown', onKey, true);
    state.stop = () => {
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
    };
    window.sesUiProbe = state;
  };
  window.sesUiTools = { signature, arm };
}

/** The active editor's squiggles now (see installInPage). */
export async function squiggleSignature(page: ProbePage): Promise<string> {
  await page.evaluate(installInPage, undefined);
  return page.evaluate(() => window.sesUiTools!.signature(), undefined);
}

export interface KeystrokeExpectation {
  /** Text that the edited line shows in one state only. */
  readonly mark: string;
  /** Whether the keystroke makes the text show `mark`. */
  readonly markShown: boolean;
  /** The squiggles before the keystroke and those to wait for; null: only the text is timed. */
  readonly squiggles: SquiggleChange | null;
  /** How long the squiggles may take before the bench fails (the first analysis of a document included). */
  readonly timeoutMs: number;
  /** What the failure says the keystroke was. */
  readonly what: string;
}

/**
 * Presses `key` as a person does (playwright's keyboard: keydown, the character, keyup through the browser's
 * input pipeline) and waits until the editor shows the edit and, when asked, the squiggles expected after it.
 * Throws when either never shows: a bench whose edit changes nothing must not print a number.
 */
export async function timeKeystroke(page: ProbePage, key: string, expect: KeystrokeExpectation): Promise<KeystrokeTimes> {
  await page.evaluate(installInPage, undefined);
  await page.evaluate((arg: ArmArgument) => window.sesUiTools!.arm(arg), { mark: expect.mark, markShown: expect.markShown, squiggles: expect.squiggles });
  try {
    await page.keyboard.press(key);
    try {
      await page.waitForFunction(
        (watchSquiggles: boolean) => {
          const probe = window.sesUiProbe;
          return probe !== undefined && probe.textAt !== undefined && (!watchSquiggles || probe.squiggleAt !== undefined);
        },
        expect.squiggles !== null,
        { timeout: expect.timeoutMs, polling: 50 },
      );
    } catch (error) {
      const seen = await page.evaluate(() => {
        const probe = window.sesUiProbe;
        return { key: probe?.keyAt !== undefined, text: probe?.textAt !== undefined };
      }, undefined);
      const now = await squiggleSignature(page).catch(() => '?');
      const why = !seen.key ? 'the page saw no keydown' : !seen.text ? 'the editor never showed the edit' : `the squiggles never became ${JSON.stringify(expect.squiggles?.to)} (they are ${JSON.stringify(now)})`;
      throw new Error(`${expect.what}: ${why} within ${expect.timeoutMs / 1000} s (${(error as Error).message.split('\n')[0]})`);
    }
    const times = await page.evaluate(() => {
      const probe = window.sesUiProbe!;
      return { keyAt: probe.keyAt!, textAt: probe.textAt!, squiggleAt: probe.squiggleAt };
    }, undefined);
    return { textMs: times.textAt - times.keyAt, squiggleMs: times.squiggleAt === undefined ? undefined : times.squiggleAt - times.keyAt };
  } finally {
    await page.evaluate(() => window.sesUiProbe?.stop(), undefined).catch(() => undefined);
  }
}

/**
 * Waits until the squiggles differ from `other` (when given), satisfy `accept`, and stay the same for
 * `quietMs`: the extension sets a large document's diagnostics in bands, one set per task. Throws with what
 * it saw when that does not happen within `timeoutMs`.
 */
export async function settledSquiggles(
  page: ProbePage,
  what: string,
  options: { other?: string; accept?: (signature: string) => boolean; quietMs: number; timeoutMs: number },
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  let last = await squiggleSignature(page);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await squiggleSignature(page);
    if (now !== last) {
      last = now;
      since = Date.now();
      continue;
    }
    const wanted = now !== options.other && (options.accept?.(now) ?? true);
    if (wanted && Date.now() - since >= options.quietMs) return now;
  }
  throw new Error(`${what}: the squiggles did not settle into a new state within ${options.timeoutMs / 1000} s (last seen ${JSON.stringify(last)})`);
}

// The part of playwright-core's Page the UI flows use, typed here for the same reason browser.ts types its
// own subset: playwright-core lives in test/vscode-server/node_modules, outside the extension's dependencies.
// Everything waits on the workbench's own state (an element, a text), never on a fixed delay.
import type { Box, Page } from '../vscode/browser';

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  filter(options: { hasText?: string | RegExp; hasNotText?: string | RegExp }): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(options?: { timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number }): Promise<void>;
  focus(options?: { timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  count(): Promise<number>;
  boundingBox(options?: { timeout?: number }): Promise<Box | null>;
  evaluate<R>(fn: (element: PageImage) => R | Promise<R>): Promise<R>;
}

/** The frames of a page (a webview is an iframe holding another), entered as playwright does across origins. */
export interface FrameLocator {
  frameLocator(selector: string): FrameLocator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
}

/** An image element, as a function evaluated in the page sees it. */
export interface PageImage {
  readonly naturalWidth: number;
  readonly naturalHeight: number;
  decode(): Promise<void>;
}

export interface UiPage extends Page {
  locator(selector: string, options?: { hasText?: string | RegExp; hasNotText?: string | RegExp }): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void>; insertText(text: string): Promise<void> };
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, options?: { timeout?: number; polling?: number | 'raf' }): Promise<unknown>;
  setDefaultTimeout(ms: number): void;
  frameLocator(selector: string): FrameLocator;
}

export function asUiPage(page: Page): UiPage {
  return page as UiPage;
}

/** The little of the DOM the functions evaluated in the page touch (the project's type check has no DOM lib). */
interface PageElement {
  readonly innerText: string;
  readonly textContent: string | null;
  readonly style: { readonly display: string };
  readonly placeholder?: string;
  readonly value?: string;
  querySelector(selector: string): PageElement | null;
  getAnimations(options: { subtree: boolean }): { readonly playState: string }[];
}
declare const document: { querySelector(selector: string): PageElement | null };

/**
 * The part of the workbench a picture of `targets` needs: from the editor area's top-left corner (so the code
 * around them shows, the side bar does not) to a margin past the farthest target.
 */
export async function clipAround(page: UiPage, targets: readonly Locator[], margin = 16): Promise<Box> {
  const editorArea = await page.locator('.part.editor').first().boundingBox();
  const boxes = await Promise.all(targets.map((target) => target.boundingBox()));
  if (!editorArea || boxes.some((box) => !box)) throw new Error('the editor area or a target of the picture is not visible');
  const right = Math.max(...boxes.map((box) => box!.x + box!.width)) + margin;
  const bottom = Math.max(...boxes.map((box) => box!.y + box!.height)) + margin;
  const x = Math.round(editorArea.x);
  const y = Math.round(editorArea.y);
  return {
    x,
    y,
    width: Math.round(Math.min(right, editorArea.x + editorArea.width) - x),
    height: Math.round(Math.min(bottom, editorArea.y + editorArea.height) - y),
  };
}

/** Monaco renders spaces as no-break spaces. */
const plain = (text: string): string => text.replace(/\u00a0/g, ' ');

/** The visible text of the active editor (the fixtures are short enough to be visible whole). */
export async function editorText(page: UiPage): Promise<string> {
  return plain(await activeEditor(page).locator('.view-lines').first().innerText());
}

export function activeEditor(page: UiPage): Locator {
  return page.locator('.editor-group-container.active .editor-instance').first();
}

/** Waits until the active editor's text satisfies `test` (checked in the page on every animation frame). */
export async function waitForEditorText(page: UiPage, what: string, test: { includes?: string[]; excludes?: string[] }): Promise<string> {
  try {
    await page.waitForFunction(
      ({ includes, excludes }: { includes: string[]; excludes: string[] }) => {
        const lines = document.querySelector('.editor-group-container.active .editor-instance .view-lines');
        if (!lines) return false;
        const text = lines.innerText.replace(/\u00a0/g, ' ');
        return includes.every((s) => text.includes(s)) && excludes.every((s) => !text.includes(s));
      },
      { includes: test.includes ?? [], excludes: test.excludes ?? [] },
    );
  } catch (error) {
    throw new Error(`${what}: the editor never showed it (${(error as Error).message.split('\n')[0]})\n--- editor text ---\n${await editorText(page).catch(() => '?')}`);
  }
  return editorText(page);
}

/** Focuses the active editor's text area so keys go to the document. */
export async function focusEditor(page: UiPage): Promise<void> {
  await activeEditor(page).locator('textarea').first().focus();
}

/** Opens a workspace file from the explorer, as a person clicks it, and waits for its tab to be active. */
export async function openFromExplorer(page: UiPage, fileName: string, contains: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).first().waitFor();
  await waitForEditorText(page, `${fileName} opened`, { includes: [contains] });
  await focusEditor(page);
}

/**
 * F1, a command's title, then the row whose label is exactly that title (with or without its category):
 * the command palette as a person uses it. The first row is not enough: typing "New Untitled Text File"
 * also lists "Compare New Untitled Text Files", sorted before it.
 */
export async function runCommand(page: UiPage, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').first().waitFor();
  await page.keyboard.type(title);
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  await rows.first().waitFor();
  const labels: string[] = [];
  for (let index = 0; index < (await rows.count()); index++) {
    const label = plain(await rows.nth(index).innerText()).split('\n')[0]!.trim();
    if (label === title || label.endsWith(`: ${title}`)) {
      await rows.nth(index).click();
      // The palette is done when it hides, or when the command's own quick input has taken its place
      // (the widget is reused without hiding: the input no longer holds the palette's `>` query).
      await labelled('the command palette to close', page.waitForFunction((prefix: string) => {
        const widget = document.querySelector('.quick-input-widget');
        if (!widget || widget.style.display === 'none') return true;
        const input = widget.querySelector('.quick-input-box input');
        return !(input?.value ?? '').startsWith(prefix);
      }, '>'));
      return;
    }
    labels.push(label);
  }
  throw new Error(`the command palette lists no command "${title}", only: ${labels.join(' | ')}`);
}

/** Waits until the element matched by `selector` has no running animation (a hover fades in). */
export async function waitForAnimationsDone(page: UiPage, selector: string): Promise<void> {
  await labelled(`${selector} to finish animating`, page.waitForFunction(
    (wanted: string) => {
      const element = document.querySelector(wanted);
      return element !== null && element.getAnimations({ subtree: true }).every((animation) => animation.playState !== 'running');
    },
    selector,
  ));
}

/** Ctrl+G line:column, the cursor where a person would put it. */
export async function goTo(page: UiPage, line: number, column: number): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').first().waitFor();
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden' });
}

/** The quick input (pick or input box) whose placeholder or prompt contains `text` is the one showing. */
export async function waitForQuickInput(page: UiPage, text: string): Promise<void> {
  await labelled(`the quick input showing "${text}"`, page.waitForFunction((wanted: string) => {
    const widget = document.querySelector('.quick-input-widget');
    if (!widget || widget.style.display === 'none') return false;
    const input = widget.querySelector('.quick-input-box input');
    const message = widget.querySelector('.quick-input-message')?.textContent ?? '';
    return (input?.placeholder ?? '').includes(wanted) || message.includes(wanted);
  }, text));
}

/** Names what a failed wait was waiting for (a bare waitForFunction timeout does not say). */
async function labelled<T>(what: string, waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    throw new Error(`waiting for ${what}: ${(error as Error).message.split('\n')[0]}`);
  }
}

export async function quickInputMessage(page: UiPage): Promise<string> {
  return plain(await page.locator('.quick-input-widget .quick-input-message').first().innerText());
}

/** Waits until the quick input's message no longer contains `text` (validation accepted the value). */
export async function waitForQuickInputMessageGone(page: UiPage, text: string): Promise<void> {
  await labelled(`the quick input message without "${text}"`, page.waitForFunction(
    (gone: string) => !(document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').includes(gone),
    text,
  ));
}

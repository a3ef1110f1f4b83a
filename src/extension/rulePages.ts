import type * as vscode from 'vscode';
import type { ShippedFileReader } from './extensionFiles';
import { logFailure } from './log';

/** The scheme of the rule pages the extension serves: `ses-grants-docs:/rules/<id>.md` (documents.ts, docsUri). */
export const RULE_PAGES_SCHEME = 'ses-grants-docs';

/** The build's one file of every docs/rules/<id>.md, `{ id: page text }` (scripts/build.mjs). */
const RULE_PAGES_FILE = { name: 'rule-pages.json' };

const PAGE_PATH = /^\/rules\/([a-z0-9-]+)\.md$/;

/**
 * Serves the rule pages, read-only, from the one file the VSIX carries instead of 52 small ones (each zip
 * entry is deflated alone: together they take a third of the space). The file is read once, on the first page
 * asked for, through vscode.workspace.fs (the shipped-file reader), so the web-worker host serves them too.
 * The `.md` ending gives the documents the language id `markdown`: the Markdown preview renders them.
 */
export class RulePages implements vscode.TextDocumentContentProvider {
  private pages: Promise<ReadonlyMap<string, string>> | undefined;

  constructor(
    private readonly read: ShippedFileReader,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string | undefined> {
    try {
      this.pages ??= this.read(RULE_PAGES_FILE).then((bytes) => new Map(Object.entries(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>)));
      const id = PAGE_PATH.exec(uri.path)?.[1];
      // No page: VS Code reports that the document cannot be opened.
      return id === undefined ? undefined : (await this.pages).get(id);
    } catch (error) {
      // A failed read is tried again on the next page asked for.
      this.pages = undefined;
      logFailure(this.log, `Reading the rule page ${uri.toString()}`, error);
      return undefined;
    }
  }
}

/**
 * The analysis worker keeps the text of the latest version it read of each document, so the extension host
 * sends it the edits since that version instead of the whole text: joining a 1.4 MB document's lines into one
 * string (`getText`) and copying it to the worker on every version was the largest part of the host's own
 * work per edit on the worker path. No `vscode` here: the worker applies the edits with the same code.
 */

/** One replacement, as VS Code's `TextDocumentContentChangeEvent` gives it (`rangeOffset`, `rangeLength`, `text`). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** The edits that turn version `from`'s text into a later version's, which is `length` characters long. */
export interface TextChanges {
  readonly from: number;
  readonly edits: readonly TextEdit[];
  readonly length: number;
}

/**
 * Applies the edits in order, each to the text the previous ones left: how the changes of one
 * `onDidChangeTextDocument` event are applied by VS Code's own document model (and the events in turn).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.offset) + edit.text + result.slice(edit.offset + edit.length);
  return result;
}

/**
 * Past this many characters inserted, or edits, since the version the worker holds, the whole text is sent
 * instead: the log would cost more memory than it saves (a paste of the whole document, a long session away).
 */
const MAX_LOGGED_CHARACTERS = 64 * 1024;
const MAX_LOGGED_EDITS = 2_000;

interface Log {
  readonly from: number;
  to: number;
  readonly edits: TextEdit[];
  characters: number;
}

/**
 * The edits of each document since the version last sent to the worker (`sent`), as its change events
 * arrive. A log that misses a version (an event it never saw) or grows too long is dropped, and the next
 * version goes to the worker whole.
 */
export class ChangeLogs {
  private readonly logs = new Map<string, Log>();

  /** This version of the document went to the worker (its text, or its edits): the log starts over from it. */
  sent(uri: string, version: number): void {
    this.logs.set(uri, { from: version, to: version, edits: [], characters: 0 });
  }

  /** A change event of a document: `version` is the version it made. */
  note(uri: string, version: number, edits: readonly TextEdit[]): void {
    const log = this.logs.get(uri);
    if (!log) return;
    const characters = edits.reduce((sum, edit) => sum + edit.text.length, log.characters);
    if (version !== log.to + 1 || characters > MAX_LOGGED_CHARACTERS || log.edits.length + edits.length > MAX_LOGGED_EDITS) {
      this.logs.delete(uri);
      return;
    }
    log.to = version;
    log.characters = characters;
    log.edits.push(...edits);
  }

  /** The edits from version `from` to `to`, when the log holds exactly those; undefined: send the whole text. */
  between(uri: string, from: number, to: number): readonly TextEdit[] | undefined {
    const log = this.logs.get(uri);
    return log && log.from === from && log.to === to ? log.edits : undefined;
  }

  forget(uri: string): void {
    this.logs.delete(uri);
  }

  clear(): void {
    this.logs.clear();
  }
}

import { isKnownRuleId } from './catalogue';
import { compareFindings, makeFinding, type Finding } from './findings';
import type { OffsetEdit } from './fixes/types';
import { lineAt } from './positions';
import type { Span } from './tree';

/**
 * Inline suppressions, the same in every format that has comments. A format reader lists the file's comments
 * (src/formats/comments.ts; embedded formats map their comments' spans to the outer file first) and this
 * module decides which findings they hide:
 *
 *   ses-grants-disable-next-line [id …]   the findings that start on the next line
 *   ses-grants-disable [id …]             the findings that start after it, up to
 *   ses-grants-enable [id …]              which ends it (for the ids named, or for all)
 *
 * No id means every id. Ids may be separated by spaces or commas, and `-- text` after them is a remark.
 * A suppression, or an id in one, that hides nothing is reported as `unused-suppression`, as is an id that
 * is no finding id. `parse-error` is never hidden: a file that cannot be read may hold findings nobody saw.
 * `unused-suppression` is hidden only by a comment naming it (a page whose example is an unused suppression).
 */

/** One comment of a file. */
export interface SourceComment {
  /** The comment's text without its markers (`//`, `/*` and `*\/`, `#`, `<!--` and `-->`), as it stands in the file. */
  readonly text: string;
  /** Where `text` stands in the file. Its end decides which line is the next one. */
  readonly span: Span;
}

type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

interface NamedId {
  readonly id: string;
  readonly span: Span;
}

interface Directive {
  readonly kind: DirectiveKind;
  /** The keyword (`ses-grants-disable`) and where it stands. */
  readonly keyword: string;
  readonly keywordSpan: Span;
  /** The ids named; empty for every id. */
  readonly ids: readonly NamedId[];
  readonly commentSpan: Span;
}

/** The keyword first in the comment; a block comment's leading `*` decoration is allowed before it. */
const DIRECTIVE = /^([\s*]*)(ses-grants-(disable-next-line|disable|enable))(?=\s|$)/;

/** Findings no suppression hides (but see `applySuppressions` for `unused-suppression` named explicitly). */
const NEVER_SUPPRESSED = new Set(['parse-error', 'unused-suppression']);

/** The cheap test callers use before reading comments at all. */
export function mayHoldSuppressions(text: string): boolean {
  return text.includes('ses-grants-');
}

/**
 * `mayHoldSuppressions` of a linted file's text, kept with the file (weakly: it goes with the file's version):
 * every quick fix of a 1 MB template asked it of the whole text several times (a tenth of the request).
 */
const HOLDS_SUPPRESSIONS = new WeakMap<object, boolean>();

export function fileMayHoldSuppressions(file: { readonly text: string }): boolean {
  let holds = HOLDS_SUPPRESSIONS.get(file);
  if (holds === undefined) {
    holds = mayHoldSuppressions(file.text);
    HOLDS_SUPPRESSIONS.set(file, holds);
  }
  return holds;
}

function parseDirective(comment: SourceComment): Directive | undefined {
  const match = DIRECTIVE.exec(comment.text);
  if (!match) return undefined;
  const keywordOffset = comment.span.offset + match[1]!.length;
  const afterKeyword = match[0].length;
  // `-- remark` ends the ids (the remark may say why the finding is accepted).
  const remark = /(^|\s)--(\s|$)/.exec(comment.text.slice(afterKeyword));
  const idsText = comment.text.slice(afterKeyword, remark ? afterKeyword + remark.index : undefined);
  const ids: NamedId[] = [];
  // Ids are separated by spaces or commas; `*` is a block comment's decoration on a further line.
  for (const id of idsText.matchAll(/[^\s,*]+/g)) {
    ids.push({ id: id[0], span: { offset: comment.span.offset + afterKeyword + id.index, length: id[0].length } });
  }
  return {
    kind: match[3] as DirectiveKind,
    keyword: match[2]!,
    keywordSpan: { offset: keywordOffset, length: match[2]!.length },
    ids,
    commentSpan: comment.span,
  };
}

function names(directive: Directive, id: string): boolean {
  return directive.ids.length === 0 || directive.ids.some((named) => named.id === id);
}

/**
 * Which `disable` … `enable` directive is in force for an id, as the directives are passed in document order.
 * A `disable` without ids may have exceptions (`enable` with ids after it); a `disable` with ids wins over it.
 */
class BlockState {
  private all: Directive | undefined;
  private readonly exceptions = new Set<string>();
  private readonly byId = new Map<string, Directive>();

  apply(directive: Directive): void {
    const disable = directive.kind === 'disable';
    if (directive.ids.length === 0) {
      this.all = disable ? directive : undefined;
      this.exceptions.clear();
      if (!disable) this.byId.clear();
      return;
    }
    for (const { id } of directive.ids) {
      if (disable) {
        this.byId.set(id, directive);
        this.exceptions.delete(id);
      } else {
        this.byId.delete(id);
        if (this.all) this.exceptions.add(id);
      }
    }
  }

  inForce(id: string): Directive | undefined {
    return this.byId.get(id) ?? (this.all && !this.exceptions.has(id) ? this.all : undefined);
  }
}

/**
 * The findings the comments leave visible, and an `unused-suppression` finding for each suppression (or id
 * in one) that hid nothing or names no finding id, in document order. `lineStarts` is the file's
 * `lineStartsOf`; spans of comments and findings are offsets in the same file.
 */
export function applySuppressions(findings: readonly Finding[], comments: readonly SourceComment[], lineStarts: readonly number[]): Finding[] {
  const directives = comments
    .map(parseDirective)
    .filter((d): d is Directive => d !== undefined)
    .sort((a, b) => a.commentSpan.offset - b.commentSpan.offset);
  if (directives.length === 0) return [...findings];
  const suppressions = new Suppressions(directives, lineStarts);
  // Findings may already hold unused suppressions of a document inside this one (a Markdown code block).
  const kept = suppressions.hide(findings.filter((f) => f.id !== UNUSED), 'any');
  // An unused suppression is hidden only by a comment that names `unused-suppression` itself (a page showing
  // an unused suppression as its example); whether those comments hid anything is known only after that.
  const unused = suppressions.hide([...findings.filter((f) => f.id === UNUSED), ...suppressions.unused((id) => id !== UNUSED)], 'named');
  return [...kept, ...unused, ...suppressions.unused((id) => id === UNUSED)].sort(compareFindings);
}

const UNUSED = 'unused-suppression';

/** The directives of one file, and which of them (per id) hid something. */
class Suppressions {
  private readonly nextLine = new Map<number, Directive[]>();
  private readonly blocks: readonly Directive[];
  private readonly used = new Set<string>();

  constructor(
    private readonly directives: readonly Directive[],
    private readonly lineStarts: readonly number[],
  ) {
    for (const directive of directives) {
      if (directive.kind !== 'disable-next-line') continue;
      const line = lineAt(lineStarts, directive.commentSpan.offset + directive.commentSpan.length) + 1;
      this.nextLine.set(line, [...(this.nextLine.get(line) ?? []), directive]);
    }
    this.blocks = directives.filter((d) => d.kind !== 'disable-next-line');
  }

  /** The findings no directive hides; `named`: only directives that name the id hide it. */
  hide(findings: readonly Finding[], which: 'any' | 'named'): Finding[] {
    const hides = (directive: Directive | undefined, id: string) =>
      directive !== undefined && (which === 'any' ? names(directive, id) : directive.ids.some((named) => named.id === id));
    const kept: Finding[] = [];
    const state = new BlockState();
    let applied = 0;
    for (const finding of [...findings].sort(compareFindings)) {
      if (NEVER_SUPPRESSED.has(finding.id) && !(which === 'named' && finding.id === UNUSED)) {
        kept.push(finding);
        continue;
      }
      while (applied < this.blocks.length && this.blocks[applied]!.commentSpan.offset < finding.span.offset) state.apply(this.blocks[applied++]!);
      const byLine = this.nextLine.get(lineAt(this.lineStarts, finding.span.offset))?.find((d) => hides(d, finding.id));
      const block = state.inForce(finding.id);
      const hiding = byLine ?? (hides(block, finding.id) ? block : undefined);
      if (hiding) this.used.add(useKey(hiding, hiding.ids.length === 0 ? undefined : finding.id));
      else kept.push(finding);
    }
    return kept;
  }

  /** `unused-suppression` findings for the directives (or their ids accepted by `select`) that hid nothing. */
  unused(select: (id: string | undefined) => boolean): Finding[] {
    const unused: Finding[] = [];
    for (const directive of this.directives) {
      const suppresses = directive.kind !== 'enable';
      if (directive.ids.length === 0) {
        if (suppresses && select(undefined) && !this.used.has(useKey(directive, undefined))) {
          unused.push(makeFinding(UNUSED, directive.keywordSpan, { suppression: directive.keyword, detail: '' }, undefined));
        }
        continue;
      }
      for (const { id, span } of directive.ids) {
        if (!select(id)) continue;
        const suppression = `${directive.keyword} ${id}`;
        if (!isKnownRuleId(id)) unused.push(makeFinding(UNUSED, span, { suppression, detail: ` (\`${id}\` is not a finding id)` }, undefined));
        else if (suppresses && !this.used.has(useKey(directive, id))) unused.push(makeFinding(UNUSED, span, { suppression, detail: '' }, undefined));
      }
    }
    return unused;
  }
}

function useKey(directive: Directive, id: string | undefined): string {
  return `${directive.commentSpan.offset}\u0000${id ?? ''}`;
}

/** The line comment markers a suppression can be written with: `//` (JSON with comments), `#` (YAML). */
export type LineCommentMarker = '//' | '#';

/**
 * The text edit that hides one finding with a `ses-grants-disable-next-line` comment on the line above the
 * one the finding starts on: the id added to such a line comment when it is already there (a second comment
 * line would push the first away from its line), else a new comment line with that line's indentation and
 * line end.
 */
export function suppressNextLineEdit(text: string, offset: number, id: string, marker: LineCommentMarker): OffsetEdit {
  // The finding's line and the one above, found from the offset back: a table of every line start cost a pass
  // over the whole text per quick-fix request (two with the check of the edit, suppressFix.ts).
  const lineStart = lineStartAt(text, offset);
  // (From the line break's last character: lineStartAt reads `\r\n` as one break.)
  const aboveStart = lineStart > 0 ? lineStartAt(text, lineStart - 1) : undefined;
  const above = aboveStart !== undefined ? lineContent(text, aboveStart, lineStart) : undefined;
  // A suppression comment with ids takes one more, after its last id (a `-- remark` stays last).
  const existing = above === undefined ? null : new RegExp(`^[ \\t]*${marker}[ \\t]*ses-grants-disable-next-line(?:[ \\t,]+(?!--)[\\w-]+)+`).exec(above);
  if (existing) return { offset: aboveStart! + existing[0].length, length: 0, content: `, ${id}` };
  return newCommentLine(text, lineStart, offset, id, marker);
}

/** Where the line holding `offset` starts, as `lineStartsOf` counts lines (`\n`, `\r\n`, a lone `\r`). */
export function lineStartAt(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    // A `\r` ends a line unless a `\n` follows it (then that `\n` ends it, and `offset` is between the two).
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) return i + 1;
  }
  return 0;
}

function newCommentLine(text: string, lineStart: number, offset: number, id: string, marker: LineCommentMarker): OffsetEdit {
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  const lineEnd = /\r\n|\r|\n/.exec(text.slice(lineStart))?.[0] ?? (text.includes('\r\n') ? '\r\n' : '\n');
  return { offset: lineStart, length: 0, content: `${indentation}${marker} ses-grants-disable-next-line ${id}${lineEnd}` };
}

/** A line's text without its line end. */
function lineContent(text: string, start: number, nextStart: number): string {
  return text.slice(start, nextStart).replace(/\r?\n$|\r$/, '');
}

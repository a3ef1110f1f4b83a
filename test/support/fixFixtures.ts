import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeFinding, type Finding } from '../../src/policy/findings';
import { classify } from '../../src/policy/grant';
import type { PolicyFile } from '../../src/policy/model';
import type { FormattingPreferences, OffsetEdit } from '../../src/policy/fixes';
import { renderPlain, type GrantValues } from '../../src/policy/templates';
import { FIXTURES } from './paths';

/**
 * Fix fixtures: `test/fixtures/fixes/<id>/<case>.json` (or `.jsonc`) is the input, `<case>.fixed.json` beside
 * it the exact text after the preferred fix for the finding `<id>`, with the values of
 * `test/fixtures/fixes/values.json` — or no values at all when the case name contains `unknown-values`.
 * After the fix the finding is gone, except in cases named `partly…`, where the values at hand fill only
 * part of it and what is left has no fix. A `.fixed` text equal to the input says that no fix is offered
 * at all (and fix-all leaves the text as it is).
 */
export interface FixFixture {
  readonly id: string;
  readonly name: string;
  readonly text: string;
  readonly fixed: string;
  /** `<case>.fixed.2.json`: the text after the second proposal (the first that is not preferred). */
  readonly alternative: string | undefined;
  readonly unknownValues: boolean;
}

const FIXES = join(FIXTURES, 'fixes');

export function fixtureValues(): GrantValues {
  return JSON.parse(readFileSync(join(FIXES, 'values.json'), 'utf8')) as GrantValues;
}

export function listFixFixtures(): FixFixture[] {
  const found: FixFixture[] = [];
  for (const id of readdirSync(FIXES).sort()) {
    const dir = join(FIXES, id);
    if (!statSync(dir).isDirectory()) continue;
    for (const entry of readdirSync(dir).sort()) {
      const match = /^(.*?)(\.jsonc?)$/.exec(entry);
      if (!match || /\.fixed(\.\d+)?\.jsonc?$/.test(entry)) continue;
      const path = join(dir, entry);
      found.push({
        id,
        name: relative(FIXTURES, path),
        text: readFileSync(path, 'utf8'),
        fixed: readFileSync(join(dir, `${match[1]}.fixed${match[2]}`), 'utf8'),
        alternative: existsSync(join(dir, `${match[1]}.fixed.2${match[2]}`)) ? readFileSync(join(dir, `${match[1]}.fixed.2${match[2]}`), 'utf8') : undefined,
        unknownValues: entry.includes('unknown-values'),
      });
    }
  }
  return found;
}

/** What an editor would report for the document: tabs or the smallest space indent, and its line ends. */
export function formattingOf(text: string): FormattingPreferences {
  const indents = text.split(/\r?\n/).map((line) => /^[\t ]*/.exec(line)![0]).filter((i) => i.length > 0);
  const tabs = indents.some((i) => i.startsWith('\t'));
  const spaces = indents.filter((i) => !i.startsWith('\t')).map((i) => i.length);
  return { tabSize: tabs || spaces.length === 0 ? 4 : Math.min(...spaces), insertSpaces: !tabs, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * A finding made by hand when the linter does not report the id on this text (a rule not written yet):
 * on the first statement that is an SES grant or SES-marked, spanning that statement.
 */
export function handMadeFinding(id: string, file: PolicyFile): Finding | undefined {
  const statement =
    file.statements.find((s) => {
      const grant = classify(s);
      return grant.isSesGrant || grant.isSesMarked;
    }) ?? file.statements[0];
  if (statement) return makeFinding(id, statement.node.span, {}, statement.node.span);
  const document = file.documents[0];
  return document ? makeFinding(id, document.node.span, {}, undefined) : undefined;
}

/** A proposal's edits as plain text inserts them: placeholder marks rendered in the inserted text, and only there. */
export function renderedEdits(edits: readonly OffsetEdit[]): OffsetEdit[] {
  return edits.map((edit) => ({ ...edit, content: renderPlain(edit.content) }));
}

/** Every `//` and block comment of a text, through jsonc-parser's scanner (strings are not comments). */
export { commentsOf } from '../../src/formats/json/plainJson';

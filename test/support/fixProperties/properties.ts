import { RULES } from '../../../src/policy/catalogue';
import type { Finding } from '../../../src/policy/findings';
import { fixContextFor, fixesFor, type FormattingPreferences } from '../../../src/policy/fixes';
import { commentsOf, fixAllPlainJson } from '../../../src/formats/json/plainJson';
import { yamlCommentsOf, yamlErrorCount } from '../../../src/formats/yaml/yamlEditor';
import { ACCOUNT_KEYS, literalAccount, namedAccounts } from '../../../src/policy/fixes/common';
import type { LintResult } from '../../../src/policy/lint';
import { parseJson } from '../../../src/formats/json/parseJson';
import { readConditions } from '../../../src/policy/extract';
import type { PolicyFile, Statement } from '../../../src/policy/model';
import type { GrantValues } from '../../../src/policy/templates';
import type { FixInput, FixRun } from './operations';
import { linterFor } from './operations';
import { isYamlInput } from './corpus';
import { hasFixBuilder, inferValues, mergeValues } from '../../../src/policy/fixes';
import { principalSkeleton } from '../../../src/policy/sesPrincipal';
import { dataOf, outermost, regionOf, sameRegion, type Region } from './regions';

/**
 * The fix invariants, each checked on one fix operation's before and after:
 * (a) no new syntax error; (b) every comment kept; (c) text outside the edited statements byte-identical and
 * every other statement's data unchanged; (d) fix-all idempotent; (e) the finding fixed and no new error
 * finding; (f) the trusted accounts never grow and never silently change (the IAM evaluator's part of (f)
 * is in oracle.ts); (g) every character outside the edit kept (private-use, astral, BOM, line ends).
 */

export type Property = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
export const PROPERTIES: readonly Property[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
export const PROPERTY_NAMES: Readonly<Record<Property, string>> = {
  a: 'no new syntax error',
  b: 'every comment kept',
  c: 'outside the edit unchanged',
  d: 'fix-all idempotent',
  e: 'finding fixed, no new error',
  f: 'trusted accounts kept (and the evaluator)',
  g: 'characters kept',
};

export interface Violation {
  readonly input: string;
  readonly property: Property;
  readonly operation: string;
  readonly message: string;
}

export interface CheckContext {
  readonly input: FixInput;
  readonly before: LintResult;
  readonly values: GrantValues;
  readonly formatting: FormattingPreferences;
}


/** Syntax errors as the format's own reader sees them, whether or not the text holds SES content. */
export function syntaxErrorCount(text: string, yaml: boolean): number {
  if (yaml) return yamlErrorCount(text);
  // The project's reader (no recursion: fixtures nest 10,000 deep), whatever the text holds.
  return parseJson(text).errors.length;
}

function multiset(items: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** What of `before` is missing from `after` (as many times as it is missing). */
function missing(before: Iterable<string>, after: Iterable<string>): string[] {
  const left = multiset(after);
  const lost: string[] = [];
  for (const item of before) {
    const count = left.get(item) ?? 0;
    if (count === 0) lost.push(item);
    else left.set(item, count - 1);
  }
  return lost;
}

const ERROR_IDS = new Set(RULES.filter((r) => r.severity === 'error').map((r) => r.id));

/** A finding by what it is and where: its id and its statement's ordinal (else the document's, else the file). */
function findingKeys(file: PolicyFile | undefined, findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.id} @ ${file ? regionOf(file, f).name : 'file'}`);
}

/**
 * Characters whose loss nobody would notice until too late: outside ASCII (private-use, astral, BOM…). Line
 * ends are checked as a style (a line removed takes its CR with it).
 */
function specialCharacters(text: string): string[] {
  return [...text].filter((c) => c.charCodeAt(0) > 0x7e);
}

/**
 * Fixes that make a statement readable as an SES grant (its principal, an unknown element): what the rules
 * then report about the rest of it was already written, not brought in by the fix.
 */
const READING_FIXES = new Set(['principal-wildcard', 'principal-service-unknown', 'notprincipal-allow', 'invalid-policy-element']);

function isLookAlikeLetter(character: string): boolean {
  return /^[a-z0-9]$/.test(principalSkeleton(character));
}

const POLICY_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/**
 * The literal accounts written under the statement's account keys, whatever their operator: `namedAccounts`
 * counts only those an operator compares as accounts, but the others are the user's words too. So are the
 * condition blocks under an element that is no policy element (a misspelt `Condtion`): the model reads no
 * condition there, but fix-all's reading fix restores the element, and what the user wrote under it then counts.
 */
function writtenAccounts(statement: Statement): string[] {
  const unread = statement.shape === 'add-permission' ? [] : statement.node.properties.filter((p) => !POLICY_ELEMENTS.has(p.key)).flatMap((p) => readConditions(p.value));
  return [...statement.conditions, ...unread].filter((entry) => ACCOUNT_KEYS.includes(entry.keyLower)).flatMap((entry) => entry.values.map(literalAccount).filter((a): a is string => a !== undefined));
}

/** The accounts owning the SNS topics and Lambda functions the statement's Resource names, as the input text writes them. */
function resourceOwners(statement: Statement, input: string): string[] {
  return statement.resources.flatMap((value) => {
    const owner = /^arn:aws[\w-]*:(?:sns|lambda):[\w-]+:(\d{12}):/.exec(value.text.trim())?.[1];
    return owner !== undefined && !value.isToken && input.includes(value.text) ? [owner] : [];
  });
}

function documentsHolding(file: PolicyFile, finding: Finding): string[] {
  const span = finding.statementSpan ?? finding.span;
  return file.documents.flatMap((d, index) => (span.offset >= d.node.span.offset && span.offset < d.node.span.offset + d.node.span.length ? [`document ${index}`] : []));
}

function lineEnds(text: string): { crlf: number; lf: number } {
  const crlf = text.split('\r\n').length - 1;
  return { crlf, lf: text.split('\n').length - 1 - crlf };
}

/**
 * Where a region's own text ends: before the comment lines its span ends with. The `yaml` package runs an empty
 * last value's range (`Key:` and nothing) over the comment lines after it, whatever their indentation, and a
 * comment line indented deeper than the statement's keys after its last scalar ends the statement's span too;
 * but a key a fix appends goes right after the last value's line, before those comment lines, and the span
 * then ends with the new key. Which node the reader gave such lines to is no part of the statement's text:
 * they are compared as the gap they are, before and after.
 */
export function ownEnd(text: string, span: { readonly offset: number; readonly length: number }): number {
  let end = span.offset + span.length;
  for (;;) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (lineStart <= span.offset) return end;
    if (!/^[ \t]*#/.test(text.slice(lineStart, end))) return end;
    // Back over the comment line and the line break (and blanks) before it.
    end = lineStart - 1;
    while (end > span.offset && /\s/.test(text[end - 1]!)) end--;
  }
}

const short = (text: string) => JSON.stringify(text.length > 160 ? text.slice(0, 160) + '…' : text);

function documentHeads(file: PolicyFile, regions: readonly Region[]): Region[] {
  return file.documents.flatMap((document, index) => {
    const statementKey = document.statementProperty?.span;
    const holdsEdit = regions.some((r) => r.span.offset >= document.node.span.offset && r.span.offset < document.node.span.offset + document.node.span.length);
    if (!statementKey || !holdsEdit) return [];
    return [{ name: `document ${index} head`, span: { offset: document.node.span.offset, length: statementKey.offset - document.node.span.offset } }];
  });
}

export class PropertyChecker {
  readonly checked = new Map<Property, number>(PROPERTIES.map((p) => [p, 0]));
  readonly violations: Violation[] = [];
  private input = '';

  private count(property: Property): void {
    this.checked.set(property, this.checked.get(property)! + 1);
  }

  private fail(property: Property, run: FixRun, message: string): void {
    this.violations.push({ input: this.input, property, operation: run.label, message });
  }

  /** Every property but the evaluator's, on one operation. */
  check(context: CheckContext, run: FixRun): LintResult | undefined {
    const { input, before } = context;
    this.input = input.name;
    const yaml = isYamlInput(input);
    if (run.after === input.text) {
      // Nothing written: every property holds, except that a quick fix must change something.
      for (const p of PROPERTIES) if (run.kind === 'fix-all' || p !== 'd') this.count(p);
      if (run.kind === 'quick-fix') this.fail('e', run, 'the quick fix changes nothing');
      return before;
    }
    const after = linterFor(input)(run.after);

    // (a)
    this.count('a');
    const errorsBefore = syntaxErrorCount(input.text, yaml);
    const errorsAfter = syntaxErrorCount(run.after, yaml);
    if (errorsAfter > errorsBefore || after.syntaxErrors.length > Math.max(before.syntaxErrors.length, errorsBefore)) {
      this.fail('a', run, `syntax errors ${errorsBefore} → ${errorsAfter} (linter: ${before.syntaxErrors.length} → ${after.syntaxErrors.length})`);
    }

    // (b)
    this.count('b');
    const comments = yaml ? yamlCommentsOf : commentsOf;
    const lost = missing(comments(input.text), comments(run.after));
    if (lost.length > 0) this.fail('b', run, `comments lost: ${lost.map(short).join(', ')}`);

    // (c)
    this.count('c');
    this.checkOutside(context, run, after);

    // (d)
    if (run.kind === 'fix-all') {
      this.count('d');
      const again = fixAllPlainJson(run.after, run.values, context.formatting, linterFor(input), run.options);
      if (again !== run.after) this.fail('d', run, `a second run changes the text again`);
    }

    // (e)
    this.count('e');
    this.checkFindings(context, run, after);

    // (f)
    this.count('f');
    this.checkAccounts(context, run, after);

    // (g)
    this.count('g');
    this.checkCharacters(context, run);
    return after;
  }

  /** (c): the text between edited regions is byte-identical, and every statement outside them reads the same. */
  private checkOutside(context: CheckContext, run: FixRun, after: LintResult): void {
    const { input, before } = context;
    // Fix-all edits where a finding has a fix; the checks across a template (a receipt rule's DependsOn) have none.
    const findings = run.kind === 'quick-fix' ? [run.finding] : before.findings.filter((f) => hasFixBuilder(f.id));
    if (!before.file) {
      this.fail('c', run, 'a file with no policy was changed');
      return;
    }
    if (!after.file) {
      this.fail('c', run, 'the fixed text holds no policy any more');
      return;
    }
    if (after.file.statements.length !== before.file.statements.length) {
      this.fail('c', run, `statements ${before.file.statements.length} → ${after.file.statements.length}`);
      return;
    }
    const findingRegions = findings.map((f) => regionOf(before.file!, f));
    // Fix-all may write a document's Version once a fix made its statement an SES grant: the document's own
    // text before its Statement is open to it, the rest of the document is not.
    const heads = run.kind === 'fix-all' ? documentHeads(before.file, findingRegions) : [];
    const regions = outermost([...findingRegions, ...heads]);
    if (run.kind === 'quick-fix') {
      const region = regions[0]!;
      // A YAML block ends with its line: a key appended to it goes at the start of the next line.
      const lineEnd = /^[ \t]*\r?\n/.exec(input.text.slice(region.span.offset + region.span.length));
      const end = region.span.offset + region.span.length + (lineEnd?.[0].length ?? 0);
      const outside = run.edits.find((e) => e.offset < region.span.offset || e.offset + e.length > end);
      if (outside) this.fail('c', run, `an edit at ${outside.offset}+${outside.length} lies outside ${region.name} (${region.span.offset}+${region.span.length})`);
    }
    // The gaps between regions, in order, are the same text before and after.
    let previousBefore = 0;
    let previousAfter = 0;
    for (const region of [...regions, undefined]) {
      const mapped: Region | undefined = region ? sameRegion(after.file, region) : { name: 'end', span: { offset: run.after.length, length: 0 } };
      if (!mapped) {
        this.fail('c', run, `${region!.name} is gone`);
        return;
      }
      const gapBefore = input.text.slice(previousBefore, region ? region.span.offset : input.text.length);
      const gapAfter = run.after.slice(previousAfter, mapped.span.offset);
      if (gapBefore !== gapAfter) {
        this.fail('c', run, `text changed outside the edited statements, before ${region?.name ?? 'the end'}: ${short(gapBefore)} → ${short(gapAfter)}`);
        return;
      }
      if (region) {
        previousBefore = ownEnd(input.text, region.span);
        previousAfter = ownEnd(run.after, mapped.span);
      }
    }
    if (regions.some((r) => r.name === 'file')) return;
    const edited = new Set(regions.map((r) => r.name));
    const editedDocuments = regions.filter((r) => r.name.startsWith('document ') && !r.name.endsWith(' head')).map((r) => r.span);
    before.file.statements.forEach((statement, index) => {
      if (edited.has(`statement ${index}`) || editedDocuments.some((d) => statement.node.span.offset >= d.offset && statement.node.span.offset < d.offset + d.length)) return;
      if (dataOf(statement.node) !== dataOf(after.file!.statements[index]!.node)) this.fail('c', run, `statement ${index} (not edited) reads differently`);
    });
  }

  /** (e): the finding is gone (or what is left of it has no fix), and no error finding appears. */
  private checkFindings(context: CheckContext, run: FixRun, after: LintResult): void {
    const { input, before } = context;
    const keysBefore = findingKeys(before.file, before.findings);
    const keysAfter = findingKeys(after.file, after.findings);
    const placeholdersWritten = run.kind === 'quick-fix' ? run.placeholders : run.mode === 'attended';
    // What a fix making a statement readable as a grant reveals: findings on that statement, and on the document
    // holding it (its Version is judged once the document holds a grant).
    const revealed = new Set(
      (run.kind === 'quick-fix' ? [run.finding] : before.findings)
        .filter((f) => READING_FIXES.has(f.id))
        .flatMap((f) => (before.file ? [regionOf(before.file, f).name, ...documentsHolding(before.file, f)] : ['file'])),
    );
    const added = missing(keysAfter, keysBefore).filter(
      (key) => ERROR_IDS.has(key.split(' @ ')[0]!) && !(placeholdersWritten && key.startsWith('placeholder-left ')) && !revealed.has(key.split(' @ ')[1]!),
    );
    if (added.length > 0) this.fail('e', run, `new error findings: ${added.join(', ')}`);
    if (run.kind !== 'quick-fix' || !run.preferred || !after.file) return;
    const key = findingKeys(before.file, [run.finding])[0]!;
    const remaining = after.findings.filter((_, i) => keysAfter[i] === key);
    const stillThere = keysBefore.filter((k) => k === key).length <= remaining.length;
    if (!stillThere) return;
    // What is left of it may be beyond any fix (a value nobody configured): then the fix did what it could.
    const fixable = remaining.some((f) => fixesFor({ ...fixContextFor(run.after, after.file!, f, context.values, context.formatting), lint: linterFor(input) }).length > 0);
    if (fixable) this.fail('e', run, `${key} is still there and still fixable after its preferred fix`);
  }

  /**
   * (f): per statement, the accounts it names stay the same. An open grant may be closed to the receiving
   * account (the settings', else the one the document names), or to an account the statement itself writes
   * under an account key whatever the operator (the user's own word); a quick fix may keep one of several accounts
   * when its title names the one it keeps (a grant naming two accounts in SourceAccount and SourceArn trusts
   * nobody: the user picks).
   */
  private checkAccounts(context: CheckContext, run: FixRun, after: LintResult): void {
    const { before, input } = context;
    if (!before.file || !after.file) return;
    const configured = mergeValues(run.kind === 'fix-all' ? run.values : context.values, inferValues(before.file)).accountId;
    const trustedInFile = new Set(before.file.statements.flatMap((statement) => namedAccounts(statement)));
    before.file.statements.forEach((statement, index) => {
      const other = after.file!.statements[index];
      if (!other) return;
      const was = namedAccounts(statement).sort();
      const now = namedAccounts(other).sort();
      if (was.join() === now.join()) return;
      if (was.length === 0 && now.every((account) => account === configured)) return;
      // Fix-all infers the receiving account anew each round: once a reading fix made a misspelled `Resource`
      // readable, the owner of the topic or function the user wrote there closes the open grant, as it does
      // on the same file written correctly. Only when nothing else named an account.
      if (run.kind === 'fix-all' && was.length === 0 && configured === undefined && now.length > 0 && now.every((account) => resourceOwners(other, input.text).includes(account))) return;
      // Likewise once a fix made another grant's account count as the receiving one (its `IfExists` dropped, its
      // `SourceOwner` renamed `SourceAccount`): an account another statement of the input already trusts closes
      // the open grant, and nobody the file did not trust is let in.
      if (run.kind === 'fix-all' && was.length === 0 && configured === undefined && now.length > 0 && now.every((account) => trustedInFile.has(account))) return;
      // An account the statement's own source condition already wrote (a SourceAccount under an operator that
      // does not compare accounts, `ArnLikeIfExists`) may fill the SourceArn that lacks one: the user named it
      // in this statement, nobody else is trusted, and the evaluator below still checks who gets in.
      const written = writtenAccounts(statement);
      if (was.every((account) => now.includes(account)) && now.every((account) => was.includes(account) || written.includes(account))) return;
      if (run.kind === 'quick-fix' && now.length > 0 && now.every((account) => was.includes(account) && run.title.includes(account))) return;
      this.fail('f', run, `statement ${index} trusted ${was.join(', ') || 'no account'}, now ${now.join(', ') || 'no account'}`);
    });
  }

  /** (g): no character outside ASCII and no CR is lost, except in what a finding points at; BOM and line ends stay. */
  private checkCharacters(context: CheckContext, run: FixRun): void {
    const { input, before } = context;
    const text = input.text;
    if (text.startsWith('\uFEFF') !== run.after.startsWith('\uFEFF')) this.fail('g', run, 'the byte-order mark changed');
    const ends = lineEnds(text);
    const endsAfter = lineEnds(run.after);
    if ((ends.lf === 0 && ends.crlf > 0 && endsAfter.lf > 0) || (ends.crlf === 0 && ends.lf > 0 && endsAfter.crlf > 0)) {
      this.fail('g', run, `line ends mixed: ${ends.crlf} CRLF / ${ends.lf} LF → ${endsAfter.crlf} / ${endsAfter.lf}`);
    }
    // Replaced text may hold such characters only where a fix was asked to change something.
    const replaced = run.kind === 'quick-fix' ? run.edits.map((e) => ({ offset: e.offset, length: e.length })) : before.findings.map((f) => f.span);
    let kept = '';
    let from = 0;
    for (const span of [...replaced].sort((a, b) => a.offset - b.offset)) {
      if (span.offset > from) kept += text.slice(from, span.offset);
      from = Math.max(from, span.offset + span.length);
    }
    kept += text.slice(from);
    // Fix-all corrects a look-alike principal (`ѕes.amazonaws.com` with a Cyrillic `ѕ`) even when an earlier
    // round's fix revealed it, so its finding is not among the first reading's: a letter that reads as a Latin
    // one may go there. (c) holds such a round to the statements fix-all edited.
    const lost = missing(specialCharacters(kept), specialCharacters(run.after)).filter((c) => run.kind !== 'fix-all' || !isLookAlikeLetter(c));
    if (lost.length > 0) this.fail('g', run, `characters lost: ${lost.slice(0, 8).map((c) => 'U+' + c.codePointAt(0)!.toString(16).toUpperCase()).join(', ')}`);
  }
}

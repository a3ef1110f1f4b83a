import type { MessageArgs } from './catalogue';
import { compareFindings, makeFinding, type FileRule, type Finding, type StatementContext, type StatementRule } from './findings';
import { classify, type GrantClassification } from './grant';
import type { PolicyFile, Statement } from './model';
import type { Span } from './tree';
import { FILE_RULES, STATEMENT_RULES } from './rules';
import { mightBeLookAlikePrincipal } from './prefilter';

export interface LintResult {
  readonly file: PolicyFile | undefined;
  readonly findings: readonly Finding[];
  /** The file's syntax errors; the CLI reports them as `parse-error`, the editor leaves them to VS Code. */
  readonly syntaxErrors: readonly { readonly message: string; readonly offset: number; readonly length: number }[];
  /**
   * Set when the file's format needs a parser that is still loading (Terraform's WebAssembly parser): the
   * result is empty for now; lint again once this resolves. It never rejects.
   */
  readonly parserLoading?: Promise<void>;
  /** Why the text was not parsed at all (a YAML text beyond the reader's limits), when it was not. */
  readonly notRead?: string;
}

/** How a lint runs (the formats' linters take the same options, src/formats). */
export interface LintOptions {
  /** Rethrow a rule's exception instead of dropping that rule's findings (tests and the fuzzer use it). */
  readonly strict?: boolean;
  /** File-level rules of the format (e.g. CloudFormation's checks across resources), run after the core's. */
  readonly extraFileRules?: readonly FileRule[];
  /**
   * Report what inline suppressions would hide, and no `unused-suppression` (the IAM oracle judges the policy
   * itself, whatever its author accepted). Suppressions are applied by the format adapters (src/formats).
   */
  readonly ignoreSuppressions?: boolean;
}

/** Runs every rule family over a model; format adapters call this after building their PolicyFile. */
export function lintPolicyFile(file: PolicyFile, options: LintOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const grants = classifyStatements(file.statements);
  runStatementRules(file, grants, findings, options);
  runFileRules(file, grants, findings, [...FILE_RULES, ...(options.extraFileRules ?? [])], options);
  return findings.sort(compareFindings);
}

export function classifyStatements(statements: readonly Statement[]): Map<Statement, GrantClassification> {
  const grants = new Map<Statement, GrantClassification>();
  for (const statement of statements) grants.set(statement, classify(statement));
  return grants;
}

/**
 * The statement rules over each statement of `grants` (classified), findings added unsorted, in the order a
 * run statement by statement gives them (each statement's findings in the families' order, statements in order).
 *
 * One family at a time over every statement, not every family over one statement at a time: the rules are a few
 * hundred functions, more code than the processor's instruction cache holds, and running them all for each
 * statement fetched them again for the next one. Callgrind (cache simulation, 100 warm-up lints) on the bench's
 * 100 KB policy: a lint ran 0.65x parseTree's instructions but missed the instruction cache 12x as often
 * (253,000 against 21,000): the likeliest reason it took longer with less work. One family's code stays cached
 * while it reads every statement (the model of the statements, smaller than the code, is read once per family
 * instead): 97,000 misses per lint, for 2% more instructions and 6% more data-cache misses. In time, on this
 * project's 2-core VM, a few per cent of the lint (the real processor fetches code faster than the model says).
 */
export function runStatementRules(file: PolicyFile, grants: ReadonlyMap<Statement, GrantClassification>, findings: Finding[], options: LintOptions): void {
  // One context for the file, moved from statement to statement: a context and its report closure per
  // statement were a twentieth of what a large policy's lint allocated.
  const context = new StatementRun(file);
  // forEach, not for-of over the entries: no [statement, grant] pair made per statement.
  grants.forEach((grant, statement) => {
    if (grant.isSesGrant || grant.isSesMarked || mightBeLookAlike(statement)) context.add(statement, grant);
  });
  for (const rule of STATEMENT_RULES) {
    for (let index = 0; index < context.count; index++) {
      context.moveTo(index);
      // A rule that throws on some odd input loses its findings of that statement, never the others'.
      try {
        rule(context);
      } catch (error) {
        if (options.strict) throw error;
      }
    }
  }
  context.collectInto(findings);
}

/** What the statement rules see of the statement being linted, and the findings of every statement so far. */
class StatementRun implements StatementContext {
  statement!: Statement;
  grant!: GrantClassification;
  private index = 0;
  private readonly statements: Statement[] = [];
  private readonly grants: GrantClassification[] = [];
  /** Each statement's findings in the order reported (undefined until it has one): one per id (docs/rules). */
  private readonly found: (Finding[] | undefined)[] = [];

  constructor(readonly file: PolicyFile) {}

  get count(): number {
    return this.statements.length;
  }

  add(statement: Statement, grant: GrantClassification): void {
    this.statements.push(statement);
    this.grants.push(grant);
    this.found.push(undefined);
  }

  moveTo(index: number): void {
    this.index = index;
    this.statement = this.statements[index]!;
    this.grant = this.grants[index]!;
  }

  // An arrow function field, not a method: a rule may pass `report` on without its context.
  readonly report = (id: string, span: { offset: number; length: number }, args: MessageArgs = {}): void => {
    let found = this.found[this.index];
    let statementSpan: Span;
    if (found === undefined) {
      found = [];
      this.found[this.index] = found;
      statementSpan = clamp(this.statement.node.span, this.file.text);
    } else {
      // One finding per statement per id (docs/rules): a handful at most, so a scan is cheaper than a Set.
      for (const finding of found) if (finding.id === id) return;
      // Every finding of a statement holds the same span object (made once, as a statement's span is read anew each time).
      statementSpan = found[0]!.statementSpan!;
    }
    found.push(makeFinding(id, clamp(span, this.file.text), args, statementSpan));
  };

  /** The findings, statement after statement, each statement's in the order reported. */
  collectInto(findings: Finding[]): void {
    for (const found of this.found) if (found) for (const finding of found) findings.push(finding);
  }
}

/** File-level rules over a file whose statements `grants` classifies, findings added unsorted. */
export function runFileRules(
  file: PolicyFile,
  grants: ReadonlyMap<Statement, GrantClassification>,
  findings: Finding[],
  rules: readonly FileRule[],
  options: LintOptions,
): void {
  const fileContext = {
    file,
    grants,
    report(id: string, span: { offset: number; length: number }, args = {}, statement?: Statement) {
      findings.push(makeFinding(id, clamp(span, file.text), args, statement && clamp(statement.node.span, file.text)));
    },
  };
  runGuarded(rules, fileContext, options);
}

/** Statements whose principal only looks like SES still reach the principal rules. */
function mightBeLookAlike(statement: Statement): boolean {
  for (const p of statement.principals) if (p.type === 'Service' && mightBeLookAlikePrincipal(p.value.text)) return true;
  return false;
}

/** A rule that throws on some odd input loses its findings, never the others' (providers must not throw). */
function runGuarded<C>(rules: readonly ((context: C) => void)[], context: C, options: LintOptions): void {
  for (const rule of rules) {
    try {
      rule(context);
    } catch (error) {
      // Users keep the other rules' findings; tests run strict so that a throwing rule fails them.
      if (options.strict) throw error;
    }
  }
}

export type { StatementRule, FileRule };

/**
 * Spans stay inside the text: a reader may give a node left open by an unterminated comment a length one
 * past the end (jsonc-parser does), and every consumer (ranges, SARIF, fixes) relies on spans within the text.
 */
function clamp(span: { offset: number; length: number }, text: string): { offset: number; length: number } {
  // A span already inside the text, nearly every one, is kept as it is (spans are never changed in place):
  // a copy of each was two objects per finding.
  if (span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length) return span;
  const offset = Math.min(Math.max(0, span.offset), text.length);
  return { offset, length: Math.max(0, Math.min(span.length, text.length - offset)) };
}

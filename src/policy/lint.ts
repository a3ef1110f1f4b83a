import type { MessageArgs } from './catalogue';
import { compareFindings, makeFinding, type FileRule, type Finding, type StatementContext, type StatementRule } from './findings';
import { classify, type GrantClassification } from './grant';
import type { PolicyFile, Statement } from './model';
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

/** The statement rules over each statement of `grants` (classified), findings added unsorted. */
export function runStatementRules(file: PolicyFile, grants: ReadonlyMap<Statement, GrantClassification>, findings: Finding[], options: LintOptions): void {
  // One context for the file, moved from statement to statement: a context and its report closure per
  // statement were a twentieth of what a large policy's lint allocated.
  const context = new StatementRun(file, findings);
  // forEach, not for-of over the entries: no [statement, grant] pair made per statement.
  grants.forEach((grant, statement) => {
    if (!grant.isSesGrant && !grant.isSesMarked && !mightBeLookAlike(statement)) return;
    context.moveTo(statement, grant);
    runGuarded(STATEMENT_RULES, context, options);
  });
}

/** What the statement rules see of the statement being linted. */
class StatementRun implements StatementContext {
  statement!: Statement;
  grant!: GrantClassification;
  /** The ids reported for this statement: a handful at most, so a list is cheaper than a Set. */
  private readonly seen: string[] = [];
  private statementSpan: { offset: number; length: number } | undefined;

  constructor(
    readonly file: PolicyFile,
    private readonly findings: Finding[],
  ) {}

  moveTo(statement: Statement, grant: GrantClassification): void {
    this.statement = statement;
    this.grant = grant;
    this.seen.length = 0;
    this.statementSpan = undefined;
  }

  // An arrow function field, not a method: a rule may pass `report` on without its context.
  readonly report = (id: string, span: { offset: number; length: number }, args: MessageArgs = {}): void => {
    // One finding per statement per id (docs/rules).
    if (this.seen.includes(id)) return;
    this.seen.push(id);
    this.statementSpan ??= clamp(this.statement.node.span, this.file.text);
    this.findings.push(makeFinding(id, clamp(span, this.file.text), args, this.statementSpan));
  };
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

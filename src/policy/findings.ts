import { formatMessage, ruleInfo, type MessageArgs, type Severity } from './catalogue';
import type { GrantClassification } from './grant';
import type { PolicyFile, Statement } from './model';
import type { Span } from './tree';

export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** The arguments the message was built from; also read by fixes and translations. */
  readonly args: MessageArgs;
  /** The statement the finding belongs to (its span), when it belongs to one. */
  readonly statementSpan: Span | undefined;
}

/** What a statement-level rule family sees. */
export interface StatementContext {
  readonly file: PolicyFile;
  readonly statement: Statement;
  readonly grant: GrantClassification;
  report(id: string, span: Span, args?: MessageArgs): void;
}

/** What a file-level rule family sees (duplicate keys, versions, anything spanning statements). */
export interface FileContext {
  readonly file: PolicyFile;
  readonly grants: ReadonlyMap<Statement, GrantClassification>;
  report(id: string, span: Span, args?: MessageArgs, statement?: Statement): void;
}

export type StatementRule = (context: StatementContext) => void;
export type FileRule = (context: FileContext) => void;

export function makeFinding(id: string, span: Span, args: MessageArgs, statementSpan: Span | undefined): Finding {
  const info = ruleInfo(id);
  return { id, severity: info.severity, message: formatMessage(info.message, args), span, args, statementSpan };
}

/** Document order, then id: deterministic output for the CLI, the editor and the tests. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.span.offset - b.span.offset || a.span.length - b.span.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

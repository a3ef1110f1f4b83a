/**
 * Large S3 bucket policies of SES grants, as the editor's off-thread tests and the editor bench open them: no
 * Node module here (the web-worker host's suites are bundled for the browser).
 */

/** Statement `i`: SES may put objects into bucket `inbound-mail-<i>`, from the account and, with `sourceArn`, rule `rule<i>`. */
function sesPutStatement(i: number, sourceArn: boolean): object {
  return {
    Sid: `AllowSESPuts${i}`,
    Effect: 'Allow',
    Principal: { Service: 'ses.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::inbound-mail-${i}/*`,
    Condition: {
      StringEquals: {
        'AWS:SourceAccount': '111122223333',
        ...(sourceArn ? { 'AWS:SourceArn': `arn:aws:ses:us-east-1:111122223333:receipt-rule-set/inbound:receipt-rule/rule${i}` } : {}),
      },
    },
  };
}

function printed(statements: readonly object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/**
 * `count` statements (printed with indentation); every `missingSourceArnEvery`-th, from the first, without its
 * aws:SourceArn (an `s3-missing-source-arn` finding each). None missing when it is not given.
 */
export function policyOfStatements(count: number, missingSourceArnEvery?: number): string {
  return printed(statementsOf(count, missingSourceArnEvery));
}

/** The statements of `policyOfStatements(count, missingSourceArnEvery)`, as objects (for other layouts of the same policy). */
export function statementsOf(count: number, missingSourceArnEvery?: number): object[] {
  return Array.from({ length: count }, (_, i) => sesPutStatement(i, missingSourceArnEvery === undefined || i % missingSourceArnEvery !== 0));
}

/**
 * A policy of grants with their aws:SourceArn whose compact JSON holds at least `bytes` characters (printed with
 * indentation); `open`: every statement but the first without its aws:SourceArn, a finding each (what the
 * diagnostics themselves cost).
 */
export function policyOfAbout(bytes: number, open = false): string {
  const statements: object[] = [];
  for (let i = 0; JSON.stringify(statements).length < bytes; i++) statements.push(sesPutStatement(i, !open || i === 0));
  return printed(statements);
}

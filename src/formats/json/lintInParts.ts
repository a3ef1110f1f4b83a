import { compareFindings, type Finding } from '../../policy/findings';
import type { GrantClassification } from '../../policy/grant';
import { readStatement } from '../../policy/extract';
import { strictValueEnd } from './jsonLazy';
import { classifyStatements, runFileRules, runStatementRules, type LintOptions } from '../../policy/lint';
import type { PolicyDocument, PolicyFile, Statement } from '../../policy/model';
import { FILE_RULES } from '../../policy/rules';
import { isReceivingSesGrant } from '../../policy/rules/ruleHelpers';
import { Code, NOT_STRICT, readStrictJson, skipJsonTrivia } from './strictJson';
import { property, type ArrayNode, type ObjectNode, type PropertyNode } from '../../policy/tree';

/**
 * Statements read, modelled and linted together before their trees are let go: enough to keep the per-batch
 * work cheap, few enough that a batch's trees stay in V8's young generation and die there.
 */
const BATCH = 256;

/**
 * A policy document in strict JSON, read statement by statement: the findings `lintPolicyFile` gives for the
 * file `extractPolicies` reads (the same ids, spans, arguments and order), without holding the tree and the model
 * of every statement at once. A policy of 150,000 statements weighs about 2 KB of tree and model per
 * statement, 20 times its text, when it is read whole.
 *
 * The root object is read as a skeleton (every member but the `Statement` array's items) and given to
 * `accept`, which says whether it is a document this reading fits (not a template, no policy inside a string).
 * Then each item of `Statement` is read on its own (`readStrictJson` over its range, offsets into the whole
 * text), modelled and linted with the statement rules and the file rules that judge one statement at a time
 * (duplicate keys, unknown elements), a batch at a time. The document's `Version` is judged last, on the
 * skeleton, as `documentRules` judges it: when one of its statements is a receiving SES grant.
 *
 * Undefined when the text is not one strict JSON object with one `Statement` array (the caller then lints it
 * whole). A file rule that compares statements with each other would have to be run here too: the fixtures
 * are linted both ways by a test (lint-in-parts.test.ts), which fails when the two readings differ.
 */
export function lintDocumentInParts(text: string, accept: (root: ObjectNode) => boolean, options: LintOptions = {}): Finding[] | undefined {
  const findings: Finding[] = [];
  const read = lintDocumentInBatches(text, accept, options, (batch) => {
    for (const finding of batch) findings.push(finding);
  });
  return read ? findings.sort(compareFindings) : undefined;
}

/**
 * `lintDocumentInParts`, its findings handed to `take` a batch at a time (each batch in document order, the
 * document's own last), so that the caller need not hold them as the core made them either. False when the
 * reading does not fit the text; batches may have been handed over before that is known, and are then wrong.
 */
export function lintDocumentInBatches(
  text: string,
  accept: (root: ObjectNode) => boolean,
  options: LintOptions,
  take: (findings: Finding[]) => void,
): boolean {
  const skeleton = readSkeleton(text);
  if (!skeleton || !accept(skeleton.root)) return false;
  const { root, statementProperty } = skeleton;
  const document: PolicyDocument = { node: root, version: property(root, 'Version'), statementProperty, statements: [] };
  let receiving: { statement: Statement; grant: GrantClassification } | undefined;
  let batch: Statement[] = [];
  const lintBatch = () => {
    const file: PolicyFile = { text, root, documents: [], statements: batch, allowsTemplateValues: false };
    const grants = classifyStatements(batch);
    const findings: Finding[] = [];
    runStatementRules(file, grants, findings, options);
    runFileRules(file, grants, findings, FILE_RULES, options);
    take(findings.sort(compareFindings));
    if (!receiving) {
      for (const [statement, grant] of grants) {
        if (!isReceivingSesGrant(grant)) continue;
        receiving = { statement, grant };
        break;
      }
    }
    batch = [];
  };

  // The items of `[ … ]`: a value, then `,` or `]` (a trailing comma allowed, as the strict reader allows it).
  let pos = skipJsonTrivia(text, statementProperty.value.span.offset + 1);
  for (;;) {
    if (pos < 0) return false;
    if (text.charCodeAt(pos) === Code.closeBracket) break;
    const end = strictValueEnd(text, pos);
    if (end < 0) return false;
    const item = readStrictJson(text, pos, end);
    if (item === NOT_STRICT || item === undefined) return false;
    if (item.type === 'object' && property(item, 'Effect')) {
      batch.push(readStatement(item, 'policy-statement', document));
      if (batch.length === BATCH) lintBatch();
    }
    pos = skipJsonTrivia(text, end);
    if (pos < 0) return false;
    if (text.charCodeAt(pos) === Code.comma) pos = skipJsonTrivia(text, pos + 1);
    else if (text.charCodeAt(pos) !== Code.closeBracket) return false;
  }
  if (batch.length > 0) lintBatch();

  // The document itself: its Version, judged as documentRules judges it, on one receiving grant of it.
  const documentFile: PolicyFile = {
    text,
    root,
    documents: [{ ...document, statements: receiving ? [receiving.statement] : [] }],
    statements: [],
    allowsTemplateValues: false,
  };
  const findings: Finding[] = [];
  runFileRules(documentFile, new Map(receiving ? [[receiving.statement, receiving.grant]] : []), findings, FILE_RULES, options);
  take(findings.sort(compareFindings));
  return true;
}

interface Skeleton {
  /** The root object; its `Statement` array holds no items (they are read one by one). */
  readonly root: ObjectNode;
  readonly statementProperty: PropertyNode & { readonly value: ArrayNode };
}

/** The root object with every member read but the items of its one `Statement` array; undefined if not strict or not so. */
function readSkeleton(text: string): Skeleton | undefined {
  let pos = skipJsonTrivia(text, 0);
  if (pos < 0 || text.charCodeAt(pos) !== Code.openBrace) return undefined;
  const rootOffset = pos;
  const properties: PropertyNode[] = [];
  let statementProperty: Skeleton['statementProperty'] | undefined;
  pos = skipJsonTrivia(text, pos + 1);
  while (pos >= 0 && text.charCodeAt(pos) !== Code.closeBrace) {
    const keyEnd = strictValueEnd(text, pos);
    const key = text.charCodeAt(pos) === Code.doubleQuote && keyEnd > 0 ? readStrictJson(text, pos, keyEnd) : NOT_STRICT;
    if (key === NOT_STRICT || key?.type !== 'scalar' || typeof key.value !== 'string') return undefined;
    const colon = skipJsonTrivia(text, keyEnd);
    if (colon < 0 || text.charCodeAt(colon) !== Code.colon) return undefined;
    const valueStart = skipJsonTrivia(text, colon + 1);
    if (valueStart < 0) return undefined;
    const valueEnd = strictValueEnd(text, valueStart);
    if (valueEnd < 0) return undefined;
    const keySpan = key.span;
    const span = { offset: keySpan.offset, length: valueEnd - keySpan.offset };
    if (key.value === 'Statement') {
      // A second `Statement` (the last one counts) or one that is no array: read whole.
      if (statementProperty || text.charCodeAt(valueStart) !== Code.openBracket) return undefined;
      const value: ArrayNode = { type: 'array', span: { offset: valueStart, length: valueEnd - valueStart }, items: [] };
      statementProperty = { key: key.value, keySpan, value, span };
      properties.push(statementProperty);
    } else {
      const value = readStrictJson(text, valueStart, valueEnd);
      if (value === NOT_STRICT || value === undefined) return undefined;
      properties.push({ key: key.value, keySpan, value, span });
    }
    pos = skipJsonTrivia(text, valueEnd);
    if (pos < 0) return undefined;
    if (text.charCodeAt(pos) === Code.comma) pos = skipJsonTrivia(text, pos + 1);
    else if (text.charCodeAt(pos) !== Code.closeBrace) return undefined;
  }
  if (pos < 0 || !statementProperty) return undefined;
  const end = pos + 1;
  if (skipJsonTrivia(text, end) !== text.length) return undefined;
  return { root: { type: 'object', span: { offset: rootOffset, length: end - rootOffset }, properties }, statementProperty };
}

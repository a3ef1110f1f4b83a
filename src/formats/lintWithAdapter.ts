import { compareFindings, type Finding } from '../policy/findings';
import { lintPolicyFile, type LintOptions } from '../policy/lint';
import type { SpanMap } from '../policy/model';
import type { FormatAdapter, FormatHint, Nesting } from './adapter';
import type { EmbeddedDocument, FormatLintResult } from './result';

/**
 * The one lint every format goes through: the adapter parses the text and extracts its policies (with the
 * editing its fixes use), the core's
 * rules run over them with the adapter's cross-resource rules, and the findings of the documents inside the
 * file (Markdown code blocks, linted by their own formats) are placed in the file. Suppressions are not
 * applied here (`lintText` does).
 */
export function lintWithAdapter(adapter: FormatAdapter, text: string, hint: FormatHint, options: LintOptions, nesting: Nesting): FormatLintResult {
  const parsed = adapter.parse(text, hint);
  if (parsed.parserLoading) return { file: undefined, findings: [], syntaxErrors: [], parserLoading: parsed.parserLoading };
  if (parsed.notRead !== undefined) return { file: undefined, findings: [], syntaxErrors: [], notRead: parsed.notRead };
  const extraction = adapter.extract(parsed, text, hint, nesting, options);
  const { documents, syntaxErrors: extractionErrors } = extraction;
  // The editing the adapter gives (editorFor, valuesFor) travels with the file to every fix.
  const editing = extraction.file && adapter.fixing?.editingFor?.(extraction.file);
  // Set on the file the adapter just built: a copy of it (a spread) costs a tenth of a small policy's lint.
  const file = editing ? Object.assign(extraction.file!, { editing }) : extraction.file;
  const syntaxErrors = extractionErrors && extractionErrors.length > 0 ? [...parsed.syntaxErrors, ...extractionErrors] : parsed.syntaxErrors;
  const rules = file && adapter.crossResourceRules?.(file);
  const findings = file ? lintPolicyFile(file, rules ? { ...options, extraFileRules: rules } : options) : [];
  if (!documents) return { file, findings, syntaxErrors };
  return withDocuments({ file, findings, syntaxErrors }, documents);
}

/**
 * A result with the documents inside its file: their findings placed in the file among its own. A document
 * read before its format's parser is loaded makes the whole result wait for it (`parserLoading`).
 */
function withDocuments(own: FormatLintResult, documents: readonly EmbeddedDocument[]): FormatLintResult {
  const findings: Finding[] = [...own.findings];
  let parserLoading: Promise<void> | undefined;
  for (const document of documents) {
    parserLoading ??= document.result.parserLoading;
    for (const finding of document.result.findings) findings.push(placed(finding, document.map));
  }
  const result: FormatLintResult = { ...own, findings: findings.sort(compareFindings), documents };
  return parserLoading ? { ...result, parserLoading } : result;
}

function placed(finding: Finding, map: SpanMap): Finding {
  return { ...finding, span: map.spanToOuter(finding.span), statementSpan: finding.statementSpan && map.spanToOuter(finding.statementSpan) };
}

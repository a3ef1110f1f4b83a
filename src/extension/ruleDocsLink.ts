/**
 * The docs command's id and its Markdown link, without `vscode`: the hover's Markdown is written in the
 * analysis worker too (featurePlans.ts), where `vscode` does not exist.
 */

/** The internal command behind "Show documentation for …" (not in the palette: it needs an id). */
export const SHOW_RULE_DOCS_COMMAND = 'sesGrants.showRuleDocs';

/**
 * A Markdown link that runs the docs command on a finding id: what a hover links. VS Code's hover keeps links
 * of http(s), mailto, file and vscode-remote only (links of other schemes, the pages' own `ses-grants-docs:`
 * among them, show as plain text) plus, in Markdown trusted for it, command links.
 */
export function showRuleDocsLink(id: string): string {
  return `command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`;
}

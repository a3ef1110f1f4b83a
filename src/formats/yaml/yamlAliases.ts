import { isAlias, isCollection, isPair } from 'yaml';

/**
 * Aliases and the anchors they use: an edit through an alias, or inside a node an alias stands for, would
 * change or drop what the alias means wherever it is used, so the YAML editor refuses it (yamlEditor.ts).
 */

/** The anchors some alias refers to. */
export function aliasedAnchors(root: unknown): Set<string> {
  const names = new Set<string>();
  forEachNode(root, (node) => {
    if (isAlias(node)) names.add(node.source);
  });
  return names;
}

/** The node holds an alias, or a node whose anchor an alias uses. */
export function holdsAliasOrAnchor(root: unknown, aliased: ReadonlySet<string>): boolean {
  let found = false;
  forEachNode(root, (node) => {
    const anchor = (node as { anchor?: string }).anchor;
    if (isAlias(node) || (anchor !== undefined && aliased.has(anchor))) found = true;
  });
  return found;
}

/** `chain` (a node and the collections around it, outermost first): an alias user is on it or in its node. */
export function meetsAliases(chain: readonly unknown[], aliased: ReadonlySet<string>): boolean {
  if (aliased.size === 0) return false;
  if (chain.some((node) => isCollection(node) && node.anchor !== undefined && aliased.has(node.anchor))) return true;
  return holdsAliasOrAnchor(chain[chain.length - 1], aliased);
}

function forEachNode(root: unknown, visit: (node: unknown) => void): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || node === undefined) continue;
    visit(node);
    if (isPair(node)) pending.push(node.key, node.value);
    else if (isCollection(node)) pending.push(...node.items);
  }
}

import type { StatementContext } from '../findings';
import type { GrantClassification } from '../grant';
import type { GrantKind, PolicyValue } from '../model';

/** Small helpers shared by the content and structure rule families. */

/** A receiving-side SES grant of this kind: the only statements that get per-kind content findings. */
export function isReceivingGrantOf(context: StatementContext, kind: GrantKind): boolean {
  const { grant } = context;
  // Sending-side grants (identity / configuration-set SourceArn) skip the receiving checks (docs/semantics.md#recognising-a-grant).
  return grant.isSesGrant && !grant.isSendingSide && grant.kinds.includes(kind);
}

/**
 * An SES grant that serves receiving. A sending-side grant (identity / configuration-set SourceArn) gets
 * `source-arn-not-receipt-rule` and nothing else (docs/semantics.md#recognising-a-grant): the structure, principal and version checks
 * speak of receipt rules (`multi-service-principal`: "a receipt-rule SourceArn cannot fit them").
 */
export function isReceivingSesGrant(grant: GrantClassification): boolean {
  return grant.isSesGrant && !grant.isSendingSide;
}

/** Action text as IAM compares it: trimmed and lower-cased (docs/semantics.md#normalisation). */
export function normalizedAction(action: PolicyValue): string {
  return action.text.trim().toLowerCase();
}

/** The service prefix of an action (`s3` in `S3:PutObject`), lower-cased; undefined without a colon. */
export function actionService(action: PolicyValue): string | undefined {
  const text = normalizedAction(action);
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : text.slice(0, colon);
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `text` (case-insensitive), or undefined when none is within `maxDistance`. */
export function nearest(text: string, candidates: readonly string[], maxDistance: number): string | undefined {
  // Policy values can be huge (fuzzed input); a suggestion for a very long value is never useful.
  if (text.length > 128) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = text.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}

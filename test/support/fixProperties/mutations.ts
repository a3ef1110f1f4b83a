import type { FixInput } from './operations';

/**
 * Seeded mutations of fixture texts that keep them meaningful for fixes: the edits a user makes (operators
 * flipped, condition keys dropped, added or renamed, accounts changed, comments added, re-indented) and what
 * other tools leave behind (CRLF, a BOM, private-use and astral characters, flow and block styles, aliases,
 * duplicate keys, blank lines, folded scalars). A few plain breakages (a line deleted, a character dropped)
 * keep the "never worse than before" half of the properties honest.
 */

export type Random = () => number;

interface Mutation {
  readonly name: string;
  /** Undefined when the mutation does not apply to the text. */
  readonly apply: (text: string, random: Random, yaml: boolean) => string | undefined;
}

const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

/** Replaces one random match of `pattern` (global) by `replace(match)`. */
function replaceOne(text: string, pattern: RegExp, random: Random, replace: (match: RegExpExecArray) => string): string | undefined {
  const matches = [...text.matchAll(pattern)] as RegExpExecArray[];
  if (matches.length === 0) return undefined;
  const match = pick(random, matches);
  return text.slice(0, match.index) + replace(match) + text.slice(match.index + match[0].length);
}

function lines(text: string): string[] {
  return text.split('\n');
}

const OPERATORS = [
  'StringEquals', 'StringLike', 'StringNotEquals', 'StringEqual', 'StringEqualsIfExists', 'StringLikeIfExists', 'ArnLike', 'ArnEquals',
  'ArnNotLike', 'ArnLikeIfExists', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'Null', 'stringequals',
];
const KEYS = ['aws:SourceAccount', 'AWS:SourceArn', 'aws:sourcearn', 'aws:Referer', 'aws:SourceOwner', 'aws:SourceArn', 'kms:EncryptionContext:aws:ses:source-account', 'kms:EncryptionContext:aws:ses:rule-name', 'aws:SecureTransport'];
const ACCOUNTS = ['111122223333', '444455556666', '777788889999', '123456789012', '000000000000', '11112222333', '*', '${AWS::AccountId}'];
const ODD = ['\uE000', '\uE001', '\u{1F4E7}', '\u{1F600}', '\u00E9', '\u200B', '\u3042', '\uFEFF'];
const COMMENT_TEXTS = ['note', 'ses-grants: keep', 'TODO \u{1F4E7}', 'icon \uE000', 'a "quoted" # word', 'ünïcödé'];

const MUTATIONS: readonly Mutation[] = [
  { name: 'flip-operator', apply: (t, r) => replaceOne(t, new RegExp(OPERATORS.map((o) => o.replace(':', '\\:')).join('|'), 'g'), r, () => pick(r, OPERATORS)) },
  { name: 'rename-key', apply: (t, r) => replaceOne(t, /aws:(SourceAccount|SourceArn|Referer|SourceOwner)/gi, r, () => pick(r, KEYS)) },
  { name: 'change-account', apply: (t, r) => replaceOne(t, /\b\d{12}\b/g, r, () => pick(r, ACCOUNTS)) },
  {
    name: 'drop-line-with-key',
    apply: (t, r) => {
      const all = lines(t);
      const candidates = all.map((line, i) => (/Source(Account|Arn)|Referer|SourceOwner|EncryptionContext/i.test(line) ? i : -1)).filter((i) => i >= 0);
      if (candidates.length === 0) return undefined;
      all.splice(pick(r, candidates), 1);
      return all.join('\n');
    },
  },
  {
    name: 'add-condition-key',
    apply: (t, r, yaml) => {
      const key = pick(r, KEYS);
      const value = pick(r, ACCOUNTS.slice(0, 4));
      if (yaml) return replaceOne(t, /^( *)(StringEquals|StringLike|ArnLike):[ \t]*\n( +)/gm, r, (m) => `${m[1]}${m[2]}:\n${m[3]}${key}: '${value}'\n${m[3]}`);
      return replaceOne(t, /"(StringEquals|StringLike|ArnLike)"\s*:\s*\{/g, r, (m) => `${m[0]} "${key}": "${value}",`);
    },
  },
  {
    name: 'add-comment',
    apply: (t, r, yaml) => {
      const comment = pick(r, COMMENT_TEXTS);
      if (yaml) return replaceOne(t, /[^\n]\n/g, r, (m) => `${m[0][0]} # ${comment}\n`);
      return replaceOne(t, /,\n|\{\n|\[\n/g, r, (m) => (r() < 0.5 ? `${m[0][0]} // ${comment}\n` : `${m[0][0]} /* ${comment} */\n`));
    },
  },
  {
    name: 'add-comment-line',
    apply: (t, r, yaml) => {
      const all = lines(t);
      const at = int(r, all.length + 1);
      const indent = ' '.repeat(int(r, 12));
      all.splice(at, 0, `${indent}${yaml ? '#' : '//'} ${pick(r, COMMENT_TEXTS)}`);
      return all.join('\n');
    },
  },
  { name: 'crlf', apply: (t) => (t.includes('\r\n') ? undefined : t.replace(/\n/g, '\r\n')) },
  { name: 'bom', apply: (t) => (t.startsWith('\uFEFF') ? undefined : '\uFEFF' + t) },
  {
    name: 'odd-characters-in-string',
    apply: (t, r, yaml) => (yaml ? replaceOne(t, /(Sid|Description): ['"]?/g, r, (m) => m[0] + pick(r, ODD)) : replaceOne(t, /"(Sid|Description|[a-z-]+)": "/g, r, (m) => m[0] + pick(r, ODD))),
  },
  { name: 'odd-characters-in-comment', apply: (t, r) => replaceOne(t, /(\/\/|#) /g, r, (m) => m[0] + pick(r, ODD)) },
  {
    name: 'reindent',
    apply: (t, r) => {
      const factor = pick(r, [2, 3]);
      return t.replace(/^( +)/gm, (spaces) => ' '.repeat(spaces.length * factor));
    },
  },
  { name: 'tabs-to-spaces-or-back', apply: (t, r, yaml) => (yaml ? undefined : r() < 0.5 ? t.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2)) : t.replace(/^\t+/gm, (s) => '  '.repeat(s.length))) },
  {
    name: 'flow-style',
    apply: (t, r, yaml) => {
      if (!yaml) return undefined;
      return pick(r, [
        () => replaceOne(t, /^( *)(Service|Action|Resource|AWS): ([^\n[{'"&*!#][^\n#]*)$/gm, r, (m) => `${m[1]}${m[2]}: [${m[3]}]`),
        () => replaceOne(t, /^( *)(StringEquals|StringLike|ArnLike|ArnEquals):\n\1  ([^\n:]+): ([^\n]+)$/gm, r, (m) => `${m[1]}${m[2]}: { ${m[3]}: ${m[4]} }`),
        () => replaceOne(t, /^( *)Principal:\n\1  Service: ([^\n]+)$/gm, r, (m) => `${m[1]}Principal: { Service: ${m[2]} }`),
      ])();
    },
  },
  {
    name: 'block-style',
    apply: (t, r, yaml) => (yaml ? replaceOne(t, /^( *)(Service|Action|Resource): \[([^\],\n]+)\]$/gm, r, (m) => `${m[1]}${m[2]}:\n${m[1]}  - ${m[3]!.trim()}`) : undefined),
  },
  {
    name: 'quote-style',
    apply: (t, r, yaml) => {
      if (!yaml) return undefined;
      const quote = pick(r, ['"', "'"]);
      return replaceOne(t, /: ([a-zA-Z][\w:.*/-]+)$/gm, r, (m) => `: ${quote}${m[1]}${quote}`);
    },
  },
  {
    name: 'alias',
    apply: (t, r, yaml) => {
      if (!yaml) return undefined;
      const anchored = replaceOne(t, /^( *)(Condition|Principal|Action):( ?)/gm, r, (m) => `${m[1]}${m[2]}: &shared${m[3] === '' ? '' : ' '}`);
      if (!anchored) return undefined;
      return replaceOne(anchored, /^( *)(Condition|Principal|Action):(?! &shared)[^\n]*\n(?:\1 [^\n]*\n)*/gm, r, (m) => `${m[1]}${m[2]}: *shared\n`) ?? anchored;
    },
  },
  {
    name: 'duplicate-key',
    apply: (t, r, yaml) => {
      const all = lines(t);
      const candidates = all.map((line, i) => (yaml ? /^ +[\w:"'-]+: \S/.test(line) : /^\s*"[^"]+"\s*:\s*("[^"]*"|\d+|true|false),?\s*$/.test(line)) ? i : -1).filter((i) => i >= 0);
      if (candidates.length === 0) return undefined;
      const i = pick(r, candidates);
      const line = all[i]!;
      all.splice(i, 0, yaml || line.trimEnd().endsWith(',') ? line : line + ',');
      return all.join('\n');
    },
  },
  {
    name: 'blank-lines',
    apply: (t, r) => {
      const all = lines(t);
      all.splice(int(r, all.length + 1), 0, ...Array.from({ length: 1 + int(r, 3) }, () => ''));
      return all.join('\n');
    },
  },
  {
    name: 'folded-description',
    apply: (t, r, yaml) => (yaml ? replaceOne(t, /^Resources:\n/gm, r, () => `Description: >\n  A template with a folded\n  description \u{1F4E7}\n\n  over lines\nResources:\n`) : undefined),
  },
  {
    name: 'multiline-flow-list',
    apply: (t, r, yaml) => (yaml ? replaceOne(t, /^Resources:\n/gm, r, () => `Metadata:\n  Tags: [mail,\n    inbound, \u3042,\n    archive]\nResources:\n`) : undefined),
  },
  { name: 'delete-line', apply: (t, r) => { const all = lines(t); if (all.length < 2) return undefined; all.splice(int(r, all.length), 1); return all.join('\n'); } },
  { name: 'delete-character', apply: (t, r) => (t.length === 0 ? undefined : ((i) => t.slice(0, i) + t.slice(i + 1))(int(r, t.length))) },
  { name: 'wildcard-value', apply: (t, r) => replaceOne(t, /arn:aws:ses:[^"'\s]*/g, r, (m) => pick(r, [m[0].replace(/receipt-rule\/[^"'\s]*/, 'receipt-rule/*'), 'arn:aws:ses:*:*:*', m[0].replace(/:\d{12}:/, ':*:')])) },
];

export const MUTATION_NAMES: readonly string[] = MUTATIONS.map((m) => m.name);

/** One to three mutations of the input; the name records them, so a violation can be read and replayed. */
export function mutate(input: FixInput, random: Random, yaml: boolean): FixInput {
  let text = input.text;
  const applied: string[] = [];
  const rounds = 1 + int(random, 3);
  for (let attempt = 0; attempt < 12 && applied.length < rounds; attempt++) {
    const mutation = pick(random, MUTATIONS);
    const next = mutation.apply(text, random, yaml);
    if (next === undefined || next === text) continue;
    text = next;
    applied.push(mutation.name);
  }
  return { name: `${input.name} [${applied.join(', ') || 'unchanged'}]`, fileName: input.fileName, text };
}

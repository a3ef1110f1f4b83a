// `npm run generate:walkthrough`: writes the walkthrough's step pictures (images/walkthrough/*-light.svg and
// *-dark.svg) from the drawings below, one source for both themes. `--check` writes nothing and fails when a
// committed picture differs (npm test runs it through test/unit/walkthrough.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const THEMES = {
  light: { background: '#ffffff', panel: '#f3f3f3', border: '#d4d4d4', text: '#1f1f1f', muted: '#6e6e6e', key: '#0451a5', string: '#a31515', accent: '#005fb8', good: '#388a34', bad: '#c72e0f' },
  dark: { background: '#1f1f1f', panel: '#252526', border: '#3c3c3c', text: '#cccccc', muted: '#9d9d9d', key: '#9cdcfe', string: '#ce9178', accent: '#4daafc', good: '#89d185', bad: '#f48771' },
};

const WIDTH = 480;
const HEIGHT = 270;

function escape(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A frame with a title bar, and lines of text: each line is [indent, [[colour key, text], …]]. */
function frame(t, title, lines, extra = '') {
  const rows = lines
    .map(([indent, parts], index) => {
      const spans = parts.map(([colour, text]) => `<tspan fill="${t[colour]}">${escape(text)}</tspan>`).join('');
      return `  <text x="${24 + indent * 14}" y="${74 + index * 22}">${spans}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Menlo, Consolas, monospace" font-size="13">
  <rect width="${WIDTH}" height="${HEIGHT}" rx="8" fill="${t.background}" stroke="${t.border}"/>
  <rect width="${WIDTH}" height="36" rx="8" fill="${t.panel}"/>
  <text x="16" y="23" fill="${t.muted}" font-family="system-ui, sans-serif">${escape(title)}</text>
${rows}${extra}
</svg>
`;
}

const STEPS = {
  values: (t) =>
    frame(t, 'Settings › SES Grants', [
      [0, [['key', 'Account Id'], ['muted', '   '], ['text', '111122223333']]],
      [0, [['key', 'Region'], ['muted', '       '], ['text', 'us-east-1']]],
      [0, [['key', 'Rule Set Name'], ['muted', '  '], ['text', 'inbound']]],
      [0, [['key', 'Rule Name'], ['muted', '      '], ['text', 'store']]],
      [0, [['muted', '']]],
      [0, [['muted', '→ aws:SourceAccount and the receipt-rule ARN']]],
    ]),
  'add-grant': (t) =>
    frame(t, 'bucket-policy.json', [
      [0, [['text', '{ '], ['key', '"Sid"'], ['text', ': '], ['string', '"AllowSESPuts"'], ['text', ',']]],
      [1, [['key', '"Principal"'], ['text', ': { '], ['key', '"Service"'], ['text', ': '], ['string', '"ses.amazonaws.com"'], ['text', ' },']]],
      [1, [['key', '"Action"'], ['text', ': '], ['string', '"s3:PutObject"'], ['text', ',']]],
      [1, [['key', '"Condition"'], ['text', ': {']]],
      [2, [['key', '"StringEquals"'], ['text', ': { '], ['key', '"aws:SourceAccount"'], ['text', ': '], ['string', '"111122223333"'], ['text', ' },']]],
      [2, [['key', '"ArnLike"'], ['text', ': { '], ['key', '"aws:SourceArn"'], ['text', ': '], ['string', '"…:receipt-rule/store"'], ['text', ' }']]],
      [1, [['text', '} }']]],
    ]),
  'check-workspace': (t) =>
    frame(t, 'SES GRANTS: RECEIVING SETUP', [
      [0, [['accent', '✉ '], ['text', 'StoreRule'], ['muted', '  template.yaml']]],
      [1, [['accent', '▣ '], ['text', 'MailBucket'], ['muted', '  bucket']]],
      [2, [['bad', '🔓 '], ['text', 'AllowSESPuts'], ['muted', '  open to any account · 1 finding']]],
      [1, [['accent', '⚿ '], ['text', 'MailKey'], ['muted', '  key']]],
      [2, [['good', '🔒 '], ['text', 'AllowSESEncrypt'], ['muted', '  pinned to a rule · 0 findings']]],
      [0, [['muted', '? Grants no known receipt rule uses']]],
    ]),
  'fix-on-save': (t) =>
    frame(t, 'settings.json', [
      [0, [['text', '{']]],
      [1, [['key', '"editor.codeActionsOnSave"'], ['text', ': {']]],
      [2, [['key', '"source.fixAll.sesGrants"'], ['text', ': '], ['string', '"explicit"']]],
      [1, [['text', '}']]],
      [0, [['text', '}']]],
      [0, [['good', '✓ every save applies the preferred fixes']]],
    ]),
};

export function walkthroughImages() {
  const images = {};
  for (const [step, draw] of Object.entries(STEPS)) {
    for (const [name, theme] of Object.entries(THEMES)) images[`images/walkthrough/${step}-${name}.svg`] = draw(theme);
  }
  return images;
}

const check = process.argv.includes('--check');
const drifted = [];
for (const [path, svg] of Object.entries(walkthroughImages())) {
  const file = join(root, path);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // Missing counts as drift.
    }
    if (committed !== svg) drifted.push(path);
  } else {
    writeFileSync(file, svg);
  }
}
if (drifted.length > 0) {
  console.error(`out of date (run npm run generate:walkthrough): ${drifted.join(', ')}`);
  process.exit(1);
}

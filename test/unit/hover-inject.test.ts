import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hoverMarkdown, hoverTargetAt, SES_RECEIVING_GUIDE_URL } from '../../src/policy/hoverText';
import { markdownCode, markdownText } from '../../src/policy/markdownText';
import { extractPolicies } from '../../src/policy/extract';
import { parseJson } from '../../src/formats/json/parseJson';
import { FIXTURES } from '../support/paths';

/**
 * Hovers over policies whose keys and values are written as Markdown: images, links, HTML, bare URLs,
 * backticks and blank lines. Each fixture keeps the exact hovers beside it (`.expected.md`, one hover per
 * section); every hover must also pass a check that needs no expected file: outside code spans and escapes,
 * the only links are the footer's.
 */

const HOVER_FIXTURES = join(FIXTURES, 'hover');
const docsLink = (id: string) => `https://example.test/docs/${id}.md`;
const SEPARATOR = '\n\n<!-- next hover -->\n\n';

/** Every distinct hover of a file, in document order. */
function hoversOf(text: string): string[] {
  const file = extractPolicies(text, parseJson(text).root);
  const hovers: string[] = [];
  let lastSpan = -1;
  for (let offset = 0; offset < text.length; offset++) {
    const target = hoverTargetAt(file, offset);
    if (!target || target.span.offset === lastSpan) continue;
    lastSpan = target.span.offset;
    const markdown = hoverMarkdown(target, 'en', docsLink);
    if (markdown) hovers.push(markdown);
  }
  return hovers;
}

/**
 * What a CommonMark renderer could turn into a link, an image, HTML or an autolink: the text left once
 * backslash escapes and code spans are taken out.
 */
function renderedConstructs(markdown: string): { links: string[]; images: number; html: number; bareUrls: number } {
  let plain = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i]!;
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(markdown[i + 1] ?? '')) {
      plain += '_';
      i++;
    } else if (c === '`') {
      let fence = 1;
      while (markdown[i + fence] === '`') fence++;
      const close = markdown.indexOf('`'.repeat(fence), i + fence);
      assert.ok(close > 0, `unclosed code span in ${markdown}`);
      plain += ' code ';
      i = close + fence - 1;
    } else {
      plain += c;
    }
  }
  const links = [...plain.matchAll(/\]\(([^)\s]*)\)/g)].map((m) => m[1]!);
  const images = (plain.match(/!\[/g) ?? []).length;
  const html = (plain.match(/<[a-z/!?]/gi) ?? []).length;
  const bareUrls = (plain.replace(/\]\([^)\s]*\)/g, '](link)').match(/https?:|www\./gi) ?? []).length;
  return { links, images, html, bareUrls };
}

const fixtures = readdirSync(HOVER_FIXTURES).filter((name) => name.endsWith('.json')).sort();

test('the hover fixtures are there', () => {
  assert.deepEqual(fixtures, ['hover-inject-arn.json', 'hover-inject.json']);
});

for (const name of fixtures) {
  test(`${name}: the exact hovers, document text escaped, links only to our docs and the SES guide`, () => {
    const text = readFileSync(join(HOVER_FIXTURES, name), 'utf8');
    const hovers = hoversOf(text);
    const expected = readFileSync(join(HOVER_FIXTURES, name.replace(/\.json$/, '.expected.md')), 'utf8');
    assert.equal(hovers.join(SEPARATOR) + '\n', expected);
    for (const hover of hovers) {
      const found = renderedConstructs(hover);
      assert.equal(found.images, 0, hover);
      assert.equal(found.html, 0, hover);
      assert.equal(found.bareUrls, 0, hover);
      for (const link of found.links) {
        assert.ok(link === SES_RECEIVING_GUIDE_URL || link.startsWith('https://example.test/docs/'), `${link} in\n${hover}`);
      }
    }
  });
}

test('markdownText escapes all ASCII punctuation; markdownCode fences any run of backticks', () => {
  assert.equal(markdownText('a*b_[c](d)!<e>\n'), 'a\\*b\\_\\[c\\]\\(d\\)\\!\\<e\\>\\\\n');
  assert.equal(markdownText('受信 📬 plain'), '受信 📬 plain');
  assert.equal(markdownCode('x'), '`x`');
  assert.equal(markdownCode('a``b'), '```a``b```');
  assert.equal(markdownCode('`edge`'), '`` `edge` ``');
  assert.equal(markdownCode('line\nbreak'), '`line\\nbreak`');
});

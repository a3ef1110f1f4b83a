import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HclTemplate, TemplateFlavor } from '../../src/formats/terraform/hcl';
import { decodeTemplate } from '../../src/formats/terraform/templateText';
import { mulberry32 } from '../support/random';

/**
 * Template decoding against the test's own, character-by-character reading of the same text (HCL's quoted
 * escapes, `$${` / `%%{`, `<<-` indentation), on random text full of backslashes, dollars, braces, blanks and
 * line ends: the decoded text is the same, and every copied character maps back onto itself.
 */

const ALPHABET = ['a', 'b', '\\', '$', '%', '{', '}', '"', 'n', 't', 'u', '0', 'e', '9', ' ', ' ', '\t', '\n', '\n', 'U'];

function referenceDecode(source: string, flavor: TemplateFlavor): string {
  let text = source;
  if (flavor === 'flush-heredoc') {
    const lines = text.split('\n');
    const indents = lines.filter((l) => /[^ \t]/.test(l)).map((l) => /^[ \t]*/.exec(l)![0].length);
    const indent = indents.length > 0 ? Math.min(...indents) : 0;
    text = lines.map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length))).join('\n');
  }
  let out = '';
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i);
    let match: RegExpExecArray | null;
    if (/^(\$\$\{|%%\{)/.test(rest)) {
      out += rest[0] + '{';
      i += 3;
    } else if (flavor === 'quoted' && (match = /^\\(?:([nrt"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/.exec(rest)) && (match[3] === undefined || parseInt(match[3], 16) <= 0x10ffff)) {
      out += match[1] !== undefined ? ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[match[1]]! : String.fromCodePoint(parseInt(match[2] ?? match[3]!, 16));
      i += match[0].length;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

function template(source: string, flavor: TemplateFlavor): HclTemplate {
  return { kind: 'template', span: { offset: 0, length: source.length }, flavor, contentStart: 0, contentEnd: source.length, parts: source ? [{ kind: 'literal', start: 0, end: source.length }] : [] };
}

for (const flavor of ['quoted', 'heredoc', 'flush-heredoc'] as const) {
  test(`${flavor} templates decode as read character by character, and map back onto their characters`, () => {
    const random = mulberry32(flavor.length);
    for (let round = 0; round < 400; round++) {
      const length = Math.floor(random() * 40);
      let source = '';
      for (let i = 0; i < length; i++) source += ALPHABET[Math.floor(random() * ALPHABET.length)];
      const decoded = decodeTemplate(source, template(source, flavor), () => '');
      assert.equal(decoded.text, referenceDecode(source, flavor), JSON.stringify(source));
      for (let i = 0; i < decoded.text.length; i++) {
        const outer = decoded.map.spanToOuter({ offset: i, length: 1 });
        if (outer.length === 1) assert.equal(source[outer.offset], decoded.text[i], `${JSON.stringify(source)} at ${i}`);
      }
    }
  });
}

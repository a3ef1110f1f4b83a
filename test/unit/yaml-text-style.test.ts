import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { StyleReading, textStyle } from '../../src/formats/yaml/yamlTextStyle';
import type { YamlStyle } from '../../src/formats/yaml/yamlRender';
import { templateWithOpenGrants } from '../support/generatedTemplates';
import { mulberry32 } from '../support/random';
import { yamlMutations } from '../support/yamlMutations';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * The file's style habits (yamlTextStyle.ts) are read character by character; they were read by a regular
 * expression per line, kept here as the reference: both must give the same style, or throw alike, on every
 * YAML file of the project, its seeded mutations (also with CRLF), and seeded texts of the characters the
 * expressions treat specially (`\s` beyond ASCII, carriage returns and line separators inside a line, tabs,
 * brackets that could match twice, comments after colons).
 */

function referenceTextStyle(text: string, indentHint: number | undefined): YamlStyle {
  const steps = new Map<number, number>();
  let seqIndented = 0;
  let seqFlat = 0;
  let openerColumn: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^( *)((?:- +)*)(.*?)\s*$/.exec(line)!;
    const content = match[3]!;
    if (content === '' && match[2] === '') continue;
    if (content.startsWith('#')) continue;
    const indent = match[1]!.length;
    if (openerColumn !== undefined) {
      if (match[2] !== '') {
        if (indent > openerColumn) seqIndented++;
        else if (indent === openerColumn) seqFlat++;
      } else if (indent > openerColumn) {
        steps.set(indent - openerColumn, (steps.get(indent - openerColumn) ?? 0) + 1);
      }
    }
    openerColumn = /^[^\s#'"[{][^#]*:(\s+#.*)?$/.test(content) ? indent + match[2]!.length : undefined;
  }
  const common = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return {
    indent: common ?? indentHint ?? 2,
    indentSeq: seqIndented >= seqFlat,
    flowPadding: count(/[[{] +[^\s\]}]/g) > count(/[[{][^\s\]}]/g),
    singleQuote: count(/'/g) >= count(/"/g),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** The style, or what was thrown (by its kind: the reference fails on a null match). */
function outcome(read: (text: string, hint: number | undefined) => YamlStyle, text: string, hint: number | undefined): YamlStyle | string {
  try {
    return read(text, hint);
  } catch (error) {
    return `throws ${(error as Error).constructor.name}`;
  }
}

/**
 * The style read a part at a time, as the analysis worker reads it ahead between its messages: `chars` per step
 * (whole lines, so a step may read more), the rest by the answer; chunk sizes cut lines, `\r\n` pairs and the
 * bracket patterns anywhere.
 */
function inParts(chars: number, steps: number): (text: string, hint: number | undefined) => YamlStyle {
  return (text, hint) => {
    const reading = new StyleReading(text);
    for (let i = 0; i < steps && !reading.done; i++) reading.advance(chars);
    return reading.styleWith(hint);
  };
}

const PART_SIZES: readonly (readonly [number, number])[] = [[1, Infinity], [3, 5], [17, 2], [64, Infinity]];

function assertSame(text: string, label: string): void {
  for (const hint of [undefined, 4]) {
    const expected = outcome(referenceTextStyle, text, hint);
    assert.deepEqual(outcome(textStyle, text, hint), expected, `${label} (hint ${hint}): ${JSON.stringify(text.slice(0, 300))}`);
    for (const [chars, steps] of PART_SIZES) {
      assert.deepEqual(outcome(inParts(chars, steps), text, hint), expected, `${label} (hint ${hint}, parts of ${chars} × ${steps}): ${JSON.stringify(text.slice(0, 300))}`);
    }
  }
}

const PIECES = [' ', '  ', '- ', '-', '-  ', '\t', ':', ': ', ' #', '#', '# c', 'Key', 'Key:', 'x', "'", '"', '[', '{', ']', '}', '[ ', '{ ', '[[', '[ [', ',',
  '\r', '\r\n', '\n', '\n  ', '\n- ', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u3000', '\u000b', '\u000c', 'é', '\ud83d\ude00', '|', '>'];

/** Seeded texts made of the pieces above. */
function pieceTexts(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => PIECES[Math.floor(random() * PIECES.length)]!).join(''));
}

test('the style read character by character is the expressions\' on every YAML file and its mutations', () => {
  let texts = 0;
  for (const path of projectYamlFiles()) {
    const text = readFileSync(path, 'utf8');
    for (const [index, variant] of [text, text.replace(/\n/g, '\r\n'), ...yamlMutations(text, 20261207, 8)].entries()) {
      assertSame(variant, `${path} #${index}`);
      texts++;
    }
  }
  assertSame(templateWithOpenGrants(20), 'generated template');
  assert.ok(texts > 500, `${texts} texts`);
});

test('the same on seeded texts of the characters the expressions treat specially', () => {
  const texts = pieceTexts(20261207, 20_000);
  const styles = new Set<string>();
  for (const [index, text] of texts.entries()) {
    assertSame(text, `piece text ${index}`);
    styles.add(JSON.stringify(outcome(textStyle, text, undefined)));
  }
  // The texts reach every answer: both quotes, padded and not, sequences indented and not, steps, and the throw.
  assert.ok(styles.size > 20, `${styles.size} different styles`);
  assert.ok([...styles].some((s) => s.includes('throws')), 'some text makes the expression throw');
});

test('a few answers by hand', () => {
  assert.deepEqual(textStyle('A:\n    B: 1\n    C:\n        - x\n', undefined), { indent: 4, indentSeq: true, flowPadding: false, singleQuote: true, eol: '\n' });
  assert.deepEqual(textStyle('A:\r\n  B: "x" # c\r\nC: { a: 1 }\r\nD: [b]\r\nE: { c: 1 }\r\n', undefined), { indent: 2, indentSeq: true, flowPadding: true, singleQuote: false, eol: '\r\n' });
  assert.deepEqual(textStyle('A: # opens\n- x\n', 3), { indent: 3, indentSeq: false, flowPadding: false, singleQuote: true, eol: '\n' });
});

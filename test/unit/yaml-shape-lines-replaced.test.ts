import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readYamlShape, shapeWithLinesReplaced } from '../../src/formats/yaml/yamlBudget';
import { templateOfSize } from '../support/generatedTemplates';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * `shapeWithLinesReplaced` (the trust scope's check that a fixed template is still within the YAML reader's
 * limits, without the fixed text made whole) against a whole scan of the replaced text: where it answers, the
 * node count is the scan's and the depth at least the scan's. Replacements that open or close a quote, a block
 * scalar or a flow collection must get no answer or the right one. Every YAML file (+CRLF, + a generated
 * template), seeded line ranges.
 */

const REPLACEMENTS = [
  (lines: string) => lines,
  (lines: string) => lines.replace(/^( *)(\S)/m, '$1- $2'),
  (lines: string) => lines + '      Extra: { A: [1, 2, {B: 3}] }\n',
  (lines: string) => lines + "      Open: 'runs on\n",
  (lines: string) => lines + '      Open: "runs on\n',
  (lines: string) => lines + '      Block: |\n',
  (lines: string) => lines + '      Flow: [\n',
  (lines: string) => lines.replace(/\n[^\n]*\n$/, '\n'),
  () => '',
  (lines: string) => lines + '                  Deep:\n                    Deeper:\n                      - - - x\n',
];

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

test('a shape with lines replaced, where given, counts the nodes of a whole scan and is at least as deep', () => {
  let seed = 20261207;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const texts = [...projectYamlFiles().map((path) => readFileSync(path, 'utf8')), templateOfSize(30_000)].flatMap((text) => [text, text.replace(/\r?\n/g, '\r\n')]);
  let answered = 0;
  let checked = 0;
  for (const text of texts) {
    const reading = readYamlShape(text, (offset, last) => offset - last >= 200);
    const starts = lineStarts(text);
    for (let k = 0; k < 6; k++) {
      const a = random(starts.length);
      const b = Math.min(starts.length - 1, a + random(8));
      const start = starts[a]!;
      const end = starts[b]!;
      for (const replace of REPLACEMENTS) {
        const replacement = replace(text.slice(start, end));
        const shape = shapeWithLinesReplaced(reading, text, start, end, replacement);
        checked++;
        if (!shape) continue;
        answered++;
        const whole = readYamlShape(text.slice(0, start) + replacement + text.slice(end));
        const label = JSON.stringify({ start, end, replacement, text: text.slice(Math.max(0, start - 200), end + 200) });
        assert.equal(shape.nodes, whole.nodes, label);
        assert.ok(shape.depth >= whole.depth, label);
      }
    }
  }
  assert.ok(answered > checked / 2, `${answered} answered of ${checked}`);
});

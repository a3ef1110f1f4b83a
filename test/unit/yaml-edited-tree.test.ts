import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, offerChangedReading } from '../../src/service';
import { applyEdits, type TextEdit } from '../../src/extension/offThread/textChanges';
import { changedRange, editedQuickTree } from '../../src/formats/yaml/yamlEditedTree';
import { quickYamlTree } from '../../src/formats/yaml/yamlQuickTree';
import { estimateYamlShape, readYamlShape, yamlShapeAfterChange } from '../../src/formats/yaml/yamlBudget';
import { quickTreeOf } from '../../src/formats/yaml/yamlSource';
import type { ObjectNode, TreeNode } from '../../src/policy/tree';
import type { TemplateFile } from '../../src/formats/cloudformation/cloudformation';
import { bucketBlock, TEMPLATE_HEAD, templateOfSize, templateWithOpenGrants } from '../support/generatedTemplates';
import { mulberry32 } from '../support/random';
import { projectYamlFiles } from '../support/yamlFiles';

/**
 * While a user types in a large template, the worker reads the new version from the quick reader's tree of
 * the one before, the edited entry read again (src/formats/yaml/yamlEditedTree.ts), instead of reading the
 * whole text. Safe only if it is the tree the reader makes: wherever it gives a tree, that tree must equal
 * `quickYamlTree(after)` node for node, span for span, and the analysis made from it must equal a full one.
 * Checked on every YAML file of the project (also with CRLF line ends) and generated templates, with seeded
 * edits of the kinds typing makes: characters typed and deleted, lines pasted and deleted, edits spanning two
 * resources, at line starts (indentation), in keys, comments, line ends and at the end of the text, and
 * several edits in one change event.
 */

const SEED = Number(process.env.YAML_EDIT_SEED ?? 20261207);
const PER_SOURCE = Number(process.env.YAML_EDIT_COUNT ?? 40);
const HINT = { fileName: 'stack.yaml', languageId: 'yaml' };

function sources(): { readonly label: string; readonly text: string }[] {
  const files = projectYamlFiles().map((path) => ({ label: path, text: readFileSync(path, 'utf8') }));
  const generated = [
    { label: 'template of 12 KB', text: templateOfSize(12_000) },
    { label: 'open grants', text: templateWithOpenGrants(4) },
    { label: 'buckets + outputs', text: TEMPLATE_HEAD + Array.from({ length: 5 }, (_, i) => bucketBlock(i, i % 2 === 0)).join('') + 'Outputs:\n  Name:\n    Value: !Ref Bucket0\n' },
  ];
  const all = [...files, ...generated];
  return [...all, ...all.map(({ label, text }) => ({ label: `${label} (CRLF)`, text: text.replace(/\r?\n/g, '\r\n') }))];
}

/** What typing a word or a value mostly adds. */
const WORD = ['a', 'e', 'n', 'R', 'x', '0', '7', '_', '-', '.', ' '];
const TYPED = ['a', 'Z', '0', ' ', ':', ': ', '#', ' #', '-', '- ', "'", '"', '{', '}', '[', ']', ',', '!', '!Ref ', '|', '>', '&', '*', '\n', '\n  ', '\r\n', '\t', 'Condition', 'é'];

/** One change event's edits, each on the text the previous left (as VS Code sends them). */
function randomEdits(text: string, random: () => number): TextEdit[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const anyLine = () => lineStarts[Math.floor(random() * lineStarts.length)]!;
  const lineEndOf = (start: number) => {
    const end = text.indexOf('\n', start);
    return end < 0 ? text.length : end + 1;
  };
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 11)) {
    case 0: // characters typed
      return [{ offset: at, length: 0, text: pick(TYPED) }];
    case 1: // characters deleted
      return [{ offset: at, length: Math.min(text.length - at, 1 + Math.floor(random() * 3)), text: '' }];
    case 2: {
      // a line pasted at a line start
      const from = anyLine();
      return [{ offset: anyLine(), length: 0, text: text.slice(from, lineEndOf(from)) }];
    }
    case 3: {
      // a line deleted
      const from = anyLine();
      return [{ offset: from, length: lineEndOf(from) - from, text: '' }];
    }
    case 4: // a selection replaced, reaching into what follows (the next resource, often)
      return [{ offset: at, length: Math.min(text.length - at, Math.floor(random() * 400)), text: pick(['', 'x', '\n', '  Other:\n    Type: AWS::SNS::Topic\n']) }];
    case 5: {
      // indentation: a space typed or deleted at a line start
      const from = anyLine();
      return random() < 0.5 ? [{ offset: from, length: 0, text: ' ' }] : [{ offset: from, length: text.charCodeAt(from) === 0x20 ? 1 : 0, text: '' }];
    }
    case 6: {
      // in a key: next to a `:`
      const colon = text.indexOf(':', at);
      if (colon < 0) return [{ offset: text.length, length: 0, text: 'x' }];
      const where = Math.max(0, colon - Math.floor(random() * 4));
      return [{ offset: where, length: random() < 0.5 ? 1 : 0, text: pick(['', 'x', '_', ' ', ':']) }];
    }
    case 7: {
      // a comment: at a line's end, or a line of its own at some depth
      const from = anyLine();
      const end = lineEndOf(from);
      const before = end > from && text.charCodeAt(end - 1) === 0x0a ? end - (text.charCodeAt(end - 2) === 0x0d ? 2 : 1) : end;
      return random() < 0.5 ? [{ offset: before, length: 0, text: ' # note' }] : [{ offset: from, length: 0, text: ' '.repeat(Math.floor(random() * 12)) + '# note\n' }];
    }
    case 8: // at the end of the text
      return [random() < 0.5 ? { offset: text.length, length: 0, text: pick(['x', '\n', '\n  More: 1\n', '# c']) } : { offset: Math.max(0, text.length - 2), length: Math.min(2, text.length), text: '' }];
    case 9: {
      // a value's word retyped (the editor bench's edit): a run of letters replaced
      let start = at;
      while (start > 0 && /[A-Za-z]/.test(text[start - 1]!)) start--;
      let end = at;
      while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
      return [{ offset: start, length: end - start, text: text.slice(start, end).replace(/.$/, '_') }];
    }
    default: {
      // several edits in one event (multiple cursors, a format), each on the text the one before left
      const edits: TextEdit[] = [];
      let current = text;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const offset = Math.floor(random() * (current.length + 1));
        const edit = { offset, length: Math.min(current.length - offset, Math.floor(random() * 3)), text: pick(TYPED) };
        edits.push(edit);
        current = applyEdits(current, [edit]);
      }
      return edits;
    }
  }
}

test('changedRange: the part of the text that edits applied in order changed', () => {
  const before = 'abcdefghij';
  const cases: TextEdit[][] = [[{ offset: 3, length: 2, text: 'XYZ' }], [{ offset: 8, length: 0, text: '!' }, { offset: 1, length: 1, text: '' }], [{ offset: 0, length: 10, text: '' }], [{ offset: 10, length: 0, text: 'k' }], [{ offset: 4, length: 1, text: 'e' }]];
  for (const edits of cases) {
    const after = applyEdits(before, edits);
    const range = changedRange(before, edits, after)!;
    assert.ok(range.start <= range.oldEnd && range.start <= range.newEnd, JSON.stringify(edits));
    // Everything outside the range is the same text on both sides.
    assert.equal(after.slice(0, range.start), before.slice(0, range.start));
    assert.equal(after.slice(range.newEnd), before.slice(range.oldEnd));
    assert.equal(before.length - range.oldEnd, after.length - range.newEnd);
  }
  const range = changedRange(before, [{ offset: 3, length: 2, text: 'XYZ' }], 'abcXYZfghij')!;
  assert.deepEqual(range, { start: 3, oldEnd: 5, newEnd: 6 });
  assert.equal(changedRange(before, [{ offset: 3, length: 2, text: 'XYZ' }], 'abc'), undefined, 'a text of another length is not these edits');
});

test('an edited entry read again gives the tree the quick reader makes of the whole edited text', () => {
  const random = mulberry32(SEED);
  let edited = 0;
  let declined = 0;
  let sourcesRead = 0;
  for (const { label, text } of sources()) {
    const tree = quickYamlTree(text);
    if (!tree) continue;
    sourcesRead++;
    for (let n = 0; n < PER_SOURCE; n++) {
      const edits = randomEdits(text, random);
      const after = applyEdits(text, edits);
      const result = editedQuickTree(text, tree, edits, after);
      // The worker's way: the tree changed in place (a copy here, shared spans kept as the reader shares them).
      const owned: TreeNode = structuredClone(tree);
      const inPlace = editedQuickTree(text, owned, edits, after, true);
      if (!result) {
        assert.equal(inPlace, undefined, `${label}: edits ${JSON.stringify(edits)} declined, but not in place`);
        // A declined reading leaves the tree as it was.
        assert.deepStrictEqual(owned, tree, `${label}: edits ${JSON.stringify(edits)} declined, tree changed`);
        declined++;
        continue;
      }
      edited++;
      const whole = quickYamlTree(after);
      assert.ok(whole, `${label}: edits ${JSON.stringify(edits)} read again where the reader declines the whole text`);
      assert.deepStrictEqual(result, whole, `${label}: edits ${JSON.stringify(edits)}`);
      assert.equal(inPlace, owned, `${label}: edits ${JSON.stringify(edits)}: in place, the same root`);
      assert.deepStrictEqual(inPlace, whole, `${label}: edits ${JSON.stringify(edits)} (in place)`);
    }
  }
  assert.ok(sourcesRead > 20, `${sourcesRead} texts read`);
  // Both ways are exercised: most typing edits are read again, and the edits it cannot follow are declined.
  assert.ok(edited > sourcesRead * PER_SOURCE * 0.15, `${edited} read again, ${declined} declined`);
  assert.ok(declined > sourcesRead, `${edited} read again, ${declined} declined`);
});

test('a run of edits, each version read from the one before, keeps the reader\'s tree and the full analysis', () => {
  const random = mulberry32(SEED + 1);
  let text = TEMPLATE_HEAD + Array.from({ length: 12 }, (_, i) => bucketBlock(i, i % 3 !== 0)).join('') + 'Outputs:\n  Name:\n    Value: !Ref Bucket0\n';
  let analysis = analyze(text, HINT);
  let readAgain = 0;
  for (let n = 0; n < 150; n++) {
    const edits = randomEdits(text, random);
    const after = applyEdits(text, edits);
    const withdraw = offerChangedReading(analysis, edits, after, HINT);
    const next = analyze(after, HINT);
    withdraw();
    const full = analyze(after, HINT);
    assert.deepStrictEqual(next.result.findings, full.result.findings, `edits ${JSON.stringify(edits)}`);
    assert.deepStrictEqual(next.result.syntaxErrors, full.result.syntaxErrors);
    const before = analysis.result.file && (quickTreeOf(analysis.result.file) as ObjectNode | undefined);
    const tree = next.result.file && (quickTreeOf(next.result.file) as ObjectNode | undefined);
    if (tree && full.result.file) assert.deepStrictEqual(tree, quickTreeOf(full.result.file));
    // Read from the tree before: the entries before the edit are that tree's own nodes.
    if (before && tree && tree.properties[0] === before.properties[0]) readAgain++;
    // Typing goes on from a text the quick reader reads (one it declines would be read whole from then on).
    if (tree) {
      text = after;
      analysis = next;
    }
  }
  assert.ok(readAgain > 50, `${readAgain} of 150 versions read from the one before`);
});

test('the editor bench\'s edit (a key in a statement of a 200 KB template) reads one entry again', () => {
  const text = templateOfSize(200_000);
  const at = text.indexOf('Condition:');
  const edits = [{ offset: at, length: 'Condition'.length, text: 'Conditio_' }];
  const after = applyEdits(text, edits);
  const before = analyze(text, HINT);
  const withdraw = offerChangedReading(before, edits, after, HINT);
  const next = analyze(after, HINT);
  withdraw();
  const tree = quickTreeOf(next.result.file!) as ObjectNode;
  assert.equal(tree.properties[0], (quickTreeOf(before.result.file!) as ObjectNode).properties[0], 'read from the tree before');
  assert.deepStrictEqual(tree, quickYamlTree(after));
  assert.deepStrictEqual(next.result.findings, analyze(after, HINT).result.findings);
});

/** What an analysis read and found, every offset included: its tree, file (statements, resources, documents), findings, errors. */
function readingOf(analysis: ReturnType<typeof analyze>): unknown {
  const file = analysis.result.file as (TemplateFile & { editing?: unknown }) | undefined;
  return {
    tree: file && quickTreeOf(file),
    file: file && { ...file, editing: undefined, statementResource: [...file.statementResource].map(([statement, resource]) => [file.statements.indexOf(statement), resource.logicalId]) },
    findings: analysis.result.findings,
    syntaxErrors: analysis.result.syntaxErrors,
    notRead: analysis.result.notRead,
  };
}

test('typing in a template as the worker reads it (each older analysis dropped, its tree changed in place) keeps every offset of a full analysis', () => {
  const random = mulberry32(SEED + 2);
  let text = templateOfSize(30_000) + 'Outputs:\n  Name:\n    Value: !Ref Bucket0\n';
  let analysis = analyze(text, HINT);
  let inPlace = 0;
  let undo: TextEdit | undefined;
  let cursor = text.indexOf('Name: rule', text.length >> 1) + 'Name: rule'.length;
  for (let n = 0; n < 160; n++) {
    // Mostly a character typed or deleted where the cursor is; now and then the cursor jumps, or a random edit.
    const roll = random();
    const undoing = !quickTreeOf(analysis.result.file ?? {}) && undo !== undefined;
    if (roll < 0.1 || undoing) {
      // To the end of a value on some line (where typing happens), or anywhere.
      const from = Math.floor(random() * text.length);
      const lineEnd = text.indexOf('\n', text.indexOf(': ', from));
      cursor = (roll < 0.08 || undoing) && lineEnd > 0 ? lineEnd : from;
    }
    const typed = roll < 0.2 ? TYPED[Math.floor(random() * TYPED.length)]! : WORD[Math.floor(random() * WORD.length)]!;
    let edits: TextEdit[] = roll < 0.04 ? randomEdits(text, random) : roll < 0.25 ? [{ offset: Math.max(0, cursor - 1), length: cursor > 0 ? 1 : 0, text: '' }] : [{ offset: cursor, length: 0, text: typed }];
    // A text the quick reader declines (a tab typed, a key broken) is undone by the next edit, as a user would.
    if (undoing) edits = [undo!];
    const after = applyEdits(text, edits);
    const before = analysis.result.file && quickTreeOf(analysis.result.file);
    const withdraw = offerChangedReading(analysis, edits, after, HINT, true);
    const next = analyze(after, HINT);
    withdraw();
    if (before && next.result.file && quickTreeOf(next.result.file) === before) inPlace++;
    assert.deepStrictEqual(readingOf(next), readingOf(analyze(after, HINT)), `version ${n}: edits ${JSON.stringify(edits)}`);
    const changed = changedRange(text, edits, after)!;
    undo = { offset: changed.start, length: changed.newEnd - changed.start, text: text.slice(changed.start, changed.oldEnd) };
    text = after;
    analysis = next;
    const edit = edits[edits.length - 1]!;
    if (!undoing) cursor = Math.min(text.length, edit.offset + edit.text.length);
  }
  assert.ok(inPlace > 80, `${inPlace} of 160 versions read from the one before, in place`);
});

test('a text\'s YAML shape after an edit, rescanned only around the edit, is the estimate of the whole text, checkpoints included', () => {
  const random = mulberry32(SEED + 3);
  // Checkpoints every 64 characters (not ~4 KB): small files too rescan a part and join the older scan.
  const dense = (offset: number, last: number) => offset - last >= 64;
  const odd = 'Odd:\n  Code: |\n    x [ { "\n    }\n  Flow: [a, [b, {c: d,\n    e: f}]]\n  Quoted: "two\n    lines # not a comment"\n  - item\n? complex\n: value\n';
  let joined = 0;
  let checked = 0;
  for (const { label, text } of [...sources(), { label: 'odd shapes', text: odd.repeat(30) }]) {
    const reading = readYamlShape(text, dense);
    // With checkpoints or without (one stretch: the scan as it was before checkpoints), the same estimate.
    assert.deepStrictEqual({ depth: reading.depth, nodes: reading.nodes }, estimateYamlShape(text), label);
    const whole = readYamlShape(text, () => false);
    assert.deepStrictEqual({ depth: whole.depth, nodes: whole.nodes, checkpoints: whole.checkpoints.length }, { ...estimateYamlShape(text), checkpoints: 1 }, label);
    for (let n = 0; n < PER_SOURCE; n++) {
      const edits = randomEdits(text, random);
      const after = applyEdits(text, edits);
      const change = changedRange(text, edits, after);
      if (!change) continue;
      const derived = yamlShapeAfterChange(reading, after, change.start, change.oldEnd, change.newEnd);
      const where = `${label}: edits ${JSON.stringify(edits)}`;
      assert.deepStrictEqual({ depth: derived.depth, nodes: derived.nodes }, estimateYamlShape(after), where);
      // Every checkpoint is where and what a scan of the whole text has: later edits may start from any of them.
      const offsets = new Set(derived.checkpoints.map((checkpoint) => checkpoint.offset));
      assert.deepStrictEqual(derived.checkpoints, readYamlShape(after, (offset) => offsets.has(offset)).checkpoints, where);
      if (derived.checkpoints[derived.checkpoints.length - 1]!.offset - reading.checkpoints[reading.checkpoints.length - 1]!.offset === after.length - text.length) joined++;
      checked++;
    }
  }
  assert.ok(joined > checked / 3, `${joined} of ${checked} edits joined the older scan`);
});

test('typing on: each version\'s YAML shape derived from the one before stays the whole text\'s', () => {
  const random = mulberry32(SEED + 4);
  let text = templateOfSize(40_000);
  let reading = readYamlShape(text);
  let cursor = text.indexOf('Name: rule', 20_000) + 'Name: rule'.length;
  for (let n = 0; n < 200; n++) {
    const roll = random();
    if (roll < 0.05) cursor = Math.floor(random() * text.length);
    const edits: TextEdit[] = roll < 0.1 ? randomEdits(text, random) : roll < 0.3 ? [{ offset: Math.max(0, cursor - 1), length: cursor > 0 ? 1 : 0, text: '' }] : [{ offset: cursor, length: 0, text: TYPED[Math.floor(random() * TYPED.length)]! }];
    const after = applyEdits(text, edits);
    const change = changedRange(text, edits, after)!;
    reading = yamlShapeAfterChange(reading, after, change.start, change.oldEnd, change.newEnd);
    assert.deepStrictEqual({ depth: reading.depth, nodes: reading.nodes }, estimateYamlShape(after), `version ${n}: edits ${JSON.stringify(edits)}`);
    text = after;
    const edit = edits[edits.length - 1]!;
    cursor = Math.min(text.length, edit.offset + edit.text.length);
  }
  // The checkpoints stay spread out (rescans stay short).
  assert.ok(reading.checkpoints.length < text.length / 1000, `${reading.checkpoints.length} checkpoints`);
});

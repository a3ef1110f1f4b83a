import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonItem } from '../../src/cli/format/json';
import type { LocatedFinding } from '../../src/cli/located';
import { readSourceFile } from '../../src/cli/readSource';
import { escapeControlCharactersInJson } from '../../src/policy/controlCharacters';
import { mulberry32 } from '../support/random';

/** The item as the JSON output wrote it before it was written member by member: the text it must stay. */
function itemByStringify(f: LocatedFinding): string {
  const plain = { file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, id: f.id, message: f.message };
  return escapeControlCharactersInJson(`  ${JSON.stringify(plain, null, 2).replace(/\n/g, '\n  ')}`);
}

/** Characters that JSON or the output escape, and ordinary ones: quotes, controls, C1, bidi, surrogates alone and paired. */
const CHARACTERS = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009f', '\u061c', '\u200e', '\u2028', '\u2029', '\u202e', '\u2066', '\ud83d', '\ude00', '😀', 'é', '日'];

function randomText(random: () => number): string {
  let text = '';
  for (let n = Math.floor(random() * 12); n > 0; n--) text += CHARACTERS[Math.floor(random() * CHARACTERS.length)];
  return text;
}

test('a JSON output item is, byte for byte, JSON.stringify of the finding indented by two (seeded samples)', () => {
  const random = mulberry32(20261207);
  for (let i = 0; i < 5_000; i++) {
    const number = () => Math.floor(random() * (random() < 0.1 ? 1e9 : 200));
    const finding: LocatedFinding = {
      file: randomText(random),
      line: number(),
      column: number(),
      endLine: number(),
      endColumn: number(),
      severity: (['error', 'warning', 'info'] as const)[i % 3]!,
      id: randomText(random),
      message: randomText(random),
    };
    assert.equal(jsonItem(finding), itemByStringify(finding), JSON.stringify(finding));
  }
});

test('a file read without keeping its bytes gives the text of one read with them, whatever was read before', () => {
  const root = mkdtempSync(join(tmpdir(), 'ses-grants-read-'));
  try {
    const random = mulberry32(7);
    // Sizes about the reused buffer's (64 KB, grown up to 1 MB), a large one first so that a shorter file
    // read after it lies in a buffer that still holds the larger file's bytes.
    const sizes = [200_000, 0, 1, 65_535, 65_536, 65_537, 10, 1_100_000, 3, 1_048_575, 1_048_576, 70_000, 5];
    sizes.forEach((size, i) => {
      const bytes = Buffer.alloc(size);
      for (let at = 0; at < size; at++) bytes[at] = 32 + Math.floor(random() * 90);
      // Byte-order marks, so the decoding of a reused buffer is checked in each encoding.
      if (size >= 4 && i % 3 === 1) bytes.set([0xff, 0xfe], 0);
      if (size >= 4 && i % 3 === 2) bytes.set([0xef, 0xbb, 0xbf], 0);
      const path = join(root, `file-${i}.json`);
      writeFileSync(path, bytes);
      const kept = readSourceFile(path, true);
      const notKept = readSourceFile(path, false);
      assert.ok('text' in kept && 'text' in notKept);
      assert.equal(notKept.text, kept.text, `size ${size}`);
      assert.ok(Buffer.from(kept.bytes).equals(bytes), `size ${size}: the kept bytes are the file's`);
      assert.equal(notKept.bytes.length, 0);
    });
    // A file whose fstat says 0 bytes though it holds text (procfs): read on until a read returns nothing.
    if (existsSync('/proc/version')) {
      const read = readSourceFile('/proc/version', false);
      assert.ok('text' in read);
      assert.equal(read.text, readFileSync('/proc/version', 'utf8'));
      assert.ok(read.text.length > 0);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText } from '../../src/cli/decodeText';
import { runCli, type JsonFinding } from '../support/cli';
import { FIXTURES } from '../support/paths';

const SAMPLE = '{"a": "é 受 📬"}\n';

function utf32(text: string, littleEndian: boolean): Buffer {
  const codePoints = [0xfeff, ...[...text].map((c) => c.codePointAt(0)!)];
  const bytes = Buffer.alloc(codePoints.length * 4);
  codePoints.forEach((c, i) => (littleEndian ? bytes.writeUInt32LE(c, i * 4) : bytes.writeUInt32BE(c, i * 4)));
  return bytes;
}

test('a byte-order mark chooses the encoding and is not part of the text', () => {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
  const utf16be = Buffer.from(utf16le).swap16();
  assert.equal(decodeText(utf16le), SAMPLE);
  assert.equal(decodeText(utf16be), SAMPLE);
  assert.equal(decodeText(utf32(SAMPLE, true)), SAMPLE);
  assert.equal(decodeText(utf32(SAMPLE, false)), SAMPLE);
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)])), SAMPLE);
  assert.equal(decodeText(Buffer.from(SAMPLE)), SAMPLE, 'no mark: UTF-8');
});

test('bytes that are a plain Uint8Array view into a larger buffer decode as the same bytes in a Buffer', () => {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
  for (const bytes of [utf16le, utf32(SAMPLE, false), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]), Buffer.from(SAMPLE)]) {
    // The view starts 3 bytes into a buffer holding other bytes around it: only the view's bytes count.
    const backing = new Uint8Array(bytes.length + 6).fill(0x7b);
    backing.set(bytes, 3);
    const view = new Uint8Array(backing.buffer, 3, bytes.length);
    assert.equal(Buffer.isBuffer(view), false);
    assert.equal(decodeText(view), SAMPLE);
  }
});

test('cut-short and invalid units become U+FFFD; bytes that merely look like a mark stay UTF-8', () => {
  assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), 'A\uFFFD');
  assert.equal(decodeText(Buffer.concat([utf32('A', true), Buffer.from([0x42, 0x00])])), 'A\uFFFD');
  const beyondUnicode = Buffer.concat([utf32('', false), Buffer.from([0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0xd8, 0x00])]);
  assert.equal(decodeText(beyondUnicode), '\uFFFD\uFFFD', 'above U+10FFFF and a lone surrogate');
  assert.equal(decodeText(Buffer.from([0xfe])), '\uFFFD');
  assert.equal(decodeText(Buffer.alloc(0)), '');
});

test('UTF-16 and UTF-32 policies with a byte-order mark are linted like their UTF-8 text', () => {
  const dir = join(FIXTURES, 'cli', 'encodings');
  const inputs = readdirSync(dir).filter((name) => name.endsWith('.txt'));
  assert.equal(inputs.length, 4);
  for (const input of inputs) {
    const expected = JSON.parse(readFileSync(join(dir, input.replace(/\.txt$/, '.expected.json')), 'utf8')) as string[];
    // Copied as a .json file into a folder: the encoding must be recognised in a folder walk too.
    const root = mkdtempSync(join(tmpdir(), 'ses-grants-encoding-'));
    try {
      copyFileSync(join(dir, input), join(root, 'policy.json'));
      const run = runCli(['lint', '--format', 'json', '.'], root);
      const findings = JSON.parse(run.stdout) as JsonFinding[];
      assert.deepEqual(findings.map((f) => `${f.file} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.id}`), expected.map((e) => `policy.json ${e}`), input);
      assert.equal(run.status, 1, input);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

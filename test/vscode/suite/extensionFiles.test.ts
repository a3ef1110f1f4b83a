// Reading the files the extension ships, as a WebAssembly parser loads its modules in every extension host
// (src/extension/extensionFiles.ts): the bytes exactly as they are on disk, and a clear error for a missing
// file, whatever the URI scheme of the host (file: in Node, vscode-remote: in code-server's web worker).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { shippedFileReader } from '../../../src/extension/extensionFiles';
import { activateExtension } from './helpers';

describe('files the extension ships', () => {
  it('reads a binary file byte for byte: the 128×128 PNG icon', async () => {
    const extension = await activateExtension();
    const bytes = await shippedFileReader(extension.extensionUri, 'images')({ name: 'icon.png' });
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.deepEqual([header.getUint32(16), header.getUint32(20)], [128, 128], 'width and height from the IHDR chunk');
    // The last chunk is IEND: nothing was cut off or decoded as text on the way.
    assert.equal(new TextDecoder().decode(bytes.subarray(bytes.length - 8, bytes.length - 4)), 'IEND');
  });

  it('reads the bundle this host runs, from the folder package.json names', async () => {
    const extension = await activateExtension();
    const entry = String(typeof process === 'undefined' ? extension.packageJSON.browser : extension.packageJSON.main).replace(/^\.\//, '');
    const parts = entry.split('/');
    const bytes = await shippedFileReader(extension.extensionUri, ...parts.slice(0, -1))({ name: parts.at(-1)! });
    assert.ok(bytes.length > 10_000, `${entry} has ${bytes.length} bytes`);
    assert.match(new TextDecoder().decode(bytes), /require\("vscode"\)/, 'the bundle takes the API from its host');
  });

  it('rejects with FileNotFound for a file that is not shipped', async () => {
    const extension = await activateExtension();
    await assert.rejects(shippedFileReader(extension.extensionUri, 'dist')({ name: 'no-such-module.wasm' }), (error: unknown) => {
      assert.ok(error instanceof vscode.FileSystemError, String(error));
      assert.equal(error.code, 'FileNotFound');
      return true;
    });
  });
});

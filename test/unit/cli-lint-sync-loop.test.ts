import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { FIXTURES } from '../support/paths';

/**
 * Without a worker pool, `lint` reads a folder's files in one synchronous loop (lintCommand.ts, runLintJobNow):
 * an `await` per file cost three promises and a trip through the microtask queue each. A file that needs
 * Terraform's parser before it is loaded leaves the loop for the load, and is read again then: its findings
 * must be those of the file linted alone.
 */

const FILES = 40;

function captured(cwd: string): { io: CliIo; out: () => string } {
  let out = '';
  return {
    io: { cwd, out: (text) => void (out += text), outBytes: () => undefined, err: () => undefined },
    out: () => out,
  };
}

function folderOfPolicies(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ses-grants-sync-loop-'));
  for (let i = 0; i < FILES; i++) {
    const statement = { Sid: `S${i}`, Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::inbox-${i}/*` };
    writeFileSync(join(dir, `policy-${String(i).padStart(2, '0')}.json`), JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2));
  }
  return dir;
}

// Runs first in this file's process, so Terraform's parser is not loaded yet when the loop meets the .tf files.
test('a Terraform file met after policies loads the parser and reports what it reports alone', async () => {
  const dir = folderOfPolicies();
  try {
    cpSync(join(FIXTURES, 'cli', 'terraform'), join(dir, 'terraform'), { recursive: true });
    const all = captured(dir);
    await run(['lint', '.', '--format', 'json'], all.io, 'test');
    const findings = JSON.parse(all.out()) as { file: string; id: string }[];
    const terraform = findings.filter((f) => f.file.startsWith('terraform/'));
    const alone = captured(dir);
    await run(['lint', 'terraform', '--format', 'json'], alone.io, 'test');
    assert.ok(terraform.length > 0, 'the Terraform fixtures hold findings');
    assert.deepEqual(terraform, JSON.parse(alone.out()));
    assert.equal(findings.filter((f) => f.file.startsWith('policy-')).length, FILES, 'one finding per policy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`${FILES} policies are linted without a trip through the microtask queue per file`, async () => {
  const dir = folderOfPolicies();
  try {
    let turns = 0;
    let linting = true;
    const spin = () => {
      if (!linting) return;
      turns++;
      queueMicrotask(spin);
    };
    queueMicrotask(spin);
    const { io, out } = captured(dir);
    await run(['lint', '.', '--format', 'json'], io, 'test');
    linting = false;
    assert.equal((JSON.parse(out()) as unknown[]).length, FILES);
    // A handful of turns around the command itself; an await per file gave at least one per file.
    assert.ok(turns < FILES / 4, `${turns} microtask turns while linting ${FILES} files`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

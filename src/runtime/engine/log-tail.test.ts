import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LogStream } from '../logs.js';
import { LogFileTail } from './log-tail.js';

const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-log-tail-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T = '2026-12-02T06:13:03.358828583+00:00';

test('lines appended by the engine are handed on as they come, partial lines joined per stream', async () => {
  const path = join(dir, '0.log');
  writeFileSync(path, `${T} stdout F first\n`);
  const got: [string, LogStream][] = [];
  let wake: () => void = () => undefined;
  const tail = new LogFileTail(path, (text, stream) => {
    got.push([text, stream]);
    wake();
  });
  assert.deepEqual(got, [['first', 'stdout']]);
  // Appended later: seen on the file's change event, without finish().
  const seen = new Promise<void>((r) => (wake = r));
  appendFileSync(path, `${T} stdout P par\n${T} stderr F err ✓\n${T} stdout F tial\n`);
  await seen;
  while (got.length < 3) await new Promise<void>((r) => (wake = r));
  assert.deepEqual(got.slice(1), [
    ['err ✓', 'stderr'],
    ['partial', 'stdout'],
  ]);
  // A last line without newline (P at the end), and a line cut in the middle of a UTF-8 char.
  const tailBytes = Buffer.from(`${T} stdout F é\n${T} stderr P no newline\n`);
  appendFileSync(path, tailBytes.subarray(0, 40));
  appendFileSync(path, tailBytes.subarray(40));
  tail.finish();
  assert.deepEqual(got.slice(3), [
    ['é', 'stdout'],
    ['no newline', 'stderr'],
  ]);
});

test('a file that is not there is read at the end; lines not in the CRI format are skipped', () => {
  const path = join(dir, 'late.log');
  const got: string[] = [];
  const tail = new LogFileTail(path, (text) => got.push(text));
  writeFileSync(path, `garbage\n${T} stdout F ok\n`);
  tail.finish();
  assert.deepEqual(got, ['ok']);
});

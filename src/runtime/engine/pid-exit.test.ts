import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { watchPidExit } from './pid-exit.js';

test('a process that is not there is gone at once', async () => {
  await watchPidExit(2 ** 22 + 12345).gone; // above any pid_max
});

test('the end of a process is seen from /proc (a zombie or gone both count)', async () => {
  const child = spawn('/bin/sh', ['-c', 'read x'], { stdio: ['pipe', 'ignore', 'ignore'] });
  await once(child, 'spawn');
  const w = watchPidExit(child.pid!);
  let gone = false;
  void w.gone.then(() => (gone = true));
  // Still running after several reads.
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(gone, false);
  child.stdin.end();
  await w.gone;
  assert.equal(gone, true);
});

test('stop() ends the reads: the watch then never resolves', async () => {
  const child = spawn('/bin/sh', ['-c', 'read x'], { stdio: ['pipe', 'ignore', 'ignore'] });
  await once(child, 'spawn');
  const w = watchPidExit(child.pid!);
  // The same reads, not stopped: once it has seen the end, the stopped one would have too.
  const control = watchPidExit(child.pid!);
  w.stop();
  let gone = false;
  void w.gone.then(() => (gone = true));
  child.stdin.end();
  await control.gone;
  await new Promise((r) => setImmediate(r));
  assert.equal(gone, false);
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isSidecarError } from '../errors.js';
import { chooseContainer, ContainerLog, logFileFor, renderLog, type PodRecord } from './logs.js';

const record: PodRecord = {
  name: 'demo',
  namespace: 'default',
  uid: 'u',
  containers: [
    { name: 'main', init: false },
    { name: 'setup', init: true },
    { name: 'sidecar', init: true },
  ],
  runtimePid: process.pid,
  startedAt: '',
};

async function writeStart(
  dir: string,
  container: string,
  n: number,
  lines: string[],
): Promise<void> {
  const log = new ContainerLog(dir, container, n);
  const out = new PassThrough();
  const err = new PassThrough();
  log.attach(out, 'stdout');
  log.attach(err, 'stderr');
  out.end(lines.join('\n'));
  err.end();
  await log.finish(0);
}

describe('container logs', () => {
  it('when no container is named then the annotated one is used silently, else the first regular one with kubectl notice', () => {
    assert.deepEqual(chooseContainer(record, undefined), {
      name: 'main',
      notice: 'Defaulted container "main" out of: main, setup (init), sidecar (init)',
    });
    assert.equal(
      chooseContainer({ ...record, defaultContainer: 'sidecar' }, undefined).name,
      'sidecar',
    );
  });
  it('when the container name is wrong then the error is worded as kubectl words it', () => {
    assert.throws(
      () => chooseContainer(record, 'nope'),
      (e: unknown) => isSidecarError(e) && e.message === 'container nope is not valid for pod demo',
    );
  });
  it('when an engine wrote the log (conmon: nanoseconds, +00:00, P parts) then it reads as kubectl prints it', () => {
    const content =
      '2026-12-02T06:13:03.358828500+00:00 stdout P par\n' +
      '2026-12-02T06:13:03.358900000+00:00 stdout F tial\n' +
      '2026-12-02T06:13:04+00:00 stderr P no newline\n';
    assert.equal(renderLog(content, undefined, false), 'partial\nno newline');
    assert.equal(
      renderLog(content, undefined, true),
      '2026-12-02T06:13:03.3588285Z par2026-12-02T06:13:03.3589Z tial\n2026-12-02T06:13:04Z no newline',
    );
  });
  it('when a container restarted then --previous reads the start before the last and --tail keeps the last lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-logs-'));
    try {
      await writeStart(dir, 'main', 0, ['first run 1', 'first run 2']);
      await writeStart(dir, 'main', 1, ['second run 1', 'second run 2 without newline']);
      const prev = logFileFor(dir, record, 'main', true);
      assert.equal(
        renderLog(readFileSync(prev, 'utf8'), undefined, false),
        'first run 1\nfirst run 2\n',
      );
      const cur = logFileFor(dir, record, 'main', false);
      assert.equal(
        renderLog(readFileSync(cur, 'utf8'), 1, false),
        'second run 2 without newline\n',
      );
      assert.match(
        renderLog(readFileSync(cur, 'utf8'), 1, true),
        /^\d{4}-\d\d-\d\dT[\d:.]+Z second run 2/,
      );
      assert.throws(
        () => logFileFor(dir, record, 'setup', true),
        (e: unknown) =>
          isSidecarError(e) &&
          e.message === 'previous terminated container "setup" in pod "demo" not found',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

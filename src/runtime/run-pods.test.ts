import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSidecarError } from '../errors.js';
import type { PodEvent } from '../lifecycle/events.js';
import { fromText } from '../manifest/load.js';
import { podTemplatesOf } from '../manifest/pod-templates.js';
import { resolveVersion } from '../model/versions.js';
import { detectCapabilities } from './isolation/host.js';
import { preparePods } from './run-pods.js';

const state = mkdtempSync(join(tmpdir(), 'sidecarctl-run-pods-'));
after(() => rmSync(state, { recursive: true, force: true }));

function pod(name: string, script: string, extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  restartPolicy: Never\n  containers:\n  - {name: c, image: x, command: ['sh', '-c', '${script}']${extra}}\n`;
}

async function prepare(
  text: string,
  isolation: 'process' | 'auto' = 'process',
  onEvent?: (e: PodEvent) => void,
) {
  const input = fromText(text);
  const placed: string[][] = [];
  const pods = preparePods({
    templates: podTemplatesOf(input.objects),
    objects: input.objects,
    version: resolveVersion('1.33'),
    images: new Map(),
    stateDir: state,
    isolation,
    caps: await detectCapabilities(),
    onPlaced: (own) => placed.push([...own]),
    ...(onEvent !== undefined ? { onEvent } : {}),
  });
  return { pods, placed };
}

describe('preparePods', { timeout: 60_000 }, () => {
  it('when two short pods run then each returns its real-clock view and outcome, the failed one worded as run says it', async () => {
    const { pods, placed } = await prepare(`${pod('ok', 'exit 0')}---\n${pod('bad', 'exit 3')}`);
    assert.deepEqual(pods.pods, ['default/ok', 'default/bad']);
    assert.deepEqual(placed, [[]], 'placed once; process isolation gives no pod its own network');
    const [ok, bad] = await pods.run();
    assert.equal(ok!.view.status.phase, 'Succeeded');
    assert.equal(ok!.view.clock, 'real');
    assert.deepEqual(ok!.view.containers, [{ name: 'c', kind: 'regular' }]);
    assert.equal(ok!.view.until, ok!.view.events[ok!.view.events.length - 1]!.t);
    assert.deepEqual(ok!.outcome, { exitCode: 0, message: null });
    assert.equal(bad!.outcome.exitCode, 1);
    assert.match(bad!.outcome.message ?? '', /^pod default\/bad Failed/);
  });

  it('when a pod is deleted as asked then its outcome is 0', async () => {
    // Deleted once it runs, not after a delay: on a loaded machine it may not have started.
    let deleteOnce = (): void => undefined;
    const { pods } = await prepare(pod('long', 'sleep 30'), 'process', (e) => {
      if (e.type === 'ContainerStarted') setImmediate(deleteOnce);
    });
    deleteOnce = () => {
      deleteOnce = () => undefined;
      pods.delete(0);
    };
    const done = pods.run();
    const [r] = await done;
    assert.ok(
      r!.view.events.some((e) => e.type === 'ContainerStarted'),
      'deleted after it started',
    );
    assert.deepEqual(r!.outcome, { exitCode: 0, message: null });
  });

  it('when a pod cannot have the isolation asked then nothing is placed or started', async () => {
    await assert.rejects(
      prepare(pod('vol', 'exit 0', ', volumeMounts: [{name: v, mountPath: /data}]')),
      (e: unknown) => isSidecarError(e) && e.code === 'SIDECAR_E_RUNTIME',
    );
  });
});

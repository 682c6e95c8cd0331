import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodEvent } from '../lifecycle/events.js';
import { parseVersion, resolveVersion } from '../model/versions.js';
import { kubeletEventsOf, pullEvents, type WordingContext } from './event-wording.js';

function ctx(version: string): WordingContext {
  return {
    name: 'p',
    namespace: 'default',
    uid: 'u-1',
    version: resolveVersion(parseVersion(version), {}),
    image: () => 'busybox:1.36',
    signalled: new Set(),
  };
}

const words = (e: PodEvent, c: WordingContext) =>
  kubeletEventsOf(e, c).map((k) => `${k.type} ${k.reason}: ${k.message}`);

describe('kubelet event wording', () => {
  const base = { t: 1, pod: 'default/p' };

  it('a start is Pulled, Created, Started; Created has a colon from 1.32 on', () => {
    const e: PodEvent = { ...base, type: 'ContainerStarted', container: 'app', restartCount: 0 };
    assert.deepEqual(words(e, ctx('1.33')), [
      'Normal Pulled: Container image "busybox:1.36" already present on machine',
      'Normal Created: Created container: app',
      'Normal Started: Started container app',
    ]);
    assert.equal(words(e, ctx('1.31'))[1], 'Normal Created: Created container app');
  });

  it('a real pull (a container engine) is Pulling, then Pulled with its time, and no "already present"', () => {
    const c = { ...ctx('1.33'), pulled: new Set<string>() };
    const said = (ks: ReturnType<typeof pullEvents>) => ks.map((k) => `${k.reason}: ${k.message}`);
    assert.deepEqual(said(pullEvents('app', 'nginx:1.27', null, c)), [
      'Pulling: Pulling image "nginx:1.27"',
    ]);
    assert.deepEqual(said(pullEvents('app', 'nginx:1.27', 1500, c)), [
      'Pulled: Successfully pulled image "nginx:1.27" in 1.500s (1.500s including waiting)',
    ]);
    const e: PodEvent = { ...base, type: 'ContainerStarted', container: 'app', restartCount: 0 };
    assert.deepEqual(words(e, c), [
      'Normal Created: Created container: app',
      'Normal Started: Started container app',
    ]);
    // The next start without a pull says the image is present again.
    assert.equal(words(e, c).length, 3);
  });

  it('one Killing per stop (the SIGKILL after the grace period adds none), probe kills say why', () => {
    const c = ctx('1.33');
    const term: PodEvent = {
      ...base,
      type: 'ContainerKilling',
      container: 'app',
      signal: 'SIGTERM',
      reason: 'PodDeleted',
    };
    const kill: PodEvent = { ...term, signal: 'SIGKILL', reason: 'GracePeriodExpired' };
    assert.deepEqual(words(term, c), ['Normal Killing: Stopping container app']);
    assert.deepEqual(words(kill, c), []);
    const live: PodEvent = { ...term, container: 'web', reason: 'LivenessProbe' };
    assert.deepEqual(words(live, c), [
      'Normal Killing: Container web failed liveness probe, will be restarted',
    ]);
  });

  it('probe failures are Unhealthy warnings, back-off names the pod as format.Pod does', () => {
    const c = ctx('1.33');
    const probe: PodEvent = {
      ...base,
      type: 'ProbeResult',
      container: 'app',
      probe: 'readiness',
      result: 'Failure',
    };
    assert.deepEqual(words(probe, c), ['Warning Unhealthy: Readiness probe failed: ']);
    assert.deepEqual(words({ ...probe, result: 'Success' }, c), []);
    const back: PodEvent = { ...base, type: 'BackOff', container: 'app', delaySeconds: 10 };
    assert.deepEqual(words(back, c), [
      'Warning BackOff: Back-off restarting failed container app in pod p_default(u-1)',
    ]);
  });
});

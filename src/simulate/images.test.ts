/**
 * Image pulls and image updates beyond the kubelet's e2e cases (those are in e2e-cases.test.ts):
 * the rules of src/lifecycle/image-pull.ts and image-update.ts on simulated pods.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runE2e } from './e2e-pod.test-support.js';

const BAD = 'registry.invalid/nope:1';

function before(a: number, b: number, what: string): void {
  assert.ok(a < b, `${what} (positions ${String(a)} and ${String(b)})`);
}

describe('image pulls', () => {
  it('when a sidecar image pulls only from 30 s then the next init container waits for its start, which is no restart', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'sc', init: 'sidecar', delay: null, pullFails: 25 },
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'app', delay: 5 },
      ],
    });
    // Pulls at 0 (fails, 10 s), 10 (fails, 20 s), then 30 after the back-off.
    assert.equal(r.t(r.start('sc')), 30);
    before(r.start('sc'), r.start('init-1'), 'the sidecar starts before init-1');
    assert.equal(r.containerStatus('sc').restartCount, 0);
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('when a regular init container image cannot be pulled for a while under Never then the pod does not fail', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1, pullFails: 15 },
        { name: 'app', delay: 5 },
      ],
    });
    assert.equal(r.pullFailures('init-1', 'ErrImagePull').length, 2);
    assert.equal(r.pullFailures('init-1', 'ImagePullBackOff').length, 1);
    assert.deepEqual(r.exitCodes('init-1'), [0]);
    assert.equal(r.containerStatus('init-1').restartCount, 0);
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('when the status is read between two pulls then it shows ErrImagePull right after a failed pull', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 15,
      containers: [{ name: 'app', delay: null, image: BAD, pullFails: true }],
    });
    const w = r.containerStatus('app').state.waiting;
    assert.equal(w?.reason, 'ErrImagePull');
    assert.equal(w?.message, `Failed to pull image "${BAD}"`);
    assert.equal(r.status.phase, 'Pending');
  });

  it('when two containers have the same unpullable image then they share its pull back-off', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 100,
      containers: [
        { name: 'a', delay: null, image: BAD, pullFails: true },
        { name: 'b', delay: null, image: BAD, pullFails: true },
      ],
    });
    // The first pull fails; b, started in the same sync, finds the image in back-off.
    const first = r.events.filter((e) => e.type === 'ImagePullFailed' && e.t === 0);
    assert.deepEqual(
      first.map((e) => (e.type === 'ImagePullFailed' ? [e.container, e.reason] : [])),
      [
        ['a', 'ErrImagePull'],
        ['b', 'ImagePullBackOff'],
      ],
    );
    const pulls = r.events.filter(
      (e) => e.type === 'ImagePullFailed' && e.reason === 'ErrImagePull',
    );
    assert.deepEqual(
      pulls.map((e) => e.t),
      [0, 10, 30, 70],
      'one back-off for the image: 10, 20, 40 s',
    );
  });

  it('when a started sidecar gets an unpullable image after initialization then the regular container keeps running', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 100,
      setImage: [{ at: 10, container: 'sc', image: BAD, pullFails: true }],
      containers: [
        { name: 'sc', init: 'sidecar', delay: null },
        { name: 'app', delay: null },
      ],
    });
    assert.equal(r.signals('sc', 'SIGTERM').length, 1);
    assert.equal(r.starts('sc').length, 1);
    assert.ok(r.pullFailures('sc', 'ErrImagePull').length >= 2);
    const s = r.containerStatus('sc');
    assert.equal(s.state.waiting?.reason, 'ImagePullBackOff');
    assert.equal(s.lastState.terminated?.exitCode, 0);
    assert.equal(s.started, false);
    assert.equal(r.starts('app').length, 1);
    assert.ok(r.containerStatus('app').state.running !== undefined);
    assert.equal(r.status.phase, 'Running');
    assert.equal(r.status.conditions.find((c) => c.type === 'Ready')?.status, 'False');
  });

  it('when a pod waiting for an image is deleted then it ends at once without starting anything', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      deleteAt: 20,
      containers: [{ name: 'app', delay: null, image: BAD, pullFails: true }],
    });
    assert.equal(r.started('app'), false);
    assert.equal(r.status.phase, 'Failed');
    assert.equal(r.containerStatus('app').state.terminated?.reason, 'ContainerStatusUnknown');
  });
});

describe('image updates', () => {
  it('when a crash-looping container gets a new image then it restarts without waiting out its back-off', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 100,
      setImage: [{ at: 45, container: 'app', image: 'app:2' }],
      containers: [{ name: 'app', delay: 1, exitCode: 1 }],
    });
    // Exits at 1, 2 (restarts at 1 and 12), then 13 with a 20 s back-off until 33, exit 34 and
    // a 40 s back-off until 74: the new image restarts it at 45 (a new spec, a new back-off key).
    const starts = r.starts('app').map((p) => r.t(p));
    assert.ok(starts.includes(45), `starts at ${starts.join(', ')}`);
    assert.equal(r.containerStatus('app').image, 'app:2');
  });

  it('when the image of a regular container that completed under Never changes then it is not run again', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      until: 60,
      setImage: [{ at: 20, container: 'done', image: 'app:2' }],
      containers: [
        { name: 'done', delay: 5 },
        { name: 'app', delay: 50 },
      ],
    });
    assert.equal(r.starts('done').length, 1);
    assert.equal(r.containerStatus('done').image, 'busybox');
  });

  it('when a sidecar image changes before its startup probe passed then it is not restarted for it', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 40,
      setImage: [{ at: 5, container: 'sc', image: 'sc:2' }],
      containers: [
        {
          name: 'sc',
          init: 'sidecar',
          delay: null,
          startupProbe: { passFrom: 20, periodSeconds: 10 },
        },
        { name: 'app', delay: null },
      ],
    });
    // Not started until its probe passes at 20 s; then the changed spec restarts it.
    const starts = r.starts('sc').map((p) => r.t(p));
    assert.equal(starts[0], 0);
    assert.ok(starts.length === 2 && starts[1]! >= 20, `starts at ${starts.join(', ')}`);
    assert.equal(r.containerStatus('sc').image, 'sc:2');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline } from './lanes.js';
import { RICH_EVENTS, RICH_VIEW } from './render-fixtures.test.js';
import { runE2e } from '../simulate/e2e-pod.test-support.js';

describe('timeline lanes', () => {
  it('when containers are given out of order then init containers and sidecars come first in spec order, then regular ones', () => {
    const tl = buildTimeline(RICH_EVENTS, [
      { name: 'app', kind: 'regular' },
      { name: 'migrate', kind: 'init' },
      { name: 'logger', kind: 'regular' },
      { name: 'proxy', kind: 'sidecar' },
    ]);
    assert.deepEqual(
      tl.lanes.map((l) => l.name),
      ['migrate', 'proxy', 'app', 'logger'],
    );
  });

  it('when an init container fails twice then its lane shows the immediate restart, a back-off, and the final exit', () => {
    const migrate = buildTimeline(RICH_EVENTS, RICH_VIEW.containers, 50).lanes[0]!;
    assert.deepEqual(
      migrate.segments.map((s) => [s.state, s.start, s.end, s.label]),
      [
        ['running', 0, 2, 'running'],
        ['running', 2, 4, 'running'],
        ['backoff', 4, 14, 'back-off 10s'],
        ['running', 14, 16, 'running'],
        ['exited', 16, 50, 'exit 0 Completed'],
      ],
    );
  });

  it('when a sidecar has a postStart hook and a startup probe then it is starting until both are done, and terminating from its preStop', () => {
    const proxy = buildTimeline(RICH_EVENTS, RICH_VIEW.containers, 50).lanes[1]!;
    assert.deepEqual(
      proxy.segments.map((s) => [s.state, s.start, s.end]),
      [
        ['starting', 16, 18],
        ['ready', 18, 30],
        ['terminating', 30, 42],
        ['exited', 42, 50],
      ],
    );
    const hooks = proxy.markers.filter((m) => m.kind === 'hook');
    assert.deepEqual(
      hooks.map((h) => (h.kind === 'hook' ? [h.hook, h.t, h.end] : [])),
      [
        ['postStart', 16, 17],
        ['preStop', 30, 35],
      ],
    );
  });

  it('when the Ready condition goes True then False then the pod lane has one ready span and phases Pending, Running, Failed', () => {
    const tl = buildTimeline(RICH_EVENTS, RICH_VIEW.containers, 50);
    assert.deepEqual(tl.readySpans, [{ start: 20, end: 31, open: false }]);
    assert.deepEqual(
      tl.phases.map((p) => [p.phase, p.start, p.end]),
      [
        ['Pending', 0, 18],
        ['Running', 18, 42],
        ['Failed', 42, 50],
      ],
    );
  });

  it('when an image cannot be pulled then the lane shows the wait for it, before the first start and after an exit', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 80,
      setImage: [{ at: 40, container: 'sc', image: 'bad:1', pullFails: true }],
      containers: [
        { name: 'sc', init: 'sidecar', delay: null, pullFails: 25 },
        { name: 'app', delay: null },
      ],
    });
    const lane = buildTimeline(r.events, [
      { name: 'sc', kind: 'sidecar' },
      { name: 'app', kind: 'regular' },
    ]).lanes[0]!;
    assert.deepEqual(
      lane.segments.map((s) => [s.state, s.start, s.end, s.label]),
      [
        ['backoff', 0, 30, 'ImagePullBackOff'],
        ['ready', 30, 40, 'ready'],
        ['backoff', 40, 80, 'ImagePullBackOff'],
      ],
    );
  });
});

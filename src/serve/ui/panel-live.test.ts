/**
 * A live panel takes from the store what kubectl shows (the get pods row, phase, conditions,
 * the get events rows of that pod's uid) and from the kubelet only the lanes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveVersion } from '../../model/versions.js';
import type { PodRunView } from '../../timeline/view.js';
import type { UiPodPanel } from '../../ui/model.js';
import type { KubeObject } from '../store/types.js';
import { eventRows, livePanel, logsHref } from './panel-live.js';

const POD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'team',
    uid: 'u1',
    resourceVersion: '5',
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: {
    initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
    containers: [{ name: 'app', image: 'busybox' }],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
    ],
    initContainerStatuses: [
      { name: 'proxy', ready: true, started: true, restartCount: 0, state: { running: {} } },
    ],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 2, state: { running: {} } }],
  },
};

function ev(
  name: string,
  uid: string,
  first: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace: 'team',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: first,
    },
    involvedObject: {
      kind: 'Pod',
      name: 'web',
      namespace: 'team',
      uid,
      fieldPath: 'spec.containers{app}',
    },
    type: 'Normal',
    reason: name.split('.')[1],
    message: ` ${name} \n`,
    firstTimestamp: first,
    ...extra,
  };
}

describe('live panel', () => {
  it("lists the pod's stored events as kubectl does: by name, its uid only, t since creation", () => {
    const rows = eventRows(POD, [
      ev('web.b-Started', 'u1', '2026-01-01T00:00:03Z', { count: 2 }),
      ev('web.a-Pulled', 'u1', '2026-01-01T00:00:01Z'),
      ev('web.c-Old', 'u0', '2025-12-31T23:00:00Z'),
    ]);
    assert.deepEqual(rows, [
      {
        t: 1,
        type: 'Normal',
        reason: 'a-Pulled',
        object: 'pod/web',
        message: 'web.a-Pulled',
        count: 1,
      },
      {
        t: 3,
        type: 'Normal',
        reason: 'b-Started',
        object: 'pod/web',
        message: 'web.b-Started',
        count: 2,
      },
    ]);
  });

  it('links logs under /ui/logs with each part escaped', () => {
    assert.equal(logsHref('team', 'web', 'a/b c'), '/ui/logs/team/web/a%2Fb%20c');
  });

  it("takes the row, phase and conditions from the stored pod and the lanes from the kubelet's view", () => {
    let seen: { view: PodRunView; end: number | undefined; href: string } | null = null;
    const view: PodRunView = {
      pod: 'team/web',
      k8sVersion: '1.33',
      containers: [
        { name: 'proxy', kind: 'sidecar' },
        { name: 'app', kind: 'regular' },
      ],
      events: [],
      status: { phase: 'Pending', conditions: [], containerStatuses: [] },
      until: 7.5,
      clock: 'real',
    };
    const panel = livePanel(
      { pod: POD, events: [], view },
      resolveVersion('1.33'),
      (v, o): UiPodPanel => {
        seen = { view: v, end: o?.end, href: o?.logsHref?.('app') ?? '' };
        return {
          key: 'x',
          namespace: 'x',
          name: 'x',
          k8sVersion: v.k8sVersion,
          row: { ready: '?', status: '?', restarts: '?', age: '?' },
          phase: v.status.phase,
          conditions: [],
          containers: [],
          lanesSvg: '<svg id="lanes"></svg>',
          events: [],
        };
      },
      new Date('2026-01-01T00:01:00Z'),
    );
    assert.deepEqual(seen, { view, end: 7.5, href: '/ui/logs/team/web/app' });
    assert.equal(panel.key, 'team/web');
    assert.deepEqual(panel.row, { ready: '1/2', status: 'Running', restarts: '2', age: '60s' });
    assert.equal(panel.phase, 'Running');
    assert.deepEqual(panel.conditions, [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
    ]);
    assert.equal(panel.lanesSvg, '<svg id="lanes"></svg>');
  });

  it('draws lanes for a pod the kubelet has not run, from its spec', () => {
    const panel = livePanel(
      { pod: POD, events: [], view: null },
      resolveVersion('1.33'),
      (v): UiPodPanel => ({
        key: '',
        namespace: '',
        name: '',
        k8sVersion: v.k8sVersion,
        row: { ready: '', status: '', restarts: '', age: '' },
        phase: '',
        conditions: [],
        containers: v.containers.map((c) => ({ name: c.name, kind: c.kind })),
        lanesSvg: '',
        events: [],
      }),
      new Date('2026-01-01T00:00:00Z'),
    );
    assert.deepEqual(
      panel.containers.map((c) => [c.name, c.kind]),
      [
        ['proxy', 'sidecar'],
        ['app', 'regular'],
      ],
    );
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, StoredMeta } from '../store/types.js';
import { sinceOrUnknown } from './table-columns.js';
import { formatLabelSelector } from './table-others.js';
import { tableRow, toTable } from './tables.js';

const NOW = new Date('2026-12-02T01:00:00Z');
const created = '2026-12-02T00:59:57Z'; // 3s before NOW

const running = { running: { startedAt: created } };
const waiting = (reason: string): Record<string, unknown> => ({ waiting: { reason } });
const terminated = (reason: string, exitCode: number): Record<string, unknown> => ({
  terminated: { reason, exitCode },
});

function pod(
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  meta: Partial<StoredMeta> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'u',
      resourceVersion: '9',
      creationTimestamp: created,
      ...meta,
    } as StoredMeta,
    spec,
    status,
  };
}

const oneApp = { containers: [{ name: 'app' }] };
const twoInits = {
  initContainers: [{ name: 'i1' }, { name: 'i2' }],
  containers: [{ name: 'app' }],
};
const cs = (
  state: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({ name: 'app', ready: false, restartCount: 0, state, ...extra });

function cells(p: KubeObject): unknown[] {
  return tableRow('pods', p, { now: NOW }).cells.slice(0, 5);
}

test('pod STATUS while initialising: Init:0/2, Init:CrashLoopBackOff, Init:Error, Init:ExitCode', () => {
  const init = (state: Record<string, unknown>): KubeObject =>
    pod(twoInits, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'i1', state },
        { name: 'i2', state: waiting('PodInitializing') },
      ],
      containerStatuses: [cs(waiting('PodInitializing'))],
    });
  assert.deepEqual(cells(init(running)), ['p', '0/1', 'Init:0/2', '0', '3s']);
  assert.deepEqual(cells(init(waiting('CrashLoopBackOff'))), [
    'p',
    '0/1',
    'Init:CrashLoopBackOff',
    '0',
    '3s',
  ]);
  assert.deepEqual(cells(init(terminated('Error', 1))), ['p', '0/1', 'Init:Error', '0', '3s']);
  assert.deepEqual(cells(init({ terminated: { exitCode: 2 } })), [
    'p',
    '0/1',
    'Init:ExitCode:2',
    '0',
    '3s',
  ]);
  assert.deepEqual(cells(init({ terminated: { exitCode: 137, signal: 9 } })), [
    'p',
    '0/1',
    'Init:Signal:9',
    '0',
    '3s',
  ]);
  const second = pod(twoInits, {
    phase: 'Pending',
    initContainerStatuses: [
      { name: 'i1', state: terminated('Completed', 0) },
      { name: 'i2', state: running },
    ],
  });
  assert.deepEqual(cells(second), ['p', '0/1', 'Init:1/2', '0', '3s']);
});

test('pod STATUS of the regular containers: PodInitializing, ContainerCreating, Running, Completed, Error, CrashLoopBackOff', () => {
  const done = [
    { name: 'i1', state: terminated('Completed', 0) },
    { name: 'i2', state: terminated('Completed', 0) },
  ];
  assert.deepEqual(
    cells(
      pod(twoInits, {
        phase: 'Pending',
        initContainerStatuses: done,
        containerStatuses: [cs(waiting('PodInitializing'))],
      }),
    ),
    ['p', '0/1', 'PodInitializing', '0', '3s'],
  );
  assert.deepEqual(
    cells(pod(oneApp, { phase: 'Pending', containerStatuses: [cs(waiting('ContainerCreating'))] })),
    ['p', '0/1', 'ContainerCreating', '0', '3s'],
  );
  assert.deepEqual(
    cells(pod(oneApp, { phase: 'Running', containerStatuses: [cs(running, { ready: true })] })),
    ['p', '1/1', 'Running', '0', '3s'],
  );
  assert.deepEqual(
    cells(pod(oneApp, { phase: 'Succeeded', containerStatuses: [cs(terminated('Completed', 0))] })),
    ['p', '0/1', 'Completed', '0', '3s'],
  );
  assert.deepEqual(
    cells(pod(oneApp, { phase: 'Failed', containerStatuses: [cs(terminated('Error', 1))] })),
    ['p', '0/1', 'Error', '0', '3s'],
  );
  const crash = cs(waiting('CrashLoopBackOff'), {
    restartCount: 5,
    lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-12-02T00:59:55Z' } },
  });
  assert.deepEqual(cells(pod(oneApp, { phase: 'Running', containerStatuses: [crash] })), [
    'p',
    '0/1',
    'CrashLoopBackOff',
    '5 (5s ago)',
    '3s',
  ]);
  assert.deepEqual(cells(pod(oneApp, { phase: 'Pending' })), ['p', '0/1', 'Pending', '0', '3s']);
});

test('Completed with a container still running reads NotReady, or Running when the pod is Ready', () => {
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  const statuses = [
    { name: 'a', ready: true, state: running },
    { name: 'b', state: terminated('Completed', 0) },
  ];
  assert.deepEqual(cells(pod(spec, { phase: 'Running', containerStatuses: statuses })), [
    'p',
    '1/2',
    'NotReady',
    '0',
    '3s',
  ]);
  const ready = {
    phase: 'Running',
    containerStatuses: statuses,
    conditions: [{ type: 'Ready', status: 'True' }],
  };
  assert.deepEqual(cells(pod(spec, ready)), ['p', '1/2', 'Running', '0', '3s']);
});

test('a pod with a deletion timestamp reads Terminating unless it is over', () => {
  const status = { phase: 'Running', containerStatuses: [cs(running, { ready: true })] };
  assert.deepEqual(cells(pod(oneApp, status, { deletionTimestamp: '2026-12-02T01:00:30Z' })), [
    'p',
    '1/1',
    'Terminating',
    '0',
    '3s',
  ]);
  const over = { phase: 'Succeeded', containerStatuses: [cs(terminated('Completed', 0))] };
  assert.equal(
    cells(pod(oneApp, over, { deletionTimestamp: '2026-12-02T01:00:30Z' }))[2],
    'Completed',
  );
});

test('native sidecars: 1 init done + 2 running sidecars + app running = 3/3 Running, sidecar restarts counted', () => {
  const spec = {
    initContainers: [
      { name: 'setup' },
      { name: 's1', restartPolicy: 'Always' },
      { name: 's2', restartPolicy: 'Always' },
    ],
    containers: [{ name: 'app' }],
  };
  const status: {
    phase: string;
    conditions: unknown[];
    initContainerStatuses: unknown[];
    containerStatuses: unknown[];
  } = {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
    ],
    initContainerStatuses: [
      { name: 'setup', ready: false, restartCount: 0, state: terminated('Completed', 0) },
      {
        name: 's1',
        ready: true,
        started: true,
        restartCount: 1,
        state: running,
        lastState: { terminated: { exitCode: 1, finishedAt: '2026-12-02T00:57:55Z' } },
      },
      { name: 's2', ready: true, started: true, restartCount: 0, state: running },
    ],
    containerStatuses: [cs(running, { ready: true })],
  };
  assert.deepEqual(cells(pod(spec, status)), ['p', '3/3', 'Running', '1 (2m5s ago)', '3s']);
  const starting = structuredClone(status);
  starting.initContainerStatuses[2] = {
    name: 's2',
    ready: false,
    started: false,
    restartCount: 0,
    state: waiting('PodInitializing'),
  };
  starting.conditions = [];
  starting.containerStatuses = [cs(waiting('PodInitializing'))];
  assert.deepEqual(cells(pod(spec, starting)), ['p', '1/3', 'Init:2/3', '1 (2m5s ago)', '3s']);
});

test('wide cells: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
  const p = pod(
    {
      ...oneApp,
      nodeName: 'localhost',
      readinessGates: [{ conditionType: 'x/ok' }, { conditionType: 'x/other' }],
    },
    {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      conditions: [{ type: 'x/ok', status: 'True' }],
    },
  );
  assert.deepEqual(tableRow('pods', p, { now: NOW }).cells.slice(5), [
    '10.0.0.5',
    'localhost',
    '<none>',
    '1/2',
  ]);
  assert.deepEqual(tableRow('pods', pod(oneApp, {}), { now: NOW }).cells.slice(5), [
    '<none>',
    '<none>',
    '<none>',
    '<none>',
  ]);
});

test('AGE strings follow HumanDuration', () => {
  const at = (s: number): string =>
    sinceOrUnknown(new Date(NOW.getTime() - s * 1000).toISOString(), NOW);
  assert.deepEqual(
    [at(3), at(125), at(5 * 3600), at(3 * 86400), at(12 * 60), at(3 * 3600 + 20 * 60)],
    ['3s', '2m5s', '5h', '3d', '12m', '3h20m'],
  );
  assert.equal(sinceOrUnknown(undefined, NOW), '<unknown>');
});

test('a pod Table: columns with priorities, resourceVersion, PartialObjectMetadata rows, row conditions', () => {
  const t = toTable('pods', [pod(oneApp, { phase: 'Succeeded' })], {
    now: NOW,
    resourceVersion: '37',
  });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, { resourceVersion: '37' });
  assert.deepEqual(
    t.columnDefinitions.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ],
  );
  assert.equal(t.columnDefinitions[0]?.format, 'name');
  const row = t.rows[0];
  assert.deepEqual(row?.object, {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: pod(oneApp, {}).metadata,
  });
  assert.deepEqual(row?.conditions, [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
  const none = toTable('pods', [pod(oneApp, {})], {
    now: NOW,
    includeObject: 'None',
    noHeaders: true,
  });
  assert.equal('object' in (none.rows[0] ?? {}), false);
  assert.deepEqual(none.columnDefinitions, []);
});

function plain(
  kind: string,
  extra: Record<string, unknown>,
  meta: Partial<StoredMeta> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: 'n', creationTimestamp: created, ...meta } as StoredMeta,
    ...extra,
  };
}

test('configmaps, secrets and namespaces rows', () => {
  assert.deepEqual(
    tableRow(
      'configmaps',
      plain('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: '' } }),
      { now: NOW },
    ).cells,
    ['n', 3, '3s'],
  );
  assert.deepEqual(
    tableRow('secrets', plain('Secret', { type: 'Opaque', data: { a: 'eA==' } }), { now: NOW })
      .cells,
    ['n', 'Opaque', 1, '3s'],
  );
  assert.deepEqual(
    tableRow('namespaces', plain('Namespace', { status: { phase: 'Active' } }), { now: NOW }).cells,
    ['n', 'Active', '3s'],
  );
  assert.deepEqual(
    toTable('secrets', [], { now: NOW }).columnDefinitions.map((c) => c.name),
    ['Name', 'Type', 'Data', 'Age'],
  );
});

test('events rows: LAST SEEN TYPE REASON OBJECT MESSAGE, then the wide cells', () => {
  const ev = plain('Event', {
    involvedObject: { kind: 'Pod', name: 'demo', fieldPath: 'spec.containers{app}' },
    reason: 'Started',
    type: 'Normal',
    message: 'Started container app\n',
    source: { component: 'kubelet', host: 'localhost' },
    firstTimestamp: '2026-12-02T00:58:00Z',
    lastTimestamp: '2026-12-02T00:59:00Z',
    count: 2,
  });
  assert.deepEqual(tableRow('events', ev, { now: NOW }).cells, [
    '60s',
    'Normal',
    'Started',
    'pod/demo',
    'spec.containers{app}',
    'kubelet, localhost',
    'Started container app',
    '2m',
    2,
    'n',
  ]);
  const single = plain('Event', {
    involvedObject: { kind: 'Namespace' },
    eventTime: '2026-12-02T00:59:50.000000Z',
    reportingController: 'ctl',
  });
  assert.deepEqual(tableRow('events', single, { now: NOW }).cells, [
    '10s',
    '',
    '',
    'namespace',
    '',
    'ctl',
    '',
    '10s',
    1,
    'n',
  ]);
});

test('jobs rows: STATUS, COMPLETIONS, DURATION, then containers, images and selector', () => {
  const job = plain('Job', {
    spec: {
      completions: 3,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } },
      template: {
        spec: {
          containers: [
            { name: 'a', image: 'x:1' },
            { name: 'b', image: 'y' },
          ],
        },
      },
    },
    status: {
      succeeded: 3,
      startTime: '2026-12-02T00:58:00Z',
      completionTime: '2026-12-02T00:58:45Z',
      conditions: [{ type: 'Complete', status: 'True' }],
    },
  });
  assert.deepEqual(tableRow('jobs', job, { now: NOW }).cells, [
    'n',
    'Complete',
    '3/3',
    '45s',
    '3s',
    'a,b',
    'x:1,y',
    'batch.kubernetes.io/controller-uid=u',
  ]);
  const runningJob = plain('Job', {
    spec: { parallelism: 2 },
    status: { startTime: '2026-12-02T00:59:00Z' },
  });
  assert.deepEqual(tableRow('jobs', runningJob, { now: NOW }).cells.slice(0, 4), [
    'n',
    'Running',
    '0/1 of 2',
    '60s',
  ]);
  const failed = plain('Job', {
    spec: {},
    status: { conditions: [{ type: 'Failed', status: 'True' }] },
  });
  assert.deepEqual(tableRow('jobs', failed, { now: NOW }).cells.slice(0, 4), [
    'n',
    'Failed',
    '0/1',
    '',
  ]);
  assert.equal(
    tableRow('jobs', plain('Job', { spec: {} }, { deletionTimestamp: created }), { now: NOW })
      .cells[1],
    'Terminating',
  );
  assert.equal(
    formatLabelSelector({
      matchExpressions: [
        { key: 'a', operator: 'In', values: ['x', 'y'] },
        { key: 'b', operator: 'DoesNotExist' },
      ],
    }),
    'a in (x,y),!b',
  );
  assert.equal(formatLabelSelector(undefined), '<none>');
});

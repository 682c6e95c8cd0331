import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api-error.js';
import { MemoryStore, sameJson } from './memory-store.js';
import type { KubeObject, StoredMeta, WatchEvent } from './types.js';

function store(historySize?: number): { s: MemoryStore; clock: { t: number } } {
  const clock = { t: Date.parse('2026-12-02T01:02:03Z') };
  let n = 0;
  const s = new MemoryStore({
    now: () => new Date(clock.t),
    random: () => 0,
    uid: () => `uid-${String(++n)}`,
    ...(historySize === undefined ? {} : { historySize }),
  });
  return { s, clock };
}

function pod(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' } as StoredMeta,
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
    ...extra,
  };
}

function cm(name: string, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace } as StoredMeta,
    data: { a: '1' },
  };
}

function rejects(fn: () => unknown, reason: string, message: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ApiError && e.reason === reason && e.message === message,
  );
}

test('a new store holds the four namespaces at resourceVersion 4', () => {
  const { s } = store();
  assert.deepEqual(
    s.list('namespaces').items.map((n) => n.metadata.name),
    ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
  );
  assert.equal(s.resourceVersion(), '4');
  const d = s.get('namespaces', undefined, 'default');
  assert.deepEqual(d?.['status'], { phase: 'Active' });
  assert.deepEqual(d?.metadata.labels, { 'kubernetes.io/metadata.name': 'default' });
});

test('create fills uid, resourceVersion, creationTimestamp, generation and drops client system fields', () => {
  const { s } = store();
  const p = pod('a');
  p.metadata.uid = 'client';
  p.metadata.resourceVersion = '99';
  const got = s.create('pods', p);
  assert.deepEqual(got.metadata, {
    name: 'a',
    namespace: 'default',
    uid: 'uid-5',
    creationTimestamp: '2026-12-02T01:02:03Z',
    generation: 1,
    resourceVersion: '5',
  });
  assert.equal(s.resourceVersion(), '5');
});

test('create names an object from generateName', () => {
  const { s } = store();
  const p = pod('');
  p.metadata = { generateName: 'web-', namespace: 'default' } as StoredMeta;
  assert.equal(s.create('pods', p).metadata.name, 'web-bbbbb');
});

test('create refuses a duplicate, a missing name and a missing namespace in the apiserver words', () => {
  const { s } = store();
  s.create('pods', pod('a'));
  rejects(() => s.create('pods', pod('a')), 'AlreadyExists', 'pods "a" already exists');
  const nameless = pod('');
  nameless.metadata = { namespace: 'default' } as StoredMeta;
  rejects(
    () => s.create('pods', nameless),
    'Invalid',
    'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
  );
  rejects(() => s.create('configmaps', cm('c', 'nope')), 'NotFound', 'namespaces "nope" not found');
});

test('update keeps pod status, bumps generation on spec change and refuses a stale resourceVersion', () => {
  const { s } = store();
  const created = s.create('pods', pod('a', { status: { phase: 'Pending' } }));
  const changed = structuredClone(created);
  (changed['spec'] as { containers: { image: string }[] }).containers[0]!.image = 'busybox:2';
  changed['status'] = { phase: 'Running' };
  const up = s.update('pods', changed);
  assert.equal(up.metadata.generation, 2);
  assert.equal(up.metadata.resourceVersion, '6');
  assert.deepEqual(up['status'], { phase: 'Pending' });
  rejects(
    () => s.update('pods', created),
    'Conflict',
    'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
  );
  rejects(() => s.update('pods', pod('zz')), 'NotFound', 'pods "zz" not found');
});

test('a status update takes only the status and keeps the generation', () => {
  const { s } = store();
  s.create('pods', pod('a', { status: { phase: 'Pending' } }));
  const up = s.update('pods', pod('a', { spec: {}, status: { phase: 'Running' } }), {
    status: true,
  });
  assert.deepEqual(up['status'], { phase: 'Running' });
  assert.deepEqual(up['spec'], { containers: [{ name: 'main', image: 'busybox' }] });
  assert.equal(up.metadata.generation, 1);
});

test('an update that changes nothing keeps the resourceVersion and emits nothing', () => {
  const { s } = store();
  const created = s.create('pods', pod('a'));
  const events: WatchEvent[] = [];
  s.watch('pods', { resourceVersion: s.resourceVersion() }, (e) => events.push(e));
  assert.equal(s.update('pods', created).metadata.resourceVersion, '5');
  assert.equal(events.length, 0);
});

test('deleting a running pod marks it with deletionTimestamp now + grace and the kubelet removes it', () => {
  const { s } = store();
  s.create(
    'pods',
    pod('a', {
      spec: { terminationGracePeriodSeconds: 10, containers: [] },
      status: { phase: 'Running' },
    }),
  );
  const events: WatchEvent[] = [];
  s.watch('pods', { resourceVersion: s.resourceVersion() }, (e) => events.push(e));
  const marked = s.delete('pods', 'default', 'a');
  assert.equal(marked.metadata.deletionTimestamp, '2026-12-02T01:02:13Z');
  assert.equal(marked.metadata.deletionGracePeriodSeconds, 10);
  assert.equal(marked.metadata.generation, 2);
  assert.ok(s.get('pods', 'default', 'a'));
  s.remove('pods', 'default', 'a');
  assert.equal(s.get('pods', 'default', 'a'), undefined);
  assert.deepEqual(
    events.map((e) => [e.type, e.object.metadata.resourceVersion]),
    [
      ['MODIFIED', '6'],
      ['DELETED', '7'],
    ],
  );
});

test('grace: default 30, request wins, 0 and finished pods go at once, a second delete only shortens', () => {
  const { s } = store();
  s.create('pods', pod('a'));
  assert.equal(s.delete('pods', 'default', 'a').metadata.deletionGracePeriodSeconds, 30);
  assert.equal(
    s.delete('pods', 'default', 'a', { gracePeriodSeconds: 60 }).metadata
      .deletionGracePeriodSeconds,
    30,
  );
  const shorter = s.delete('pods', 'default', 'a', { gracePeriodSeconds: 5 });
  assert.equal(shorter.metadata.deletionTimestamp, '2026-12-02T01:02:08Z');
  s.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
  assert.equal(s.get('pods', 'default', 'a'), undefined);
  s.create('pods', pod('b', { status: { phase: 'Succeeded' } }));
  assert.equal(s.delete('pods', 'default', 'b').metadata.deletionTimestamp, undefined);
  assert.equal(s.get('pods', 'default', 'b'), undefined);
  s.create('pods', pod('c'));
  s.delete('pods', 'default', 'c', { gracePeriodSeconds: 0 });
  assert.equal(s.get('pods', 'default', 'c'), undefined);
  rejects(() => s.delete('pods', 'default', 'c'), 'NotFound', 'pods "c" not found');
});

test('an object with finalizers is marked and goes when the last finalizer is removed', () => {
  const { s } = store();
  const c = cm('c');
  c.metadata.finalizers = ['x/y'];
  s.create('configmaps', c);
  const marked = s.delete('configmaps', 'default', 'c');
  assert.equal(marked.metadata.deletionTimestamp, '2026-12-02T01:02:03Z');
  const cleared = structuredClone(marked);
  cleared.metadata.finalizers = [];
  s.update('configmaps', cleared);
  assert.equal(s.get('configmaps', 'default', 'c'), undefined);
});

test('deleting a namespace marks it, deletes its objects and removes it once empty', () => {
  const { s } = store();
  s.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team' } as StoredMeta,
  });
  s.create('configmaps', cm('c', 'team'));
  s.create('pods', { ...pod('p'), metadata: { name: 'p', namespace: 'team' } as StoredMeta });
  const ns = s.delete('namespaces', undefined, 'team');
  assert.deepEqual(ns['status'], { phase: 'Terminating' });
  assert.equal(s.get('configmaps', 'team', 'c'), undefined);
  assert.ok(s.get('pods', 'team', 'p')?.metadata.deletionTimestamp);
  rejects(
    () => s.create('configmaps', cm('d', 'team')),
    'Forbidden',
    'configmaps "d" is forbidden: unable to create new content in namespace team because it is being terminated',
  );
  s.remove('pods', 'team', 'p');
  assert.equal(s.get('namespaces', undefined, 'team'), undefined);
  rejects(
    () => s.delete('namespaces', undefined, 'default'),
    'Forbidden',
    'namespaces "default" is forbidden: this namespace may not be deleted',
  );
});

test('list filters by namespace and selectors and reports the store resourceVersion', () => {
  const { s } = store();
  s.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'b' } as StoredMeta,
  });
  s.create('configmaps', cm('x', 'b'));
  s.create('configmaps', cm('y'));
  assert.deepEqual(
    s.list('configmaps').items.map((o) => o.metadata.name),
    ['x', 'y'],
  );
  assert.deepEqual(
    s.list('configmaps', { namespace: 'default' }).items.map((o) => o.metadata.name),
    ['y'],
  );
  const r = s.list('configmaps', { fieldSelector: (o) => o.metadata.name === 'x' });
  assert.deepEqual([r.items.length, r.resourceVersion], [1, '7']);
});

test('watch without a version starts with ADDED for what exists, then follows in order', () => {
  const { s } = store();
  s.create('configmaps', cm('a'));
  const seen: string[] = [];
  const stop = s.watch('configmaps', {}, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
  s.create('configmaps', cm('b'));
  s.delete('configmaps', 'default', 'a');
  stop();
  s.create('configmaps', cm('c'));
  assert.deepEqual(seen, ['ADDED a', 'ADDED b', 'DELETED a']);
});

test('watch replays events newer than the version and answers 410 Expired beyond the history', () => {
  const { s } = store(3);
  s.create('configmaps', cm('a')); // 5
  s.create('configmaps', cm('b')); // 6
  s.create('configmaps', cm('c')); // 7
  const seen: string[] = [];
  s.watch('configmaps', { resourceVersion: '5' }, (e) =>
    seen.push(`${e.type} ${e.object.metadata.name}`),
  );
  assert.deepEqual(seen, ['ADDED b', 'ADDED c']);
  assert.throws(
    () => s.watch('configmaps', { resourceVersion: '3' }, () => undefined),
    (e: unknown) =>
      e instanceof ApiError && e.code === 410 && e.message === 'too old resource version: 3 (4)',
  );
  assert.throws(
    () => s.watch('configmaps', { resourceVersion: 'x' }, () => undefined),
    (e: unknown) => e instanceof ApiError && e.code === 400,
  );
});

test('a selected watch sees an object leave the selection as DELETED and enter it as ADDED', () => {
  const { s } = store();
  const created = s.create('configmaps', cm('a'));
  const seen: string[] = [];
  s.watch('configmaps', { labelSelector: (o) => o.metadata.labels?.['app'] === 'x' }, (e) =>
    seen.push(e.type),
  );
  const labelled = s.update('configmaps', {
    ...created,
    metadata: { ...created.metadata, labels: { app: 'x' } },
  });
  s.update('configmaps', { ...labelled, data: { a: '2' } });
  s.update('configmaps', {
    ...labelled,
    metadata: { ...labelled.metadata, resourceVersion: '', labels: {} },
  });
  assert.deepEqual(seen, ['ADDED', 'MODIFIED', 'DELETED']);
});

test('a write from inside a watch callback is delivered after the current event to everyone', () => {
  const { s } = store();
  const seen: string[] = [];
  s.watch('configmaps', {}, (e) => {
    seen.push(`1:${e.type} ${e.object.metadata.name}`);
    if (e.object.metadata.name === 'a') s.create('configmaps', cm('b'));
  });
  s.watch('configmaps', {}, (e) => seen.push(`2:${e.type} ${e.object.metadata.name}`));
  s.create('configmaps', cm('a'));
  assert.deepEqual(seen, ['1:ADDED a', '2:ADDED a', '1:ADDED b', '2:ADDED b']);
});

test('a throwing watcher does not break the write', () => {
  const { s } = store();
  s.watch('configmaps', {}, () => {
    throw new Error('boom');
  });
  assert.equal(s.create('configmaps', cm('a')).metadata.name, 'a');
});

test('objects come out as copies', () => {
  const { s } = store();
  const got = s.create('configmaps', cm('a'));
  got['data'] = { changed: 'yes' };
  assert.deepEqual(s.get('configmaps', 'default', 'a')?.['data'], { a: '1' });
  assert.ok(sameJson({ a: 1, b: [1] }, { b: [1], a: 1 }));
  assert.ok(!sameJson({ a: 1 }, { a: 2 }));
});

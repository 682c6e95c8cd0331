import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../store/api-error.js';
import type { KubeObject, StoredMeta } from '../store/types.js';
import { applyMergePatch } from './json-patches.js';
import { checkName, decodePatchBody, patchObject, patchTypeOf } from './patch.js';
import { strategicMerge } from './strategic-merge.js';

function livePod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'demo',
      namespace: 'default',
      uid: 'u',
      resourceVersion: '7',
      finalizers: ['a'],
    } as StoredMeta,
    spec: {
      initContainers: [
        { name: 'setup', image: 'busybox:1.35', command: ['sh', '-c', 'true'] },
        {
          name: 'sidecar',
          image: 'busybox:1.35',
          restartPolicy: 'Always',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ],
      containers: [
        {
          name: 'main',
          image: 'busybox:1.35',
          ports: [{ containerPort: 80 }, { containerPort: 81 }],
        },
      ],
      tolerations: [{ key: 'x', operator: 'Exists' }],
      volumes: [{ name: 'v', emptyDir: {} }],
    },
    status: { phase: 'Running' },
  };
}

function fails(fn: () => unknown, code: number, reason: string, message?: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof ApiError &&
      e.code === code &&
      e.reason === reason &&
      (message === undefined || e.message === message),
  );
}

const target = { resource: 'pods' as const, name: 'demo', namespace: 'default' };

test('the content type picks the patch type; others are 415 listing the four', () => {
  assert.equal(patchTypeOf('application/strategic-merge-patch+json'), 'strategic');
  assert.equal(patchTypeOf('application/merge-patch+json; charset=utf-8'), 'merge');
  assert.equal(patchTypeOf('application/json-patch+json'), 'json');
  assert.equal(patchTypeOf('application/apply-patch+yaml'), 'apply');
  fails(
    () => patchTypeOf('application/json'),
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  );
});

test('kubectl client-side apply PATCH: images change, order and other fields kept', () => {
  const body = decodePatchBody(
    'strategic',
    JSON.stringify({
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}\n' } },
      spec: {
        '$setElementOrder/containers': [{ name: 'main' }],
        '$setElementOrder/initContainers': [{ name: 'setup' }, { name: 'sidecar' }],
        containers: [{ image: 'busybox:1.36', name: 'main' }],
        initContainers: [
          { image: 'busybox:1.36', name: 'setup' },
          { image: 'busybox:1.36', name: 'sidecar' },
        ],
      },
    }),
  );
  const out = patchObject('strategic', livePod(), body, target);
  const spec = out['spec'] as {
    initContainers: Record<string, unknown>[];
    containers: Record<string, unknown>[];
  };
  assert.deepEqual(
    spec.initContainers.map((c) => [c['name'], c['image']]),
    [
      ['setup', 'busybox:1.36'],
      ['sidecar', 'busybox:1.36'],
    ],
  );
  assert.deepEqual(spec.initContainers[1]?.['env'], [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ]);
  assert.deepEqual(spec.containers[0], {
    name: 'main',
    image: 'busybox:1.36',
    ports: [{ containerPort: 80 }, { containerPort: 81 }],
  });
  assert.deepEqual(out.metadata.annotations, {
    'kubectl.kubernetes.io/last-applied-configuration': '{}\n',
  });
  assert.equal(out.metadata.uid, 'u');
  assert.deepEqual(out['status'], { phase: 'Running' });
});

test('strategic merge: null deletes, $patch delete removes an element, new elements append', () => {
  const out = strategicMerge('Pod', livePod(), {
    spec: {
      initContainers: [
        {
          name: 'sidecar',
          env: [
            { name: 'A', $patch: 'delete' },
            { name: 'C', value: '3' },
          ],
        },
        { name: 'setup', $patch: 'delete' },
      ],
      containers: [
        { name: 'main', ports: [{ containerPort: 81, protocol: 'TCP' }] },
        { name: 'extra', image: 'x' },
      ],
      volumes: null,
    },
  });
  const spec = out['spec'] as Record<string, unknown>;
  assert.deepEqual(spec['initContainers'], [
    {
      name: 'sidecar',
      image: 'busybox:1.35',
      restartPolicy: 'Always',
      env: [
        { name: 'B', value: '2' },
        { name: 'C', value: '3' },
      ],
    },
  ]);
  assert.deepEqual(spec['containers'], [
    {
      name: 'main',
      image: 'busybox:1.35',
      ports: [{ containerPort: 80 }, { containerPort: 81, protocol: 'TCP' }],
    },
    { name: 'extra', image: 'x' },
  ]);
  assert.equal('volumes' in spec, false);
});

test('strategic merge: atomic lists replace, finalizers union, $deleteFromPrimitiveList, $retainKeys, $patch replace', () => {
  const out = strategicMerge('Pod', livePod(), {
    metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
    spec: {
      tolerations: [{ key: 'y', operator: 'Exists' }],
      volumes: [{ name: 'v', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }],
      containers: [{ $patch: 'replace' }, { name: 'only', image: 'i' }],
    },
  });
  assert.deepEqual(out.metadata, {
    name: 'demo',
    namespace: 'default',
    uid: 'u',
    resourceVersion: '7',
    finalizers: ['b'],
  } as StoredMeta);
  const spec = out['spec'] as Record<string, unknown>;
  assert.deepEqual(spec['tolerations'], [{ key: 'y', operator: 'Exists' }]);
  assert.deepEqual(spec['volumes'], [{ name: 'v', configMap: { name: 'cm' } }]);
  assert.deepEqual(spec['containers'], [{ name: 'only', image: 'i' }]);
  const replaced = strategicMerge('Pod', livePod(), {
    status: { $patch: 'replace', phase: 'Failed' },
  });
  assert.deepEqual(replaced['status'], { phase: 'Failed' });
});

test('$setElementOrder orders the merged list, elements it does not name follow', () => {
  const out = strategicMerge('Pod', livePod(), {
    spec: {
      '$setElementOrder/initContainers': [{ name: 'sidecar' }, { name: 'setup' }],
      initContainers: [{ name: 'new', image: 'n' }],
    },
  });
  const names = (out['spec'] as { initContainers: { name: string }[] }).initContainers.map(
    (c) => c.name,
  );
  assert.deepEqual(names, ['sidecar', 'setup', 'new']);
});

test('a Job pod template merges containers by name', () => {
  const job = {
    kind: 'Job',
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'a', image: '1' },
            { name: 'b', image: '1' },
          ],
        },
      },
    },
  };
  const out = strategicMerge('Job', job, {
    spec: { template: { spec: { containers: [{ name: 'b', image: '2' }] } } },
  });
  assert.deepEqual(out['spec'], {
    template: {
      spec: {
        containers: [
          { name: 'a', image: '1' },
          { name: 'b', image: '2' },
        ],
      },
    },
  });
});

test('strategic merge errors: missing merge key, bad $patch, a list body', () => {
  fails(
    () => strategicMerge('Pod', livePod(), { spec: { containers: [{ image: 'x' }] } }),
    400,
    'BadRequest',
    'map: {"image":"x"} does not contain declared merge key: name',
  );
  fails(() => strategicMerge('Pod', livePod(), { spec: { $patch: 'bogus' } }), 400, 'BadRequest');
  fails(() => strategicMerge('Pod', livePod(), []), 400, 'BadRequest');
});

test('JSON patch applies RFC 6902; a failing test op is 422 with the generic message', () => {
  const out = patchObject(
    'json',
    livePod(),
    [
      { op: 'test', path: '/spec/containers/0/name', value: 'main' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'busybox:1.37' },
      { op: 'add', path: '/metadata/labels', value: { a: 'b' } },
    ],
    target,
  );
  assert.equal(
    (out['spec'] as { containers: { image: string }[] }).containers[0]?.image,
    'busybox:1.37',
  );
  assert.deepEqual(out.metadata.labels, { a: 'b' });
  fails(
    () =>
      patchObject(
        'json',
        livePod(),
        [{ op: 'test', path: '/spec/containers/0/name', value: 'other' }],
        target,
      ),
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
  );
  fails(() => patchObject('json', livePod(), { op: 'add' }, target), 400, 'BadRequest');
  fails(
    () => patchObject('json', livePod(), [{ op: 'nope', path: '/x' }], target),
    400,
    'BadRequest',
  );
});

test('merge patch: objects merge, null deletes, lists replace', () => {
  assert.deepEqual(
    applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }),
    { a: { c: 2, d: 3 }, l: [3] },
  );
  const out = patchObject(
    'merge',
    livePod(),
    { spec: { containers: [{ name: 'x', image: 'y' }] } },
    target,
  );
  assert.deepEqual((out['spec'] as { containers: unknown[] }).containers, [
    { name: 'x', image: 'y' },
  ]);
});

test('server-side apply creates from nothing and records the manager once', () => {
  const applied = decodePatchBody(
    'apply',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  labels: {app: web}\nspec:\n  containers:\n  - name: main\n    image: busybox:1.36\n',
  );
  const created = patchObject('apply', undefined, applied, target, {
    manager: 'kubectl',
    time: '2026-12-02T01:02:03Z',
  });
  assert.deepEqual(created.metadata.managedFields, [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'v1',
      time: '2026-12-02T01:02:03Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:name': {}, 'f:image': {} } },
        },
      },
    },
  ]);
  const again = patchObject('apply', livePod(), applied, target, {
    manager: 'kubectl',
    time: 't2',
  });
  assert.equal(again.metadata.managedFields?.length, 1);
  assert.equal(again.metadata.uid, 'u');
  assert.equal(
    (again['spec'] as { containers: { image: string }[] }).containers[0]?.image,
    'busybox:1.36',
  );
});

test('a patch of a missing object is 404 unless it is apply; names must match the URL', () => {
  fails(
    () => patchObject('merge', undefined, {}, target),
    404,
    'NotFound',
    'pods "demo" not found',
  );
  fails(
    () => patchObject('merge', livePod(), { metadata: { name: 'other' } }, target),
    400,
    'BadRequest',
    'the name of the object (other) does not match the name on the URL (demo)',
  );
  fails(
    () =>
      checkName(
        { ...livePod(), metadata: { name: 'demo', namespace: 'x' } as StoredMeta },
        'demo',
        'default',
      ),
    400,
    'BadRequest',
    'the namespace of the object (x) does not match the namespace on the URL (default)',
  );
  fails(() => decodePatchBody('merge', '{'), 400, 'BadRequest');
});

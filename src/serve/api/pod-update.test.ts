import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../store/api-error.js';
import type { KubeObject, StoredMeta } from '../store/types.js';
import { defaultPod } from './pod-defaults.js';
import { podSpecDiff } from './pod-spec-diff.js';
import { UPDATABLE_POD_SPEC_FIELDS, checkPodUpdate, podUpdateErrors } from './pod-update.js';

function live(): KubeObject {
  return defaultPod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'short', namespace: 'default' } as StoredMeta,
    spec: {
      initContainers: [{ name: 'sidecar', image: 'envoy:v1', restartPolicy: 'Always' }],
      containers: [{ name: 'main', image: 'busybox:1.36', ports: [{ containerPort: 80 }] }],
      tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }],
    },
  });
}

function edit(f: (spec: Record<string, unknown>) => void, base = live()): KubeObject {
  const p = structuredClone(base);
  f(p['spec'] as Record<string, unknown>);
  return p;
}

const containers = (s: Record<string, unknown>, k = 'containers'): Record<string, unknown>[] =>
  s[k] as Record<string, unknown>[];

test('images, activeDeadlineSeconds, added tolerations, tolerationSeconds and metadata may change', () => {
  const next = edit((s) => {
    containers(s)[0]!['image'] = 'busybox:1.37';
    containers(s, 'initContainers')[0]!['image'] = 'envoy:v2';
    s['activeDeadlineSeconds'] = 30;
    const t = s['tolerations'] as Record<string, unknown>[];
    t[0]!['tolerationSeconds'] = 10;
    t.push({ key: 'b', operator: 'Exists' });
  });
  next.metadata.labels = { app: 'x' };
  assert.deepEqual(podUpdateErrors(next, live()), []);
  assert.doesNotThrow(() => checkPodUpdate(next, live()));
});

test('any other spec change is Forbidden with the updatable fields and a diff', () => {
  const next = edit((s) => {
    containers(s)[0]!['ports'] = [{ containerPort: 81, protocol: 'TCP' }];
  });
  assert.throws(
    () => checkPodUpdate(next, live()),
    (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 422);
      assert.ok(
        e.message.startsWith(
          `Pod "short" is invalid: spec: Forbidden: pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n  core.PodSpec{\n`,
        ),
      );
      assert.deepEqual(
        e.shape.details?.causes?.map((c) => [c.reason, c.field]),
        [['FieldValueForbidden', 'spec']],
      );
      return true;
    },
  );
});

test('adding or removing a container stops the checks; an empty image is Required', () => {
  const more = edit((s) => containers(s).push({ name: 'x', image: 'y' }));
  assert.deepEqual(podUpdateErrors(more, live()), [
    {
      field: 'spec.containers',
      type: 'FieldValueForbidden',
      body: 'Forbidden: pod updates may not add or remove containers',
    },
  ]);
  const empty = edit((s) => (containers(s)[0]!['image'] = ''));
  assert.deepEqual(podUpdateErrors(empty, live()), [
    { field: 'spec.containers[0].image', type: 'FieldValueRequired', body: 'Required value' },
  ]);
  const spaced = edit((s) => (containers(s, 'initContainers')[0]!['image'] = ' envoy '));
  assert.deepEqual(podUpdateErrors(spaced, live()), [
    {
      field: 'spec.initContainers[0].image',
      type: 'FieldValueInvalid',
      body: 'Invalid value: " envoy ": must not have leading or trailing whitespace',
    },
  ]);
});

test('removing or changing an existing toleration is Forbidden', () => {
  const gone = edit((s) => (s['tolerations'] = []));
  const errs = podUpdateErrors(gone, live());
  assert.deepEqual(errs[0], {
    field: 'spec.tolerations',
    type: 'FieldValueForbidden',
    body: 'Forbidden: existing toleration can not be modified except its tolerationSeconds',
  });
  assert.equal(errs.length, 1);
});

test('a negative grace period may become 1', () => {
  const neg = edit((s) => (s['terminationGracePeriodSeconds'] = -1));
  assert.deepEqual(
    podUpdateErrors(
      edit((s) => (s['terminationGracePeriodSeconds'] = 1), neg),
      neg,
    ),
    [],
  );
  assert.equal(
    podUpdateErrors(
      edit((s) => (s['terminationGracePeriodSeconds'] = 5)),
      live(),
    ).length,
    1,
  );
});

test('the diff shows the changed field with two fields of context and counts the rest', () => {
  const before = {
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    nodeName: 'a',
    schedulerName: 'default-scheduler',
  };
  const after = { ...before, nodeName: 'b' };
  assert.equal(
    podSpecDiff(before, after),
    [
      '  core.PodSpec{',
      '  \t... // 9 identical fields',
      '  \tServiceAccountName: "default",',
      '  \tAutomountServiceAccountToken: nil,',
      '- \tNodeName: "a",',
      '+ \tNodeName: "b",',
      '  \tSecurityContext: nil,',
      '  \tImagePullSecrets: nil,',
      '  \t... // 19 identical fields',
      '  }',
      '',
    ].join('\n'),
  );
});

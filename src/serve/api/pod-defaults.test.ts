import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, StoredMeta } from '../store/types.js';
import { defaultPod, defaultSecret, pullPolicy } from './pod-defaults.js';
import { qosClassOf as podQosClass } from './qos.js';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } as StoredMeta, spec };
}

test('a minimal pod gets exactly the fields the API server fills', () => {
  const input = pod({ containers: [{ name: 'main', image: 'busybox:1.36' }] });
  const out = defaultPod(input);
  assert.deepEqual(out['spec'], {
    containers: [
      {
        name: 'main',
        image: 'busybox:1.36',
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {},
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    serviceAccountName: 'default',
    serviceAccount: 'default',
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
  });
  assert.deepEqual(out['status'], { phase: 'Pending', qosClass: 'BestEffort' });
  assert.equal('tolerations' in (input['spec'] as object), false, 'the input is not changed');
});

test('imagePullPolicy: Always for :latest or no tag, IfNotPresent for a tag or a digest', () => {
  assert.deepEqual(
    [
      'busybox',
      'busybox:latest',
      'busybox:1.36',
      'registry:5000/busybox',
      'busybox@sha256:abc',
    ].map(pullPolicy),
    ['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent'],
  );
});

test('containers: probe, port, fieldRef, hook defaults; set values are kept; init containers too', () => {
  const out = defaultPod(
    pod({
      restartPolicy: 'Never',
      initContainers: [
        {
          name: 'side',
          image: 'envoy:v1',
          restartPolicy: 'Always',
          imagePullPolicy: 'Never',
          readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 2 },
        },
      ],
      containers: [
        {
          name: 'main',
          image: 'app',
          ports: [{ containerPort: 80 }],
          env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          lifecycle: { preStop: { httpGet: { port: 1 } } },
        },
      ],
      volumes: [
        { name: 'c', configMap: { name: 'cm' } },
        { name: 'e', emptyDir: {} },
      ],
      tolerations: [{ operator: 'Exists' }],
    }),
  );
  const spec = out['spec'] as Record<string, unknown[]>;
  const side = spec['initContainers']?.[0] as Record<string, unknown>;
  assert.equal(side['imagePullPolicy'], 'Never');
  assert.deepEqual(side['readinessProbe'], {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    periodSeconds: 2,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  });
  const main = spec['containers']?.[0] as Record<string, unknown>;
  assert.equal(main['imagePullPolicy'], 'Always');
  assert.deepEqual(main['ports'], [{ containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(main['env'], [
    { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
  ]);
  assert.deepEqual(main['lifecycle'], {
    preStop: { httpGet: { port: 1, path: '/', scheme: 'HTTP' } },
  });
  assert.deepEqual(spec['volumes'], [
    { name: 'c', configMap: { name: 'cm', defaultMode: 420 } },
    { name: 'e', emptyDir: {} },
  ]);
  assert.deepEqual(
    spec['tolerations'],
    [{ operator: 'Exists' }],
    'a wildcard toleration covers both',
  );
  assert.equal((out['spec'] as Record<string, unknown>)['restartPolicy'], 'Never');
});

test('QoS class: BestEffort, Burstable, Guaranteed (requests defaulted from limits)', () => {
  const c = (resources: Record<string, unknown>): Record<string, unknown> => ({
    containers: [{ name: 'a', image: 'x', resources }],
  });
  assert.equal(podQosClass(c({})), 'BestEffort');
  assert.equal(podQosClass(c({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(podQosClass(c({ limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
  assert.equal(
    podQosClass(c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } })),
    'Burstable',
  );
  // Quantities, not strings: 500m requested and 0.5 limited are equal (qos.go compares values).
  assert.equal(
    podQosClass(
      c({ limits: { cpu: '0.5', memory: '1Gi' }, requests: { cpu: '500m', memory: '1024Mi' } }),
    ),
    'Guaranteed',
  );
  const out = defaultPod(pod(c({ limits: { cpu: '1', memory: '1Gi' } })));
  assert.deepEqual(
    (out['spec'] as { containers: { resources: unknown }[] }).containers[0]?.resources,
    { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
  );
  assert.deepEqual(out['status'], { phase: 'Pending', qosClass: 'Guaranteed' });
});

test('a secret gets type Opaque and stringData folded into base64 data, stringData winning', () => {
  const s: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' } as StoredMeta,
    data: { a: 'b2xk', k: 'eA==' },
    stringData: { a: 'new', b: 'hé' },
  };
  assert.deepEqual(defaultSecret(s), {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    type: 'Opaque',
    data: { a: 'bmV3', k: 'eA==', b: 'aMOp' },
  });
  assert.equal(defaultSecret({ ...s, type: 'kubernetes.io/tls' })['type'], 'kubernetes.io/tls');
});

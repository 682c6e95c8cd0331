import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, deployment } from '../validate/api-cases.test-support.js';

const P = 'spec.template.spec';

describe('unknown fields (strict field validation)', () => {
  it('when a container has a made-up type: Sidecar then every version rejects the unknown field', () => {
    const text = deployment({ containers: [ctr('app'), ctr('proxy', { type: 'Sidecar' })] });
    for (const v of ['1.25', '1.29', '1.33'] as const) {
      assert.deepEqual(
        apiErrors(text, v),
        [`${P}.containers[1].type: unknown field "${P}.containers[1].type"`],
        v,
      );
    }
  });

  it('when a volumeMount sets recursiveReadOnly then 1.29 does not know it and 1.30 does', () => {
    const text = deployment({
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        ctr('app', {
          volumeMounts: [
            { name: 'data', mountPath: '/d', readOnly: true, recursiveReadOnly: 'IfPossible' },
          ],
        }),
      ],
    });
    const field = `${P}.containers[0].volumeMounts[0].recursiveReadOnly`;
    assert.deepEqual(apiErrors(text, '1.29'), [`${field}: unknown field "${field}"`]);
    assert.deepEqual(apiErrors(text, '1.30'), []);
  });

  it('when a pod spec misspells initContainers then the key is unknown and its sidecar is not seen', () => {
    const text = deployment({
      initcontainers: [ctr('proxy', { restartPolicy: 'Always' })],
      containers: [ctr('app')],
    });
    assert.deepEqual(apiErrors(text, '1.33'), [
      `${P}.initcontainers: unknown field "${P}.initcontainers"`,
    ]);
  });

  it('when a pod spec sets pod-level resources then 1.31 does not know the field and 1.32 does', () => {
    const text = deployment({ resources: { limits: { cpu: '1' } }, containers: [ctr('app')] });
    assert.deepEqual(apiErrors(text, '1.31'), [`${P}.resources: unknown field "${P}.resources"`]);
    assert.deepEqual(apiErrors(text, '1.32'), []);
  });

  it('when a forbidden probe of a plain init container has a misspelt field then both the field and the probe are reported', () => {
    const text = deployment({
      initContainers: [
        ctr('init', { readinessProbe: { exec: { command: ['x'] }, periodSecond: 3 } }),
      ],
      containers: [ctr('app')],
    });
    const probe = `${P}.initContainers[0].readinessProbe`;
    assert.deepEqual(apiErrors(text, '1.33'), [
      `${probe}.periodSecond: unknown field "${probe}.periodSecond"`,
      `${probe}: Forbidden: may not be set for init containers without restartPolicy=Always`,
    ]);
  });

  it('when a probe has a misspelt field then the probe path is named', () => {
    const text = deployment({
      containers: [
        ctr('app', { readinessProbe: { httpGet: { port: 80, pathh: '/x' }, periodSecond: 3 } }),
      ],
    });
    const probe = `${P}.containers[0].readinessProbe`;
    assert.deepEqual(apiErrors(text, '1.33'), [
      `${probe}.httpGet.pathh: unknown field "${probe}.httpGet.pathh"`,
      `${probe}.periodSecond: unknown field "${probe}.periodSecond"`,
    ]);
  });
});

describe('resizePolicy', () => {
  const text = deployment({
    initContainers: [
      ctr('proxy', {
        restartPolicy: 'Always',
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
      }),
    ],
    containers: [
      ctr('app', { resizePolicy: [{ resourceName: 'gpu', restartPolicy: 'Sometimes' }] }),
    ],
  });

  it('when 1.26 sees resizePolicy then it is an unknown field', () => {
    assert.deepEqual(apiErrors(text, '1.26'), [
      `${P}.containers[0].resizePolicy: unknown field "${P}.containers[0].resizePolicy"`,
      `${P}.initContainers[0].resizePolicy: unknown field "${P}.initContainers[0].resizePolicy"`,
      `${P}.initContainers[0].restartPolicy: unknown field "${P}.initContainers[0].restartPolicy"`,
    ]);
  });

  it('when InPlacePodVerticalScaling is off (1.27-1.32 default) then resizePolicy is dropped without error', () => {
    for (const v of ['1.29', '1.32'] as const) assert.deepEqual(apiErrors(text, v), [], v);
  });

  it('when the gate is on before 1.33 then an init container may not set it and bad values are reported', () => {
    assert.deepEqual(apiErrors(text, '1.32', { InPlacePodVerticalScaling: true }), [
      `${P}.containers[0].resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"`,
      `${P}.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"`,
      `${P}.initContainers[0].resizePolicy: Invalid value: []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:"cpu", RestartPolicy:"NotRequired"}}: must not be set for init containers`,
    ]);
  });

  it('when 1.33 (gate on by default) sees a sidecar resizePolicy then it is allowed', () => {
    assert.deepEqual(apiErrors(text, '1.33'), [
      `${P}.containers[0].resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"`,
      `${P}.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"`,
    ]);
  });
});

describe('activeDeadlineSeconds', () => {
  it('when a Deployment template sets activeDeadlineSeconds then it is forbidden with the ReplicaSet wording', () => {
    assert.deepEqual(
      apiErrors(deployment({ activeDeadlineSeconds: 60, containers: [ctr('app')] }), '1.33'),
      [
        `${P}.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported`,
      ],
    );
  });

  it('when a Pod sets activeDeadlineSeconds to 0 then it must be between 1 and MaxInt32', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { activeDeadlineSeconds: 0, containers: [ctr('app')] },
    });
    assert.deepEqual(apiErrors(text, '1.33'), [
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ]);
  });
});

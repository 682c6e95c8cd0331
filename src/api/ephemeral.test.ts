import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, deployment, pod } from '../validate/api-cases.test-support.js';

const E = 'spec.ephemeralContainers[0]';

describe('ephemeral containers', () => {
  it('when a Pod manifest has ephemeral containers then they cannot be set on create, and forbidden fields are listed', () => {
    const text = pod({
      containers: [ctr('app')],
      ephemeralContainers: [
        ctr('debug', {
          targetContainerName: 'missing',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: '1' } },
          readinessProbe: { exec: { command: ['true'] } },
          lifecycle: { preStop: { exec: { command: ['x'] } } },
          volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x' }],
        }),
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    });
    assert.deepEqual(
      apiErrors(text, '1.33'),
      [
        `${E}.lifecycle: Forbidden: cannot be set for an Ephemeral Container`,
        `${E}.ports: Forbidden: cannot be set for an Ephemeral Container`,
        `${E}.readinessProbe: Forbidden: cannot be set for an Ephemeral Container`,
        `${E}.resources: Forbidden: cannot be set for an Ephemeral Container`,
        `${E}.targetContainerName: Not found: "missing"`,
        `${E}.volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container`,
        'spec.ephemeralContainers: Forbidden: cannot be set on create',
      ].sort(),
    );
  });

  it('when an ephemeral container reuses an init container name then it is a duplicate', () => {
    const text = pod({
      initContainers: [ctr('init')],
      containers: [ctr('app')],
      ephemeralContainers: [ctr('init')],
    });
    assert.deepEqual(apiErrors(text, '1.29'), [
      'spec.ephemeralContainers: Forbidden: cannot be set on create',
      `${E}.name: Duplicate value: "init"`,
    ]);
  });

  it('when an ephemeral container sets restartPolicy then 1.27 does not know the field and 1.28+ forbids it, gate or not', () => {
    const text = pod({
      containers: [ctr('app')],
      ephemeralContainers: [ctr('debug', { restartPolicy: 'Always' })],
    });
    const create = 'spec.ephemeralContainers: Forbidden: cannot be set on create';
    assert.deepEqual(apiErrors(text, '1.27'), [
      create,
      `${E}.restartPolicy: unknown field "${E}.restartPolicy"`,
    ]);
    for (const v of ['1.28', '1.28+gate', '1.33'] as const) {
      assert.deepEqual(
        apiErrors(text, v),
        [create, `${E}.restartPolicy: Forbidden: cannot be set for an Ephemeral Container`],
        v,
      );
    }
  });

  it('when a pod template has ephemeral containers then they are not allowed in a template', () => {
    const text = deployment({ containers: [ctr('app')], ephemeralContainers: [ctr('debug')] });
    assert.deepEqual(apiErrors(text, '1.33'), [
      'spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template',
    ]);
  });
});

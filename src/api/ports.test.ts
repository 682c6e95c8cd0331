import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, deployment, pod } from '../validate/api-cases.test-support.js';

describe('container ports', () => {
  it('when ports have a bad name, a zero and an out-of-range number and a lower-case protocol then each is reported', () => {
    const spec = {
      containers: [
        ctr('app', {
          ports: [
            { name: 'HTTP', containerPort: 0 },
            { name: 'web', containerPort: 70000, hostPort: -1, protocol: 'tcp' },
            { name: 'web', containerPort: 81 },
          ],
        }),
      ],
    };
    assert.deepEqual(apiErrors(pod(spec), '1.33'), [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Duplicate value: "web"',
    ]);
  });

  it('when two regular containers use the same hostPort then the second conflicts', () => {
    const spec = {
      containers: [
        ctr('a', { ports: [{ containerPort: 80, hostPort: 8080 }] }),
        ctr('b', { ports: [{ containerPort: 81, hostPort: 8080 }] }),
      ],
    };
    assert.deepEqual(apiErrors(pod(spec), '1.29'), [
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ]);
  });

  it('when the same hostPort differs by protocol or hostIP then there is no conflict', () => {
    const spec = {
      containers: [
        ctr('a', { ports: [{ containerPort: 80, hostPort: 8080 }] }),
        ctr('b', {
          ports: [
            { containerPort: 81, hostPort: 8080, protocol: 'UDP' },
            { containerPort: 82, hostPort: 8080, hostIP: '10.0.0.1' },
          ],
        }),
      ],
    };
    assert.deepEqual(apiErrors(pod(spec), '1.29'), []);
  });

  it('when a sidecar and a regular container share a hostPort then validation does not see it (init containers are checked one by one)', () => {
    const spec = {
      initContainers: [
        ctr('proxy', {
          restartPolicy: 'Always',
          ports: [{ containerPort: 15001, hostPort: 9000 }],
        }),
      ],
      containers: [ctr('app', { ports: [{ containerPort: 80, hostPort: 9000 }] })],
    };
    for (const v of ['1.29', '1.33'] as const) assert.deepEqual(apiErrors(pod(spec), v), [], v);
  });

  it('when one init container repeats a hostPort then it conflicts with itself', () => {
    const spec = {
      initContainers: [
        ctr('init', {
          ports: [
            { containerPort: 1, hostPort: 9000 },
            { containerPort: 2, hostPort: 9000 },
          ],
        }),
      ],
      containers: [ctr('app')],
    };
    assert.deepEqual(apiErrors(pod(spec), '1.27'), [
      'spec.initContainers[0].ports[1].hostPort: Duplicate value: "TCP//9000"',
    ]);
  });

  it('when a later init container repeats a hostPort then the API server reports it at index 0 (the one-container slice it checks)', () => {
    const spec = {
      initContainers: [
        ctr('first'),
        ctr('second'),
        ctr('proxy', {
          restartPolicy: 'Always',
          ports: [
            { containerPort: 15001, hostPort: 9000 },
            { containerPort: 15002 },
            { containerPort: 15003, hostPort: 9000 },
          ],
        }),
      ],
      containers: [ctr('app')],
    };
    assert.deepEqual(apiErrors(pod(spec), '1.29'), [
      'spec.initContainers[0].ports[2].hostPort: Duplicate value: "TCP//9000"',
    ]);
  });

  describe('hostNetwork', () => {
    const mismatch = {
      hostNetwork: true,
      containers: [ctr('app', { ports: [{ containerPort: 80, hostPort: 8080 }] })],
    };
    it('when a hostNetwork template maps 80 to 8080 then 1.27 blames containerPort and 1.28+ blames hostPort', () => {
      assert.deepEqual(apiErrors(deployment(mismatch), '1.27'), [
        'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true',
      ]);
      for (const v of ['1.28', '1.33'] as const) {
        assert.deepEqual(
          apiErrors(deployment(mismatch), v),
          [
            'spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
          ],
          v,
        );
      }
    });

    it('when two hostNetwork containers expose port 80 without hostPort then the defaulted hostPorts conflict where defaulting applies', () => {
      const spec = {
        hostNetwork: true,
        containers: [
          ctr('a', { ports: [{ containerPort: 80 }] }),
          ctr('b', { ports: [{ containerPort: 80 }] }),
        ],
      };
      const conflict = 'ports[0].hostPort: Duplicate value: "TCP//80"';
      assert.deepEqual(apiErrors(pod(spec), '1.33'), [`spec.containers[1].${conflict}`]);
      assert.deepEqual(apiErrors(deployment(spec), '1.27'), [
        `spec.template.spec.containers[1].${conflict}`,
      ]);
      assert.deepEqual(apiErrors(deployment(spec), '1.28'), []);
    });
  });
});

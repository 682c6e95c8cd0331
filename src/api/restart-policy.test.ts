import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_VERSIONS,
  apiErrors,
  ctr,
  deployment,
  pod,
  withInits,
  type VersionLabel,
} from '../validate/api-cases.test-support.js';

const P = 'spec.template.spec';

/** Expected lines per version; versions not listed expect `otherwise`. */
function matrix(
  text: string,
  expected: Partial<Record<VersionLabel, string[]>>,
  otherwise: string[],
): void {
  for (const v of ALL_VERSIONS) {
    assert.deepEqual(apiErrors(text, v), [...(expected[v] ?? otherwise)].sort(), `at ${v}`);
  }
}

describe('container restartPolicy across versions', () => {
  it('when a sidecar has a startupProbe then only 1.25-1.28 (gate off) reject it, each with its own wording', () => {
    const text = deployment(
      withInits(
        ctr('proxy', { restartPolicy: 'Always', startupProbe: { tcpSocket: { port: 15021 } } }),
      ),
    );
    const unknown = `${P}.initContainers[0].restartPolicy: unknown field "${P}.initContainers[0].restartPolicy"`;
    const old = `${P}.initContainers[0].startupProbe: Forbidden: may not be set for init containers`;
    matrix(
      text,
      {
        '1.25': [unknown, old],
        '1.26': [unknown, old],
        '1.27': [unknown, old],
        '1.28': [
          `${P}.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
        ],
      },
      [],
    );
  });

  it('when an init container has restartPolicy Never then 1.28+gate and later say only Always is supported', () => {
    const text = deployment(withInits(ctr('init', { restartPolicy: 'Never' })));
    const unknown = [
      `${P}.initContainers[0].restartPolicy: unknown field "${P}.initContainers[0].restartPolicy"`,
    ];
    matrix(text, { '1.25': unknown, '1.26': unknown, '1.27': unknown, '1.28': [] }, [
      `${P}.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"`,
    ]);
  });

  it('when a regular container sets restartPolicy then it is forbidden from 1.28 whatever the gate', () => {
    const text = deployment({ containers: [ctr('app', { restartPolicy: 'Always' })] });
    const unknown = [
      `${P}.containers[0].restartPolicy: unknown field "${P}.containers[0].restartPolicy"`,
    ];
    matrix(text, { '1.25': unknown, '1.26': unknown, '1.27': unknown }, [
      `${P}.containers[0].restartPolicy: Forbidden: may not be set for non-init containers`,
    ]);
  });

  it('when a regular init container has a readinessProbe and lifecycle then both are forbidden with the version wording', () => {
    const text = deployment(
      withInits(
        ctr('init', {
          readinessProbe: { exec: { command: ['true'] } },
          lifecycle: { postStart: { exec: { command: ['x'] } } },
        }),
      ),
    );
    const at = (d: string): string[] => [
      `${P}.initContainers[0].lifecycle: Forbidden: ${d}`,
      `${P}.initContainers[0].readinessProbe: Forbidden: ${d}`,
    ];
    const old = at('may not be set for init containers');
    matrix(
      text,
      { '1.25': old, '1.26': old, '1.27': old },
      at('may not be set for init containers without restartPolicy=Always'),
    );
  });

  it('when a sidecar carries an invalid livenessProbe then it is validated like a regular container once it is a sidecar', () => {
    const text = deployment(
      withInits(
        ctr('proxy', {
          restartPolicy: 'Always',
          livenessProbe: { exec: { command: ['x'] }, successThreshold: 3 },
        }),
      ),
    );
    const forbiddenNew = [
      `${P}.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    ];
    assert.deepEqual(apiErrors(text, '1.28'), forbiddenNew);
    for (const v of ['1.28+gate', '1.29', '1.33'] as const) {
      assert.deepEqual(
        apiErrors(text, v),
        [`${P}.initContainers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1`],
        v,
      );
    }
  });
});

describe('pod and workload restartPolicy', () => {
  it('when a Pod has an unknown restartPolicy then it is not supported', () => {
    assert.deepEqual(
      apiErrors(pod({ restartPolicy: 'Sometimes', containers: [ctr('app')] }), '1.33'),
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    );
  });

  it('when a Pod omits restartPolicy then the default Always is accepted', () => {
    assert.deepEqual(apiErrors(pod({ containers: [ctr('app')] }), '1.33'), []);
  });

  it('when a Deployment template uses OnFailure then only Always is supported', () => {
    assert.deepEqual(
      apiErrors(deployment({ restartPolicy: 'OnFailure', containers: [ctr('app')] }), '1.29'),
      [`${P}.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`],
    );
  });

  it('when a Job template has no restartPolicy then the defaulted Always is rejected with the valid values', () => {
    const job = JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { containers: [ctr('app')] } } },
    });
    assert.deepEqual(apiErrors(job, '1.33'), [
      `${P}.restartPolicy: Required value: valid values: "OnFailure", "Never"`,
    ]);
  });

  it('when a CronJob job has a podFailurePolicy with OnFailure then only Never is supported, at the CronJob path', () => {
    const cron = JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            podFailurePolicy: { rules: [] },
            template: { spec: { restartPolicy: 'OnFailure', containers: [ctr('app')] } },
          },
        },
      },
    });
    assert.deepEqual(apiErrors(cron, '1.33'), [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });
});

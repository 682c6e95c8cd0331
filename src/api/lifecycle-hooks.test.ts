import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, pod, type VersionLabel } from '../validate/api-cases.test-support.js';

const C = 'spec.containers[0]';

function withHook(lifecycle: unknown, extra: Record<string, unknown> = {}): string {
  return pod({ ...extra, containers: [ctr('app', { lifecycle })] });
}

describe('lifecycle hooks', () => {
  it('when a preStop has no handler then a handler type is required', () => {
    assert.deepEqual(apiErrors(withHook({ preStop: {} }), '1.33'), [
      `${C}.lifecycle.preStop: Required value: must specify a handler type`,
    ]);
  });

  it('when a postStart has exec and tcpSocket then the second is forbidden', () => {
    assert.deepEqual(
      apiErrors(
        withHook({ postStart: { exec: { command: ['x'] }, tcpSocket: { port: 80 } } }),
        '1.33',
      ),
      [`${C}.lifecycle.postStart.tcpSocket: Forbidden: may not specify more than 1 handler type`],
    );
  });

  it('when a hook uses grpc then it is an unknown field of LifecycleHandler and the hook has no handler', () => {
    assert.deepEqual(apiErrors(withHook({ preStop: { grpc: { port: 80 } } }), '1.33'), [
      `${C}.lifecycle.preStop.grpc: unknown field "${C}.lifecycle.preStop.grpc"`,
      `${C}.lifecycle.preStop: Required value: must specify a handler type`,
    ]);
  });

  describe('sleep action by version', () => {
    const sleep0 = withHook({ preStop: { sleep: { seconds: 0 } } });
    const sleep5 = withHook({ preStop: { sleep: { seconds: 5 } } });
    const cases: {
      name: string;
      text: string;
      version: VersionLabel;
      gates?: Record<string, boolean>;
      expected: string[];
    }[] = [
      {
        name: 'when 1.28 sees sleep then it is an unknown field, and what is left has no handler',
        text: sleep5,
        version: '1.28',
        expected: [
          `${C}.lifecycle.preStop.sleep: unknown field "${C}.lifecycle.preStop.sleep"`,
          `${C}.lifecycle.preStop: Required value: must specify a handler type`,
        ],
      },
      {
        name: 'when 1.29 (gate off by default) sees sleep then it is dropped silently with its hook',
        text: sleep5,
        version: '1.29',
        expected: [],
      },
      {
        name: 'when 1.29 with the gate on sees sleep 0 then it must be greater than 0',
        text: sleep0,
        version: '1.29',
        gates: { PodLifecycleSleepAction: true },
        expected: [
          `${C}.lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30)`,
        ],
      },
      {
        name: 'when 1.32 sees sleep 0 then the message names the AllowZero gate',
        text: sleep0,
        version: '1.32',
        expected: [
          `${C}.lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
        ],
      },
      {
        name: 'when 1.33 sees sleep 0 then it is accepted',
        text: sleep0,
        version: '1.33',
        expected: [],
      },
      {
        name: 'when 1.33 sees a sleep longer than the grace period then it must be less than it',
        text: withHook(
          { preStop: { sleep: { seconds: 20 } } },
          { terminationGracePeriodSeconds: 10 },
        ),
        version: '1.33',
        expected: [
          `${C}.lifecycle.preStop.sleep: Invalid value: 20: must be non-negative and less than terminationGracePeriodSeconds (10)`,
        ],
      },
    ];
    for (const c of cases)
      it(c.name, () =>
        assert.deepEqual(apiErrors(c.text, c.version, c.gates), [...c.expected].sort()),
      );
  });

  it('when a regular init container has only a sleep preStop on 1.29 with the gate off then the dropped lifecycle is not forbidden', () => {
    const text = pod({
      initContainers: [ctr('init', { lifecycle: { preStop: { sleep: { seconds: 1 } } } })],
      containers: [ctr('app')],
    });
    assert.deepEqual(apiErrors(text, '1.29'), []);
    assert.deepEqual(apiErrors(text, '1.30'), [
      'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
    ]);
  });

  it('when a sidecar preStop sleeps within the grace period then 1.30+ accepts it', () => {
    const text = pod({
      initContainers: [
        ctr('proxy', {
          restartPolicy: 'Always',
          lifecycle: { preStop: { sleep: { seconds: 5 } } },
        }),
      ],
      containers: [ctr('app')],
    });
    for (const v of ['1.30', '1.33'] as const) assert.deepEqual(apiErrors(text, v), [], v);
  });
});

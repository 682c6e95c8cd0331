import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVersion } from '../model/versions.js';
import { whyPod } from './why.js';

const V133 = resolveVersion('1.33', {});

const running = { running: { startedAt: '2026-12-02T01:00:00Z' } };

function pod(spec: object, status: object, metadata: object = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...metadata },
    spec,
    status,
  };
}

const nativeSpec = {
  initContainers: [
    { name: 'setup', image: 'x' },
    { name: 'proxy', image: 'x', restartPolicy: 'Always' },
    { name: 'migrate', image: 'x' },
  ],
  containers: [{ name: 'app', image: 'x' }],
};

describe('why', () => {
  it('when a native sidecar runs without having started then it is named as the gate of the next init container', () => {
    const lines = whyPod(
      pod(nativeSpec, {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'setup',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
          { name: 'proxy', ready: false, started: false, restartCount: 0, state: running },
          {
            name: 'migrate',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      }),
      V133,
    );
    assert.deepEqual(lines, [
      'Pod default/p is Pending.',
      'native sidecar "proxy" is running but has not started: its startupProbe has not succeeded yet, and init container "migrate" waits for it (a native sidecar gates the next container until it has started).',
    ]);
  });

  it('when an init container is in crash-loop back-off then the delay and its end come from the status', () => {
    const lines = whyPod(
      pod(nativeSpec, {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'setup',
            ready: false,
            restartCount: 3,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: 'back-off 40s restarting failed container=setup pod=p_default(u)',
              },
            },
            lastState: {
              terminated: { exitCode: 2, reason: 'Error', finishedAt: '2026-12-02T01:00:00Z' },
            },
          },
        ],
      }),
      V133,
    );
    assert.equal(
      lines[1],
      'init container "setup" keeps failing (last exit code 2, Error): it has restarted 3 time(s) and the kubelet waits a back-off of 40s until about 2026-12-02T01:00:40.000Z before the next start (10s doubling to 5m).',
    );
    assert.equal(
      lines[2],
      'Init containers run one at a time: native sidecar "proxy" waits for it.',
    );
  });

  it("when a Job's app finished while a classic sidecar runs on then it says why the Job cannot complete", () => {
    const lines = whyPod(
      pod(
        {
          containers: [
            { name: 'app', image: 'x' },
            { name: 'envoy', image: 'envoyproxy/envoy:v1.30.0' },
          ],
        },
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
            { name: 'envoy', ready: true, restartCount: 0, state: running },
          ],
        },
        { ownerReferences: [{ kind: 'Job', name: 'j', apiVersion: 'batch/v1', uid: 'u' }] },
      ),
      V133,
    );
    assert.match(
      lines[1]!,
      /^container "app" finished, but container "envoy" runs on as a regular container, so the pod is not over and its Job cannot complete/,
    );
    assert.match(lines[2]!, /^The pod is not Ready because container "app" is not ready/);
  });

  it('when a running sidecar is not ready then the pod is not Ready and the sidecar is named', () => {
    const lines = whyPod(
      pod(nativeSpec, {
        phase: 'Running',
        initContainerStatuses: [
          { name: 'setup', ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } },
          { name: 'proxy', ready: false, started: true, restartCount: 0, state: running },
          {
            name: 'migrate',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0 } },
          },
        ],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
      }),
      V133,
    );
    assert.deepEqual(lines.slice(1), [
      'The pod is not Ready because native sidecar "proxy" is not ready (Ready needs every container and native sidecar ready; a failing readinessProbe, or a container not running, keeps it so).',
    ]);
  });

  it('when the pod is being deleted on 1.29+ then the termination order is said', () => {
    const lines = whyPod(
      pod(
        nativeSpec,
        { phase: 'Running' },
        { deletionTimestamp: '2026-12-02T01:00:00Z', deletionGracePeriodSeconds: 30 },
      ),
      V133,
    );
    assert.match(
      lines[1]!,
      /app containers are stopped first, then the native sidecars in reverse order/,
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../catalog/builtin.js';
import { resolveVersion } from '../model/versions.js';
import { podTroubles } from './pod-trouble.js';

const V = resolveVersion('1.33', {});
const catalog = builtinCatalog();

function pod(spec: object, status: object, metadata: object = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', ...metadata },
    spec,
    status,
  };
}

describe('pod trouble', () => {
  it('when a native sidecar runs without having started then the pod is stuck in Init behind it', () => {
    const t = podTroubles(
      pod(
        {
          initContainers: [
            { name: 'proxy', image: 'envoyproxy/envoy:v1.30.0', restartPolicy: 'Always' },
          ],
          containers: [{ name: 'app', image: 'x' }],
        },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'proxy', started: false, restartCount: 0, state: { running: {} } },
          ],
        },
      ),
      V,
      catalog,
    );
    assert.deepEqual(
      t.map((x) => [x.rule, x.container]),
      [['stuck-init', 'proxy']],
    );
  });

  it('when an init image cannot be pulled then the pod is stuck in Init with the kubelet reason', () => {
    const t = podTroubles(
      pod(
        {
          initContainers: [{ name: 'setup', image: 'nope:1' }],
          containers: [{ name: 'app', image: 'x' }],
        },
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'setup',
              restartCount: 0,
              state: {
                waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' },
              },
            },
          ],
        },
      ),
      V,
      catalog,
    );
    assert.equal(
      t[0]!.message,
      'stuck in Init: image of "setup" cannot be pulled (ImagePullBackOff: Back-off pulling image "nope:1")',
    );
  });

  it('when a sidecar stopped before the app at termination then it is reported with the gap', () => {
    const t = podTroubles(
      pod(
        {
          containers: [
            { name: 'app', image: 'x' },
            { name: 'fluent-bit', image: 'fluent/fluent-bit:3.0' },
          ],
        },
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'app',
              restartCount: 0,
              state: { terminated: { exitCode: 0, finishedAt: '2026-12-02T01:00:05Z' } },
            },
            {
              name: 'fluent-bit',
              restartCount: 0,
              state: { terminated: { exitCode: 0, finishedAt: '2026-12-02T01:00:02Z' } },
            },
          ],
        },
      ),
      V,
      catalog,
    );
    assert.deepEqual(
      t.map((x) => x.message),
      [
        'sidecar "fluent-bit" stopped 3s before the app containers at termination (their last logs or requests may be lost)',
      ],
    );
  });

  it('when the pod is healthy then there is no trouble', () => {
    const t = podTroubles(
      pod(
        {
          initContainers: [
            { name: 'proxy', image: 'envoyproxy/envoy:v1.30.0', restartPolicy: 'Always' },
          ],
          containers: [{ name: 'app', image: 'x' }],
        },
        {
          phase: 'Running',
          initContainerStatuses: [
            { name: 'proxy', started: true, ready: true, restartCount: 1, state: { running: {} } },
          ],
          containerStatuses: [
            { name: 'app', ready: true, restartCount: 0, state: { running: {} } },
          ],
        },
      ),
      V,
      catalog,
    );
    assert.deepEqual(t, []);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { formatQuantity } from '../model/quantity.js';
import { resolveVersion, type K8sVersion } from '../model/versions.js';
import { podResources, type ResourceList } from './effective.js';

const printed = (list: ResourceList): Record<string, string> =>
  Object.fromEntries(Object.entries(list).map(([k, v]) => [k, formatQuantity(v)]));

const seed = (
  parse(
    readFileSync(new URL('../../examples/seed/sidecar-resources.yaml', import.meta.url), 'utf8'),
  ) as {
    spec: unknown;
  }
).spec;

const at = (v: K8sVersion, gates: Record<string, boolean> = {}) => resolveVersion(v, gates);

describe('effective pod resources (reference section g)', () => {
  it('when sidecars precede a regular init container then they add to its init-time use (worked example g.1: 1150m)', () => {
    const pod = podResources(seed, at('1.29'));
    assert.equal(formatQuantity(pod.requests['cpu']!), '1150m');
    assert.equal(formatQuantity(pod.requests['memory']!), '128Mi');
    const initB = pod.containers.find((c) => c.name === 'init-b')!;
    assert.equal(formatQuantity(initB.initTimeRequests!['cpu']!), '1100m');
  });

  it('when the version is 1.33 then the result is the same as 1.29', () => {
    assert.deepEqual(printed(podResources(seed, at('1.33')).requests), {
      cpu: '1150m',
      memory: '128Mi',
    });
  });

  it('when the version has no sidecars (1.27, 1.28 gate off) then they are plain init containers (1050m)', () => {
    for (const v of [at('1.27'), at('1.28'), at('1.29', { SidecarContainers: false })]) {
      const pod = podResources(seed, v);
      assert.deepEqual(printed(pod.requests), { cpu: '1050m', memory: '64Mi' });
      assert.ok(pod.containers.every((c) => c.kind !== 'sidecar'));
    }
  });

  it('when 1.28 has the gate turned on then sidecars count as in 1.29', () => {
    assert.equal(
      formatQuantity(podResources(seed, at('1.28', { SidecarContainers: true })).requests['cpu']!),
      '1150m',
    );
  });

  it('when limits are summed then overhead is added only to limits that exist and are non-zero', () => {
    const pod = podResources(seed, at('1.29'));
    // sidecar limits 200m + 300m; no regular container limits cpu; overhead 50m is added.
    assert.deepEqual(printed(pod.limits), { cpu: '550m', memory: '512Mi' });
    const zero = podResources(
      {
        overhead: { cpu: '50m', memory: '10Mi' },
        containers: [{ name: 'a', resources: { limits: { cpu: '0' } } }],
      },
      at('1.33'),
    );
    assert.deepEqual(printed(zero.limits), { cpu: '0' });
    assert.deepEqual(printed(zero.requests), { cpu: '50m', memory: '10Mi' });
  });

  it('when no container limits a resource then it is absent from limits, and partly limited ones are listed as unbounded', () => {
    const pod = podResources(
      {
        containers: [
          { name: 'a', resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } } },
          { name: 'b', resources: { requests: { cpu: '100m' } } },
        ],
      },
      at('1.33'),
    );
    assert.deepEqual(printed(pod.limits), { memory: '1Gi' });
    assert.deepEqual(pod.unbounded, ['memory']);
  });

  it('when a container has a limit but no request then the request defaults to the limit (SetDefaults_Pod)', () => {
    const pod = podResources(
      {
        initContainers: [
          {
            name: 'proxy',
            restartPolicy: 'Always',
            resources: { limits: { cpu: '200m', memory: '256Mi' } },
          },
        ],
        containers: [{ name: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      },
      at('1.33'),
    );
    assert.deepEqual(printed(pod.requests), { cpu: '1200m', memory: '1280Mi' });
  });

  it('when a regular init container is larger than the running pod then it sets the requests', () => {
    const pod = podResources(
      {
        initContainers: [
          { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
          { name: 'warm', resources: { requests: { cpu: '2' } } },
        ],
        containers: [{ name: 'app', resources: { requests: { cpu: '500m' } } }],
      },
      at('1.33'),
    );
    assert.equal(formatQuantity(pod.requests['cpu']!), '2100m');
  });

  it('when quantities are invalid or the spec is not an object then they are skipped without throwing', () => {
    assert.deepEqual(
      printed(
        podResources(
          { containers: [{ name: 'a', resources: { requests: { cpu: 'lots' } } }] },
          at('1.33'),
        ).requests,
      ),
      {},
    );
    assert.deepEqual(printed(podResources('nonsense', at('1.33')).requests), {});
  });
});

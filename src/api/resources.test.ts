import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, deployment, pod } from '../validate/api-cases.test-support.js';

const R = 'spec.containers[0].resources';

function withResources(resources: unknown): string {
  return pod({ containers: [ctr('app', { resources })] });
}

describe('resources', () => {
  const cases: { name: string; resources: unknown; expected: string[] }[] = [
    {
      name: 'when the cpu request exceeds the limit then requests carries the exact Kubernetes wording',
      resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } },
      expected: [
        `${R}.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`,
      ],
    },
    {
      name: 'when memory is written differently but equal then it is fine',
      resources: { requests: { memory: '1Gi' }, limits: { memory: '1073741824' } },
      expected: [],
    },
    {
      name: 'when a quantity is negative then it must be non-negative, printed canonically',
      resources: { requests: { cpu: '-0.5' } },
      expected: [`${R}.requests[cpu]: Invalid value: "-500m": must be greater than or equal to 0`],
    },
    {
      name: 'when an extended resource is requested without a limit then the limit is required',
      resources: { requests: { 'nvidia.com/gpu': 1 } },
      expected: [`${R}.limits: Required value: Limit must be set for non overcommitable resources`],
    },
    {
      name: 'when an extended resource request differs from its limit then they must be equal',
      resources: { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } },
      expected: [`${R}.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2`],
    },
    {
      name: 'when hugepages come without cpu or memory then they are forbidden',
      resources: { limits: { 'hugepages-2Mi': '100Mi' }, requests: { 'hugepages-2Mi': '100Mi' } },
      expected: [`${R}: Forbidden: HugePages require cpu or memory`],
    },
    {
      name: 'when a quantity does not parse then decoding fails with the quantity grammar',
      resources: { limits: { memory: '1GB' } },
      expected: [
        `${R}.limits[memory]: Invalid value: "1GB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      ],
    },
    {
      name: 'when a bare resource name is not a container resource then both name messages are given',
      resources: { limits: { gpu: '1' } },
      expected: [
        `${R}.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
        `${R}.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      assert.deepEqual(apiErrors(withResources(c.resources), '1.33'), [...c.expected].sort()),
    );

  it('when a sidecar requests more cpu than its limit then it is reported at the init container path in every version', () => {
    const text = deployment({
      initContainers: [
        ctr('proxy', {
          restartPolicy: 'Always',
          resources: { requests: { cpu: '200m' }, limits: { cpu: '100m' } },
        }),
      ],
      containers: [ctr('app')],
    });
    const line =
      'spec.template.spec.initContainers[0].resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m';
    assert.deepEqual(apiErrors(text, '1.33'), [line]);
    assert.deepEqual(apiErrors(text, '1.28'), [line]);
  });
});

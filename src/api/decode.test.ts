import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromText } from '../manifest/load.js';
import { resolveVersion } from '../model/versions.js';
import { validateInput } from '../validate/validate.js';
import { apiErrors, ctr, deployment, pod } from '../validate/api-cases.test-support.js';

describe('decoding input of any shape', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    {
      name: 'when containers is a string then it must be an array of objects',
      text: pod({ containers: 'app' }),
      expected: [
        'spec.containers: Invalid value: "string": must be an array of objects',
        'spec.containers: Required value',
      ],
    },
    {
      name: 'when a container is a number then it must be an object',
      text: pod({ containers: [42] }),
      expected: [
        'spec.containers[0]: Invalid value: "number": must be an object',
        'spec.containers[0].image: Required value',
        'spec.containers[0].name: Required value',
      ],
    },
    {
      name: 'when a name is a number then it must be a string',
      text: pod({ containers: [{ name: 7, image: 'x:1' }] }),
      expected: [
        'spec.containers[0].name: Invalid value: "number": must be a string',
        'spec.containers[0].name: Required value',
      ],
    },
    {
      name: 'when a containerPort is a string then it must be an integer',
      text: pod({ containers: [ctr('app', { ports: [{ containerPort: '80' }] })] }),
      expected: [
        'spec.containers[0].ports[0].containerPort: Invalid value: "string": must be an integer',
        'spec.containers[0].ports[0].containerPort: Required value',
      ],
    },
    {
      name: 'when an env value is an unquoted number and an entry has no name then the value must be a string and the name is required',
      text: pod({
        containers: [ctr('app', { env: [{ name: 'PORT', value: 3000 }, { value: 'x' }] })],
      }),
      expected: [
        'spec.containers[0].env[0].value: Invalid value: "number": must be a string',
        'spec.containers[0].env[1].name: Required value',
      ],
    },
    {
      name: 'when a probe is a string then it must be an object',
      text: pod({ containers: [ctr('app', { livenessProbe: 'http' })] }),
      expected: ['spec.containers[0].livenessProbe: Invalid value: "string": must be an object'],
    },
    {
      name: 'when resources.limits is a list then it must be an object',
      text: pod({ containers: [ctr('app', { resources: { limits: ['cpu'] } })] }),
      expected: ['spec.containers[0].resources.limits: Invalid value: "array": must be an object'],
    },
    {
      name: 'when containers is null then it is absent and required',
      text: pod({ containers: null }),
      expected: ['spec.containers: Required value'],
    },
    {
      name: 'when the pod template spec is a string then it must be an object, and containers are required',
      text: deployment('nope'),
      expected: [
        'spec.template.spec.containers: Required value',
        'spec.template.spec: Invalid value: "string": must be an object',
      ],
    },
    {
      name: 'when a restartPolicy is a boolean on 1.33 then it must be a string',
      text: pod({
        initContainers: [ctr('proxy', { restartPolicy: true })],
        containers: [ctr('app')],
      }),
      expected: [
        'spec.initContainers[0].restartPolicy: Invalid value: "boolean": must be a string',
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => assert.deepEqual(apiErrors(c.text, '1.33'), [...c.expected].sort()));

  it('when every field has a wrong or odd type then validation never throws', () => {
    const odd: unknown[] = [
      null,
      0,
      -1,
      1.5,
      'x',
      true,
      [],
      {},
      [null],
      [1, 'a'],
      { a: null },
      [[[]]],
      2 ** 70,
    ];
    const fields = [
      'name',
      'image',
      'ports',
      'resources',
      'volumeMounts',
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'lifecycle',
      'restartPolicy',
      'resizePolicy',
      'command',
      'env',
      'securityContext',
      'imagePullPolicy',
    ];
    const version = resolveVersion('1.33');
    for (const v of odd) {
      for (const f of fields) {
        const spec = {
          volumes: v,
          initContainers: [{ name: 'i', [f]: v }, v],
          containers: [
            { name: 'c', image: 'x', [f]: v, lifecycle: { preStop: v, postStart: { httpGet: v } } },
          ],
          ephemeralContainers: [{ name: 'e', [f]: v }],
          restartPolicy: v,
          activeDeadlineSeconds: v,
        };
        assert.doesNotThrow(
          () => validateInput(fromText(pod(spec)), { version }),
          `${f}=${JSON.stringify(v)}`,
        );
      }
      assert.doesNotThrow(() => validateInput(fromText(pod(v)), { version }));
    }
  });
});

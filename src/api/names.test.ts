import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrors, ctr, pod } from '../validate/api-cases.test-support.js';
import { dns1123LabelErrors, portNameErrors } from './names.js';

const LABEL_REGEX_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('container names', () => {
  const cases: {
    name: string;
    spec: unknown;
    version?: '1.30' | '1.31' | '1.33';
    expected: string[];
  }[] = [
    {
      name: 'when a name has upper case and underscore then the RFC 1123 label message with its examples is given',
      spec: { containers: [ctr('Foo_Bar')] },
      expected: [`spec.containers[0].name: Invalid value: "Foo_Bar": ${LABEL_REGEX_MSG}`],
    },
    {
      name: 'when a name is 64 characters then only the length is reported',
      spec: { containers: [ctr('a'.repeat(64))] },
      expected: [
        `spec.containers[0].name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
      ],
    },
    {
      name: 'when a name is missing then it is required',
      spec: { containers: [{ image: 'x:1' }] },
      expected: ['spec.containers[0].name: Required value'],
    },
    {
      name: 'when two regular containers share a name then the second is a duplicate',
      spec: { containers: [ctr('app'), ctr('app')] },
      expected: ['spec.containers[1].name: Duplicate value: "app"'],
    },
    {
      name: 'when an init container has the name of a regular container then the init container is the duplicate',
      spec: { initContainers: [ctr('app')], containers: [ctr('app')] },
      expected: ['spec.initContainers[0].name: Duplicate value: "app"'],
    },
    {
      name: 'when two init containers (a sidecar and a plain one) share a name then the later one is the duplicate',
      spec: {
        initContainers: [ctr('proxy', { restartPolicy: 'Always' }), ctr('proxy')],
        containers: [ctr('app')],
      },
      expected: ['spec.initContainers[1].name: Duplicate value: "proxy"'],
    },
    {
      name: 'when a dotted name is given on 1.30 then the regex message is used',
      spec: { containers: [ctr('my.app')] },
      version: '1.30',
      expected: [`spec.containers[0].name: Invalid value: "my.app": ${LABEL_REGEX_MSG}`],
    },
    {
      name: 'when a dotted name is given on 1.31 then it says it must not contain dots',
      spec: { containers: [ctr('my.app')] },
      version: '1.31',
      expected: ['spec.containers[0].name: Invalid value: "my.app": must not contain dots'],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(apiErrors(pod(c.spec), c.version ?? '1.33'), [...c.expected].sort()),
    );
  }

  it('when the pod has no regular container then spec.containers is required at every version', () => {
    for (const v of ['1.25', '1.28', '1.33'] as const) {
      assert.deepEqual(
        apiErrors(pod({ initContainers: [ctr('init')] }), v),
        ['spec.containers: Required value'],
        v,
      );
    }
  });
});

describe('name checks as functions', () => {
  it('when a port name breaks several rules then every message is returned in apimachinery order', () => {
    assert.deepEqual(portNameErrors('-Very--Long-Name-X-'), [
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    assert.deepEqual(portNameErrors('8080'), ['must contain at least one letter (a-z)']);
  });

  it('when a label is too long and invalid then both messages are returned', () => {
    assert.deepEqual(dns1123LabelErrors(`${'A'.repeat(64)}`, { dnsLabelDotsMessage: true }), [
      'must be no more than 63 characters',
      LABEL_REGEX_MSG,
    ]);
  });
});

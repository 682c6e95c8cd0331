import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_VERSIONS, apiErrors, ctr, pod } from '../validate/api-cases.test-support.js';

const C = 'spec.containers[0]';
const S = 'spec.initContainers[0]';

function probeCase(probe: Record<string, unknown>, kind = 'livenessProbe'): string {
  return pod({ containers: [ctr('app', { [kind]: probe })] });
}

describe('probes', () => {
  const cases: {
    name: string;
    kind?: string;
    probe: Record<string, unknown>;
    expected: string[];
  }[] = [
    {
      name: 'when a probe has no handler then a handler type is required at the probe',
      probe: { periodSeconds: 5 },
      expected: [`${C}.livenessProbe: Required value: must specify a handler type`],
    },
    {
      name: 'when a probe has exec and httpGet then the second handler is forbidden',
      probe: { exec: { command: ['true'] }, httpGet: { port: 80 } },
      expected: [`${C}.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type`],
    },
    {
      name: 'when numeric fields are negative then each must be non-negative and a liveness successThreshold must be 1',
      probe: {
        exec: { command: ['true'] },
        initialDelaySeconds: -1,
        timeoutSeconds: -2,
        periodSeconds: -3,
        successThreshold: -4,
        failureThreshold: -5,
      },
      expected: [
        `${C}.livenessProbe.failureThreshold: Invalid value: -5: must be greater than or equal to 0`,
        `${C}.livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0`,
        `${C}.livenessProbe.periodSeconds: Invalid value: -3: must be greater than or equal to 0`,
        `${C}.livenessProbe.successThreshold: Invalid value: -4: must be 1`,
        `${C}.livenessProbe.successThreshold: Invalid value: -4: must be greater than or equal to 0`,
        `${C}.livenessProbe.timeoutSeconds: Invalid value: -2: must be greater than or equal to 0`,
      ],
    },
    {
      name: 'when zeros are given then defaulting makes them valid (successThreshold 0 becomes 1)',
      kind: 'startupProbe',
      probe: {
        tcpSocket: { port: 'http' },
        timeoutSeconds: 0,
        periodSeconds: 0,
        successThreshold: 0,
        failureThreshold: 0,
      },
      expected: [],
    },
    {
      name: 'when a startupProbe has successThreshold 2 then it must be 1',
      kind: 'startupProbe',
      probe: { exec: { command: ['true'] }, successThreshold: 2 },
      expected: [`${C}.startupProbe.successThreshold: Invalid value: 2: must be 1`],
    },
    {
      name: 'when a readinessProbe has successThreshold 2 then it is fine',
      kind: 'readinessProbe',
      probe: { exec: { command: ['true'] }, successThreshold: 2 },
      expected: [],
    },
    {
      name: 'when a readinessProbe sets terminationGracePeriodSeconds then it must not be set',
      kind: 'readinessProbe',
      probe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 5 },
      expected: [
        `${C}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes`,
      ],
    },
    {
      name: 'when a liveness terminationGracePeriodSeconds is 0 then it must be greater than 0',
      probe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 },
      expected: [
        `${C}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`,
      ],
    },
    {
      name: 'when handlers are incomplete then exec needs a command, httpGet a valid port and scheme',
      kind: 'readinessProbe',
      probe: { httpGet: { scheme: 'FTP', httpHeaders: [{ name: 'Bad Header', value: 'x' }] } },
      expected: [
        `${C}.readinessProbe.httpGet.httpHeaders: Invalid value: "Bad Header": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`,
        `${C}.readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
        `${C}.readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`,
      ],
    },
    {
      name: 'when an exec probe has no command then the command is required',
      probe: { exec: {} },
      expected: [`${C}.livenessProbe.exec.command: Required value`],
    },
    {
      name: 'when a grpc probe has no port then port 0 is out of range',
      probe: { grpc: {} },
      expected: [
        `${C}.livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive`,
      ],
    },
    {
      name: 'when a tcpSocket port is a number written as a string then it is read as a port name',
      probe: { tcpSocket: { port: '8080' } },
      expected: [
        `${C}.livenessProbe.tcpSocket.port: Invalid value: "8080": must contain at least one letter (a-z)`,
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(apiErrors(probeCase(c.probe, c.kind), '1.33'), [...c.expected].sort()),
    );
  }

  it('when a regular container has an invalid probe then every version from 1.25 to 1.33 reports it the same way', () => {
    const text = probeCase({ exec: { command: ['true'] }, successThreshold: 2 });
    for (const v of ALL_VERSIONS) {
      assert.deepEqual(
        apiErrors(text, v),
        [`${C}.livenessProbe.successThreshold: Invalid value: 2: must be 1`],
        v,
      );
    }
  });

  it('when a sidecar readinessProbe sets terminationGracePeriodSeconds then sidecars get the readiness rule too', () => {
    const text = pod({
      initContainers: [
        ctr('proxy', {
          restartPolicy: 'Always',
          readinessProbe: { httpGet: { port: 15021 }, terminationGracePeriodSeconds: 3 },
        }),
      ],
      containers: [ctr('app')],
    });
    assert.deepEqual(apiErrors(text, '1.29'), [
      `${S}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 3: must not be set for readinessProbes`,
    ]);
    assert.deepEqual(apiErrors(text, '1.28'), [
      `${S}.readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    ]);
  });
});
